import { idFor, type CommandMetadata, type Gate } from '@sce/event-sourcing';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Execute } from './accounts.service';
import { accountDecider } from './domain/account.decide';
import { accountStreamId } from './domain/account.events';
import { apiKeyAlreadyCreated, apiKeyNotFound, invalidToken } from './domain/auth.errors';
import { ApiKeyRow } from './people/api-key.entity';

// What a partner integration sends: "Authorization: ApiKey sce_<key id>_<secret>".
const KEY_FORMAT = /^sce_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
// Keys live in their own table, written here directly: answers about them wait for no projection.
const KEYS_READ: readonly string[] = [];

export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly gate: Gate,
    private readonly execute: Execute,
  ) {}

  /**
   * Creates a key and returns it in full: the only time its secret is shown. A resent request (same
   * idempotency key) whose key exists is refused: its secret cannot be shown again, and replacing it would
   * silently break the integration that already uses it.
   */
  async create(accountId: string, name: string, metadata: CommandMetadata): Promise<{ key: ApiKeyRow; plaintext: string; position: number }> {
    const apiKeyId = idFor(metadata, 'api-key');
    if (await this.db.getRepository(ApiKeyRow).existsBy({ id: apiKeyId })) throw apiKeyAlreadyCreated(apiKeyId);
    const secret = randomBytes(32).toString('base64url');
    const key: ApiKeyRow = { id: apiKeyId, accountId, name: name.trim(), secretHash: sha256(secret), createdAt: metadata.now.toISOString(), revokedAt: null };
    // The event first: a key row without its event would be a working key that history does not know.
    const { position } = await this.execute(accountDecider, accountStreamId(accountId), { type: 'CreateApiKey', data: { accountId, apiKeyId }, metadata }, { readModels: KEYS_READ });
    await this.gate.run(() => this.db.getRepository(ApiKeyRow).insert(key));
    return { key, plaintext: `sce_${apiKeyId}_${secret}`, position };
  }

  list(accountId: string): Promise<ApiKeyRow[]> {
    return this.db.getRepository(ApiKeyRow).find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  async revoke(accountId: string, apiKeyId: string, metadata: CommandMetadata): Promise<{ key: ApiKeyRow; position: number }> {
    const key = await this.db.getRepository(ApiKeyRow).findOneBy({ id: apiKeyId, accountId });
    if (!key) throw apiKeyNotFound(apiKeyId);
    // The row first: if recording the event then fails, the key has stopped working and a retry records
    // it; the other order could leave history saying "revoked" while the key still works.
    const revokedAt = key.revokedAt ?? metadata.now.toISOString();
    await this.gate.run(() => this.db.getRepository(ApiKeyRow).update({ id: apiKeyId }, { revokedAt }));
    const { position } = await this.execute(accountDecider, accountStreamId(accountId), { type: 'RevokeApiKey', data: { accountId, apiKeyId }, metadata }, { readModels: KEYS_READ });
    return { key: { ...key, revokedAt }, position };
  }

  /** The account and key a presented key belongs to; invalidToken when unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<{ accountId: string; apiKeyId: string }> {
    const match = KEY_FORMAT.exec(presented);
    if (!match) throw invalidToken('not an API key');
    const key = await this.db.getRepository(ApiKeyRow).findOneBy({ id: match[1] });
    const expected = Buffer.from(key?.secretHash ?? '0'.repeat(64), 'hex');
    const matches = timingSafeEqual(expected, Buffer.from(sha256(match[2]), 'hex'));
    if (!key || !matches) throw invalidToken('unknown API key');
    if (key.revokedAt) throw invalidToken('this API key was revoked');
    return { accountId: key.accountId, apiKeyId: key.id };
  }
}
