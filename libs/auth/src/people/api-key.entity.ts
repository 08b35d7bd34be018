import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * API key credentials: only a SHA-256 of the secret is kept (the secret is random, 256 bits, so a fast hash
 * is enough). Like people, this is the only copy: the log records that a key was created or revoked.
 */
@Entity('api_keys')
@Index('idx_api_keys_account', ['accountId'])
export class ApiKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt: string | null;
}
