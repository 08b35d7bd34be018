#!/usr/bin/env node
// `npm start`: build only when a build input is newer than the last successful build, then serve.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
const STAMP = join(ROOT, 'dist/.build-stamp');
// The portal's page: a build without it (an interrupted or older build) is built again.
const WEB_INDEX = join(ROOT, 'dist/web/index.html');
// Everything the build reads: sources, compiler settings, installed versions, and the build itself.
const INPUT_DIRS = ['apps', 'libs', 'scripts'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** Pure decision: build when there is no build, or when any input changed at or after the last one started. */
function needsBuild({ stampMs, entryExists, newestInputMs }) {
  return stampMs === undefined || !entryExists || newestInputMs >= stampMs;
}

function newestMtimeMs(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A deleted file shows only in its directory's mtime, so directories count too.
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

function main() {
  const decision = {
    stampMs: statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs,
    entryExists: existsSync(ENTRY) && existsSync(WEB_INDEX),
    newestInputMs: Math.max(...[...INPUT_DIRS, ...INPUT_FILES].map((path) => newestMtimeMs(join(ROOT, path)))),
  };
  if (needsBuild(decision)) {
    // A child process, so the compiler's memory is gone before the server starts.
    execFileSync(process.execPath, [join(__dirname, 'build.js')], { stdio: 'inherit' });
  }
  require(ENTRY);
}

module.exports = { needsBuild, WEB_INDEX };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    // The compiler has already printed its diagnostics.
    if (error.status !== undefined) process.exit(error.status);
    throw error;
  }
}
