import type { EventToAppend } from './event';
import type { AppendResult, ExpectedRevision } from './event-store.port';

/** An append waiting in an adapter's group-commit queue, settled when its batch commits or fails. */
export interface PendingAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}
