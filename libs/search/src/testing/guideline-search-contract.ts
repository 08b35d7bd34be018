import { randomUUID } from 'node:crypto';
import type { GuidelineSearchDocument, GuidelineSearchIndex, GuidelineSearchQuery, GuidelineSearchResult, GuidelineSearchViewer, GuidelineSearchWrite } from '../guideline-search.port';
import { PUBLIC_VIEWER } from '../guideline-search.port';

/** A guideline search document with neutral defaults; tests name only what they look at. */
export function aGuidelineDocument(overrides: Partial<GuidelineSearchDocument> = {}): GuidelineSearchDocument {
  return {
    guidelineId: randomUUID(),
    variant: 'PUBLISHED',
    textRevision: 1,
    language: 'en',
    title: 'Untitled guideline',
    summary: '',
    headings: ['Scope'],
    sections: '',
    sectors: ['HOUSING'],
    status: 'PUBLISHED',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The working text of a document: same guideline, variant WORKING. */
export const workingOf = (document: GuidelineSearchDocument, overrides: Partial<GuidelineSearchDocument> = {}): GuidelineSearchDocument => ({ ...document, variant: 'WORKING', ...overrides });

export const aGuidelineWrite = (document: GuidelineSearchDocument, revision = 1): GuidelineSearchWrite => ({ key: { guidelineId: document.guidelineId, variant: document.variant }, revision, document });

export interface GuidelineSearchContractOptions {
  /** Whether any stored byte of the index still contains `text` (see the case-study contract). */
  storageContains?(index: GuidelineSearchIndex, text: string): Promise<boolean>;
  destroy?(): Promise<void>;
}

const REVIEWER: GuidelineSearchViewer = { seesAllWorking: true, workingOf: [] };
const authorOf = (...documents: GuidelineSearchDocument[]): GuidelineSearchViewer => ({ seesAllWorking: false, workingOf: documents.map((d) => d.guidelineId) });

/**
 * The behaviour of every guideline search adapter (each case-study engine in a store of its own). Visibility
 * is the engine's: hits, totals and facet counts never include a text the viewer may not see.
 */
export function testGuidelineSearchContract(adapterName: string, openIndex: () => Promise<GuidelineSearchIndex>, options: GuidelineSearchContractOptions = {}): void {
  describe(`GuidelineSearchIndex contract: ${adapterName}`, () => {
    let index: GuidelineSearchIndex;
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

    const put = async (...documents: GuidelineSearchDocument[]) => {
      await index.apply(documents.map((document) => aGuidelineWrite(document)));
      return documents;
    };
    const search = (text: string | undefined, query: Partial<GuidelineSearchQuery> = {}): Promise<GuidelineSearchResult> =>
      index.search({ text, viewer: PUBLIC_VIEWER, offset: 0, limit: 20, ...query });
    const keysOf = (result: GuidelineSearchResult) => result.hits.map((hit) => `${hit.guidelineId}/${hit.variant}`).sort();
    const key = (document: GuidelineSearchDocument) => `${document.guidelineId}/${document.variant}`;
    const keys = (...documents: GuidelineSearchDocument[]) => documents.map(key).sort();

    it('stores a document and gives it back by key, headings and all; a newer revision replaces it, an older one does not', async () => {
      const document = aGuidelineDocument({ title: 'Heat networks', headings: ['Scope', 'Tariffs and  metering'], sections: 'First body.\n\nSecond body.', textRevision: 4 });
      await index.apply([aGuidelineWrite(document, 5)]);
      expect(await index.get({ guidelineId: document.guidelineId, variant: 'PUBLISHED' })).toEqual({ ...document, headings: ['Scope', 'Tariffs and metering'] });
      expect(await index.get({ guidelineId: document.guidelineId, variant: 'WORKING' })).toBeUndefined();
      await index.apply([aGuidelineWrite({ ...document, title: 'District cooling' }, 4)]);
      expect((await index.get({ guidelineId: document.guidelineId, variant: 'PUBLISHED' }))?.title).toBe('Heat networks');
      await index.apply([aGuidelineWrite({ ...document, title: 'District cooling' }, 6)]);
      expect(keysOf(await search('cooling'))).toEqual(keys(document));
      expect((await search('heat')).totalCount).toBe(0);
    });

    it('finds a guideline by a word of its title, summary, a heading or a section body, typos and inflections included, with snippets naming the field', async () => {
      const [document] = await put(
        aGuidelineDocument({ title: 'Public lighting', summary: 'Dimming street lamps at night', headings: ['Procurement of luminaires'], sections: 'Municipalities should retrofit sodium lamps with adaptive controllers.' }),
        aGuidelineDocument({ title: 'Cycling lanes' }),
      );
      for (const text of ['lighting', 'dimming', 'luminaires', 'controllers', 'contrllers', 'retrofitted', 'municipality']) expect(keysOf(await search(text))).toEqual(keys(document));
      const heading = await search('procurement');
      expect(heading.hits[0].highlights).toContainEqual({ field: 'headings', snippet: '<mark>Procurement</mark> of luminaires' });
      const body = await search('adaptive');
      expect(body.hits[0].highlights.map((highlight) => highlight.field)).toEqual(['sections']);
      expect(body.hits[0].highlights[0].snippet).toContain('<mark>adaptive</mark>');
    });

    it('shows the public the published text only: a working text and a guideline never published are not found, nor counted', async () => {
      const published = aGuidelineDocument({ title: 'Flood barriers', sectors: ['WATER'] });
      const edited = workingOf(published, { title: 'Flood barriers and pumps', status: 'PUBLISHED', sectors: ['WATER'] });
      const draft = aGuidelineDocument({ variant: 'WORKING', title: 'Flood pumps', status: 'DRAFT', sectors: ['ENERGY'] });
      await put(published, edited, draft);
      const flood = await search('flood', { facets: ['SECTOR', 'STATUS'] });
      expect(keysOf(flood)).toEqual(keys(published));
      expect(flood.totalCount).toBe(1);
      expect(flood.facets).toEqual([
        { facet: 'SECTOR', values: [{ value: 'WATER', count: 1 }] },
        { facet: 'STATUS', values: [{ value: 'PUBLISHED', count: 1 }] },
      ]);
      expect((await search('pumps')).totalCount).toBe(0);
    });

    it("shows an author the working text of their own guidelines in place of the published one, and others' published text", async () => {
      const mine = aGuidelineDocument({ title: 'Flood barriers' });
      const mineWorking = workingOf(mine, { title: 'Flood barriers and pumps' });
      const myDraft = aGuidelineDocument({ variant: 'WORKING', title: 'Flood sirens', status: 'DRAFT' });
      const theirs = aGuidelineDocument({ title: 'Flood maps' });
      const theirsWorking = workingOf(theirs, { title: 'Flood maps and pumps' });
      const theirDraft = aGuidelineDocument({ variant: 'WORKING', title: 'Flood drills', status: 'DRAFT' });
      await put(mine, mineWorking, myDraft, theirs, theirsWorking, theirDraft);
      const viewer = authorOf(mine, myDraft);
      const flood = await search('flood', { viewer, facets: ['STATUS'] });
      expect(keysOf(flood)).toEqual(keys(mineWorking, myDraft, theirs));
      expect(flood.totalCount).toBe(3);
      expect(flood.facets).toEqual([{ facet: 'STATUS', values: [{ value: 'PUBLISHED', count: 2 }, { value: 'DRAFT', count: 1 }] }]);
      expect(keysOf(await search('pumps', { viewer }))).toEqual(keys(mineWorking));
      expect((await search('drills', { viewer })).totalCount).toBe(0);
      // Reviewers and admins: every working text, each guideline once.
      expect(keysOf(await search('flood', { viewer: REVIEWER }))).toEqual(keys(mineWorking, myDraft, theirsWorking, theirDraft));
    });

    it('filters by sector, status and language (any of a list, AND across fields) and counts facets over every visible match', async () => {
      const docs = await put(
        aGuidelineDocument({ title: 'Energy audit', sectors: ['ENERGY', 'HOUSING'], status: 'PUBLISHED', language: 'en' }),
        aGuidelineDocument({ title: 'Energy retrofit', sectors: ['ENERGY'], status: 'WITHDRAWN', language: 'en' }),
        aGuidelineDocument({ title: 'Énergie solaire', summary: 'energy', sectors: ['ENERGY'], status: 'PUBLISHED', language: 'fr' }),
        aGuidelineDocument({ title: 'Energy poverty', sectors: ['SOCIAL_INCLUSION'], status: 'SUPERSEDED', language: 'en' }),
      );
      const [audit, retrofit, solaire, poverty] = docs;
      expect(keysOf(await search('energy', { filter: { sectors: ['ENERGY'] } }))).toEqual(keys(audit, retrofit, solaire));
      expect(keysOf(await search('energy', { filter: { statuses: ['WITHDRAWN', 'SUPERSEDED'] } }))).toEqual(keys(retrofit, poverty));
      expect(keysOf(await search('energy', { filter: { languages: ['fr'] } }))).toEqual(keys(solaire));
      expect(keysOf(await search('energy', { filter: { sectors: ['ENERGY'], statuses: ['PUBLISHED'], languages: ['en'] } }))).toEqual(keys(audit));
      const counted = await search('energy', { facets: ['SECTOR', 'STATUS', 'LANGUAGE'], limit: 1 });
      expect(counted.totalCount).toBe(4);
      expect(counted.hits).toHaveLength(1);
      expect(counted.facets).toEqual([
        { facet: 'SECTOR', values: [{ value: 'ENERGY', count: 3 }, { value: 'HOUSING', count: 1 }, { value: 'SOCIAL_INCLUSION', count: 1 }] },
        { facet: 'STATUS', values: [{ value: 'PUBLISHED', count: 2 }, { value: 'SUPERSEDED', count: 1 }, { value: 'WITHDRAWN', count: 1 }] },
        { facet: 'LANGUAGE', values: [{ value: 'en', count: 3 }, { value: 'fr', count: 1 }] },
      ]);
    });

    it('pages with offset and limit, sorts NEWEST by updatedAt, and lists everything visible without text', async () => {
      const docs = await put(
        ...[3, 1, 4, 2].map((day) => aGuidelineDocument({ title: `Parking policy ${day}`, updatedAt: `2026-02-0${day}T00:00:00.000Z` })),
      );
      const newest = [...docs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((d) => d.guidelineId);
      const first = await search('parking', { sort: 'NEWEST', limit: 2 });
      const second = await search('parking', { sort: 'NEWEST', offset: 2, limit: 2 });
      expect([...first.hits, ...second.hits].map((hit) => hit.guidelineId)).toEqual(newest);
      expect(first.totalCount).toBe(4);
      expect((await search(undefined)).totalCount).toBe(4);
    });

    it('removes a document with a tombstone that an older write cannot undo, and clear() leaves nothing', async () => {
      const document = aGuidelineDocument({ title: 'Noise mapping', sections: 'Quietzoneword appears only here.' });
      await index.apply([aGuidelineWrite(document, 3)]);
      await index.apply([{ key: { guidelineId: document.guidelineId, variant: 'PUBLISHED' }, revision: 4, document: null }]);
      await index.apply([aGuidelineWrite(document, 3)]);
      expect(await index.get({ guidelineId: document.guidelineId, variant: 'PUBLISHED' })).toBeUndefined();
      expect((await search('noise')).totalCount).toBe(0);
      await put(aGuidelineDocument({ title: 'Noise barriers', sections: 'Quietzoneword again.' }));
      await index.clear();
      expect((await search(undefined, { viewer: REVIEWER })).totalCount + (await search(undefined)).totalCount).toBe(0);
      if (options.storageContains) expect(await options.storageContains(index, 'Quietzoneword')).toBe(false);
    });
  });
}
