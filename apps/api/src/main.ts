import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from '@sce/config';
import { DataDirectoryInUseError } from '@sce/composition';
import { createApp } from './create-app';

// Under load most of the service's memory is old-generation garbage waiting for a full GC, not live data
// (about 45 MB live after a full GC, which is mostly framework code and module sources). On a host with
// a large default heap limit V8 lets the old generation grow to 4x its live size between full GCs, so
// 16 connections of mutations peaked at ~190 MB of old space and ~300 MB RSS. A fixed factor of 2 ends
// each cycle at about twice the live size: a full GC every few seconds instead of every ten or so, each
// a few ms of a mostly concurrent mark, and no measurable change in req/s (issue 8, section 6). A value
// given on node's own command line wins. Read by V8 at every full GC, so setting it here is enough.
const HEAP_GROWING_PERCENT = 100;
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    if (!(error instanceof DataDirectoryInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const source = config.auth.jwtSecretSource;
  if (source !== 'environment') {
    // Said once at start so an operator knows tokens are signed with a per-directory secret, and where it is.
    const how = source.created ? 'generated a random token secret' : 'using the token secret generated earlier';
    console.log(JSON.stringify({ level: 'info', msg: `JWT_SECRET is not set: ${how} in ${source.file} (mode 0600). Several instances must share one JWT_SECRET.` }));
  }
  console.log(JSON.stringify({ level: 'info', msg: `GraphQL on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`, port, host: config.host, dataDir: config.dataDir, searchEngine: config.search.engine }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
