import { Column, Entity, PrimaryColumn } from 'typeorm';

export const bigintAsNumber = { to: (value: number) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

/** Where each projection stands in the global log; moved in the same transaction as the projection's rows. */
@Entity('projection_checkpoints')
export class ProjectionCheckpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
