import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@sce/event-sourcing';
import type { Leadership, ProjectionRunner } from '@sce/projections';
import { CASE_STUDY_SEARCH, EVENT_STORE, GUIDELINE_SEARCH, EVENT_STORE_HEALTH, PROJECTION_LEADERSHIP, PROJECTION_RUNNER, READ_MODELS } from '@sce/platform';
import type { CaseStudySearchIndex, GuidelineSearchIndex } from '@sce/search';
import { CASE_STUDY_SEARCH_FEED } from '@sce/case-studies';
import { GUIDELINE_SEARCH_FEED } from '@sce/guidelines';
import type { DataSource } from 'typeorm';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(PROJECTION_LEADERSHIP) private readonly leadership: Leadership,
    @Inject(EVENT_STORE_HEALTH) private readonly storeHealth: () => Promise<object | undefined>,
    @Inject(CASE_STUDY_SEARCH) private readonly search: CaseStudySearchIndex,
    @Inject(GUIDELINE_SEARCH) private readonly guidelineSearch: GuidelineSearchIndex,
  ) {}

  /** Liveness and how far the read models lag behind the log. */
  @Get()
  async health() {
    const head = await this.store.headPosition();
    await this.readModels.query('SELECT 1');
    const projections = await this.projections.status();
    return {
      status: 'ok',
      // PostgreSQL: positionHeadroom says whether new positions land above the log's highest and how many
      // write transactions are left before positions stop being exact numbers.
      eventStore: { headPosition: head, ...(await this.storeHealth()) },
      // Parked: events a projection kept failing on and set aside (list and retry them with the CLI).
      projections: { role: this.leadership.role, checkpoints: projections.checkpoints, parked: projections.parked, parkedTotal: Object.values(projections.parked).reduce((sum, count) => sum + count, 0) },
      // In positions: event counts on SQLite only (PostgreSQL and KurrentDB positions have gaps).
      lag: Math.max(0, head - projections.caughtUpTo),
      caughtUp: projections.caughtUpTo >= head,
      // The search index is a sink projection: never waited for by mutations, so its own lag is shown apart.
      search: { engine: this.search.engine, projection: CASE_STUDY_SEARCH_FEED, lag: Math.max(0, head - (projections.checkpoints[CASE_STUDY_SEARCH_FEED] ?? 0)) },
      guidelineSearch: { engine: this.guidelineSearch.engine, projection: GUIDELINE_SEARCH_FEED, lag: Math.max(0, head - (projections.checkpoints[GUIDELINE_SEARCH_FEED] ?? 0)) },
    };
  }
}
