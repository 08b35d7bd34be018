import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { CommandMetadata } from './event';

// Namespace for ids derived from a client's idempotency key (random, fixed forever).
const IDEMPOTENCY_NAMESPACE = '6f1d3c52-8a57-4f0e-9c4e-2b7a1d9e0c11';

export const newId = (): string => uuidv7();

/**
 * With an idempotency key, every id a command creates is derived from (actor, key, purpose), so a client
 * resending the same mutation reaches the same aggregate and the same event ids instead of a second change.
 */
export function idFor(metadata: Pick<CommandMetadata, 'actorId' | 'idempotencyKey'>, purpose: string): string {
  if (!metadata.idempotencyKey) return uuidv7();
  return uuidv5(`${metadata.actorId ?? 'anonymous'}|${metadata.idempotencyKey}|${purpose}`, IDEMPOTENCY_NAMESPACE);
}
