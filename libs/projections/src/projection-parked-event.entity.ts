import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './projection-checkpoint.entity';

/** An event a projection failed on too often: set aside with its error so the projection moves on past it. */
@Entity('projection_parked_events')
export class ProjectionParkedEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  projection: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  position: number;

  @Column({ name: 'stream_id', type: 'varchar', length: 300 })
  streamId: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'event_type', type: 'varchar', length: 200 })
  eventType: string;

  @Column({ type: 'text' })
  error: string;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'parked_at', type: 'varchar', length: 30 })
  parkedAt: string;
}
