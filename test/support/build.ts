import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { needsBuild } from '../../scripts/start';

const ROOT = join(__dirname, '../..');
export const BUILT_API = join(ROOT, 'dist/apps/api/src/main.js');
export const BUILT_CLI = join(ROOT, 'dist/apps/cli/src/main.js');
// The same inputs and stamp as scripts/start.js: a build newer than every input is reused, as `npm start` reuses it.
const INPUTS = ['apps', 'libs', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newestMtimeMs(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

/** Runs `npm run build` (scripts/build.js) unless dist is fresher than every input; says whether it built. */
export function ensureBuilt(): boolean {
  const decision = {
    stampMs: statSync(join(ROOT, 'dist/.build-stamp'), { throwIfNoEntry: false })?.mtimeMs,
    entryExists: existsSync(BUILT_API) && existsSync(BUILT_CLI),
    newestInputMs: Math.max(...INPUTS.map((path) => newestMtimeMs(join(ROOT, path)))),
  };
  if (!needsBuild(decision)) return false;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return true;
}
