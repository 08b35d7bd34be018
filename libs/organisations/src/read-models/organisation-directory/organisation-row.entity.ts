import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per organisation, for lookups and the filtered, paged directory. */
@Entity('organisations')
@Index('idx_organisations_country_id', ['country', 'id'])
@Index('idx_organisations_type_id', ['type', 'id'])
export class OrganisationRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'registered_at', type: 'varchar', length: 30 })
  registeredAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
