import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandHandler, DomainError, type Command, type CommandResult, type Decider, type Event, type EventStore, type HandleOptions } from '@sce/event-sourcing';
import type { ProjectionRunner } from '@sce/projections';
import { encodePosition } from './consistency';
import { answerNotCaughtUp } from './platform.errors';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER } from './tokens';

export interface ExecuteOptions extends HandleOptions {
  /**
   * The read models (projection names) the mutation's answer reads: only these are waited for. Default:
   * every SQL projection; `[]` when the answer reads none (it still gets a position token).
   */
  readModels?: readonly string[];
}

export interface ExecutedCommand<State> extends CommandResult<State> {
  /** The opaque token of `position` a mutation answers with; a later query passes it as `consistency: { atLeast }`. */
  positionToken: string;
  /** Whether the read models the answer reads included the change within the read-your-writes timeout. */
  caughtUp: boolean;
}

/**
 * Runs a command and returns once the read models its answer reads have applied its events
 * (read-your-writes), so the answer, and a query right after it, see the change. The wait is bounded: past
 * it the mutation still succeeds (its answer may be stale), and its position token lets a later query wait.
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
    options: ExecuteOptions = {},
  ): Promise<ExecutedCommand<State>> {
    const { readModels, ...handleOptions } = options;
    const result = await this.handler.handle(decider, streamId, command, handleOptions);
    let caughtUp = true;
    if (result.position > 0 && readModels?.length !== 0) {
      caughtUp = await this.projections.waitFor(result.position, this.config.readYourWritesTimeoutMs, readModels);
      if (!caughtUp) this.logger.warn({ correlationId: command.metadata.correlationId, position: result.position, streamId, readModels }, 'read models did not catch up within the read-your-writes timeout');
    }
    return { ...result, positionToken: encodePosition(result.position), caughtUp };
  }

  /**
   * A mutation's answer, read from the read models the command waited for. Past the read-your-writes timeout
   * the change is saved but may not be in them yet, and reading a new entity fails as "not found", which reads
   * as if nothing happened: the caller gets UNAVAILABLE (NOT_CAUGHT_UP, saved) with the position token instead,
   * to read the entity (`id`: the one the mutation wrote, a new one's included) with `consistency: { atLeast }`
   * rather than write it again.
   */
  async answer<T>(executed: Pick<ExecutedCommand<unknown>, 'caughtUp' | 'positionToken'>, read: () => Promise<T>, id: string): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (executed.caughtUp || !(error instanceof DomainError)) throw error;
      throw answerNotCaughtUp(executed.positionToken, this.config.readYourWritesTimeoutMs, id);
    }
  }
}
