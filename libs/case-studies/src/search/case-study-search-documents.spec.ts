import type { RecordedEvent } from '@sce/event-sourcing';
import type { CaseStudySearchWrite } from '@sce/search';
import { evolveSnapshot, type CaseStudySnapshot } from '../domain/case-study';
import type { CaseStudyEvent } from '../domain/case-study.events';
import { aContent } from '../testing/case-study-content.fixture';
import { caseStudySearchWrites } from './case-study-search-documents';

const caseStudyId = 'cs-1';
const types = new Map([
  ['city', 'MUNICIPALITY'],
  ['partner-org', 'NGO'],
]);
const data = <T extends CaseStudyEvent['type']>(type: T, rest: Omit<Extract<CaseStudyEvent, { type: T }>['data'], 'caseStudyId'>) => ({ type, data: { caseStudyId, ...rest } });
const drafted = data('CaseStudyDrafted', { organisationId: 'city', draftedBy: 'author', content: aContent() });
const submitted = data('CaseStudySubmitted', {});
const approved = data('CaseStudyApproved', { reviewedBy: 'rev', comments: [] });
const revised = data('CaseStudyRevised', { revisedBy: 'author', changes: { title: 'Retrofit, two winters on' }, changeNote: 'Newer figures' });
const sentBack = data('CaseStudyChangesRequested', { reviewedBy: 'rev', comments: [{ field: null, comment: 'Sources?' }] });
const archived = data('CaseStudyArchived', { reason: 'Superseded' });

/** Recorded one day apart, so each variant's date tells which event it comes from. */
function fold(events: { type: string; data: object }[]): CaseStudySnapshot {
  const recorded = events.map(
    (event, revision) =>
      ({ ...event, streamRevision: revision, streamId: `case-study-${caseStudyId}`, metadata: { actorId: 'x', correlationId: 'c', causationId: null, occurredAt: `2026-01-${String(revision + 1).padStart(2, '0')}T00:00:00.000Z` } }) as unknown as RecordedEvent,
  );
  return recorded.reduce<CaseStudySnapshot | null>(evolveSnapshot, null)!;
}
const variants = (writes: CaseStudySearchWrite[]) => Object.fromEntries(writes.map((write) => [write.key.variant, write.document && { title: write.document.title, at: write.document.publishedAt, revision: write.revision }]));

describe('Search writes of a case study', () => {
  it('indexes nothing of a draft: both variants are removed', () => expect(variants(caseStudySearchWrites(fold([drafted]), types))).toEqual({ PUBLISHED: null, IN_REVIEW: null }));

  it('indexes a submission as IN_REVIEW only, dated when it was submitted', () =>
    expect(variants(caseStudySearchWrites(fold([drafted, submitted]), types))).toEqual({ PUBLISHED: null, IN_REVIEW: { title: aContent().title, at: '2026-01-02T00:00:00.000Z', revision: 1 } }));

  it('replaces IN_REVIEW by PUBLISHED on approval', () => {
    const writes = caseStudySearchWrites(fold([drafted, submitted, approved]), types);
    expect(writes.map((write) => [write.key, write.revision, write.document === null])).toEqual([
      [{ caseStudyId, variant: 'PUBLISHED' }, 2, false],
      [{ caseStudyId, variant: 'IN_REVIEW' }, 2, true],
    ]);
    expect(variants(writes).PUBLISHED).toEqual({ title: aContent().title, at: '2026-01-03T00:00:00.000Z', revision: 2 });
  });

  it('keeps the published text while a revision is under review, and when it is sent back', () => {
    expect(variants(caseStudySearchWrites(fold([drafted, submitted, approved, revised, submitted]), types))).toEqual({
      PUBLISHED: { title: aContent().title, at: '2026-01-03T00:00:00.000Z', revision: 4 },
      IN_REVIEW: { title: 'Retrofit, two winters on', at: '2026-01-05T00:00:00.000Z', revision: 4 },
    });
    expect(variants(caseStudySearchWrites(fold([drafted, submitted, approved, revised, submitted, sentBack]), types))).toMatchObject({ PUBLISHED: { title: aContent().title }, IN_REVIEW: null });
  });

  it('publishes the revision on its approval, and removes both on archive', () => {
    expect(variants(caseStudySearchWrites(fold([drafted, submitted, approved, revised, submitted, approved]), types))).toMatchObject({ PUBLISHED: { title: 'Retrofit, two winters on' }, IN_REVIEW: null });
    expect(variants(caseStudySearchWrites(fold([drafted, submitted, approved, archived]), types))).toEqual({ PUBLISHED: null, IN_REVIEW: null });
  });

  it('fills the document from the content: region, types, KPI codes, cost in major units and euros, the narrative as text, and no account id', () => {
    const [published] = caseStudySearchWrites(fold([drafted, submitted, approved, data('CaseStudyLinkedToPartnership', { partnershipId: 'p-1' })]), types);
    expect(published.document).toMatchObject({
      language: 'en',
      country: 'GE',
      region: 'CAUCASUS',
      sectors: ['HOUSING', 'ENERGY'],
      sdgTargets: ['11.1', '7.3'],
      organisationIds: ['city', 'partner-org'],
      organisationTypes: ['MUNICIPALITY', 'NGO'],
      partnershipId: 'p-1',
      kpiCodes: ['EN: E: E: 1C'],
      citySize: 'METROPOLITAN',
      incomeLevel: 'UPPER_MIDDLE',
      yearFrom: 2019,
      yearTo: 2023,
      cost: { amount: 12500000, currency: 'EUR', amountInEur: 12500000 },
    });
    for (const text of ['Cold flats', 'Revolving fund', 'Split incentives', 'Start small', 'Heat demand down', 'Owners need a single contact', 'Owners associations exist']) expect(published.document!.narrative).toContain(text);
    expect(JSON.stringify(published.document)).not.toMatch(/author|"rev"/);
  });
});
