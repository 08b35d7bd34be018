import { UpcasterChain } from '@sce/event-sourcing';
import { authContext } from '@sce/auth';
import { organisationsContext } from '@sce/organisations';
import { partnershipsContext } from '@sce/partnerships';
import { caseStudiesContext } from '@sce/case-studies';
import { guidelinesContext } from '@sce/guidelines';
import type { Upcaster } from '@sce/event-sourcing';
import { postgresSearchMigrations } from '@sce/search/adapters/postgres';
import { CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000, ProjectionCheckpointEntity, ProjectionParkedEventEntity, type Projection } from '@sce/projections';

// Every bounded context registers its read-model tables, migrations, projections, upcasters and error codes
// here, once.
interface BoundedContext {
  name: string;
  entities: Function[];
  migrations: Function[];
  projections: Projection[];
  upcasters: Upcaster[];
  /** The context's domain error codes (a const object): the API must map each one to a GraphQL code. */
  errorCodes: Record<string, string>;
}

// A tuple, not an array, so each context's own error codes stay known to the type checker.
const register = <Contexts extends BoundedContext[]>(...registered: Contexts) => registered;
const registered = register(
  {
    name: 'projections',
    entities: [ProjectionCheckpointEntity, ProjectionParkedEventEntity],
    migrations: [CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000],
    projections: [],
    upcasters: [],
    errorCodes: {},
  },
  authContext,
  organisationsContext,
  partnershipsContext,
  caseStudiesContext,
  guidelinesContext,
  // The PostgreSQL search engine's tables live with the read models (its migration is a no-op on SQLite).
  { name: 'search', entities: [], migrations: postgresSearchMigrations, projections: [], upcasters: [], errorCodes: {} },
);
const contexts: readonly BoundedContext[] = registered;

/**
 * Every error code a registered context can raise, derived from the registry: a new context's codes join
 * it by registering the context, and the API's mapping to GraphQL codes does not compile until it maps them.
 */
export type ContextErrorCode = ErrorCodesOf<(typeof registered)[number]>;
type ErrorCodesOf<Context> = Context extends { errorCodes: infer Codes } ? Codes[keyof Codes] : never;

export const readModelEntities = contexts.flatMap((context) => context.entities);
export const readModelMigrations = contexts.flatMap((context) => context.migrations);
export const projections = contexts.flatMap((context) => context.projections);
export const upcasters = () => new UpcasterChain(contexts.flatMap((context) => context.upcasters));
