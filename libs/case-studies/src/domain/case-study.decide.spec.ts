import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import type { CaseStudyContent } from './case-study-content';
import { aContent } from '../testing/case-study-content.fixture';
import type { CaseStudyCommand, Reviewer } from './case-study.commands';
import { caseStudyDecider } from './case-study.decide';
import { CaseStudyErrorCode } from './case-study.errors';
import type { CaseStudyEvent } from './case-study.events';
import { evolveCaseStudy, initialCaseStudy, statusOf, type ExistingCaseStudy } from './case-study';

const spec = deciderSpecification(caseStudyDecider);
const caseStudyId = 'cs-1';
const at = (actorId: string, extra: object = {}) => ({ now: new Date('2026-11-30T09:00:00Z'), actorId, correlationId: 'c-1', ...extra });


const command = <T extends CaseStudyCommand['type']>(type: T, data: Omit<Extract<CaseStudyCommand, { type: T }>['data'], 'caseStudyId'>, actorId = 'author') =>
  ({ type, data: { caseStudyId, ...data }, metadata: at(actorId) }) as unknown as Extract<CaseStudyCommand, { type: T }>;
const event = <T extends CaseStudyEvent['type']>(type: T, data: Omit<Extract<CaseStudyEvent, { type: T }>['data'], 'caseStudyId'>) =>
  ({ type, data: { caseStudyId, ...data } }) as unknown as Extract<CaseStudyEvent, { type: T }>;

const reviewer: Reviewer = { roles: ['REVIEWER'], memberOf: [] };
const drafted = event('CaseStudyDrafted', { organisationId: 'city', draftedBy: 'author', content: aContent() });
const revised = event('CaseStudyRevised', { revisedBy: 'editor', changes: { title: 'Retrofit of 40 blocks' }, changeNote: 'Shorter title' });
const submitted = event('CaseStudySubmitted', {});
const changesRequested = event('CaseStudyChangesRequested', { reviewedBy: 'rev', comments: [{ field: 'outcomes[0]', comment: 'Which year is the baseline?' }] });
const approved = event('CaseStudyApproved', { reviewedBy: 'rev', comments: [] });
const archived = event('CaseStudyArchived', { reason: 'Superseded by a newer study' });
const published = [drafted, submitted, approved];

const approve = (actorId = 'rev', who: Reviewer = reviewer) => command('ReviewCaseStudy', { decision: 'APPROVE', comments: [], reviewer: who }, actorId);
const requestChanges = (comments = [{ field: 'title' as string | null, comment: 'Too long' }], actorId = 'rev') => command('ReviewCaseStudy', { decision: 'REQUEST_CHANGES', comments, reviewer }, actorId);
const revise = (changes: Partial<CaseStudyContent>, changeNote = 'Fix', actorId = 'author') => command('ReviseCaseStudy', { changes, changeNote }, actorId);
const fold = (events: CaseStudyEvent[]) => events.reduce(evolveCaseStudy, initialCaseStudy()) as ExistingCaseStudy;

describe('Case study', () => {
  describe('when not yet drafted', () => {
    it('is drafted for an organisation, with the author recorded', () =>
      spec.given([]).when(command('DraftCaseStudy', { organisationId: 'city', content: aContent() })).then([drafted]));

    it('stores codes in their one spelling: country, SDG targets, KPI codes, currency, language; lists without repeats', () =>
      spec
        .given([])
        .when(
          command('DraftCaseStudy', {
            organisationId: 'city',
            content: aContent({
              country: ' ge',
              sdgTargets: ['11.1', ' 7.3 ', '11.1'],
              sectors: ['HOUSING', 'ENERGY', 'HOUSING'],
              outcomes: [{ description: 'Heat demand down', indicator: { kpiCode: 'en:e:e: 1c', name: null, unit: 'kWh/m2', baseline: 210, achieved: 115, year: 2023 } }],
              cost: { amount: 1250000000, currency: 'eur' },
              language: 'EN',
            }),
          }),
        )
        .then([drafted]));

    it.each([
      ['a blank title', { title: '  ' }, 'title'],
      ['a blank body', { body: '\n' }, 'body'],
      ['an unassigned country', { country: 'XX' }, 'country'],
      ['no sector', { sectors: [] }, 'sectors'],
      ['an SDG goal beyond 17', { sdgTargets: ['18.1'] }, 'sdgTargets[0]'],
      ['an SDG target with a letter past c', { sdgTargets: ['11.1', '11.z'] }, 'sdgTargets[1]'],
      ['an SDG code that is a sentence', { sdgTargets: ['sustainable cities'] }, 'sdgTargets[0]'],
      ['a latitude off the globe', { coordinates: { latitude: 91, longitude: 0 } }, 'coordinates.latitude'],
      ['a period ending before it starts', { period: { fromYear: 2020, toYear: 2019 } }, 'period.toYear'],
      ['a currency that is not ISO 4217', { cost: { amount: 100, currency: 'EURO' } }, 'cost.currency'],
      ['a cost in fractions of a cent', { cost: { amount: 10.5, currency: 'EUR' } }, 'cost.amount'],
      ['a language that is not BCP 47', { language: 'english!' }, 'language'],
      ['a blank building block title', { buildingBlocks: [{ ...aContent().buildingBlocks[0], title: ' ' }] }, 'buildingBlocks[0].title'],
      ['a facet that is not a code', { buildingBlocks: [{ ...aContent().buildingBlocks[0], facets: [{ facet: 'Instrument Type', value: 'x' }] }] }, 'buildingBlocks[0].facets[0]'],
      ['a KPI code off the U4SSC scheme', { outcomes: [{ description: 'x', indicator: { kpiCode: 'EN: E: E: 1B', name: null, unit: null, baseline: null, achieved: null, year: null } }] }, 'outcomes[0].indicator.kpiCode'],
      ['an indicator with both a KPI code and a name', { outcomes: [{ description: 'x', indicator: { kpiCode: 'EN: E: E: 1C', name: 'Heat', unit: null, baseline: null, achieved: null, year: null } }] }, 'outcomes[0].indicator'],
      ['an indicator with neither', { outcomes: [{ description: 'x', indicator: { kpiCode: null, name: null, unit: null, baseline: null, achieved: null, year: null } }] }, 'outcomes[0].indicator'],
      ['a blank narrative part', { narrative: { ...aContent().narrative, process: ' ' } }, 'narrative.process'],
    ])('refuses %s, naming the field', (_, change, field) =>
      spec
        .given([])
        .when(command('DraftCaseStudy', { organisationId: 'city', content: aContent(change as Partial<CaseStudyContent>) }))
        .thenFailsWith(CaseStudyErrorCode.InvalidContent, (error) => expect(error.details).toEqual({ caseStudyId, field })));

    it.each([
      revise({ title: 'x' }),
      command('SubmitCaseStudy', {}),
      approve(),
      command('ArchiveCaseStudy', { reason: 'x' }),
      command('LinkCaseStudyToPartnership', { partnershipId: 'p-1' }),
    ])('refuses %p as not found', (cmd) => spec.given([]).when(cmd).thenFailsWith(CaseStudyErrorCode.NotFound));
  });

  describe('as a draft', () => {
    it('cannot be drafted twice', () => spec.given([drafted]).when(command('DraftCaseStudy', { organisationId: 'city', content: aContent() })).thenFailsWith(CaseStudyErrorCode.AlreadyDrafted));

    it('records only the fields that really change, with the change note and who revised it', () => {
      spec.given([drafted]).when(revise({ title: 'Retrofit of 40 blocks', city: 'Tbilisi', country: 'ge' }, 'Shorter title', 'editor')).then([revised]);
      spec.given([drafted]).when(revise({ city: 'Tbilisi' })).thenNothingHappens();
    });

    it('checks a revision as a whole content: no sector left is refused', () =>
      spec.given([drafted]).when(revise({ sectors: [] })).thenFailsWith(CaseStudyErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'sectors' })));

    it('refuses a blank change note', () => spec.given([drafted]).when(revise({ title: 'New' }, '  ')).thenFailsWith(CaseStudyErrorCode.InvalidContent));

    it('is submitted', () => spec.given([drafted]).when(command('SubmitCaseStudy', {})).then([submitted]));

    it.each([
      ['reviewed', approve()],
      ['archived', command('ArchiveCaseStudy', { reason: 'old' })],
    ])('cannot be %s', (_, cmd) => spec.given([drafted]).when(cmd).thenFailsWith(CaseStudyErrorCode.WrongStatus));

    it('is linked to a partnership once', () => {
      spec.given([drafted]).when(command('LinkCaseStudyToPartnership', { partnershipId: 'p-1' })).then([event('CaseStudyLinkedToPartnership', { partnershipId: 'p-1' })]);
      spec.given([drafted, event('CaseStudyLinkedToPartnership', { partnershipId: 'p-1' })]).when(command('LinkCaseStudyToPartnership', { partnershipId: 'p-1' })).thenNothingHappens();
    });
  });

  describe('when submitted', () => {
    const inReview = [drafted, submitted];

    it('is approved by a REVIEWER, which publishes it', () => {
      spec.given(inReview).when(approve()).then([approved]);
      expect(statusOf(fold([...inReview, approved]))).toBe('PUBLISHED');
    });

    it('gets changes requested, with comments anchored to fields', () => spec.given(inReview).when(requestChanges([{ field: 'outcomes[0]', comment: 'Which year is the baseline?' }])).then([changesRequested]));

    it('needs at least one comment to request changes', () => spec.given(inReview).when(requestChanges([])).thenFailsWith(CaseStudyErrorCode.InvalidReview));

    it('refuses a comment anchored to a field the case study does not have', () =>
      spec.given(inReview).when(requestChanges([{ field: 'colour', comment: 'Nicer' }])).thenFailsWith(CaseStudyErrorCode.InvalidReview, (error) => expect(error.details).toMatchObject({ field: 'comments[0].field' })));

    it.each([
      ['revised', revise({ title: 'Sneaky' })],
      ['submitted again', command('SubmitCaseStudy', {})],
      ['archived', command('ArchiveCaseStudy', { reason: 'old' })],
    ])('cannot be %s while under review', (_, cmd) => spec.given(inReview).when(cmd).thenFailsWith(CaseStudyErrorCode.WrongStatus));

    describe('four eyes', () => {
      it('refuses a reviewer without the REVIEWER role (an admin included)', () =>
        spec.given(inReview).when(approve('admin', { roles: ['ADMIN'], memberOf: [] })).thenFailsWith(CaseStudyErrorCode.ReviewerRoleRequired));

      it('refuses a reviewer who belongs to the organisation of the case study', () =>
        spec.given(inReview).when(approve('rev', { roles: ['REVIEWER'], memberOf: ['city'] })).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnOrganisation, (error) => expect(error.details).toMatchObject({ organisationId: 'city' })));

      it('refuses a reviewer who belongs to an organisation involved in it', () =>
        spec.given(inReview).when(approve('rev', { roles: ['REVIEWER'], memberOf: ['partner-org'] })).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnOrganisation));

      it('refuses the reviewer who drafted it', () => spec.given(inReview).when(approve('author')).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnWork));

      it('refuses a reviewer who revised it, even long before', () =>
        spec.given([drafted, revised, submitted]).when(approve('editor')).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnWork));

      it('refuses a review through an API key', () =>
        spec.given(inReview).when({ ...approve(), metadata: at('rev', { apiKeyId: 'key-1' }) }).thenFailsWith(CaseStudyErrorCode.ReviewerMustBePerson));

      it('refuses requests for changes by the same rules', () => spec.given(inReview).when(requestChanges(undefined, 'author')).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnWork));
    });
  });

  describe('when changes were requested', () => {
    const sentBack = [drafted, submitted, changesRequested];

    it('cannot be resubmitted before it is revised, nor reviewed', () => {
      spec.given(sentBack).when(command('SubmitCaseStudy', {})).thenFailsWith(CaseStudyErrorCode.WrongStatus);
      spec.given(sentBack).when(approve()).thenFailsWith(CaseStudyErrorCode.WrongStatus);
    });

    it('is revised back to a draft, then submitted and approved', () => {
      const answer = event('CaseStudyRevised', { revisedBy: 'author', changes: { title: 'Retrofit' }, changeNote: 'As asked' });
      spec.given(sentBack).when(revise({ title: 'Retrofit' }, 'As asked')).then([answer]);
      expect(statusOf(fold([...sentBack, answer]))).toBe('DRAFT');
      spec.given([...sentBack, answer]).when(command('SubmitCaseStudy', {})).then([submitted]);
      spec.given([...sentBack, answer, submitted]).when(approve()).then([approved]);
      expect(fold([...sentBack, answer, submitted, approved])).toMatchObject({ status: 'PUBLISHED', working: null, published: { title: 'Retrofit' } });
    });
  });

  describe('when published', () => {
    it('opens a working revision, while the published text stays', () => {
      spec.given(published).when(revise({ title: 'Retrofit of 40 blocks' }, 'Shorter title', 'editor')).then([revised]);
      const state = fold([...published, revised]);
      expect(state).toMatchObject({ status: 'PUBLISHED', published: { title: aContent().title }, working: { stage: 'DRAFT', content: { title: 'Retrofit of 40 blocks' } } });
    });

    it('keeps the published text while the revision is under review or sent back, and replaces it on approval', () => {
      const history = [...published, revised, submitted];
      expect(fold(history)).toMatchObject({ status: 'PUBLISHED', published: { title: aContent().title }, working: { stage: 'SUBMITTED' } });
      expect(fold([...history, changesRequested])).toMatchObject({ published: { title: aContent().title }, working: { stage: 'CHANGES_REQUESTED' } });
      spec.given(history).when(approve('rev2')).then([event('CaseStudyApproved', { reviewedBy: 'rev2', comments: [] })]);
      expect(fold([...history, approved])).toMatchObject({ status: 'PUBLISHED', published: { title: 'Retrofit of 40 blocks' }, working: null });
    });

    it('refuses the reviser of the revision as its reviewer', () => spec.given([...published, revised, submitted]).when(approve('editor')).thenFailsWith(CaseStudyErrorCode.ReviewOfOwnWork));

    it('cannot be submitted or reviewed without a working revision', () => {
      spec.given(published).when(command('SubmitCaseStudy', {})).thenFailsWith(CaseStudyErrorCode.WrongStatus);
      spec.given(published).when(approve()).thenFailsWith(CaseStudyErrorCode.WrongStatus);
    });

    it('is archived with a reason, dropping any working revision', () => {
      spec.given([...published, revised]).when(command('ArchiveCaseStudy', { reason: 'Superseded by a newer study' })).then([archived]);
      spec.given(published).when(command('ArchiveCaseStudy', { reason: ' ' })).thenFailsWith(CaseStudyErrorCode.InvalidContent);
      expect(fold([...published, revised, archived])).toMatchObject({ status: 'ARCHIVED', working: null });
    });
  });

  describe('when archived', () => {
    const gone = [...published, archived];
    it.each([
      ['revised', revise({ title: 'Back' })],
      ['submitted', command('SubmitCaseStudy', {})],
      ['reviewed', approve()],
      ['archived again', command('ArchiveCaseStudy', { reason: 'again' })],
      ['linked', command('LinkCaseStudyToPartnership', { partnershipId: 'p-2' })],
    ])('cannot be %s', (_, cmd) => spec.given(gone).when(cmd).thenFailsWith(CaseStudyErrorCode.WrongStatus));
  });
});

describe('Case study import (the operator\'s CLI)', () => {
  const importCommand = (metadata: object = {}) =>
    ({ type: 'ImportPublishedCaseStudy', data: { caseStudyId, organisationId: 'city', content: aContent() }, metadata: { ...at('x'), actorId: null, ...metadata } }) as CaseStudyCommand;
  const imported = [event('CaseStudyDrafted', { organisationId: 'city', draftedBy: 'system:import', content: aContent() }), event('CaseStudyApproved', { reviewedBy: 'system:import', comments: [] })];

  it('publishes at once, drafted and approved by the import actor', () => spec.given([]).when(importCommand()).then(imported));

  it('leaves the imported case study PUBLISHED', () => expect(statusOf(fold(imported))).toBe('PUBLISHED'));

  it('refuses an id that exists already (the import skips it as already imported)', () => spec.given(imported).when(importCommand()).thenFailsWith(CaseStudyErrorCode.AlreadyDrafted));

  it('refuses invalid content like a draft', () =>
    spec
      .given([])
      .when({ ...importCommand(), data: { caseStudyId, organisationId: 'city', content: aContent({ title: ' ' }) } } as CaseStudyCommand)
      .thenFailsWith(CaseStudyErrorCode.InvalidContent));

  it.each([[{ actorId: 'someone' }], [{ actorId: null, apiKeyId: 'key-1' }]])('is not open to people or API keys (%p): they go through four-eyes review', (metadata) =>
    spec.given([]).when(importCommand(metadata)).thenFailsWith(CaseStudyErrorCode.ReviewerRoleRequired));
});
