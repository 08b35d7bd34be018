import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per case study: its snapshot (state, published text and working draft, as JSON) for reading, and
 * the columns lists filter on. Code lists are kept as ",A,B," so "has code X" is one LIKE on both databases.
 */
@Entity('case_studies')
@Index('idx_case_studies_status_id', ['status', 'id'])
@Index('idx_case_studies_organisation_id', ['organisationId', 'id'])
@Index('idx_case_studies_stage_id', ['workingStage', 'id'])
export class CaseStudyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 36, nullable: true })
  partnershipId: string | null;

  /** DRAFT, SUBMITTED, CHANGES_REQUESTED (never published yet), PUBLISHED or ARCHIVED. */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** The stage of the working draft, if any (a published case study may have one under revision). */
  @Column({ name: 'working_stage', type: 'varchar', length: 20, nullable: true })
  workingStage: string | null;

  // Filter columns, from the published text (else the working draft): what the case study is listed as.
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 35 })
  language: string;

  @Column({ type: 'varchar', length: 500 })
  sectors: string;

  /** Its own organisation and every organisation involved, in the published text or the working draft. */
  @Column({ name: 'organisation_ids', type: 'text' })
  organisationIds: string;

  /** Accounts that drafted or revised it (the four-eyes rule keeps them out of its review queue). */
  @Column({ type: 'text' })
  contributors: string;

  /** CaseStudySnapshot as JSON. */
  @Column({ type: 'text' })
  snapshot: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'published_revision', type: 'integer', nullable: true })
  publishedRevision: number | null;

  @Column({ name: 'drafted_at', type: 'varchar', length: 30 })
  draftedAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;

  @Column({ name: 'published_at', type: 'varchar', length: 30, nullable: true })
  publishedAt: string | null;

  @Column({ name: 'submitted_at', type: 'varchar', length: 30, nullable: true })
  submittedAt: string | null;
}
