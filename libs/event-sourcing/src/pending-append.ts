import type { EventToAppend } from './event';
import type { AppendResult, ExpectedRevision } from './event-store.port';
import type { SerialisedPayload } from './payload';

/** An append waiting in an adapter's group-commit queue, settled when its batch commits or fails. */
export interface PendingAppend {
  streamId: string;
  events: EventToAppend[];
  /** The events' data and metadata, serialised and checked before the append was queued. */
  payloads: SerialisedPayload[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}
