import type * as MeilisearchModule from 'meilisearch/dist/index';
import type {
  CaseStudySearchDocument,
  CaseStudySearchIndex,
  CaseStudySearchKey,
  CaseStudySearchQuery,
  CaseStudySearchResult,
  CaseStudySearchWrite,
} from '../../case-study-search.port';
import { laterWrite, replaces } from '../../case-study-search.port';
import {
  CROP_WORDS,
  documentId,
  FACET_ATTRIBUTES,
  facetValues,
  failedTask,
  filterExpression,
  filterValue,
  highlightsOf,
  indexSettings,
  MARK_END,
  MARK_START,
  type MeilisearchDocument,
  searchEngineError,
  SEARCHABLE_ATTRIBUTES,
  sortOf,
  toMeilisearchDocument,
} from './meilisearch-search-mapping';

type Client = MeilisearchModule.Meilisearch;
type Index = MeilisearchModule.Index<MeilisearchDocument>;

// The client is ESM-only and publishes its types through package "exports", which the repository's
// moduleResolution ("node") does not read: the types come from its file, the module from its public name
// (Node >= 20.19 requires ESM; Jest transforms it). Loaded on first use, so other profiles never load it.
const loadClient = (): typeof MeilisearchModule => require('meilisearch');

export interface MeilisearchSearchOptions {
  url: string;
  apiKey?: string;
  /** The index uid; one per deployment (or per test). */
  indexUid?: string;
  /** How long to wait for one indexing task, in ms. */
  taskTimeoutMs?: number;
}

const READ_BATCH = 500;

/**
 * The scale-out engine, on the official client. Meilisearch has no conditional write, so the revision guard
 * reads the stored revisions of a batch's keys and writes only newer ones. Between that read and the write
 * another writer could store a newer revision that this write then replaces: safe here because one sink
 * projection (on the one projection leader) is the only writer of the index, and it applies its batches one
 * after the other. Each write waits for its task, so apply() resolves when Meilisearch has indexed it.
 */
export class MeilisearchCaseStudySearchIndex implements CaseStudySearchIndex {
  readonly engine = 'meilisearch';

  private constructor(
    private readonly index: Index,
    private readonly taskTimeoutMs: number,
  ) {}

  /** Connects, creates the index if it is missing and applies the settings (waiting for both tasks). */
  static async open(options: MeilisearchSearchOptions): Promise<MeilisearchCaseStudySearchIndex> {
    const { Meilisearch } = loadClient();
    const client: Client = new Meilisearch({ host: options.url, apiKey: options.apiKey });
    const uid = options.indexUid ?? 'case_studies';
    const timeout = options.taskTimeoutMs ?? 30_000;
    await guard('open the index', async () => {
      const created = await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout });
      if (created.status !== 'succeeded' && created.error?.code !== 'index_already_exists') throw failedTask(created, 'create the index');
      const settled = await client.index<MeilisearchDocument>(uid).updateSettings(indexSettings()).waitTask({ timeout });
      const failure = failedTask(settled, 'apply the index settings');
      if (failure) throw failure;
    });
    return new MeilisearchCaseStudySearchIndex(client.index<MeilisearchDocument>(uid), timeout);
  }

  async apply(writes: readonly CaseStudySearchWrite[]): Promise<void> {
    const newest = new Map<string, CaseStudySearchWrite>();
    for (const write of writes) {
      const id = documentId(write.key);
      newest.set(id, laterWrite(newest.get(id), write));
    }
    if (newest.size === 0) return;
    await guard('apply writes', async () => {
      const stored = await this.storedRevisions([...newest.keys()]);
      const newer = [...newest.entries()].filter(([id, write]) => replaces(write, stored.get(id))).map(([, write]) => toMeilisearchDocument(write));
      if (newer.length === 0) return;
      // Whole documents replace whole documents: a tombstone keeps no text of what it replaces.
      const task = await this.index.addDocuments(newer, { primaryKey: 'id' }).waitTask({ timeout: this.taskTimeoutMs });
      const failure = failedTask(task, 'index documents');
      if (failure) throw failure;
    });
  }

  async search(query: CaseStudySearchQuery): Promise<CaseStudySearchResult> {
    const text = (query.text ?? '').replace(/ё/g, 'е').replace(/Ё/g, 'Е').trim();
    const facets = [...new Set(query.facets ?? [])];
    return guard('search', async () => {
      // Page mode counts hits exactly (up to maxTotalHits); one page from the start covers offset + limit.
      const response = await this.index.search(text, {
        filter: filterExpression(query),
        facets: facets.map((facet) => FACET_ATTRIBUTES[facet]),
        sort: sortOf(query.sort),
        page: 1,
        hitsPerPage: query.offset + query.limit,
        matchingStrategy: query.matching === 'ANY' ? 'frequency' : 'all',
        attributesToRetrieve: ['caseStudyId', 'variant'],
        attributesToHighlight: text ? [...SEARCHABLE_ATTRIBUTES] : [],
        attributesToCrop: text ? [...SEARCHABLE_ATTRIBUTES.filter((attribute) => attribute !== 'title' && attribute !== 'city')] : [],
        cropLength: CROP_WORDS,
        cropMarker: '…',
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
        showRankingScore: true,
      });
      return {
        totalCount: response.totalHits,
        hits: response.hits.slice(query.offset).map((hit) => ({
          caseStudyId: hit.caseStudyId,
          variant: hit.variant as CaseStudySearchKey['variant'],
          score: hit._rankingScore ?? 0,
          highlights: text ? highlightsOf(hit._formatted as Record<string, unknown> | undefined) : [],
        })),
        facets: facets.map((facet) => ({ facet, values: facetValues(response.facetDistribution?.[FACET_ATTRIBUTES[facet]]) })),
      };
    });
  }

  async get(key: CaseStudySearchKey): Promise<CaseStudySearchDocument | undefined> {
    return guard('get a document', async () => {
      const { results } = await this.index.getDocuments({ filter: `id = ${filterValue(documentId(key))}`, fields: ['source', 'tombstone'], limit: 1 });
      const stored = results[0];
      return stored && !stored.tombstone ? stored.source : undefined;
    });
  }

  async clear(): Promise<void> {
    await guard('clear the index', async () => {
      const task = await this.index.deleteAllDocuments().waitTask({ timeout: this.taskTimeoutMs });
      const failure = failedTask(task, 'clear the index');
      if (failure) throw failure;
    });
  }

  async close(): Promise<void> {
    // The client holds no connection of its own (fetch per request).
  }

  /** Stored revisions of the ids (documents and tombstones), read with a filter on the filterable id. */
  private async storedRevisions(ids: string[]): Promise<Map<string, number>> {
    const revisions = new Map<string, number>();
    for (let from = 0; from < ids.length; from += READ_BATCH) {
      const batch = ids.slice(from, from + READ_BATCH);
      const { results } = await this.index.getDocuments({ filter: `id IN [${batch.map(filterValue).join(', ')}]`, fields: ['id', 'revision'], limit: batch.length });
      for (const row of results) revisions.set(row.id, row.revision);
    }
    return revisions;
  }
}

async function guard<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw searchEngineError(error, doing);
  }
}
