import { UpcasterChain } from '@sce/event-sourcing';
import { authContext } from '@sce/auth';
import { organisationsContext } from '@sce/organisations';
import { partnershipsContext } from '@sce/partnerships';
import type { Upcaster } from '@sce/event-sourcing';
import { CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000, ProjectionCheckpointEntity, ProjectionParkedEventEntity, type Projection } from '@sce/projections';

// Every bounded context registers its read-model tables, migrations, projections and upcasters here, once.
interface BoundedContextReadSide {
  name: string;
  entities: Function[];
  migrations: Function[];
  projections: Projection[];
  upcasters: Upcaster[];
}

const contexts: BoundedContextReadSide[] = [
  {
    name: 'projections',
    entities: [ProjectionCheckpointEntity, ProjectionParkedEventEntity],
    migrations: [CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000],
    projections: [],
    upcasters: [],
  },
  authContext,
  organisationsContext,
  partnershipsContext,
];

export const readModelEntities = contexts.flatMap((context) => context.entities);
export const readModelMigrations = contexts.flatMap((context) => context.migrations);
export const projections = contexts.flatMap((context) => context.projections);
export const upcasters = () => new UpcasterChain(contexts.flatMap((context) => context.upcasters));
