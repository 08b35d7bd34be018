// How bench:search feeds an index "through the projection", as production does: the corpus is imported as
// case studies (ImportPublishedCaseStudy through the command handler, into an embedded event store: not
// timed), then the case-study search feed (the external-sink projection) runs under the projection runner
// from position 0 until it reaches the head of the log. What is timed is that catch-up: reading the log,
// folding each case study, building its search documents and the index's apply().
import { CommandHandler, newId } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { CASE_STUDY_SEARCH_FEED, caseStudyDecider, caseStudySearchFeed, caseStudyStreamId, minorUnitDigits, type CaseStudyCommand, type CaseStudyContent } from '@sce/case-studies';
import {
  CreateProjectionCheckpoints1764320000000,
  CreateProjectionParkedEvents1764320700000,
  ProjectionCheckpointEntity,
  ProjectionParkedEventEntity,
  ProjectionRunner,
} from '@sce/projections';
import type { CaseStudySearchDocument, CaseStudySearchIndex } from '@sce/search';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const ORGANISATION_TYPES = ['MUNICIPALITY', 'NGO', 'COMPANY', 'UNIVERSITY', 'NATIONAL_GOVERNMENT', 'UTILITY'];

/** The organisation type the bench's organisations lookup answers: a pure function of the id. */
export function organisationTypeOf(organisationId: string): string {
  let hash = 0;
  for (let i = 0; i < organisationId.length; i++) hash = (hash * 31 + organisationId.charCodeAt(i)) >>> 0;
  return ORGANISATION_TYPES[hash % ORGANISATION_TYPES.length];
}

/** A corpus document as the content of an imported case study; its narrative paragraphs become the narrative parts. */
export function contentOf(document: CaseStudySearchDocument): { organisationId: string; content: CaseStudyContent } {
  const [situationBefore = null, objectives = null, process = null] = document.narrative.split('\n\n');
  const [organisationId, ...others] = document.organisationIds;
  return {
    organisationId,
    content: {
      title: document.title,
      summary: document.summary,
      body: document.body,
      city: document.city,
      country: document.country,
      coordinates: null,
      sectors: document.sectors as CaseStudyContent['sectors'],
      sdgTargets: document.sdgTargets,
      period: { fromYear: document.yearFrom ?? 2020, toYear: document.yearTo },
      organisationIds: others,
      narrative: { situationBefore, objectives, process, resources: null, results: null, sustainability: null },
      buildingBlocks: [],
      outcomes: document.kpiCodes.map((kpiCode) => ({ description: kpiCode, indicator: { kpiCode, name: null, unit: null, baseline: null, achieved: null, year: null } })),
      cost: document.cost ? { amount: Math.round(document.cost.amount * 10 ** minorUnitDigits(document.cost.currency)), currency: document.cost.currency } : null,
      fundingSources: [],
      lessonsLearned: [],
      transferability: { citySize: document.citySize as CaseStudyContent['transferability']['citySize'], incomeLevel: document.incomeLevel as CaseStudyContent['transferability']['incomeLevel'], preconditions: [] },
      language: document.language,
    },
  };
}

export interface ProjectionFeed {
  /** Appends the documents as imported case studies (not timed). */
  importAll(documents: Iterable<CaseStudySearchDocument[]>): Promise<{ documents: number; seconds: number }>;
  /** Runs the search feed over the whole log into `index`; the seconds it took to reach the head. */
  project(index: CaseStudySearchIndex, batchSize: number): Promise<{ seconds: number }>;
  close(): Promise<void>;
}

export async function projectionFeed(dir: string): Promise<ProjectionFeed> {
  const store = new SqliteEventStore({ fileName: join(dir, 'log.sqlite'), synchronous: 'NORMAL' });
  const handler = new CommandHandler(store);
  // Each engine's feed keeps its checkpoint in a read-model database of its own, so each starts from position 0.
  const readModelsFor = async (name: string) => {
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, `read-models-${name}.sqlite`),
      entities: [ProjectionCheckpointEntity, ProjectionParkedEventEntity],
      migrations: [CreateProjectionCheckpoints1764320000000, CreateProjectionParkedEvents1764320700000],
      migrationsRun: true,
      enableWAL: true,
    });
    return dataSource.initialize();
  };
  let runs = 0;
  const now = new Date('2025-01-01T00:00:00Z');
  return {
    async importAll(batches) {
      const started = performance.now();
      let documents = 0;
      for (const batch of batches) {
        await Promise.all(
          batch.map(async (document) => {
            const { organisationId, content } = contentOf(document);
            const command = { type: 'ImportPublishedCaseStudy', data: { caseStudyId: document.caseStudyId, organisationId, content }, metadata: { now, actorId: null, correlationId: newId() } } as CaseStudyCommand;
            await handler.handle(caseStudyDecider, caseStudyStreamId(document.caseStudyId), command);
          }),
        );
        documents += batch.length;
      }
      return { documents, seconds: (performance.now() - started) / 1000 };
    },
    async project(index, batchSize) {
      const organisationTypes = async (ids: readonly string[]) => new Map(ids.map((id) => [id, organisationTypeOf(id)]));
      const readModels = await readModelsFor(`${index.engine}-${++runs}`);
      const runner = new ProjectionRunner(store, readModels, [], { sinks: [caseStudySearchFeed(index, { store, organisationTypes, caseStudiesNaming: async () => [] })], batchSize });
      const started = performance.now();
      await runner.start();
      const reached = await runner.waitFor(await store.headPosition(), 24 * 3_600_000, [CASE_STUDY_SEARCH_FEED]);
      const seconds = (performance.now() - started) / 1000;
      await runner.stop();
      await readModels.destroy();
      if (!reached) throw new Error('the search feed did not reach the head of the log');
      return { seconds };
    },
    async close() {
      await store.close();
    },
  };
}
