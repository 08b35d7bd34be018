import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@sce/config';
import { createInfrastructure, type Infrastructure } from '@sce/composition';
import { APP_CONFIG, CASE_STUDY_SEARCH, GUIDELINE_SEARCH, CommandExecutor, EVENT_STORE, EVENT_STORE_HEALTH, OrganisationLookups, loggableError, PROJECTION_LEADERSHIP, PROJECTION_RUNNER, READ_MODELS, ReadConsistency, WRITE_GATE } from '@sce/platform';

const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

/** Builds the store, read models and projections once, joins the projection leadership, closes all on shutdown. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure) {}

  static register(config: AppConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: INFRASTRUCTURE,
          useFactory: () =>
            createInfrastructure(config, {
              runMigrations: config.readModels.runMigrationsOnStart,
              exclusive: true,
              onProjectionError: (error) => new Logger('Projections').error({ error: loggableError(error) }, 'projections hit an error; retrying'),
              onLeadershipChange: (role) => new Logger('Projections').log({ role }, role === 'leader' ? 'this instance now runs the projections' : 'this instance stopped running the projections'),
            }),
        },
        { provide: EVENT_STORE, useFactory: (infra: Infrastructure) => infra.store, inject: [INFRASTRUCTURE] },
        { provide: READ_MODELS, useFactory: (infra: Infrastructure) => infra.readModels, inject: [INFRASTRUCTURE] },
        { provide: PROJECTION_RUNNER, useFactory: (infra: Infrastructure) => infra.projections, inject: [INFRASTRUCTURE] },
        { provide: CASE_STUDY_SEARCH, useFactory: (infra: Infrastructure) => infra.search, inject: [INFRASTRUCTURE] },
        { provide: GUIDELINE_SEARCH, useFactory: (infra: Infrastructure) => infra.guidelineSearch, inject: [INFRASTRUCTURE] },
        { provide: WRITE_GATE, useFactory: (infra: Infrastructure) => infra.gate, inject: [INFRASTRUCTURE] },
        { provide: PROJECTION_LEADERSHIP, useFactory: (infra: Infrastructure) => infra.leadership, inject: [INFRASTRUCTURE] },
        { provide: EVENT_STORE_HEALTH, useFactory: (infra: Infrastructure) => () => infra.storeHealth(), inject: [INFRASTRUCTURE] },
        CommandExecutor,
        ReadConsistency,
        OrganisationLookups,
      ],
      exports: [APP_CONFIG, CASE_STUDY_SEARCH, GUIDELINE_SEARCH, EVENT_STORE, EVENT_STORE_HEALTH, READ_MODELS, PROJECTION_RUNNER, PROJECTION_LEADERSHIP, WRITE_GATE, CommandExecutor, ReadConsistency, OrganisationLookups],
    };
  }

  onApplicationBootstrap(): void {
    this.infrastructure.startProjections();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infrastructure.close();
  }
}
