import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@sce/config';
import { createInfrastructure, type Infrastructure } from '@sce/composition';
import { APP_CONFIG, CommandExecutor, EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '@sce/platform';

const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

/** Builds the store, read models and projections once, starts the projections, closes all on shutdown. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');

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
              onProjectionError: (error) => new Logger('Projections').error({ err: error }, 'projection failed; retrying'),
            }),
        },
        { provide: EVENT_STORE, useFactory: (infra: Infrastructure) => infra.store, inject: [INFRASTRUCTURE] },
        { provide: READ_MODELS, useFactory: (infra: Infrastructure) => infra.readModels, inject: [INFRASTRUCTURE] },
        { provide: PROJECTION_RUNNER, useFactory: (infra: Infrastructure) => infra.projections, inject: [INFRASTRUCTURE] },
        CommandExecutor,
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_MODELS, PROJECTION_RUNNER, CommandExecutor],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.infrastructure.projections.start();
    this.logger.log({ checkpoints: this.infrastructure.projections.checkpoints() }, 'projections started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.infrastructure.close();
  }
}
