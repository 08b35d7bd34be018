import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A person's personal data, kept outside the event log so it can be erased without rewriting history.
 * Not a projection: this table is the only copy, and a rebuild never touches it.
 */
@Entity('people')
export class PersonRow {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** Lower-cased e-mail, unique: one account per address. */
  @Column({ name: 'email_key', type: 'varchar', length: 254, unique: true })
  emailKey: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 300 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
