import 'reflect-metadata';
import { ConfigError, loadConfig } from '@sce/config';
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
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.getHttpAdapter();
  console.log(JSON.stringify({ level: 'info', msg: `GraphQL on http://localhost:${port}/graphql`, port, dataDir: config.dataDir }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
