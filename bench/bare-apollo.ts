// The framework under the service, alone: Apollo Server 5 on Express 5 with the same JSON body parser,
// a no-op mutation and trivial queries answering with constants. It has the slice of our schema the
// benchmark's operations touch, so both servers parse, validate, execute and serialise the same
// documents into responses of the same shape. Started by bench/api.bench.ts as its own process:
//   PORT=4000 node -r ts-node/register bench/bare-apollo.ts
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const typeDefs = `#graphql
  scalar DateTime
  enum OrganisationType { ACADEMIA CITIZEN_GROUP COMPANY INTERNATIONAL_ORGANISATION MUNICIPALITY NATIONAL_AUTHORITY NGO REGIONAL_AUTHORITY REGULATOR }
  enum OrganisationStatus { REGISTERED SUSPENDED VERIFIED }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type HistoryEntry { type: String! revision: Int! occurredAt: DateTime! recordedAt: DateTime! actorId: String actorName: String correlationId: String! }
  type HistoryEdge { cursor: String! node: HistoryEntry! }
  type HistoryConnection { totalCount: Int! edges: [HistoryEdge!]! pageInfo: PageInfo! }
  type Organisation {
    id: ID! name: String! type: OrganisationType! country: String! city: String website: String description: String
    status: OrganisationStatus! revision: Int! registeredAt: DateTime! updatedAt: DateTime!
    history(first: Int! = 20, after: String): HistoryConnection!
  }
  type OrganisationEdge { cursor: String! node: Organisation! }
  type OrganisationConnection { totalCount: Int! edges: [OrganisationEdge!]! pageInfo: PageInfo! }
  input RegisterOrganisationInput { name: String! type: OrganisationType! country: String! city: String website: String description: String }
  type Query {
    organisation(id: ID!): Organisation
    organisations(first: Int! = 20, after: String): OrganisationConnection!
  }
  type RegisterOrganisationPayload { organisation: Organisation! position: String! }
  type Mutation { registerOrganisation(input: RegisterOrganisationInput!, idempotencyKey: String): RegisterOrganisationPayload! }
`;

const at = new Date('2026-01-01T00:00:00.000Z').toISOString();
/** The constant answers, shared with bench/nest-floor.ts. */
export const organisation = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Organisation ${i}`,
  type: 'MUNICIPALITY',
  country: 'KZ',
  city: 'Almaty',
  website: 'https://almaty.gov.kz',
  description: 'Largest city of Kazakhstan',
  status: 'REGISTERED',
  revision: 5,
  registeredAt: at,
  updatedAt: at,
});
export const pageInfo = (edges: Array<{ cursor: string }>, hasNextPage: boolean) => ({ hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null });
export const history = Array.from({ length: 6 }, (_, revision) => ({
  cursor: `h${revision}`,
  node: { type: revision === 0 ? 'OrganisationRegistered' : 'OrganisationProfileUpdated', revision, occurredAt: at, recordedAt: at, actorId: 'a', actorName: 'Bench Person', correlationId: 'c' },
}));

const resolvers = {
  Query: {
    organisation: (_: unknown, { id }: { id: string }) => ({ ...organisation(1), id }),
    organisations: (_: unknown, { first }: { first: number }) => {
      const edges = Array.from({ length: first }, (_, i) => ({ cursor: `c${i}`, node: organisation(i) }));
      return { totalCount: 1000, edges, pageInfo: pageInfo(edges, true) };
    },
  },
  Organisation: {
    history: () => ({ totalCount: history.length, edges: history, pageInfo: pageInfo(history, false) }),
  },
  Mutation: {
    registerOrganisation: (_: unknown, { input }: { input: Record<string, unknown> }) => ({ organisation: { ...organisation(1), revision: 0, ...input }, position: 'cG9zaXRpb246MQ' }),
  },
};

async function main(): Promise<void> {
  const server = new ApolloServer({ typeDefs, resolvers, introspection: true, csrfPrevention: true, includeStacktraceInErrorResponses: false });
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(server));
  const port = Number(process.env.PORT ?? 4000);
  const listener = app.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`bare Apollo on http://127.0.0.1:${port}/graphql`));
  const stop = () => listener.close(() => void server.stop().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// Imported by bench/nest-floor.ts for its constant answers: the server starts only when run.
if (require.main === module) void main();
