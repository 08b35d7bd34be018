import { createHash } from 'node:crypto';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { CommandMetadata } from './event';

// Namespace for ids derived from a client's idempotency key (random, fixed forever).
const IDEMPOTENCY_NAMESPACE = '6f1d3c52-8a57-4f0e-9c4e-2b7a1d9e0c11';

export const newId = (): string => uuidv7();

/**
 * With an idempotency key, every id a command creates is derived from (scope, key, purpose), so a client
 * resending the same mutation reaches the same aggregate and the same event ids instead of a second change.
 * The scope is the acting account, or for an anonymous caller the request itself (idempotencyScope): two
 * strangers who both pick the key "retry-1" must not share an outcome.
 */
export function idFor(metadata: Pick<CommandMetadata, 'actorId' | 'idempotencyKey' | 'idempotencyScope'>, purpose: string): string {
  if (!metadata.idempotencyKey) return uuidv7();
  const scope = metadata.actorId ?? (metadata.idempotencyScope ? `anonymous:${metadata.idempotencyScope}` : 'anonymous');
  return uuidv5(`${scope}|${metadata.idempotencyKey}|${purpose}`, IDEMPOTENCY_NAMESPACE);
}

/** A SHA-256 of a JSON value with its object keys sorted, so equal payloads hash equally whatever their key order. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
