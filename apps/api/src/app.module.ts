import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { AppConfig } from '@sce/config';
import { AuthModule } from '@sce/auth';
import { OrganisationsModule } from '@sce/organisations';
import { PartnershipsModule } from '@sce/partnerships';
import depthLimit from 'graphql-depth-limit';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatError } from './graphql/format-error';
import { queryCostLimit } from './graphql/query-cost';
import { HealthController } from './http/health.controller';
import { InfrastructureModule } from './infrastructure.module';

const CORRELATION_HEADER = 'x-correlation-id';

// A client may pass its own correlation id; anything that is not a short token is replaced.
function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

/** The composition root: configuration in, a wired server out. */
@Module({})
export class AppModule {
  static register(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: correlationIdFor,
            customAttributeKeys: { reqId: 'correlationId' },
            autoLogging: { ignore: (req) => req.url === '/health' },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        InfrastructureModule.register(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          // Our own offline IDE is served by http/graphql-ide.ts instead of Apollo's CDN-hosted pages.
          graphiql: false,
          introspection: true,
          csrfPrevention: true,
          includeStacktraceInErrorResponses: false,
          validationRules: [depthLimit(config.graphql.maxQueryDepth)],
          plugins: [queryCostLimit(config.graphql.maxQueryCost)],
          formatError,
          // Without this, guards run on root fields only and a policy on a field resolver is silently ignored.
          fieldResolverEnhancers: ['guards'],
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
        AuthModule,
        OrganisationsModule,
        PartnershipsModule,
        ...extraModules,
      ],
      controllers: [HealthController],
    };
  }
}
