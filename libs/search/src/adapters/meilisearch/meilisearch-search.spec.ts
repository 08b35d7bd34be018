import { aCost, aRemoval, aSearchDocument, aWrite } from '../../testing/case-study-search-contract';
import {
  BODY_ATTRIBUTES,
  BODY_WORDS_PER_ATTRIBUTE,
  bodyAttributes,
  documentId,
  facetValues,
  failedTask,
  filterExpression,
  filterValue,
  highlightsOf,
  indexSettings,
  MARK_END,
  MARK_START,
  MAX_BODY_ATTRIBUTES,
  searchEngineError,
  sortOf,
  toMeilisearchDocument,
} from './meilisearch-search-mapping';
import { SearchEngineError } from '../../search.errors';

// What the Meilisearch adapter sends and how it reads answers, shown without a server (none can run here).
// The behaviour against a server is the contract suite, run when MEILISEARCH_URL is set.
const meilisearch: typeof import('meilisearch/dist/index') = require('meilisearch');

describe('Meilisearch adapter, without a server', () => {
  describe('index settings', () => {
    const settings = indexSettings();
    it('searches title, summary, city, narrative, then every body attribute, in that weight order', () => {
      expect(settings.searchableAttributes.slice(0, 6)).toEqual(['title', 'summary', 'city', 'narrative', 'body', 'body_1']);
      expect(settings.searchableAttributes).toHaveLength(4 + MAX_BODY_ATTRIBUTES);
      expect(settings.searchableAttributes).not.toContain('source');
    });
    it('filters on every port filter, the key and the tombstone; sorts by date and cost', () => {
      expect([...settings.filterableAttributes].sort()).toEqual(
        ['caseStudyId', 'citySize', 'costEur', 'country', 'id', 'incomeLevel', 'kpiCodes', 'language', 'organisationIds', 'organisationTypes', 'partnershipId', 'region', 'sdgTargets', 'sectors', 'tombstone', 'variant', 'yearEnd', 'yearStart'].sort(),
      );
      expect(settings.sortableAttributes).toEqual(['publishedAtMs', 'costEur']);
    });
    it('states the typo rule, facet and pagination limits, and ь/ъ as letters', () => {
      expect(settings.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: [], disableOnWords: [] });
      expect(settings.faceting.maxValuesPerFacet).toBeGreaterThanOrEqual(1000);
      expect(settings.pagination.maxTotalHits).toBeGreaterThanOrEqual(100_000);
      expect(settings.nonSeparatorTokens).toEqual(expect.arrayContaining(['ь', 'ъ']));
      expect(settings.rankingRules.at(-1)).toBe('publishedAtMs:desc');
    });
  });

  describe('documents', () => {
    it('gets an id Meilisearch accepts for any case-study id, one per variant', () => {
      const id = documentId({ caseStudyId: 'école/№ 5 "x"', variant: 'IN_REVIEW' });
      expect(id).toMatch(/^[A-Za-z0-9_-]{1,511}$/);
      expect(documentId({ caseStudyId: 'école/№ 5 "x"', variant: 'PUBLISHED' })).not.toBe(id);
    });
    it('keeps the port document for get(), filter values as given, and leaves absent what is null', () => {
      const document = aSearchDocument({ title: 'Зелёный двор', cost: aCost(1_000, 'USD'), yearFrom: null, yearTo: 2021, citySize: null });
      const stored = toMeilisearchDocument(aWrite(document, 7));
      expect(stored).toMatchObject({ caseStudyId: document.caseStudyId, variant: 'PUBLISHED', revision: 7, tombstone: false, source: document, title: 'Зеленый двор' });
      expect(stored).toMatchObject({ yearStart: 2021, yearEnd: 2021, costEur: 924, publishedAtMs: Date.parse(document.publishedAt) });
      expect(stored).not.toHaveProperty('citySize');
      expect(stored).not.toHaveProperty('partnershipId');
    });
    it('makes a tombstone of a removal: key and revision, no text', () => {
      const document = aSearchDocument({ title: 'Quixotic' });
      expect(toMeilisearchDocument(aRemoval(document, 3))).toEqual({ id: documentId(document), caseStudyId: document.caseStudyId, variant: 'PUBLISHED', revision: 3, tombstone: true });
    });
    it('splits a long body between words into attributes Meilisearch indexes whole, and refuses one too long', () => {
      const words = Array.from({ length: BODY_WORDS_PER_ATTRIBUTE * 2 + 5 }, (_, i) => `w${i}`);
      const attributes = bodyAttributes(words.join(' '));
      expect(Object.keys(attributes)).toEqual(BODY_ATTRIBUTES.slice(0, 3));
      expect(Object.values(attributes).join('').split(/\s+/).filter(Boolean)).toEqual(words);
      expect(attributes.body_2.trim()).toBe(words.slice(-5).join(' '));
      expect(() => bodyAttributes('w '.repeat(BODY_WORDS_PER_ATTRIBUTE * MAX_BODY_ATTRIBUTES + 1))).toThrow(/longer than/);
    });
  });

  describe('filter expressions', () => {
    it('escapes quotes and backslashes in values', () => {
      expect(filterValue('a"b\\c')).toBe('"a\\"b\\\\c"');
      expect(filterExpression({ variants: ['PUBLISHED'], filter: { countries: ['F" OR tombstone = true OR "'] } })).toBe(
        'tombstone = false AND variant IN ["PUBLISHED"] AND country IN ["F\\" OR tombstone = true OR \\""]',
      );
    });
    it('ANDs every filter, each "any of"; years by overlap; cost converted to EUR', () => {
      expect(
        filterExpression({
          variants: ['PUBLISHED', 'IN_REVIEW'],
          excludeCaseStudyIds: ['x'],
          filter: { sectors: ['ENERGY', 'WATER'], sdgTargets: ['11.1'], kpiCodes: ['EC: ICT: ICT: 1C'], years: { from: 2018, to: 2020 }, cost: { min: 100, max: 1000, currency: 'USD' }, regions: [] },
        }),
      ).toBe(
        'tombstone = false AND variant IN ["PUBLISHED", "IN_REVIEW"] AND caseStudyId NOT IN ["x"] AND sectors IN ["ENERGY", "WATER"] AND sdgTargets IN ["11.1"]' +
          ' AND kpiCodes IN ["EC: ICT: ICT: 1C"] AND yearEnd >= 2018 AND yearStart <= 2020 AND costEur >= 92.4 AND costEur <= 924',
      );
    });
    it('matches nothing for a currency without a rate (as every adapter), and refuses a number that is not finite', () => {
      expect(filterExpression({ variants: ['PUBLISHED'], filter: { cost: { min: 1, currency: 'XXX' } } })).toBe('tombstone = false AND variant IN ["PUBLISHED"] AND costEur < 0 AND costEur >= 0');
      expect(() => filterExpression({ variants: ['PUBLISHED'], filter: { years: { from: Number.NaN } } })).toThrow(/filter.years.from/);
    });
    it('shows the ids of scopedVariant in that variant only and every other id in the variants asked for', () => {
      expect(filterExpression({ variants: ['PUBLISHED'], scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: ['a', 'b'] } })).toBe(
        'tombstone = false AND ((caseStudyId IN ["a", "b"] AND variant = "IN_REVIEW") OR (caseStudyId NOT IN ["a", "b"] AND variant IN ["PUBLISHED"]))',
      );
      expect(filterExpression({ variants: ['PUBLISHED'], scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: [] } })).toBe('tombstone = false AND variant IN ["PUBLISHED"]');
    });
    it('sorts newest first, by cost with newest among equals, or by relevance (ranking rules)', () => {
      expect(sortOf('NEWEST')).toEqual(['publishedAtMs:desc']);
      expect(sortOf('COST_ASC')).toEqual(['costEur:asc', 'publishedAtMs:desc']);
      expect(sortOf(undefined)).toBeUndefined();
    });
  });

  describe('answers', () => {
    it('orders facet values by count, then value', () => {
      expect(facetValues({ FR: 2, DE: 6, AT: 2 })).toEqual([
        { value: 'DE', count: 6 },
        { value: 'AT', count: 2 },
        { value: 'FR', count: 2 },
      ]);
      expect(facetValues(undefined)).toEqual([]);
    });
    it('turns _formatted into escaped snippets with <mark>, the body from its first part with a match', () => {
      const m = (word: string) => `${MARK_START}${word}${MARK_END}`;
      expect(
        highlightsOf({ title: `${m('Solar')} roofs`, summary: 'nothing', city: 'Geneva', body: 'no match', body_1: `…the <b>${m('solar')}</b> & co…`, body_2: `${m('solar')} again` }),
      ).toEqual([
        { field: 'title', snippet: '<mark>Solar</mark> roofs' },
        { field: 'body', snippet: '…the &lt;b&gt;<mark>solar</mark>&lt;/b&gt; &amp; co…' },
      ]);
    });
  });

  describe('errors', () => {
    const apiError = (status: number, code: string) =>
      new meilisearch.MeilisearchApiError(new Response('{}', { status }), { message: `failed: ${code}`, code, type: 'invalid_request', link: '' });
    it('maps a refused request to REJECTED with Meilisearch code, not retryable', () => {
      const error = searchEngineError(apiError(400, 'invalid_search_filter'), 'search') as SearchEngineError;
      expect(error).toBeInstanceOf(SearchEngineError);
      expect([error.kind, error.engineCode, error.retryable]).toEqual(['REJECTED', 'invalid_search_filter', false]);
      expect(error.engineMessage).toContain('Meilisearch search: failed: invalid_search_filter');
      // What a GraphQL client sees: a plain message and the engine's code, never the engine's own text.
      expect([error.code, error.message, error.details]).toEqual(['SEARCH_REJECTED', 'The search engine refused the request', { engineCode: 'invalid_search_filter' }]);
    });
    it('maps an unreachable server, a timeout and a 5xx/429 to UNAVAILABLE, retryable', () => {
      for (const cause of [new meilisearch.MeilisearchRequestError('http://127.0.0.1:7700', new Error('ECONNREFUSED')), new meilisearch.MeilisearchTaskTimeOutError(12, 5000), apiError(503, 'internal'), apiError(429, 'too_many_requests')]) {
        const error = searchEngineError(cause, 'apply writes') as SearchEngineError;
        expect([error.kind, error.retryable, error.code]).toEqual(['UNAVAILABLE', true, 'SEARCH_UNAVAILABLE']);
        expect(error.message).not.toContain('127.0.0.1');
      }
    });
    it('leaves other errors as they are', () => {
      const other = new RangeError('filter.cost.currency: no conversion rate');
      expect(searchEngineError(other, 'search')).toBe(other);
    });
    it('reads a failed task as REJECTED with its code; a succeeded one as no error', () => {
      expect(failedTask({ status: 'succeeded' }, 'index documents')).toBeUndefined();
      const error = failedTask({ status: 'failed', type: 'documentAdditionOrUpdate', error: { code: 'invalid_document_id', message: 'bad id' } }, 'index documents')!;
      expect([error.kind, error.engineCode]).toEqual(['REJECTED', 'invalid_document_id']);
      expect(error.engineMessage).toContain('bad id');
    });
  });
});
