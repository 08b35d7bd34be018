import { Field, GraphQLISODateTime, Int, ObjectType, type MiddlewareContext } from '@nestjs/graphql';
import type { EventStore, RecordedEvent } from '@sce/event-sourcing';
import { invalidCursor } from './platform.errors';
import { Connection, decodeCursor, toConnection, type ConnectionShape } from './relay';
import type { GraphqlContext } from './request-context';
import { requestLoader } from './request-loaders';

/** One event of an entity's stream, as the history of that entity shows it. */
@ObjectType()
export class HistoryEntry {
  @Field({ description: 'Event type, e.g. OrganisationRegistered' })
  type: string;

  @Field(() => Int, { description: 'Revision of the entity after this event (from 0)' })
  revision: number;

  @Field(() => Int)
  schemaVersion: number;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field(() => GraphQLISODateTime)
  recordedAt: Date;

  @Field(() => String, { nullable: true, description: 'Id of the acting user or API key' })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: 'The API key the actor used, if any' })
  apiKeyId: string | null;

  @Field()
  correlationId: string;

  @Field(() => String, { nullable: true })
  changeNote: string | null;

  @Field(() => [String], { description: 'Names of the fields this event set' })
  fields: string[];

  // Resolved by a field middleware, not a Nest @ResolveField: that took every entry of a page through guards
  // and pipes (about 40 µs each, a sixth of a detail query with six history entries) to look up a name that
  // the parent's own authorisation already let the caller reach.
  @Field(() => String, { nullable: true, description: 'The acting person\'s name, "former member" once forgotten, null when anonymous', middleware: [resolveActorName] })
  actorName?: string | null;
}

/** What history shows for an actor whose account was erased (forgetMe). */
export const FORMER_MEMBER = 'former member';

/** Who acted, by name: people are looked up in the erasable store, so the forgotten show as "former member". */
async function resolveActorName({ source, context }: MiddlewareContext<HistoryEntry, GraphqlContext>): Promise<string | null> {
  const actorId = source.actorId;
  if (!actorId) return null;
  const directory = context.actorNames;
  if (!directory) throw new Error('HistoryEntry.actorName: the GraphQL context has no actorNames (see the GraphQL module\'s context)');
  // A page of history asks for its actors' names with one query, not one per entry.
  const names = requestLoader(context, 'actor-names', async (accountIds: readonly string[]) => {
    const found = await directory.namesOf([...accountIds]);
    return accountIds.map((id) => found.get(id) ?? null);
  });
  return (await names.load(actorId)) ?? FORMER_MEMBER;
}

export const HistoryConnection = Connection(HistoryEntry, 'History');

export function toHistoryEntry(event: RecordedEvent): HistoryEntry {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const changes = data.changes && typeof data.changes === 'object' ? (data.changes as object) : data;
  return {
    type: event.type,
    revision: event.streamRevision,
    schemaVersion: event.schemaVersion,
    occurredAt: new Date(event.metadata.occurredAt),
    recordedAt: new Date(event.recordedAt),
    actorId: event.metadata.actorId,
    apiKeyId: event.metadata.apiKeyId ?? null,
    correlationId: event.metadata.correlationId,
    changeNote: typeof data.changeNote === 'string' ? data.changeNote : null,
    fields: Object.keys(changes),
  };
}

/**
 * A page of a stream's events. The cursor is the revision, so a page reads only its own events; the
 * total is the entity's revision + 1, which the caller knows from its read model. Within one request the
 * pages of several entities (history on each row of a list) are read together, in one round trip.
 */
export async function readHistory(
  store: EventStore,
  streamId: string,
  totalCount: number,
  page: { first: number; after?: string | null },
  context: GraphqlContext,
): Promise<ConnectionShape<HistoryEntry>> {
  // Relay and Apollo clients send `after: null` for the first page.
  const fromRevision = page.after == null ? 0 : decodeRevisionCursor(page.after) + 1;
  const maxCount = page.first + 1;
  const pages = requestLoader(context, `history:${fromRevision}:${maxCount}`, async (streamIds: readonly string[]) => {
    const read = await store.readStreams(streamIds, { fromRevision, maxCount });
    return streamIds.map((id) => read.get(id) ?? []);
  });
  const events = await pages.load(streamId);
  const rows = { rows: events.slice(0, page.first), hasNextPage: events.length > page.first, totalCount };
  return toConnection('history', rows, (event) => event.streamRevision, toHistoryEntry, fromRevision > 0);
}

function decodeRevisionCursor(cursor: string): number {
  const revision = Number(decodeCursor('history', cursor));
  if (!Number.isSafeInteger(revision) || revision < 0) throw invalidCursor(cursor);
  return revision;
}
