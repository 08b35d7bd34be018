import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_INDEX, needsBuild } from '../../scripts/start';

const ROOT = join(__dirname, '../..');
export const BUILT_API = join(ROOT, 'dist/apps/api/src/main.js');
export const BUILT_CLI = join(ROOT, 'dist/apps/cli/src/main.js');
export const BUILT_WEB = join(ROOT, 'dist/web');
// The same inputs and stamp as scripts/start.js: a build newer than every input is reused, as `npm start` reuses it.
const INPUTS = ['apps', 'libs', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
// Held while building: two jest workers building at once would delete each other's dist/.
const LOCK = join(ROOT, '.build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestMtimeMs(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function stale(): boolean {
  return needsBuild({
    stampMs: statSync(join(ROOT, 'dist/.build-stamp'), { throwIfNoEntry: false })?.mtimeMs,
    entryExists: existsSync(BUILT_API) && existsSync(BUILT_CLI) && existsSync(WEB_INDEX),
    newestInputMs: Math.max(...INPUTS.map((path) => newestMtimeMs(join(ROOT, path)))),
  });
}

/** Runs `npm run build` (scripts/build.js) unless dist is fresher than every input; says whether it built. */
export function ensureBuilt(): boolean {
  if (!stale()) return false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another worker builds: wait for it (a lock left by a killed run is taken over after a while).
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    // The other worker may have built it meanwhile.
    if (!stale()) return false;
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
