import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@sce/config';
import { AppModule } from './app.module';
import { inputValidationPipe } from './graphql/validation';
import { IDE_ASSET_PATH, graphqlIdeAssets, graphqlIdePage } from './http/graphql-ide';
import { createRequestLogging } from './http/request-logging';
import { defaultPortalDir, portal } from './http/portal';
import { jsonBodyErrors, jsonBodyIsAnObject } from './http/json-body';

/** Builds the HTTP application (not yet listening); used by main.ts and the end-to-end tests alike (which may add modules of their own). */
export async function createApp(config: AppConfig, extraModules: Type[] = []): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, extraModules), { bodyParser: false, bufferLogs: true, abortOnError: false });
  const logging = createRequestLogging(config.logLevel);
  app.useLogger(logging.loggerService);
  // First of all handlers, so every request gets its correlation id and its log line.
  app.use(logging.middleware);
  app.disable('x-powered-by');
  // strict: false lets any JSON value through, so a body that is valid JSON but not an object is told so.
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes, strict: false });
  app.use(jsonBodyErrors(config.http.bodyLimitBytes));
  app.use(jsonBodyIsAnObject);
  app.useGlobalPipes(inputValidationPipe);
  if (config.graphql.ide) {
    // Registered before init, so they run ahead of Apollo's handler on /graphql.
    app.use(IDE_ASSET_PATH, graphqlIdeAssets());
    app.use('/graphql', graphqlIdePage('/graphql'));
  }
  // The web portal at / (dist/web, built by `npm run build`); API paths pass through untouched.
  app.use(portal(defaultPortalDir()));
  app.enableShutdownHooks();
  return app;
}
