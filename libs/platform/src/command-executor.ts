import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandHandler, type Command, type CommandResult, type Decider, type Event, type EventStore, type HandleOptions } from '@sce/event-sourcing';
import type { ProjectionRunner } from '@sce/projections';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER } from './tokens';

/**
 * Runs a command and returns once the read models have applied its events (read-your-writes), so a query
 * right after a mutation sees the change. The wait is bounded: past it the mutation still succeeds.
 */
@Injectable()
export class CommandExecutor {
  private readonly logger = new Logger(CommandExecutor.name);
  private readonly handler: CommandHandler;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: { readYourWritesTimeoutMs: number },
  ) {
    this.handler = new CommandHandler(store);
  }

  async execute<State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    streamId: string,
    command: C,
    options?: HandleOptions,
  ): Promise<CommandResult<State>> {
    const result = await this.handler.handle(decider, streamId, command, options);
    if (result.lastPosition > 0) {
      const reached = await this.projections.waitFor(result.lastPosition, this.config.readYourWritesTimeoutMs);
      if (!reached) this.logger.warn({ position: result.lastPosition, streamId }, 'read models did not catch up within the read-your-writes timeout');
    }
    return result;
  }
}
