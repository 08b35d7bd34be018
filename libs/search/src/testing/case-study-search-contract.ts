import { randomUUID } from 'node:crypto';
import { toEur } from '@sce/vocabulary';
import type {
  CaseStudyCost,
  CaseStudyFacet,
  CaseStudySearchDocument,
  CaseStudySearchIndex,
  CaseStudySearchQuery,
  CaseStudySearchResult,
  CaseStudySearchVariant,
  CaseStudySearchWrite,
} from '../case-study-search.port';

/** A searchable document with neutral defaults; tests name only what they look at. */
export function aSearchDocument(overrides: Partial<CaseStudySearchDocument> = {}): CaseStudySearchDocument {
  return {
    caseStudyId: randomUUID(),
    variant: 'PUBLISHED',
    language: 'en',
    title: 'Untitled',
    summary: '',
    city: 'Geneva',
    narrative: '',
    body: '',
    country: 'CH',
    region: 'WESTERN_EUROPE',
    sectors: ['HOUSING'],
    sdgTargets: ['11.1'],
    organisationIds: [],
    organisationTypes: [],
    partnershipId: null,
    kpiCodes: [],
    citySize: null,
    incomeLevel: null,
    yearFrom: 2020,
    yearTo: 2022,
    cost: null,
    publishedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const aCost = (amount: number, currency: string): CaseStudyCost => ({ amount, currency, amountInEur: toEur(amount, currency) });

export const aWrite = (document: CaseStudySearchDocument, revision = 1): CaseStudySearchWrite => ({
  key: { caseStudyId: document.caseStudyId, variant: document.variant },
  revision,
  document,
});

export const aRemoval = (document: Pick<CaseStudySearchDocument, 'caseStudyId' | 'variant'>, revision: number): CaseStudySearchWrite => ({
  key: { caseStudyId: document.caseStudyId, variant: document.variant },
  revision,
  document: null,
});

export interface CaseStudySearchContractOptions {
  /**
   * Whether any stored byte of the index (its files, tables or segments, after whatever compaction the
   * adapter runs on removal) still contains `text`. Given by adapters that can look: the erasure cases then
   * prove removed and cleared text is gone from storage, not only from answers.
   */
  storageContains?(index: CaseStudySearchIndex, text: string): Promise<boolean>;
  /** Closes the index and opens it again over the same storage (a restart), for adapters that persist. */
  reopen?(index: CaseStudySearchIndex): Promise<CaseStudySearchIndex>;
  /** Runs after the index is closed at the end of the suite (temporary files, schemas). */
  destroy?(): Promise<void>;
}

const PUBLISHED: CaseStudySearchVariant[] = ['PUBLISHED'];
const BOTH: CaseStudySearchVariant[] = ['PUBLISHED', 'IN_REVIEW'];

// Twenty words with no typo, stem or prefix relation to one another.
const TWENTY_WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');

/**
 * The behaviour every case-study search adapter must have. An adapter's spec is one call to this with a
 * function that opens the adapter over empty (or clearable) storage. The suite opens one index, clears it
 * before every case and closes it at the end.
 */
export function testCaseStudySearchContract(
  adapterName: string,
  openIndex: () => Promise<CaseStudySearchIndex>,
  options: CaseStudySearchContractOptions = {},
): void {
  describe(`CaseStudySearchIndex contract: ${adapterName}`, () => {
    let index: CaseStudySearchIndex;
    beforeAll(async () => {
      index = await openIndex();
    });
    beforeEach(async () => {
      await index.clear();
    });
    afterAll(async () => {
      await index?.close();
      await options.destroy?.();
    });

    const put = async (...documents: CaseStudySearchDocument[]) => {
      await index.apply(documents.map((document) => aWrite(document)));
      return documents;
    };
    const search = (text: string | undefined, query: Partial<CaseStudySearchQuery> = {}): Promise<CaseStudySearchResult> =>
      index.search({ text, variants: PUBLISHED, offset: 0, limit: 20, ...query });
    const idsOf = (result: CaseStudySearchResult) => result.hits.map((hit) => hit.caseStudyId);
    const found = async (text: string, query: Partial<CaseStudySearchQuery> = {}) => idsOf(await search(text, query));
    const sorted = (ids: string[]) => [...ids].sort();
    const idsOfDocs = (...documents: CaseStudySearchDocument[]) => documents.map((d) => d.caseStudyId);

    describe('writes', () => {
      it('stores a document and gives it back by key; an unknown key gives undefined', async () => {
        const [document] = await put(
          aSearchDocument({
            title: 'Solar roofs',
            sectors: ['ENERGY', 'HOUSING'],
            organisationIds: [randomUUID()],
            organisationTypes: ['MUNICIPALITY'],
            partnershipId: randomUUID(),
            kpiCodes: ['EC: ICT: ICT: 1C'],
            citySize: 'MEDIUM',
            incomeLevel: 'HIGH',
            cost: aCost(125_000_00, 'CHF'),
          }),
        );
        expect(await index.get({ caseStudyId: document.caseStudyId, variant: 'PUBLISHED' })).toEqual(document);
        expect(await index.get({ caseStudyId: document.caseStudyId, variant: 'IN_REVIEW' })).toBeUndefined();
        expect(await index.get({ caseStudyId: randomUUID(), variant: 'PUBLISHED' })).toBeUndefined();
      });

      it('replaces a document with a newer revision; an older or equal revision changes nothing', async () => {
        const first = aSearchDocument({ title: 'Solar roofs' });
        const key = { caseStudyId: first.caseStudyId, variant: first.variant };
        await index.apply([aWrite(first, 2)]);
        await index.apply([aWrite({ ...first, title: 'Heat pumps' }, 3)]);
        await index.apply([aWrite({ ...first, title: 'Wind turbines' }, 2)]);
        await index.apply([aWrite({ ...first, title: 'Tidal barrage' }, 3)]);
        expect((await index.get(key))?.title).toBe('Heat pumps');
        expect(await found('heat pumps')).toEqual([first.caseStudyId]);
        for (const gone of ['solar', 'wind turbines', 'tidal']) expect(await found(gone)).toEqual([]);
      });

      it("takes a refresh at the stored revision (an organisation's new type), not at an older one", async () => {
        const document = aSearchDocument({ title: 'Solar roofs', organisationTypes: ['NGO'] });
        const key = { caseStudyId: document.caseStudyId, variant: document.variant };
        await index.apply([aWrite(document, 3)]);
        await index.apply([{ ...aWrite({ ...document, organisationTypes: ['MUNICIPALITY'] }, 3), refresh: true }]);
        expect((await index.get(key))?.organisationTypes).toEqual(['MUNICIPALITY']);
        await index.apply([{ ...aWrite({ ...document, organisationTypes: ['COMPANY'] }, 2), refresh: true }]);
        expect((await index.get(key))?.organisationTypes).toEqual(['MUNICIPALITY']);
        const counted = await index.search({ variants: ['PUBLISHED', 'IN_REVIEW'], filter: { organisationTypes: ['MUNICIPALITY'] }, facets: ['ORGANISATION_TYPE'], offset: 0, limit: 10 });
        expect(counted.hits.map((hit) => hit.caseStudyId)).toContain(document.caseStudyId);
        expect(counted.facets[0].values.find((value) => value.value === 'NGO')).toBeUndefined();
      });

      it('applies several writes to one key in one batch by revision, whatever their order', async () => {
        const document = aSearchDocument({ title: 'Solar roofs' });
        const key = { caseStudyId: document.caseStudyId, variant: document.variant };
        await index.apply([aWrite(document, 1), aWrite({ ...document, title: 'Heat pumps' }, 2)]);
        expect((await index.get(key))?.title).toBe('Heat pumps');
        await index.apply([aWrite({ ...document, title: 'Green roofs' }, 4), aWrite({ ...document, title: 'Wind turbines' }, 3)]);
        expect((await index.get(key))?.title).toBe('Green roofs');
        expect(await found('wind')).toEqual([]);
      });

      it('removes with a tombstone: a replay of an older revision does not bring it back, a newer one does', async () => {
        const document = aSearchDocument({ title: 'Cycling lanes' });
        const key = { caseStudyId: document.caseStudyId, variant: document.variant };
        await index.apply([aWrite(document, 1)]);
        await index.apply([aRemoval(document, 2)]);
        expect(await index.get(key)).toBeUndefined();
        expect(await found('cycling')).toEqual([]);
        await index.apply([aWrite(document, 1), aWrite(document, 2)]);
        expect(await index.get(key)).toBeUndefined();
        expect(await found('cycling')).toEqual([]);
        await index.apply([aWrite({ ...document, title: 'Cycling lanes again' }, 3)]);
        expect((await index.get(key))?.title).toBe('Cycling lanes again');
        expect(await found('cycling')).toEqual([document.caseStudyId]);
      });

      it('accepts a removal of a key it never saw, and keeps its tombstone', async () => {
        const document = aSearchDocument({ title: 'Cycling lanes' });
        await index.apply([aRemoval(document, 5)]);
        await index.apply([aWrite(document, 4)]);
        expect(await index.get({ caseStudyId: document.caseStudyId, variant: 'PUBLISHED' })).toBeUndefined();
      });

      it('keeps the two variants of one case study apart', async () => {
        const published = aSearchDocument({ title: 'Cycling lanes' });
        const inReview = { ...published, variant: 'IN_REVIEW' as const, title: 'Cycling lanes and bridges' };
        await put(published, inReview);
        expect((await index.get({ caseStudyId: published.caseStudyId, variant: 'IN_REVIEW' }))?.title).toBe('Cycling lanes and bridges');
        await index.apply([aRemoval(inReview, 2)]);
        expect((await index.get({ caseStudyId: published.caseStudyId, variant: 'PUBLISHED' }))?.title).toBe('Cycling lanes');
      });

      it('clear() removes every document and tombstone, so a rebuild from the log starts over', async () => {
        const kept = aSearchDocument({ title: 'Cycling lanes' });
        const removed = aSearchDocument({ title: 'Bicycle parking' });
        await index.apply([aWrite(kept, 1), aWrite(removed, 1), aRemoval(removed, 2)]);
        await index.clear();
        expect(await index.get({ caseStudyId: kept.caseStudyId, variant: 'PUBLISHED' })).toBeUndefined();
        expect((await search(undefined)).totalCount).toBe(0);
        await index.apply([aWrite(removed, 1)]);
        expect(await found('bicycle')).toEqual([removed.caseStudyId]);
      });
    });

    describe('query: variants, filters, facets', () => {
      it('lists everything that passes the filter when there is no text (or no word in it)', async () => {
        const docs = await put(aSearchDocument(), aSearchDocument(), aSearchDocument());
        expect(sorted(await found(''))).toEqual(sorted(idsOfDocs(...docs)));
        expect((await search(undefined)).totalCount).toBe(3);
        expect((await search(' ?! ')).totalCount).toBe(3);
      });

      it('returns only the variants asked for: a query for PUBLISHED never returns IN_REVIEW', async () => {
        const published = aSearchDocument({ title: 'Flood barriers' });
        const inReview = aSearchDocument({ title: 'Flood barriers revised', variant: 'IN_REVIEW' });
        const revision = { ...published, variant: 'IN_REVIEW' as const, title: 'Flood barriers and pumps' };
        await put(published, inReview, revision);
        expect(await found('flood')).toEqual([published.caseStudyId]);
        expect(await found('pumps')).toEqual([]);
        expect((await search('flood')).hits.every((hit) => hit.variant === 'PUBLISHED')).toBe(true);
        expect(sorted(await found('flood', { variants: ['IN_REVIEW'] }))).toEqual(sorted([inReview.caseStudyId, published.caseStudyId]));
        const both = await search('flood', { variants: BOTH });
        expect(both.totalCount).toBe(3);
        expect(sorted(both.hits.map((hit) => `${hit.caseStudyId}/${hit.variant}`))).toEqual(
          sorted([`${published.caseStudyId}/PUBLISHED`, `${inReview.caseStudyId}/IN_REVIEW`, `${published.caseStudyId}/IN_REVIEW`]),
        );
      });

      it('sees the ids of scopedVariant in that variant only, every other id in variants, in hits, totals and facets alike', async () => {
        const mine = aSearchDocument({ title: 'Flood barriers', sectors: ['WATER'] });
        const mineInReview = { ...mine, variant: 'IN_REVIEW' as const, title: 'Flood barriers and pumps', sectors: ['ENERGY'] };
        const other = aSearchDocument({ title: 'Flood maps', sectors: ['WATER'] });
        const otherInReview = { ...other, variant: 'IN_REVIEW' as const, title: 'Flood maps and pumps', sectors: ['ENERGY'] };
        await put(mine, mineInReview, other, otherInReview);
        const scoped = { variants: PUBLISHED, scopedVariant: { variant: 'IN_REVIEW' as const, caseStudyIds: [mine.caseStudyId] }, facets: ['SECTOR' as const] };
        const flood = await search('flood', scoped);
        expect(sorted(flood.hits.map((hit) => `${hit.caseStudyId}/${hit.variant}`))).toEqual(sorted([`${mine.caseStudyId}/IN_REVIEW`, `${other.caseStudyId}/PUBLISHED`]));
        expect(flood.totalCount).toBe(2);
        expect(flood.facets).toEqual([{ facet: 'SECTOR', values: [{ value: 'ENERGY', count: 1 }, { value: 'WATER', count: 1 }] }]);
        expect(await found('pumps', scoped)).toEqual([mine.caseStudyId]);
        // An empty scope changes nothing.
        expect((await search('pumps', { scopedVariant: { variant: 'IN_REVIEW', caseStudyIds: [] } })).totalCount).toBe(0);
      });

      it('leaves out excludeCaseStudyIds', async () => {
        const [a, b, c] = await put(aSearchDocument({ title: 'Flood' }), aSearchDocument({ title: 'Flood' }), aSearchDocument({ title: 'Flood' }));
        expect(sorted(await found('flood', { excludeCaseStudyIds: [a.caseStudyId, c.caseStudyId] }))).toEqual([b.caseStudyId]);
        expect((await search(undefined, { excludeCaseStudyIds: [b.caseStudyId] })).totalCount).toBe(2);
      });

      describe('filters', () => {
        const orgA = randomUUID();
        const orgB = randomUUID();
        const partnership = randomUUID();
        let one: CaseStudySearchDocument;
        let two: CaseStudySearchDocument;
        let three: CaseStudySearchDocument;
        beforeEach(async () => {
          one = aSearchDocument({
            title: 'Harbour one',
            language: 'en',
            country: 'FR',
            region: 'WESTERN_EUROPE',
            sectors: ['ENERGY', 'HOUSING'],
            sdgTargets: ['11.1', '7.2'],
            organisationIds: [orgA],
            organisationTypes: ['MUNICIPALITY'],
            partnershipId: partnership,
            kpiCodes: ['EC: ICT: ICT: 1C'],
            citySize: 'LARGE',
            incomeLevel: 'HIGH',
            yearFrom: 2015,
            yearTo: 2017,
            cost: aCost(100_000, 'EUR'),
          });
          two = aSearchDocument({
            title: 'Harbour two',
            language: 'fr',
            country: 'KZ',
            region: 'CENTRAL_ASIA',
            sectors: ['WATER'],
            sdgTargets: ['6.1'],
            organisationIds: [orgA, orgB],
            organisationTypes: ['NGO', 'MUNICIPALITY'],
            kpiCodes: ['EN: W&S: WS: 1C'],
            citySize: 'SMALL',
            incomeLevel: 'UPPER_MIDDLE',
            yearFrom: 2019,
            yearTo: 2021,
            cost: aCost(1_000_000, 'USD'),
          });
          three = aSearchDocument({
            title: 'Harbour three',
            language: 'ru',
            country: 'RU',
            region: 'EASTERN_EUROPE',
            sectors: ['TRANSPORT'],
            sdgTargets: ['11.2'],
            organisationIds: [orgB],
            organisationTypes: ['COMPANY'],
            yearFrom: null,
            yearTo: null,
            cost: null,
          });
          await put(one, two, three);
        });
        const filtered = async (filter: CaseStudySearchQuery['filter'], text?: string) => sorted(await found(text ?? '', { filter }));

        it('by sector, country, region, SDG target and language, each "any of"', async () => {
          expect(await filtered({ sectors: ['ENERGY'] })).toEqual(sorted(idsOfDocs(one)));
          expect(await filtered({ sectors: ['WATER', 'TRANSPORT'] })).toEqual(sorted(idsOfDocs(two, three)));
          expect(await filtered({ countries: ['KZ'] })).toEqual(sorted(idsOfDocs(two)));
          expect(await filtered({ regions: ['WESTERN_EUROPE', 'EASTERN_EUROPE'] })).toEqual(sorted(idsOfDocs(one, three)));
          expect(await filtered({ sdgTargets: ['7.2', '11.2'] })).toEqual(sorted(idsOfDocs(one, three)));
          expect(await filtered({ languages: ['fr'] })).toEqual(sorted(idsOfDocs(two)));
          expect(await filtered({ sectors: [] })).toEqual(sorted(idsOfDocs(one, two, three)));
        });

        it('by organisation, organisation type, partnership and KPI code', async () => {
          expect(await filtered({ organisationIds: [orgA] })).toEqual(sorted(idsOfDocs(one, two)));
          expect(await filtered({ organisationIds: [orgB] })).toEqual(sorted(idsOfDocs(two, three)));
          expect(await filtered({ organisationTypes: ['MUNICIPALITY'] })).toEqual(sorted(idsOfDocs(one, two)));
          expect(await filtered({ organisationTypes: ['COMPANY'] })).toEqual(sorted(idsOfDocs(three)));
          expect(await filtered({ partnershipIds: [partnership] })).toEqual(sorted(idsOfDocs(one)));
          expect(await filtered({ kpiCodes: ['EN: W&S: WS: 1C'] })).toEqual(sorted(idsOfDocs(two)));
        });

        it('by city-size band and income level', async () => {
          expect(await filtered({ citySizes: ['SMALL', 'LARGE'] })).toEqual(sorted(idsOfDocs(one, two)));
          expect(await filtered({ incomeLevels: ['UPPER_MIDDLE'] })).toEqual(sorted(idsOfDocs(two)));
        });

        it('by year range: the period overlaps the range; documents without a period are left out', async () => {
          expect(await filtered({ years: { from: 2018, to: 2019 } })).toEqual(sorted(idsOfDocs(two)));
          expect(await filtered({ years: { from: 2017 } })).toEqual(sorted(idsOfDocs(one, two)));
          expect(await filtered({ years: { to: 2016 } })).toEqual(sorted(idsOfDocs(one)));
          expect(await filtered({ years: { from: 2022 } })).toEqual([]);
        });

        it('by cost range, converted to EUR by the static table; documents without a cost are left out', async () => {
          expect(await filtered({ cost: { min: 500_000, currency: 'EUR' } })).toEqual(sorted(idsOfDocs(two)));
          expect(await filtered({ cost: { max: 200_000, currency: 'EUR' } })).toEqual(sorted(idsOfDocs(one)));
          // 100,000 EUR is about 108,000 USD: inside a USD range that 100,000 EUR read as dollars would miss.
          expect(await filtered({ cost: { min: 105_000, max: 120_000, currency: 'USD' } })).toEqual(sorted(idsOfDocs(one)));
          expect(await filtered({ cost: { min: 0, currency: 'EUR' } })).toEqual(sorted(idsOfDocs(one, two)));
        });

        it('combines fields with AND and with the text', async () => {
          expect(await filtered({ organisationTypes: ['MUNICIPALITY'], languages: ['en'] })).toEqual(sorted(idsOfDocs(one)));
          expect(await filtered({ organisationIds: [orgB] }, 'harbour three')).toEqual(sorted(idsOfDocs(three)));
          expect(await filtered({ countries: ['FR'] }, 'harbour two')).toEqual([]);
        });
      });

      it('counts facets over every match, not only the page, highest first', async () => {
        const docs: CaseStudySearchDocument[] = [];
        for (let i = 0; i < 12; i++) {
          docs.push(
            aSearchDocument({
              title: i < 11 ? 'Community gardens' : 'Parking',
              language: i % 3 === 0 ? 'en' : i % 3 === 1 || i > 5 ? 'fr' : 'ru',
              country: i < 6 ? 'FR' : i < 9 ? 'DE' : 'KZ',
              region: i < 9 ? 'WESTERN_EUROPE' : 'CENTRAL_ASIA',
              sectors: i < 4 ? ['HOUSING', 'PUBLIC_SPACE'] : ['PUBLIC_SPACE'],
              sdgTargets: i % 2 === 0 ? ['11.7'] : ['11.7', '2.4'],
              organisationTypes: i < 3 ? ['NGO'] : [],
              citySize: i < 7 ? 'SMALL' : 'LARGE',
              incomeLevel: 'HIGH',
            }),
          );
        }
        await put(...docs);
        const allFacets: CaseStudyFacet[] = ['SECTOR', 'COUNTRY', 'REGION', 'LANGUAGE', 'SDG_TARGET', 'ORGANISATION_TYPE', 'CITY_SIZE', 'INCOME_LEVEL'];
        const result = await search('gardens', { limit: 2, facets: allFacets });
        expect(result.totalCount).toBe(11);
        expect(result.hits).toHaveLength(2);
        const counts = Object.fromEntries(result.facets.map((f) => [f.facet, f.values.map((v) => `${v.value}:${v.count}`)]));
        expect(Object.keys(counts).sort()).toEqual([...allFacets].sort());
        expect(counts.SECTOR).toEqual(['PUBLIC_SPACE:11', 'HOUSING:4']);
        expect(counts.COUNTRY).toEqual(['FR:6', 'DE:3', 'KZ:2']);
        expect(counts.REGION).toEqual(['WESTERN_EUROPE:9', 'CENTRAL_ASIA:2']);
        expect(counts.LANGUAGE).toEqual(['fr:5', 'en:4', 'ru:2']);
        expect(counts.SDG_TARGET).toEqual(['11.7:11', '2.4:5']);
        expect(counts.ORGANISATION_TYPE).toEqual(['NGO:3']);
        expect(counts.CITY_SIZE).toEqual(['SMALL:7', 'LARGE:4']);
        expect(counts.INCOME_LEVEL).toEqual(['HIGH:11']);

        const filtered = await search('gardens', { limit: 1, facets: ['COUNTRY'], filter: { regions: ['WESTERN_EUROPE'] } });
        expect(filtered.totalCount).toBe(9);
        expect(filtered.facets).toEqual([{ facet: 'COUNTRY', values: [{ value: 'FR', count: 6 }, { value: 'DE', count: 3 }] }]);
        expect((await search('gardens')).facets).toEqual([]);
      });
    });

    describe('sorting and pagination', () => {
      it('ranks a title match above a body-only match', async () => {
        const inBody = aSearchDocument({ title: 'Neighbourhood plan', body: 'The bicycle network. A bicycle map. Bicycle parking for every bicycle.' });
        const inTitle = aSearchDocument({ title: 'Bicycle network', body: 'A long description of the neighbourhood plan and its streets, squares and parks.' });
        await put(inBody, inTitle);
        expect(await found('bicycle')).toEqual(idsOfDocs(inTitle, inBody));
      });

      it('sorts by newest and by cost in EUR, documents without a cost last', async () => {
        const old = aSearchDocument({ title: 'Tram', publishedAt: '2024-03-01T00:00:00.000Z', cost: aCost(2_000_000, 'EUR') });
        const recent = aSearchDocument({ title: 'Tram', publishedAt: '2026-05-01T00:00:00.000Z', cost: null });
        const middle = aSearchDocument({ title: 'Tram', publishedAt: '2025-07-01T00:00:00.000Z', cost: aCost(1_000_000, 'GBP') });
        const cheap = aSearchDocument({ title: 'Tram', publishedAt: '2025-01-01T00:00:00.000Z', cost: aCost(50_000_000, 'RUB') });
        await put(old, recent, middle, cheap);
        expect(await found('tram', { sort: 'NEWEST' })).toEqual(idsOfDocs(recent, middle, cheap, old));
        expect(await found('', { sort: 'NEWEST' })).toEqual(idsOfDocs(recent, middle, cheap, old));
        // 50M RUB is ~0.5M EUR, 1M GBP ~1.18M EUR.
        expect(await found('tram', { sort: 'COST_ASC' })).toEqual(idsOfDocs(cheap, middle, old, recent));
        expect(await found('tram', { sort: 'COST_DESC' })).toEqual(idsOfDocs(old, middle, cheap, recent));
      });

      it('pages with offset and limit; totalCount counts every match', async () => {
        const docs = Array.from({ length: 7 }, (_, i) =>
          aSearchDocument({ title: `Library ${i}`, publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
        );
        await put(...docs);
        const pages = await Promise.all([0, 3, 6, 9].map((offset) => search('library', { sort: 'NEWEST', offset, limit: 3 })));
        expect(pages.map((page) => page.totalCount)).toEqual([7, 7, 7, 7]);
        expect(pages.map((page) => page.hits.length)).toEqual([3, 3, 1, 0]);
        expect(pages.flatMap(idsOf)).toEqual(idsOfDocs(...docs).reverse());
        const byRelevance = await Promise.all([0, 4].map((offset) => search('library', { offset, limit: 4 })));
        expect(sorted(byRelevance.flatMap(idsOf))).toEqual(sorted(idsOfDocs(...docs)));
      });
    });

    describe('highlights', () => {
      it('marks matched words (inflected forms included) in a short passage of the original text, other markup escaped', async () => {
        const filler = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
        const [document] = await put(
          aSearchDocument({
            title: 'Solar roofs for schools',
            body: `${filler} The <b>solar</b> cooperative & the school board. ${filler}`,
          }),
        );
        const [hit] = (await search('solar school')).hits;
        expect(hit.caseStudyId).toBe(document.caseStudyId);
        const byField = Object.fromEntries(hit.highlights.map((h) => [h.field, h.snippet]));
        expect(byField.title).toBe('<mark>Solar</mark> roofs for <mark>schools</mark>');
        expect(byField.body).toContain('&lt;b&gt;<mark>solar</mark>&lt;/b&gt; cooperative &amp; the <mark>school</mark> board');
        expect(byField.body.length).toBeLessThan(500);
        expect(byField.summary).toBeUndefined();
      });
    });

    describe('typos and prefixes (Meilisearch rules)', () => {
      it('finds a word of 9+ letters with up to 2 typos of each kind, not 3', async () => {
        const [document] = await put(aSearchDocument({ title: 'Renovation' }), aSearchDocument({ title: 'Something else' }));
        for (const query of ['renovation', 'renovatiom', 'renovattion', 'renvation', 'renovaiton', 'rneovaiton', 'renovatoim']) {
          expect([query, await found(query)]).toEqual([query, [document.caseStudyId]]);
        }
        for (const query of ['rneovaitno', 'xenovatoim']) expect([query, await found(query)]).toEqual([query, []]);
      });

      it('finds a word of 5 to 8 letters with 1 typo (substitution, insertion, deletion, transposition), not 2', async () => {
        const [document] = await put(aSearchDocument({ title: 'Garden' }));
        for (const query of ['garden', 'gardem', 'gardden', 'gaden', 'gadren']) expect([query, await found(query)]).toEqual([query, [document.caseStudyId]]);
        for (const query of ['gadrem', 'gxrdem']) expect([query, await found(query)]).toEqual([query, []]);
      });

      it('ranks the document holding the mistyped word as written above those holding only another form of it, even in their titles', async () => {
        const [holder] = await put(
          aSearchDocument({ language: 'en', title: 'Housing report', body: 'The renovation of the old blocks.' }),
          aSearchDocument({ language: 'en', title: 'Renovated schools', body: 'Classrooms and roofs.' }),
          aSearchDocument({ language: 'en', title: 'Renovating homes', body: 'Windows and boilers.' }),
        );
        // "renovatiom" is one typo from "renovation", three from "renovated" and "renovating" (which share its stem).
        expect((await found('renovatiom'))[0]).toBe(holder.caseStudyId);
      });

      it('allows no typo in a word of 4 letters or fewer', async () => {
        const [document] = await put(aSearchDocument({ title: 'Park' }));
        expect(await found('park')).toEqual([document.caseStudyId]);
        for (const query of ['pakr', 'pirk', 'prk', 'parc']) expect([query, await found(query)]).toEqual([query, []]);
      });

      it('takes the last query word as a prefix too, and only the last one', async () => {
        const [document] = await put(aSearchDocument({ title: 'Rehabilitation of housing' }));
        expect(await found('rehab')).toEqual([document.caseStudyId]);
        expect(await found('housing rehab')).toEqual([document.caseStudyId]);
        expect(await found('housing rehabilitat')).toEqual([document.caseStudyId]);
        expect(await found('rehab housing')).toEqual([]);
      });
    });

    describe('languages', () => {
      it('treats ё and е as one letter, both ways', async () => {
        const [green, tree] = await put(
          aSearchDocument({ language: 'ru', title: 'Зелёный двор' }),
          aSearchDocument({ language: 'ru', title: 'Новогодняя елка' }),
        );
        expect(await found('зеленый')).toEqual([green.caseStudyId]);
        expect(await found('ЗЕЛЁНЫЙ')).toEqual([green.caseStudyId]);
        expect(await found('ёлка')).toEqual([tree.caseStudyId]);
      });

      it('keeps ь and ъ inside words: they are letters, not separators', async () => {
        const [notice, phenomenon, money] = await put(
          aSearchDocument({ language: 'ru', title: 'Объявление о конкурсе' }),
          aSearchDocument({ language: 'ru', title: 'Явление природы' }),
          aSearchDocument({ language: 'ru', title: 'Деньги на ремонт' }),
        );
        expect(await found('объявление')).toEqual([notice.caseStudyId]);
        expect(await found('явление')).toEqual([phenomenon.caseStudyId]);
        expect(await found('деньги')).toEqual([money.caseStudyId]);
        const [hit] = (await search('деньги')).hits;
        expect(hit.highlights.find((h) => h.field === 'title')?.snippet).toBe('<mark>Деньги</mark> на ремонт');
        expect((await search('объявление')).hits[0].highlights.find((h) => h.field === 'title')?.snippet).toBe('<mark>Объявление</mark> о конкурсе');
      });

      it('ignores French accents (é è ê ç à) and case, both ways', async () => {
        const [school, plain] = await put(
          aSearchDocument({ language: 'fr', title: 'École rénovée', body: 'Une façade à énergie positive, des fenêtres à double vitrage, un élève très content.' }),
          aSearchDocument({ language: 'fr', title: 'Ecole du quartier', body: 'Une facade de la rue' }),
        );
        expect(await found('ecole renovee')).toEqual([school.caseStudyId]);
        expect(await found('RENOVEE fenetres eleve tres')).toEqual([school.caseStudyId]);
        expect(sorted(await found('façade'))).toEqual(sorted(idsOfDocs(school, plain)));
        expect(sorted(await found('école'))).toEqual(sorted(idsOfDocs(school, plain)));
        expect(await found('énergie')).toEqual([school.caseStudyId]);
      });

      it('finds inflected forms in English, French and Russian, together with a typo', async () => {
        const [en, fr, ru] = await put(
          aSearchDocument({ language: 'en', title: 'The city renovated its schools', body: 'Municipalities shared the costs.' }),
          aSearchDocument({ language: 'fr', title: 'Les écoles rénovées des quartiers', body: 'Les municipalités ont partagé les coûts.' }),
          aSearchDocument({ language: 'ru', title: 'Ремонт школ в городе', body: 'Муниципалитеты разделили расходы.' }),
        );
        // Another inflected form, exact, then with one typo. A word may also match in another language's
        // document (French "municipalités" is two typos from "municipality"), so each is checked as "among".
        const cases: [string, CaseStudySearchDocument][] = [
          ['municipality', en],
          ['renovation school', en],
          ['shcool', en],
          ['renovaton', en],
          ['quartier ecole', fr],
          ['municipalite', fr],
          ['quartirs', fr],
          ['ecolle', fr],
          ['школами', ru],
          ['ремонтом городах', ru],
          ['рмонтом', ru],
          ['горадах', ru],
        ];
        for (const [query, document] of cases) expect([query, (await found(query)).includes(document.caseStudyId)]).toEqual([query, true]);
        expect(await found('shcool')).toEqual([en.caseStudyId]);
        expect(await found('рмонтом')).toEqual([ru.caseStudyId]);
      });

      it('indexes a 100,000-word body whole: its last word finds it', async () => {
        const filler = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];
        const body = `${Array.from({ length: 99_999 }, (_, i) => filler[i % filler.length]).join(' ')} zanzibarquest`;
        const [long] = await put(aSearchDocument({ title: 'Long report', body }), aSearchDocument({ title: 'Short report', body: 'lorem ipsum' }));
        expect(await found('zanzibarquest')).toEqual([long.caseStudyId]);
        expect(await found('report zanzibarquest')).toEqual([long.caseStudyId]);
      });

      it('uses every word of a 20-word query: a document missing the 20th word is not an ALL match', async () => {
        const [all, nineteen] = await put(
          aSearchDocument({ title: 'Every word', body: TWENTY_WORDS.join(' ') }),
          aSearchDocument({ title: 'Nineteen words', body: TWENTY_WORDS.slice(0, 19).join(' ') }),
        );
        expect(await found(TWENTY_WORDS.join(' '))).toEqual([all.caseStudyId]);
        expect(sorted(await found(TWENTY_WORDS.slice(0, 19).join(' ')))).toEqual(sorted(idsOfDocs(all, nineteen)));
        expect(await found(TWENTY_WORDS.join(' '), { matching: 'ANY' })).toEqual(idsOfDocs(all, nineteen));
      });
    });

    describe('ANY matching', () => {
      it('ranks documents that match more query words higher, whatever field they match in', async () => {
        const three = aSearchDocument({ title: 'Plan', body: 'Solar panels and heat pumps on the school.' });
        const two = aSearchDocument({ title: 'Plan', body: 'Solar panels on the town hall.' });
        const one = aSearchDocument({ title: 'Solar', body: 'A field of them.' });
        const none = aSearchDocument({ title: 'Wind turbines' });
        await put(one, none, two, three);
        const result = await search('solar panels heat', { matching: 'ANY' });
        expect(idsOf(result)).toEqual(idsOfDocs(three, two, one));
        expect(result.totalCount).toBe(3);
        expect(await found('solar panels heat')).toEqual([three.caseStudyId]);
      });
    });

    describe('erasure', () => {
      it('removal and clear() leave no document text in the index', async () => {
        const removed = aSearchDocument({ title: 'Quixotically', body: 'Xylophonist tournament in the square.' });
        const cleared = aSearchDocument({ title: 'Zeppelinfield', body: 'Waterbusride along the canal.' });
        await index.apply([aWrite(removed, 1), aWrite(cleared, 1)]);
        await index.apply([aRemoval(removed, 2)]);
        expect(await found('quixotically')).toEqual([]);
        expect(await found('xylophon')).toEqual([]);
        if (options.storageContains) {
          expect(await options.storageContains(index, 'Zeppelinfield')).toBe(true);
          for (const text of ['Quixotically', 'quixot', 'Xylophonist', 'xylophonist']) expect([text, await options.storageContains(index, text)]).toEqual([text, false]);
        }
        await index.clear();
        expect((await search(undefined, { variants: BOTH })).totalCount).toBe(0);
        expect(await found('zeppelinfield')).toEqual([]);
        if (options.storageContains) {
          for (const text of ['Zeppelinfield', 'zeppelinfield', 'Waterbusride', 'waterbusrid']) expect([text, await options.storageContains(index, text)]).toEqual([text, false]);
        }
      });
    });

    if (options.reopen) {
      const reopen = options.reopen;
      describe('restart', () => {
        it('keeps documents and tombstones across a restart', async () => {
          const kept = aSearchDocument({ title: 'Greenhouse' });
          const removed = aSearchDocument({ title: 'Greenway' });
          await index.apply([aWrite(kept, 1), aWrite(removed, 1), aRemoval(removed, 2)]);
          index = await reopen(index);
          expect(await found('greenhouse')).toEqual([kept.caseStudyId]);
          await index.apply([aWrite(removed, 1)]);
          expect(await found('greenway')).toEqual([]);
          expect(await found('grenhouse')).toEqual([kept.caseStudyId]);
        });
      });
    }
  });
}
