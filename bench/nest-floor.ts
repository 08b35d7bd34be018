// The stack the product prescribes, with nothing of ours behind it: NestJS 11 + @nestjs/graphql code-first on
// Apollo Server 5 and Express 5, the service's own input validation pipe (class-validator and
// class-transformer over the real input and args classes), a guard on every resolver and field resolver
// (fieldResolverEnhancers: ['guards'], as the service needs for authorisation) that allows everything, and
// constant answers, as bench/bare-apollo.ts gives them. What bench:api calls the "floor": the share of the
// bare server's throughput any service on this stack can reach before it does any work (no token check, no
// store, no read models, no projections, no request log).
// Started by bench/api.bench.ts as its own process: PORT=4000 node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/nest-floor.ts
import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable, Module, type CanActivate } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Args, Field, GraphQLModule, registerEnumType, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConsistencyArgs, Connection, IdempotencyArgs, PageArgs } from '@sce/platform';
import { OrganisationType } from '../libs/organisations/src/domain/organisation-type';
import { OrganisationArgs, OrganisationsArgs, RegisterOrganisationInput } from '../libs/organisations/src/graphql/organisation.inputs';
import { inputValidationPipe } from '../apps/api/src/graphql/validation';
import express from 'express';
import { history as bareHistory, organisation as bareOrganisation, pageInfo } from './bare-apollo';

registerEnumType(OrganisationType, { name: 'OrganisationType' });

@ObjectType('FloorHistoryEntry')
class HistoryEntry {
  @Field() type: string;
  @Field(() => Int) revision: number;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field(() => String, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true }) actorName: string | null;
  @Field() correlationId: string;
}
const HistoryConnection = Connection(HistoryEntry, 'FloorHistory');

@ObjectType('Organisation')
class OrganisationObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => OrganisationType) type: OrganisationType;
  @Field() country: string;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() status: string;
  @Field(() => Int) revision: number;
  @Field(() => GraphQLISODateTime) registeredAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}
const OrganisationConnection = Connection(OrganisationObject, 'Organisation');

@ObjectType()
class RegisterOrganisationPayload {
  @Field(() => OrganisationObject) organisation: OrganisationObject;
  @Field() position: string;
}

// bare's answers, with the dates as Dates for this schema's DateTime scalar.
const organisation = (i: number): OrganisationObject => ({ ...bareOrganisation(i), type: 'MUNICIPALITY' as OrganisationType, registeredAt: new Date(bareOrganisation(i).registeredAt), updatedAt: new Date(bareOrganisation(i).updatedAt) });
const history = bareHistory.map(({ cursor, node }) => ({ cursor, node: { ...node, occurredAt: new Date(node.occurredAt), recordedAt: new Date(node.recordedAt) } }));

@Resolver(() => OrganisationObject)
class FloorResolver {
  @Query(() => OrganisationObject, { nullable: true })
  organisation(@Args() { id }: OrganisationArgs, @Args() _consistency: ConsistencyArgs): OrganisationObject {
    return { ...organisation(1), id };
  }

  @Query(() => OrganisationConnection)
  organisations(@Args() { first }: OrganisationsArgs, @Args() _consistency: ConsistencyArgs) {
    const edges = Array.from({ length: first }, (_, i) => ({ cursor: `c${i}`, node: organisation(i) }));
    return { totalCount: 1000, edges, pageInfo: pageInfo(edges, true) };
  }

  @ResolveField(() => HistoryConnection)
  history(@Parent() _organisation: OrganisationObject, @Args() _page: PageArgs) {
    return { totalCount: history.length, edges: history, pageInfo: pageInfo(history, false) };
  }

  @Mutation(() => RegisterOrganisationPayload)
  registerOrganisation(@Args('input') input: RegisterOrganisationInput, @Args() _idempotency: IdempotencyArgs): RegisterOrganisationPayload {
    return { organisation: { ...organisation(1), revision: 0, ...input, city: input.city ?? null, website: input.website ?? null, description: input.description ?? null }, position: 'cG9zaXRpb246MQ' };
  }
}

@Injectable()
class AllowEverything implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      graphiql: false,
      introspection: true,
      csrfPrevention: true,
      includeStacktraceInErrorResponses: false,
      fieldResolverEnhancers: ['guards'],
      context: ({ req }: { req: unknown }) => ({ req }),
    }),
  ],
  providers: [FloorResolver, { provide: APP_GUARD, useClass: AllowEverything }],
})
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { bodyParser: false, logger: ['error'] });
  app.use('/graphql', express.json({ limit: '1mb' }));
  app.useGlobalPipes(inputValidationPipe);
  app.use('/health', (_req: express.Request, res: express.Response) => void res.json({ status: 'ok' }));
  const port = Number(process.env.PORT ?? 4000);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`Nest floor on http://127.0.0.1:${port}/graphql`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
