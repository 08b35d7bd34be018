import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { ARCHIVE_CASE_STUDY, CONTENT_FIELDS, DRAFT_CASE_STUDY, GET_CASE_STUDY, LINK_CASE_STUDY, REVIEW_CASE_STUDY, REVISE_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './support/case-studies.graphql';
import { codesOf, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

type Client = Pick<TestApp, 'graphql'>;

const ANONYMOUS_PATHS = `query($id: ID!, $o: ID!) {
  caseStudy(id: $id) { id published { title } }
  caseStudies(first: 100) { totalCount edges { node { id published { title } } } }
  organisation(id: $o) { caseStudies(first: 100) { totalCount edges { node { id } } } }
}`;
const HISTORY = `query($id: ID!) { caseStudy(id: $id) { history(first: 100) { totalCount edges { node { type revision changeNote fields } } } } }`;
const REVISIONS = `query($id: ID!) { caseStudy(id: $id) { revisions(first: 100) { totalCount edges { node { revision type changeNote changedFields publishedAt content { title } } } } } }`;
const DIFF = `query($id: ID!, $from: Int!, $to: Int!) { caseStudy(id: $id) { diff(fromRevision: $from, toRevision: $to) { changes { field kind before after words { kind text } items { kind value } } } } }`;
const WORKING = `query($id: ID!) { caseStudy(id: $id) { status workingDraft { stage comments { field comment } content { title summary } } } }`;
const QUEUE = `{ reviewQueue(first: 100) { totalCount edges { node { id } } } }`;

describeEachProfile('Case studies: draft, review, publish, revise, archive (HTTP)', (profile) => {
  let api: TestApp;
  let owner: Client;
  let editor: Client;
  let reviewer: Client;
  let memberReviewer: Client;
  let outsider: Client;
  let organisationId: string;
  let otherOrganisationId: string;

  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const draft = async (overrides: Record<string, unknown> = {}) => ok(await owner.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId, overrides) })).draftCaseStudy.caseStudy;
  const approveNew = async (overrides: Record<string, unknown> = {}) => {
    const caseStudy = await draft(overrides);
    ok(await owner.graphql(SUBMIT_CASE_STUDY, { id: caseStudy.id }));
    return ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: caseStudy.id, decision: 'APPROVE' } })).reviewCaseStudy.caseStudy;
  };
  const anonymousSees = async (id: string) => {
    const data = ok(await api.graphql(ANONYMOUS_PATHS, { id, o: organisationId }));
    return {
      lookup: data.caseStudy,
      list: data.caseStudies.edges.some((edge: any) => edge.node.id === id),
      organisationField: data.organisation.caseStudies.edges.some((edge: any) => edge.node.id === id),
    };
  };

  beforeAll(async () => {
    api = await startTestApp(profile);
    const account = async (name: string, roles: ('REVIEWER' | 'ADMIN')[] = []) => {
      const { accountId, token } = await createAccount(api, name, roles);
      return { accountId, client: api.as(token) };
    };
    const ownerAccount = await account('Case owner');
    const editorAccount = await account('Case editor');
    const memberReviewerAccount = await account('Reviewer in the organisation', ['REVIEWER']);
    owner = ownerAccount.client;
    editor = editorAccount.client;
    reviewer = (await account('Independent reviewer', ['REVIEWER'])).client;
    memberReviewer = memberReviewerAccount.client;
    outsider = (await account('Someone else')).client;
    organisationId = ok(await owner.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Tbilisi City Hall', country: 'GE', city: 'Tbilisi' }) })).registerOrganisation.organisation.id;
    otherOrganisationId = ok(await outsider.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Other org' }) })).registerOrganisation.organisation.id;
    const addMember = `mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { organisation { id } position } }`;
    ok(await owner.graphql(addMember, { i: { organisationId, accountId: editorAccount.accountId, role: 'EDITOR' } }));
    ok(await owner.graphql(addMember, { i: { organisationId, accountId: memberReviewerAccount.accountId, role: 'MEMBER' } }));
  });
  afterAll(() => api.close());

  it('drafts, gets changes requested, is revised, approved and then seen by anyone', async () => {
    const drafted = await draft();
    expect(drafted).toMatchObject({ status: 'DRAFT', organisationId, revision: 0, published: null, workingDraft: { stage: 'DRAFT', content: { title: 'Retrofitting Soviet-era apartment blocks' } } });
    // The country is stored in its one spelling, whatever the input's.
    expect(ok(await owner.graphql(`query($id: ID!) { caseStudy(id: $id) { workingDraft { content { ${CONTENT_FIELDS} } } } }`, { id: drafted.id })).caseStudy.workingDraft.content).toMatchObject({
      country: 'GE',
      outcomes: [{ indicator: { kpiCode: 'EN: E: E: 1C' } }],
      narrative: { resources: null, sustainability: null },
    });

    ok(await editor.graphql(SUBMIT_CASE_STUDY, { id: drafted.id }));
    expect(ok(await reviewer.graphql(QUEUE)).reviewQueue.edges.map((edge: any) => edge.node.id)).toContain(drafted.id);
    const sentBack = await reviewer.graphql(REVIEW_CASE_STUDY, {
      input: { caseStudyId: drafted.id, decision: 'REQUEST_CHANGES', comments: [{ field: 'title', comment: 'Say how many blocks' }, { comment: 'Add the cost per flat' }] },
    });
    expect(ok(sentBack).reviewCaseStudy.caseStudy.status).toBe('CHANGES_REQUESTED');
    expect(ok(await editor.graphql(WORKING, { id: drafted.id })).caseStudy.workingDraft).toMatchObject({
      stage: 'CHANGES_REQUESTED',
      comments: [
        { field: 'title', comment: 'Say how many blocks' },
        { field: null, comment: 'Add the cost per flat' },
      ],
    });
    // Resubmitting unchanged is refused: revise first.
    expect(codesOf(await editor.graphql(SUBMIT_CASE_STUDY, { id: drafted.id }))).toEqual(['CONFLICT']);

    const revised = ok(await editor.graphql(REVISE_CASE_STUDY, { input: { id: drafted.id, expectedRevision: 2, changeNote: 'Number of blocks in the title', title: 'Retrofitting 40 Soviet-era apartment blocks' } }));
    expect(revised.reviseCaseStudy.caseStudy).toMatchObject({ status: 'DRAFT', revision: 3 });
    ok(await editor.graphql(SUBMIT_CASE_STUDY, { id: drafted.id }));
    expect((await anonymousSees(drafted.id)).lookup).toBeNull();

    const approved = ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: drafted.id, decision: 'APPROVE', expectedRevision: 4 } })).reviewCaseStudy.caseStudy;
    expect(approved).toMatchObject({ status: 'PUBLISHED', revision: 5, publishedRevision: 5, published: { title: 'Retrofitting 40 Soviet-era apartment blocks' } });
    expect(await anonymousSees(drafted.id)).toEqual({ lookup: { id: drafted.id, published: { title: 'Retrofitting 40 Soviet-era apartment blocks' } }, list: true, organisationField: true });
    const history = ok(await api.graphql(HISTORY, { id: drafted.id })).caseStudy.history;
    expect(history.edges.map((edge: any) => edge.node.type)).toEqual([
      'CaseStudyDrafted',
      'CaseStudySubmitted',
      'CaseStudyChangesRequested',
      'CaseStudyRevised',
      'CaseStudySubmitted',
      'CaseStudyApproved',
    ]);
    expect(history.edges[3].node).toMatchObject({ changeNote: 'Number of blocks in the title', fields: ['title'] });
  });

  it('keeps the published text for the public while a revision is under way, shows the draft to members, and replaces it on approval', async () => {
    const published = await approveNew();
    const revision = ok(
      await editor.graphql(REVISE_CASE_STUDY, {
        input: { id: published.id, expectedRevision: published.revision, changeNote: 'Results after two winters', summary: 'Deep energy renovation of 40 blocks: heat demand halved after two winters' },
      }),
    ).reviseCaseStudy.caseStudy;
    expect(revision).toMatchObject({ status: 'PUBLISHED', published: { summary: 'Deep energy renovation of 40 apartment blocks with owners associations' }, workingDraft: { stage: 'DRAFT' } });

    expect((await anonymousSees(published.id)).lookup.published.title).toBe('Retrofitting Soviet-era apartment blocks');
    const anonymousRead = await api.graphql(`query($id: ID!) { caseStudy(id: $id) { published { summary } workingDraft { content { summary } } } }`, { id: published.id });
    expect(anonymousRead.data?.caseStudy.published.summary).toBe('Deep energy renovation of 40 apartment blocks with owners associations');
    expect(anonymousRead.data?.caseStudy.workingDraft).toBeNull();
    expect(codesOf(anonymousRead)).toEqual(['FORBIDDEN']);
    expect(ok(await owner.graphql(WORKING, { id: published.id })).caseStudy.workingDraft.content.summary).toBe('Deep energy renovation of 40 blocks: heat demand halved after two winters');

    // History, revisions and diffs show the public nothing of the revision under way.
    expect(ok(await api.graphql(HISTORY, { id: published.id })).caseStudy.history.totalCount).toBe(3);
    expect(ok(await owner.graphql(HISTORY, { id: published.id })).caseStudy.history.totalCount).toBe(4);
    const publicRevisions = ok(await api.graphql(REVISIONS, { id: published.id })).caseStudy.revisions;
    expect(publicRevisions.edges.map((edge: any) => edge.node.revision)).toEqual([0]);
    const memberRevisions = ok(await owner.graphql(REVISIONS, { id: published.id })).caseStudy.revisions;
    expect(memberRevisions.edges.map((edge: any) => [edge.node.revision, edge.node.type, edge.node.changeNote])).toEqual([
      [0, 'CaseStudyDrafted', null],
      [3, 'CaseStudyRevised', 'Results after two winters'],
    ]);
    expect(codesOf(await api.graphql(DIFF, { id: published.id, from: 0, to: 3 }))).toEqual(['NOT_FOUND']);
    const diff = ok(await owner.graphql(DIFF, { id: published.id, from: 0, to: 3 })).caseStudy.diff.changes;
    expect(diff).toEqual([
      expect.objectContaining({
        field: 'summary',
        kind: 'CHANGED',
        words: [
          { kind: 'UNCHANGED', text: 'Deep energy renovation of 40 ' },
          { kind: 'REMOVED', text: 'apartment ' },
          { kind: 'UNCHANGED', text: 'blocks' },
          { kind: 'REMOVED', text: ' with owners associations' },
          { kind: 'ADDED', text: ': heat demand halved after two winters' },
        ],
      }),
    ]);

    ok(await editor.graphql(SUBMIT_CASE_STUDY, { id: published.id }));
    ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: published.id, decision: 'APPROVE' } }));
    expect(ok(await api.graphql(`query($id: ID!) { caseStudy(id: $id) { published { summary } revisions { totalCount } } }`, { id: published.id })).caseStudy).toEqual({
      published: { summary: 'Deep energy renovation of 40 blocks: heat demand halved after two winters' },
      revisions: { totalCount: 2 },
    });
  });

  it('hides an archived case study from the public, and keeps it for its members', async () => {
    const published = await approveNew();
    expect(codesOf(await owner.graphql(ARCHIVE_CASE_STUDY, { id: published.id, reason: ' ' }))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await owner.graphql(ARCHIVE_CASE_STUDY, { id: published.id, reason: 'Superseded by the 2025 programme' })).archiveCaseStudy.caseStudy.status).toBe('ARCHIVED');
    expect(await anonymousSees(published.id)).toEqual({ lookup: null, list: false, organisationField: false });
    expect(ok(await owner.graphql(GET_CASE_STUDY, { id: published.id })).caseStudy.status).toBe('ARCHIVED');
  });

  it('never shows a draft, a submission or a change request to anyone outside: lookups, lists, organisation fields and history', async () => {
    const drafted = await draft({ title: 'Secret draft Qzxv' });
    const inReview = await draft({ title: 'Secret submission Qzxv' });
    ok(await owner.graphql(SUBMIT_CASE_STUDY, { id: inReview.id }));
    for (const id of [drafted.id, inReview.id]) {
      expect(await anonymousSees(id)).toEqual({ lookup: null, list: false, organisationField: false });
      expect(ok(await outsider.graphql(GET_CASE_STUDY, { id })).caseStudy).toBeNull();
      expect(ok(await api.graphql(HISTORY, { id })).caseStudy).toBeNull();
    }
    const everything = JSON.stringify([
      await api.graphql(`{ caseStudies(first: 100) { edges { node { id published { title } } } } }`),
      await outsider.graphql(`query($o: ID!) { organisation(id: $o) { caseStudies(first: 100) { edges { node { id } } } } }`, { o: organisationId }),
      await api.graphql(`{ caseStudies(first: 100, filter: { status: DRAFT }) { totalCount } }`),
    ]);
    expect(everything).not.toContain('Qzxv');
    expect(everything).not.toContain(drafted.id);
    expect(ok(await api.graphql(`{ caseStudies(first: 100, filter: { status: SUBMITTED }) { totalCount } }`)).caseStudies.totalCount).toBe(0);
    // Members of the organisation and reviewers see them.
    expect(ok(await editor.graphql(GET_CASE_STUDY, { id: drafted.id })).caseStudy.id).toBe(drafted.id);
    expect(ok(await reviewer.graphql(GET_CASE_STUDY, { id: drafted.id })).caseStudy.id).toBe(drafted.id);
  });

  it('keeps four eyes: no review by a member of the organisation, nor by one without the REVIEWER role', async () => {
    const caseStudy = await draft();
    ok(await owner.graphql(SUBMIT_CASE_STUDY, { id: caseStudy.id }));
    const approve = (client: Client) => client.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: caseStudy.id, decision: 'APPROVE' } });
    expect(ok(await memberReviewer.graphql(QUEUE)).reviewQueue.edges.map((edge: any) => edge.node.id)).not.toContain(caseStudy.id);
    const own = await approve(memberReviewer);
    expect(codesOf(own)).toEqual(['FORBIDDEN']);
    expect(own.errors?.[0].extensions?.reason).toBe('CASE_STUDY_REVIEW_OF_OWN_ORGANISATION');
    expect(codesOf(await approve(owner))).toEqual(['FORBIDDEN']);
    expect(codesOf(await outsider.graphql(QUEUE))).toEqual(['FORBIDDEN']);
    expect(ok(await approve(reviewer)).reviewCaseStudy.caseStudy.status).toBe('PUBLISHED');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and a stale revision with CONFLICT', async () => {
    const refused = async (overrides: Record<string, unknown>) => {
      const response = await owner.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId, overrides) });
      expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
      return response.errors![0];
    };
    expect((await refused({ title: 'x'.repeat(201) })).message).toMatch(/title/);
    expect((await refused({ sdgTargets: ['11.1', '18.2'] })).extensions).toMatchObject({ field: 'sdgTargets[1]' });
    expect((await refused({ outcomes: [{ description: 'x', indicator: { kpiCode: 'EN: E: E: 1B' } }] })).extensions).toMatchObject({ field: 'outcomes[0].indicator.kpiCode' });
    expect((await refused({ cost: { amount: 100, currency: 'EURO' } })).message).toMatch(/currency/);
    expect((await refused({ language: 'klingon!' })).extensions).toMatchObject({ field: 'language' });
    expect((await refused({ lessonsLearned: Array.from({ length: 31 }, () => 'lesson') })).message).toMatch(/lessonsLearned/);
    expect((await refused({ country: 'XX' })).message).toMatch(/country/);
    expect(codesOf(await owner.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId, { organisationIds: ['0193a0b0-0000-7000-8000-000000000999'] }) }))).toEqual(['NOT_FOUND']);

    const caseStudy = await draft();
    expect(codesOf(await owner.graphql(REVISE_CASE_STUDY, { input: { id: caseStudy.id, expectedRevision: 7, changeNote: 'Stale', title: 'Another title' } }))).toEqual(['CONFLICT']);
    expect(codesOf(await outsider.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) }))).toEqual(['FORBIDDEN']);
  });

  it('links a case study to a partnership its organisation is in, and lists by partnership', async () => {
    const caseStudy = await approveNew();
    const plan = { leadOrganisationId: organisationId, title: 'Warm homes', objectives: 'Retrofit more blocks together', sectors: ['HOUSING'], countries: ['GE'], startsOn: '2026-01-01', endsOn: null };
    const partnershipId = ok(await owner.graphql(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: plan })).proposePartnership.partnership.id;
    const othersPartnership = ok(await outsider.graphql(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: { ...plan, leadOrganisationId: otherOrganisationId } }))
      .proposePartnership.partnership.id;
    expect(codesOf(await owner.graphql(LINK_CASE_STUDY, { id: caseStudy.id, p: othersPartnership }))).toEqual(['CONFLICT']);
    expect(ok(await owner.graphql(LINK_CASE_STUDY, { id: caseStudy.id, p: partnershipId })).linkCaseStudyToPartnership.caseStudy.partnershipId).toBe(partnershipId);
    const listed = ok(await api.graphql(`query($p: ID!) { caseStudies(first: 10, filter: { partnershipId: $p }) { totalCount edges { node { id } } } }`, { p: partnershipId })).caseStudies;
    expect(listed).toEqual({ totalCount: 1, edges: [{ node: { id: caseStudy.id } }] });
  });
});
