import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { AppConfig } from '@sce/config';
import { AccountsService, AuthModule } from '@sce/auth';
import type { GraphqlContext } from '@sce/platform';
import { OrganisationsModule } from '@sce/organisations';
import { PartnershipsModule } from '@sce/partnerships';
import { CaseStudiesModule } from '@sce/case-studies';
import { GuidelinesModule } from '@sce/guidelines';
import depthLimit from 'graphql-depth-limit';
import { formatError, operationErrorLog } from './graphql/format-error';
import { OperationErrorsFilter } from './graphql/operation-errors.filter';
import { queryCostLimit } from './graphql/query-cost';
import { graphqlWsOptions } from './graphql/subscriptions';
import { HealthController } from './http/health.controller';
import { InfrastructureModule } from './infrastructure.module';

/** The composition root: configuration in, a wired server out. */
@Module({})
export class AppModule {
  static register(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(config),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AccountsService],
          useFactory: (accounts: AccountsService): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            // Our own offline IDE is served by http/graphql-ide.ts instead of Apollo's CDN-hosted pages.
            graphiql: false,
            introspection: true,
            csrfPrevention: true,
            includeStacktraceInErrorResponses: false,
            validationRules: [depthLimit(config.graphql.maxQueryDepth)],
            // Cache-control hints are unused here, and that plugin makes Apollo wrap every field's resolver.
            plugins: [queryCostLimit(config.graphql.maxQueryCost), operationErrorLog, ApolloServerPluginCacheControlDisabled()],
            formatError,
            // Without this, guards run on root fields only and a policy on a field resolver is silently ignored.
            fieldResolverEnhancers: ['guards'],
            // actorNames: history entries name their actors from the accounts context (HistoryEntry.actorName).
            context: ({ req }: { req: GraphqlContext['req'] }): GraphqlContext => ({ req, actorNames: accounts }),
            // Subscriptions (guidelineVersionPublished, guidelineChanged) over graphql-ws, with a token in connection_init.
            subscriptions: graphqlWsOptions([depthLimit(config.graphql.maxQueryDepth)], accounts),
          }),
        }),
        AuthModule,
        OrganisationsModule,
        PartnershipsModule,
        CaseStudiesModule,
        GuidelinesModule,
        ...extraModules,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: OperationErrorsFilter }],
    };
  }
}
