import 'reflect-metadata';
import { ConfigError, loadConfig } from '@sce/config';
import { DataDirectoryInUseError } from '@sce/composition';
import { createApp } from './create-app';

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
  console.log(JSON.stringify({ level: 'info', msg: `GraphQL on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`, port, host: config.host, dataDir: config.dataDir }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
