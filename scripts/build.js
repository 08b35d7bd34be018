#!/usr/bin/env node
// Builds both apps with the TypeScript compiler alone (no Nest CLI: its tooling needs Node 22), then the web
// portal with Vite (scripts/build-web.js). Output: dist/apps/api/src/main.js and dist/apps/cli/src/main.js,
// the libs beside them under dist/libs, the portal in dist/web.
const { rmSync, mkdirSync, writeFileSync, utimesSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const ts = require('typescript');
const { buildWeb } = require('./build-web');

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');

// `@sce/x` and `@sce/x/sub` stay as written in the emitted JavaScript, and Node knows no tsconfig paths:
// rewrite them to relative requires from the emitted file, as tsconfig's `paths` map them.
function aliasRewriter(paths, outDir, rootDir) {
  const exact = new Map();
  const prefixes = [];
  for (const [alias, [target]] of Object.entries(paths)) {
    if (alias.endsWith('/*')) prefixes.push([alias.slice(0, -1), target.slice(0, -1)]);
    else exact.set(alias, target);
  }
  const targetOf = (specifier) => {
    if (exact.has(specifier)) return exact.get(specifier);
    const prefix = prefixes.find(([from]) => specifier.startsWith(from));
    return prefix ? prefix[1] + specifier.slice(prefix[0].length) : undefined;
  };
  return (outFile, text) =>
    // Both quote styles: TypeScript emits lazy `await import()`s as require('...') with single quotes.
    text.replace(/require\((["'])(@sce\/[^"']+)\1\)/g, (whole, quote, specifier) => {
      const target = targetOf(specifier);
      if (!target) return whole;
      const emitted = join(outDir, relative(rootDir, resolve(ROOT, target)));
      const path = relative(dirname(outFile), emitted).split('\\').join('/');
      return `require("${path.startsWith('.') ? path : `./${path}`}")`;
    });
}

function buildServer() {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const { options } = parsed;
  rmSync(DIST, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  const rewrite = aliasRewriter(options.paths ?? {}, options.outDir, options.rootDir);
  // An alias left in the output only fails when that line first runs (a lazily loaded adapter): refuse the build.
  const unresolved = [];
  const result = program.emit(undefined, (file, text, bom) => {
    const output = file.endsWith('.js') ? rewrite(file, text) : text;
    if (file.endsWith('.js') && /require\(["']@sce\//.test(output)) unresolved.push(relative(ROOT, file));
    ts.sys.writeFile(file, output, bom);
  });
  if (unresolved.length > 0) {
    process.stderr.write(`build: @sce/ aliases left unresolved in ${unresolved.join(', ')}\n`);
    rmSync(DIST, { recursive: true, force: true });
    return false;
  }
  const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...result.diagnostics]);
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
    rmSync(DIST, { recursive: true, force: true });
    return false;
  }
  return true;
}

/** The server, then the portal; the stamp only once both are built. */
async function build() {
  const startedAt = new Date();
  if (!buildServer()) return false;
  try {
    await buildWeb();
  } catch (error) {
    process.stderr.write(`build: the web portal did not build: ${error.stack ?? error}\n`);
    rmSync(DIST, { recursive: true, force: true });
    return false;
  }
  // The stamp carries the time the build started, so a file saved during the build still counts as newer.
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMP, '');
  utimesSync(STAMP, startedAt, startedAt);
  return true;
}

module.exports = { STAMP, build, buildServer };

if (require.main === module) build().then((ok) => (process.exitCode = ok ? 0 : 1));
