#!/usr/bin/env node
// Builds the portal (apps/web) with Vite into dist/web: hashed assets, and a .gz beside each text file so
// the server sends them compressed without compressing on every request.
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { gzipSync, constants } = require('node:zlib');

const ROOT = resolve(__dirname, '..');
const WEB = join(ROOT, 'apps/web');
const OUT = join(ROOT, 'dist/web');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function buildWeb() {
  const { build } = await import('vite');
  await build({
    root: WEB,
    configFile: false,
    logLevel: 'warn',
    // JSX for Preact, compiled by Vite's own transformer (no plugin needed).
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
    build: {
      outDir: OUT,
      emptyOutDir: true,
      target: 'es2020',
      // No inline scripts or styles: the portal runs under a CSP of 'self' only.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: false,
    },
  });
  for (const file of filesUnder(OUT)) {
    if (COMPRESSIBLE.test(file)) writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }));
  }
}

module.exports = { buildWeb, WEB_OUT: OUT };

if (require.main === module) {
  buildWeb().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
