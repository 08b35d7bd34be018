import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore, EventSubscription, RecordedEvent } from '@sce/event-sourcing';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER } from '@sce/platform';
import type { ProjectionRunner } from '@sce/projections';
import { GUIDELINE_DIRECTORY } from '../read-models/guideline-directory';
import { GUIDELINE_TEXTS } from '../read-models/guideline-texts';

const STREAM_PREFIX = 'guideline-';
// What a subscriber's payload reads: delivered once these include the event, on whichever instance it listens.
const LIVE_READS = [GUIDELINE_DIRECTORY, GUIDELINE_TEXTS];

/** One event of a guideline's stream, as live subscribers receive it (its data stays server-side). */
export interface GuidelineLiveEvent {
  guidelineId: string;
  type: string;
  position: number;
  occurredAt: string;
  data: Record<string, unknown>;
}
export type GuidelineLiveListener = (event: GuidelineLiveEvent) => void;

/**
 * Live guideline events for GraphQL subscriptions. It follows the event store's log (on PostgreSQL the store
 * wakes every instance through LISTEN/NOTIFY), not an in-process emitter, so a version published through one
 * API instance reaches subscribers on all of them. One log subscription per instance, started with the first
 * listener and stopped with the last; each event is handed on once this instance's read models include it,
 * so what a subscriber then queries already shows it.
 */
@Injectable()
export class GuidelineLiveFeed implements OnModuleDestroy {
  private readonly logger = new Logger(GuidelineLiveFeed.name);
  private readonly listeners = new Set<GuidelineLiveListener>();
  private subscription: Promise<EventSubscription> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: { readYourWritesTimeoutMs: number },
  ) {}

  /** Starts delivering events appended from now on; resolves once the log is followed. Returns the way to stop. */
  async listen(listener: GuidelineLiveListener): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    this.subscription ??= this.follow();
    await this.subscription;
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.subscription) {
        const stopping = this.subscription;
        this.subscription = null;
        await (await stopping).stop();
      }
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    const subscription = this.subscription;
    this.subscription = null;
    if (subscription) await (await subscription).stop();
  }

  private async follow(): Promise<EventSubscription> {
    const after = await this.store.headPosition();
    const subscription = this.store.subscribeToAll({ after }, (events) => this.deliver(events));
    subscription.finished.catch((error) => this.logger.error(`guideline live feed stopped: ${error instanceof Error ? error.message : String(error)}`));
    return subscription;
  }

  private async deliver(events: RecordedEvent[]): Promise<void> {
    const guidelineEvents = events.filter((event) => event.streamId.startsWith(STREAM_PREFIX));
    if (guidelineEvents.length === 0 || this.listeners.size === 0) return;
    const last = guidelineEvents[guidelineEvents.length - 1].globalPosition;
    // Late rather than never: past the timeout the event goes out with whatever the read models hold.
    if (!(await this.projections.waitFor(last, this.config.readYourWritesTimeoutMs, LIVE_READS))) {
      this.logger.warn(`guideline live feed: read models not at position ${last} after ${this.config.readYourWritesTimeoutMs} ms`);
    }
    for (const event of guidelineEvents) {
      const live: GuidelineLiveEvent = {
        guidelineId: event.streamId.slice(STREAM_PREFIX.length),
        type: event.type,
        position: event.globalPosition,
        occurredAt: event.metadata.occurredAt,
        data: event.data as Record<string, unknown>,
      };
      for (const listener of this.listeners) listener(live);
    }
  }
}
