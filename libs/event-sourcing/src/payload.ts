import type { EventToAppend } from './event';
import { EventPayloadRefusedError } from './errors';

/** An event's data and metadata as the JSON text every adapter stores. */
export interface SerialisedPayload {
  data: string;
  metadata: string;
}

// Every adapter must accept the same events, so all refuse what one of them cannot keep: PostgreSQL's
// jsonb refuses the escape of a NUL character and of an unpaired surrogate (JSON.stringify writes both
// as \uXXXX escapes, and only them), and its text columns refuse a NUL. An escape counts only after an
// even run of backslashes: "\\u0000" is a backslash followed by the text u0000.
const REFUSED_ESCAPE = /(?<!\\)(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2})/i;

/** Serialises an append's events, or throws EventPayloadRefusedError for one no adapter may store. */
export function serialisePayloads(streamId: string, events: EventToAppend[]): SerialisedPayload[] {
  if (streamId.includes('\u0000')) throw new EventPayloadRefusedError(streamId, undefined, 'the stream id contains a NUL character');
  return events.map((event) => {
    const refuse = (reason: string) => new EventPayloadRefusedError(streamId, event.id, reason);
    if (event.id.includes('\u0000') || event.type.includes('\u0000')) throw refuse('the event id or type contains a NUL character');
    let data: string | undefined;
    let metadata: string | undefined;
    try {
      data = JSON.stringify(event.data);
      metadata = JSON.stringify(event.metadata);
    } catch (error) {
      throw refuse(`not serialisable as JSON (${(error as Error).message})`);
    }
    if (data === undefined || metadata === undefined) throw refuse('data and metadata must be JSON values');
    for (const [part, json] of [['data', data], ['metadata', metadata]] as const) {
      const escape = REFUSED_ESCAPE.exec(json);
      if (escape) throw refuse(`its ${part} contains ${escape[1] === '0000' ? 'a NUL character' : 'an unpaired UTF-16 surrogate'}`);
    }
    return { data, metadata };
  });
}
