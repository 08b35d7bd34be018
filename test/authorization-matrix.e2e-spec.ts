import type { PlatformRole } from '@sce/auth';
import type { EventStore } from '@sce/event-sourcing';
import { EVENT_STORE } from '@sce/platform';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { DRAFT_CASE_STUDY, REVIEW_CASE_STUDY, REVISE_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './support/case-studies.graphql';
import { ADD_AUTHOR, CITE_EVIDENCE, COMMENT, DRAFT_GUIDELINE, EDIT_GUIDELINE, PUBLISH_VERSION, REQUEST_REVIEW, REVIEW_GUIDELINE, aGuideline } from './support/guidelines.graphql';
import { SIGN_UP, codesOf, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ModulesContainer } from '@nestjs/core';

// Every mutation x every kind of caller: allowed (the guard lets it through; the domain may still say no),
// or refused with UNAUTHENTICATED / FORBIDDEN and the log left exactly as it was. Then every query and
// every field resolver x every kind of caller: what each may see. ownerApiKey is the owner's API key: it
// may do what the owner may, except what needs a person (keys, erasure).
const CALLERS = ['anonymous', 'plainUser', 'memberOfAnotherOrganisation', 'editor', 'ownerApiKey', 'owner', 'reviewer', 'policyAuthor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const SIGNED_IN = CALLERS.filter((caller) => caller !== 'anonymous');

interface Fixture {
  organisationId: string;
  partnershipId: string;
  otherOrganisationId: string;
  ownerApiKeyId: string;
  throwawayAccountId: string;
  caseStudyId: string;
  /** Drafted by the policy author (its only author), with its first section and a comment of its author. */
  guidelineId: string;
  sectionId: string;
  commentId: string;
}

type Need =
  | 'organisation'
  | 'partnership'
  | 'apiKey'
  | 'throwaway'
  | 'caseStudy'
  | 'submittedCaseStudy'
  | 'publishedCaseStudy'
  | 'guideline'
  | 'guidelineInReview'
  | 'approvedGuideline'
  | 'publishedGuideline'
  | 'guidelineComment';

interface Row {
  mutation: string;
  allowed: readonly Caller[];
  /** Needs a person signed in with a bearer token: refused to API keys. */
  personOnly?: boolean;
  /** What the cell needs set up first, fresh for each cell. */
  needs?: Need[];
  call: (graphql: Client, fixture: Fixture, ids: Record<Caller, string>) => Promise<GraphqlResponse>;
}
type Client = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse>;

const PASSWORD = 'matrix password 123';
let emails = 0;
const freshEmail = () => `matrix.${Date.now()}.${++emails}@example.org`;
const plan = (leadOrganisationId: string) => ({ leadOrganisationId, title: 'Matrix partnership', objectives: 'Check who may do what', sectors: ['ENERGY'], countries: ['AM'], startsOn: '2026-01-01', endsOn: null });

const ROWS: Row[] = [
  { mutation: 'signUp', allowed: CALLERS, call: (q) => q(SIGN_UP, { input: { name: 'New Person', email: freshEmail(), password: PASSWORD } }) },
  { mutation: 'registerOrganisation', allowed: SIGNED_IN, call: (q) => q(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Matrix org' }) }) },
  {
    mutation: 'updateOrganisationProfile',
    needs: ['organisation'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: UpdateOrganisationProfileInput!) { updateOrganisationProfile(input: $i) { organisation { id } position } }`, { i: { id: f.organisationId, expectedRevision: 2, city: 'Gyumri' } }),
  },
  {
    mutation: 'addOrganisationMember',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { organisation { id } position } }`, { i: { organisationId: f.organisationId, accountId: ids.plainUser, role: 'MEMBER' } }),
  },
  {
    mutation: 'changeMemberRole',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($i: OrganisationMemberInput!) { changeMemberRole(input: $i) { organisation { id } position } }`, { i: { organisationId: f.organisationId, accountId: ids.editor, role: 'MEMBER' } }),
  },
  {
    mutation: 'removeOrganisationMember',
    needs: ['organisation'],
    allowed: ['owner'],
    call: (q, f, ids) => q(`mutation($o: ID!, $a: ID!) { removeOrganisationMember(organisationId: $o, accountId: $a) { organisation { id } position } }`, { o: f.organisationId, a: ids.editor }),
  },
  { mutation: 'leaveOrganisation', needs: ['organisation'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($o: ID!) { leaveOrganisation(organisationId: $o) { organisation { id } position } }`, { o: f.organisationId }) },
  { mutation: 'verifyOrganisation', needs: ['organisation'], allowed: ['admin'], call: (q, f) => q(`mutation($o: ID!) { verifyOrganisation(organisationId: $o) { organisation { id } position } }`, { o: f.organisationId }) },
  { mutation: 'suspendOrganisation', needs: ['organisation'], allowed: ['admin'], call: (q, f) => q(`mutation($o: ID!) { suspendOrganisation(organisationId: $o, reason: "matrix") { organisation { id } position } }`, { o: f.organisationId }) },
  // Before grantRole and revokeRole, which change who holds REVIEWER.
  {
    mutation: 'draftCaseStudy',
    needs: ['organisation'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: DraftCaseStudyInput!) { draftCaseStudy(input: $i) { caseStudy { id } position } }`, { i: aCaseStudy(f.organisationId) }),
  },
  {
    mutation: 'reviseCaseStudy',
    needs: ['organisation', 'caseStudy'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: ReviseCaseStudyInput!) { reviseCaseStudy(input: $i) { caseStudy { id } position } }`, { i: { id: f.caseStudyId, expectedRevision: 0, changeNote: 'matrix', city: 'Gyumri' } }),
  },
  { mutation: 'submitCaseStudy', needs: ['organisation', 'caseStudy'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($c: ID!) { submitCaseStudy(caseStudyId: $c) { caseStudy { id } position } }`, { c: f.caseStudyId }) },
  {
    mutation: 'reviewCaseStudy',
    needs: ['organisation', 'caseStudy', 'submittedCaseStudy'],
    allowed: ['reviewer'],
    personOnly: true,
    call: (q, f) => q(`mutation($i: ReviewCaseStudyInput!) { reviewCaseStudy(input: $i) { caseStudy { id } position } }`, { i: { caseStudyId: f.caseStudyId, decision: 'APPROVE' } }),
  },
  {
    mutation: 'archiveCaseStudy',
    needs: ['organisation', 'caseStudy', 'submittedCaseStudy', 'publishedCaseStudy'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($c: ID!) { archiveCaseStudy(caseStudyId: $c, reason: "matrix") { caseStudy { id } position } }`, { c: f.caseStudyId }),
  },
  {
    mutation: 'linkCaseStudyToPartnership',
    needs: ['organisation', 'partnership', 'caseStudy'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($c: ID!, $p: ID!) { linkCaseStudyToPartnership(caseStudyId: $c, partnershipId: $p) { caseStudy { id } position } }`, { c: f.caseStudyId, p: f.partnershipId }),
  },
  // Guidelines: the policy author's own guideline. Before grantRole and revokeRole, which change who holds REVIEWER.
  { mutation: 'draftGuideline', allowed: ['policyAuthor'], call: (q) => q(`mutation($i: DraftGuidelineInput!) { draftGuideline(input: $i) { guideline { id } position } }`, { i: aGuideline() }) },
  {
    mutation: 'editGuideline',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(EDIT_GUIDELINE, { input: { guidelineId: f.guidelineId, expectedRevision: 1, changeNote: 'matrix', changes: [{ kind: 'EDIT', sectionId: f.sectionId, body: 'Matrix body.' }] } }),
  },
  { mutation: 'addGuidelineAuthor', needs: ['guideline'], allowed: ['policyAuthor'], call: (q, f, ids) => q(ADD_AUTHOR, { g: f.guidelineId, a: ids.plainUser }) },
  {
    mutation: 'removeGuidelineAuthor',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f, ids) => q(`mutation($g: ID!, $a: ID!) { removeGuidelineAuthor(guidelineId: $g, accountId: $a) { guideline { id } position } }`, { g: f.guidelineId, a: ids.policyAuthor }),
  },
  { mutation: 'requestGuidelineReview', needs: ['guideline'], allowed: ['policyAuthor'], call: (q, f) => q(REQUEST_REVIEW, { g: f.guidelineId }) },
  {
    mutation: 'reviewGuideline',
    needs: ['guideline', 'guidelineInReview'],
    allowed: ['reviewer'],
    personOnly: true,
    call: (q, f) => q(REVIEW_GUIDELINE, { i: { guidelineId: f.guidelineId, decision: 'APPROVE' } }),
  },
  {
    mutation: 'publishGuidelineVersion',
    needs: ['guideline', 'guidelineInReview', 'approvedGuideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(PUBLISH_VERSION, { i: { guidelineId: f.guidelineId, kind: 'MAJOR', changeSummary: 'matrix' } }),
  },
  {
    mutation: 'withdrawGuideline',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!) { withdrawGuideline(guidelineId: $g, reason: "matrix") { guideline { id } position } }`, { g: f.guidelineId }),
  },
  {
    mutation: 'supersedeGuideline',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!) { supersedeGuideline(guidelineId: $g, successorId: $g) { guideline { id } position } }`, { g: f.guidelineId }),
  },
  // Anyone signed in may comment and propose; on a draft, those who may not see it are told it is not found.
  {
    mutation: 'commentOnGuideline',
    needs: ['guideline'],
    allowed: SIGNED_IN,
    call: (q, f) => q(COMMENT, { i: { guidelineId: f.guidelineId, sectionId: f.sectionId, revision: 1, text: 'matrix comment' } }),
  },
  {
    mutation: 'replyToGuidelineComment',
    needs: ['guideline', 'guidelineComment'],
    allowed: SIGNED_IN,
    call: (q, f) => q(`mutation($i: ReplyToGuidelineCommentInput!) { replyToGuidelineComment(input: $i) { replyId position } }`, { i: { guidelineId: f.guidelineId, commentId: f.commentId, text: 'matrix reply' } }),
  },
  {
    // Published, so every signed-in caller sees it: the one who commented (its author) may resolve it, nobody else.
    mutation: 'resolveGuidelineComment',
    needs: ['guideline', 'guidelineInReview', 'approvedGuideline', 'publishedGuideline', 'guidelineComment'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!, $c: ID!) { resolveGuidelineComment(guidelineId: $g, commentId: $c) { guideline { id } position } }`, { g: f.guidelineId, c: f.commentId }),
  },
  {
    mutation: 'proposeAmendment',
    needs: ['guideline', 'guidelineInReview', 'approvedGuideline', 'publishedGuideline'],
    allowed: SIGNED_IN,
    call: (q, f) => q(`mutation($i: ProposeAmendmentInput!) { proposeAmendment(input: $i) { amendmentId position } }`, { i: { guidelineId: f.guidelineId, rationale: 'matrix', changes: [{ kind: 'EDIT', sectionId: f.sectionId, body: 'Amended.' }] } }),
  },
  {
    mutation: 'acceptAmendment',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!) { acceptAmendment(guidelineId: $g, amendmentId: "no-such-amendment") { guideline { id } position } }`, { g: f.guidelineId }),
  },
  {
    mutation: 'rejectAmendment',
    needs: ['guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!) { rejectAmendment(guidelineId: $g, amendmentId: "no-such-amendment", reason: "matrix") { guideline { id } position } }`, { g: f.guidelineId }),
  },
  {
    mutation: 'citeEvidence',
    needs: ['organisation', 'caseStudy', 'submittedCaseStudy', 'publishedCaseStudy', 'guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($i: CiteEvidenceInput!) { citeEvidence(input: $i) { guideline { id } position } }`, { i: { guidelineId: f.guidelineId, sectionId: f.sectionId, caseStudyId: f.caseStudyId } }),
  },
  {
    mutation: 'withdrawEvidence',
    needs: ['organisation', 'caseStudy', 'guideline'],
    allowed: ['policyAuthor'],
    call: (q, f) => q(`mutation($g: ID!, $s: ID!, $c: ID!) { withdrawEvidence(guidelineId: $g, sectionId: $s, caseStudyId: $c) { guideline { id } position } }`, { g: f.guidelineId, s: f.sectionId, c: f.caseStudyId }),
  },
  { mutation: 'grantRole', allowed: ['admin'], call: (q, _, ids) => q(`mutation($a: ID!) { grantRole(accountId: $a, role: REVIEWER) { account { id } position } }`, { a: ids.plainUser }) },
  { mutation: 'revokeRole', allowed: ['admin'], call: (q, _, ids) => q(`mutation($a: ID!) { revokeRole(accountId: $a, role: REVIEWER) { account { id } position } }`, { a: ids.reviewer }) },
  { mutation: 'createApiKey', allowed: SIGNED_IN, personOnly: true, call: (q) => q(`mutation { createApiKey(name: "matrix") { key } }`) },
  { mutation: 'revokeApiKey', needs: ['apiKey'], allowed: SIGNED_IN, personOnly: true, call: (q, f) => q(`mutation($k: ID!) { revokeApiKey(id: $k) { apiKey { id } position } }`, { k: f.ownerApiKeyId }) },
  {
    mutation: 'proposePartnership',
    needs: ['organisation'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: plan(f.organisationId) }),
  },
  {
    mutation: 'invitePartner',
    needs: ['organisation', 'partnership'],
    allowed: ['editor', 'owner'],
    call: (q, f) => q(`mutation($i: InvitePartnerInput!) { invitePartner(input: $i) { partnership { id } position } }`, { i: { partnershipId: f.partnershipId, organisationId: f.otherOrganisationId, role: 'FUNDER' } }),
  },
  {
    mutation: 'respondToPartnershipInvitation',
    needs: ['organisation', 'partnership'],
    allowed: ['memberOfAnotherOrganisation'],
    call: (q, f) =>
      q(`mutation($i: RespondToInvitationInput!) { respondToPartnershipInvitation(input: $i) { partnership { id } position } }`, { i: { partnershipId: f.partnershipId, organisationId: f.otherOrganisationId, accept: true } }),
  },
  { mutation: 'activatePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { activatePartnership(partnershipId: $p) { partnership { id } position } }`, { p: f.partnershipId }) },
  { mutation: 'completePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { completePartnership(partnershipId: $p) { partnership { id } position } }`, { p: f.partnershipId }) },
  { mutation: 'dissolvePartnership', needs: ['organisation', 'partnership'], allowed: ['editor', 'owner'], call: (q, f) => q(`mutation($p: ID!) { dissolvePartnership(partnershipId: $p, reason: "matrix") { partnership { id } position } }`, { p: f.partnershipId }) },
  {
    mutation: 'leavePartnership',
    needs: ['organisation', 'partnership'],
    allowed: ['memberOfAnotherOrganisation'],
    call: (q, f) => q(`mutation($p: ID!, $o: ID!) { leavePartnership(partnershipId: $p, organisationId: $o) { partnership { id } position } }`, { p: f.partnershipId, o: f.otherOrganisationId }),
  },
  { mutation: 'forgetAccount', needs: ['throwaway'], allowed: ['admin'], call: (q, f) => q(`mutation($a: ID!) { forgetAccount(accountId: $a) { accountId position } }`, { a: f.throwawayAccountId }) },
  // Last: an allowed forgetMe erases the caller.
  { mutation: 'forgetMe', allowed: SIGNED_IN, personOnly: true, call: (q) => q(`mutation { forgetMe { accountId position } }`) },
];

const mayCall = (row: { allowed: readonly Caller[]; personOnly?: boolean }, caller: Caller) =>
  caller === 'ownerApiKey' ? !row.personOnly && row.allowed.includes('owner') : row.allowed.includes(caller);

interface ReadFixture {
  publicOrganisationId: string;
  /** Submitted, never published: seen by its organisation's members, reviewers and admins only. */
  draftCaseStudyId: string;
  /** Published, with a working revision beside its published text. */
  publishedCaseStudyId: string;
  suspendedOrganisationId: string;
  partnershipId: string;
  /** The position token of the last change the fixture made. */
  position: string;
  /** The position of the last case-study change: search queries wait for their index to include it. */
  searchPosition: string;
  /** Never published: its authors, reviewers and admins only. */
  draftGuidelineId: string;
  /** Version 1.0 published, and edited since (a working text beyond it). */
  publishedGuidelineId: string;
  /** After the case study both guidelines cite was published anew: both have stale evidence. */
  staleEvidencePosition: string;
  /** The position of the last guideline change: guideline search waits for its index to include it. */
  guidelineSearchPosition: string;
}

interface ReadRow {
  /** `Type.field`, with what distinguishes rows of the same field in brackets. */
  field: string;
  allowed: readonly Caller[];
  call: (graphql: Client, fixture: ReadFixture) => Promise<GraphqlResponse>;
  /** Whether the answer holds what the row protects (a refused caller gets an error or nothing). */
  reached: (data: any, fixture: ReadFixture) => boolean;
}

const MEMBERS_AND_ADMINS: readonly Caller[] = ['editor', 'ownerApiKey', 'owner', 'admin'];
const DRAFT_SEERS: readonly Caller[] = ['editor', 'ownerApiKey', 'owner', 'reviewer', 'admin'];
const onCaseStudy = (selection: string) => `query($c: ID!) { caseStudy(id: $c) { id ${selection} } }`;
const caseStudyIds = `{ caseStudies(first: 100) { edges { node { id } } } }`;
const ids_ = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);
const ORGANISATION = `query($o: ID!) { organisation(id: $o) { id } }`;
const GUIDELINE_DRAFT_SEERS: readonly Caller[] = ['reviewer', 'policyAuthor', 'admin'];
const onGuideline = (selection: string) => `query($g: ID!) { guideline(id: $g) { id ${selection} } }`;
const guidelineIds = `{ guidelines(first: 100) { edges { node { id } } } }`;
const SEARCH_GUIDELINES = `query($q: String, $p: String) { searchGuidelines(query: $q, first: 100, facets: [STATUS], consistency: { atLeast: $p }) { totalCount edges { node { id } variant } facets { facet values { value count } } } }`;
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';
const COMPARE_GUIDELINES = `query($a: ID!, $b: ID!) { compareGuidelines(a: { id: $a }, b: { id: $b }) { sections { kind } } }`;
const STALE_GUIDELINES = `query($p: String) { guidelinesWithStaleEvidence(first: 100, consistency: { atLeast: $p }) { edges { node { id } } } }`;
const onOrganisation = (selection: string) => `query($o: ID!) { organisation(id: $o) { id ${selection} } }`;

const READ_ROWS: ReadRow[] = [
  { field: 'Query.me', allowed: SIGNED_IN, call: (q) => q(`{ me { id } }`), reached: (d) => Boolean(d?.me?.id) },
  { field: 'Query.myApiKeys', allowed: CALLERS, call: (q) => q(`{ myApiKeys { id } }`), reached: (d) => Array.isArray(d?.myApiKeys) },
  { field: 'Query.organisation (public)', allowed: CALLERS, call: (q, f) => q(ORGANISATION, { o: f.publicOrganisationId }), reached: (d) => Boolean(d?.organisation) },
  { field: 'Query.organisation (suspended)', allowed: MEMBERS_AND_ADMINS, call: (q, f) => q(ORGANISATION, { o: f.suspendedOrganisationId }), reached: (d) => Boolean(d?.organisation) },
  {
    field: 'Query.organisations (suspended)',
    allowed: MEMBERS_AND_ADMINS,
    call: (q) => q(`{ organisations(first: 100) { edges { node { id } } } }`),
    reached: (d, f) => ids_(d.organisations).includes(f.suspendedOrganisationId),
  },
  {
    field: 'Query.organisations (public)',
    allowed: CALLERS,
    call: (q) => q(`{ organisations(first: 100) { edges { node { id } } } }`),
    reached: (d, f) => ids_(d.organisations).includes(f.publicOrganisationId),
  },
  {
    field: 'Query.organisationCountsByCountry',
    allowed: CALLERS,
    // No mutation waits for the counts (no answer reads them): the fixture's position token does.
    call: (q, f) => q(`query($p: String) { organisationCountsByCountry(consistency: { atLeast: $p }) { country organisations } }`, { p: f.position }),
    reached: (d) => d?.organisationCountsByCountry?.length > 0,
  },
  { field: 'Query.partnership', allowed: CALLERS, call: (q, f) => q(`query($p: ID!) { partnership(partnershipId: $p) { id } }`, { p: f.partnershipId }), reached: (d) => Boolean(d?.partnership) },
  { field: 'Query.partnerships', allowed: CALLERS, call: (q) => q(`{ partnerships(first: 100) { edges { node { id } } } }`), reached: (d, f) => ids_(d.partnerships).includes(f.partnershipId) },
  {
    field: 'Query.partnershipGraph',
    allowed: CALLERS,
    call: (q, f) => q(`query($o: ID!) { partnershipGraph(organisationId: $o, depth: 1) { organisationId } }`, { o: f.publicOrganisationId }),
    reached: (d) => Array.isArray(d?.partnershipGraph),
  },
  { field: 'Organisation.members (public)', allowed: CALLERS, call: (q, f) => q(onOrganisation('members { accountId }'), { o: f.publicOrganisationId }), reached: (d) => d?.organisation?.members?.length > 0 },
  { field: 'Organisation.members (suspended)', allowed: MEMBERS_AND_ADMINS, call: (q, f) => q(onOrganisation('members { accountId }'), { o: f.suspendedOrganisationId }), reached: (d) => d?.organisation?.members?.length > 0 },
  { field: 'Organisation.history (public)', allowed: CALLERS, call: (q, f) => q(onOrganisation('history { totalCount }'), { o: f.publicOrganisationId }), reached: (d) => d?.organisation?.history?.totalCount > 0 },
  {
    field: 'Organisation.history (suspended)',
    allowed: MEMBERS_AND_ADMINS,
    call: (q, f) => q(onOrganisation('history { totalCount }'), { o: f.suspendedOrganisationId }),
    reached: (d) => d?.organisation?.history?.totalCount > 0,
  },
  {
    field: 'Organisation.partnerships (public)',
    allowed: CALLERS,
    call: (q, f) => q(onOrganisation('partnerships { totalCount }'), { o: f.publicOrganisationId }),
    reached: (d) => d?.organisation?.partnerships?.totalCount > 0,
  },
  {
    field: 'Organisation.partnerships (suspended)',
    allowed: MEMBERS_AND_ADMINS,
    call: (q, f) => q(onOrganisation('partnerships { totalCount }'), { o: f.suspendedOrganisationId }),
    reached: (d) => d?.organisation?.partnerships !== undefined && d?.organisation?.partnerships !== null,
  },
  {
    field: 'Partnership.members',
    allowed: CALLERS,
    call: (q, f) => q(`query($p: ID!) { partnership(partnershipId: $p) { members { organisationId } } }`, { p: f.partnershipId }),
    reached: (d) => d?.partnership?.members?.length > 0,
  },
  {
    field: 'Partnership.history',
    allowed: CALLERS,
    call: (q, f) => q(`query($p: ID!) { partnership(partnershipId: $p) { history { totalCount } } }`, { p: f.partnershipId }),
    reached: (d) => d?.partnership?.history?.totalCount > 0,
  },
  { field: 'Query.caseStudy (published)', allowed: CALLERS, call: (q, f) => q(onCaseStudy(''), { c: f.publishedCaseStudyId }), reached: (d) => Boolean(d?.caseStudy) },
  { field: 'Query.caseStudy (draft)', allowed: DRAFT_SEERS, call: (q, f) => q(onCaseStudy(''), { c: f.draftCaseStudyId }), reached: (d) => Boolean(d?.caseStudy) },
  { field: 'Query.caseStudies (published)', allowed: CALLERS, call: (q) => q(caseStudyIds), reached: (d, f) => ids_(d.caseStudies).includes(f.publishedCaseStudyId) },
  {
    field: 'Query.searchCaseStudies (published)',
    allowed: CALLERS,
    call: (q, f) => q(`query($p: String) { searchCaseStudies(first: 100, consistency: { atLeast: $p }) { edges { node { id } } } }`, { p: f.searchPosition }),
    reached: (d, f) => Boolean(d?.searchCaseStudies) && ids_(d.searchCaseStudies).includes(f.publishedCaseStudyId),
  },
  {
    field: 'Query.searchCaseStudies (searched for drafts)',
    allowed: CALLERS,
    // Without includeSubmissions nobody finds a submission, not even a reviewer.
    call: (q, f) => q(`query($p: String) { searchCaseStudies(first: 100, consistency: { atLeast: $p }) { edges { node { id } } } }`, { p: f.searchPosition }),
    reached: (d, f) => Boolean(d?.searchCaseStudies) && !ids_(d.searchCaseStudies).includes(f.draftCaseStudyId),
  },
  {
    field: 'Query.searchCaseStudies (includeSubmissions)',
    allowed: ['reviewer', 'admin'],
    call: (q, f) => q(`query($p: String) { searchCaseStudies(first: 100, includeSubmissions: true, consistency: { atLeast: $p }) { edges { node { id } variant } } }`, { p: f.searchPosition }),
    reached: (d, f) => Boolean(d?.searchCaseStudies) && ids_(d.searchCaseStudies).includes(f.draftCaseStudyId),
  },
  {
    field: 'Query.similarCaseStudies (published)',
    allowed: CALLERS,
    call: (q, f) => q(`query($c: ID!, $p: String) { similarCaseStudies(id: $c, consistency: { atLeast: $p }) { caseStudy { id } reasons { kind detail } } }`, { c: f.publishedCaseStudyId, p: f.searchPosition }),
    reached: (d) => Array.isArray(d?.similarCaseStudies),
  },
  {
    field: 'Query.similarCaseStudies (draft)',
    allowed: CALLERS,
    // Like a draft: the submission never shows up as similar to the published one, for anyone.
    call: (q, f) => q(`query($c: ID!, $p: String) { similarCaseStudies(id: $c, consistency: { atLeast: $p }) { caseStudy { id } } }`, { c: f.publishedCaseStudyId, p: f.searchPosition }),
    reached: (d, f) => Array.isArray(d?.similarCaseStudies) && !d.similarCaseStudies.some((similar: { caseStudy: { id: string } }) => similar.caseStudy.id === f.draftCaseStudyId),
  },
  { field: 'Query.caseStudies (draft)', allowed: DRAFT_SEERS, call: (q) => q(caseStudyIds), reached: (d, f) => ids_(d.caseStudies).includes(f.draftCaseStudyId) },
  { field: 'Query.reviewQueue', allowed: ['reviewer'], call: (q) => q(`{ reviewQueue(first: 100) { edges { node { id } } } }`), reached: (d, f) => Boolean(d?.reviewQueue) && ids_(d.reviewQueue).includes(f.draftCaseStudyId) },
  {
    field: 'CaseStudy.workingDraft (published, under revision)',
    allowed: DRAFT_SEERS,
    call: (q, f) => q(onCaseStudy('workingDraft { stage content { city } }'), { c: f.publishedCaseStudyId }),
    reached: (d) => Boolean(d?.caseStudy?.workingDraft),
  },
  { field: 'CaseStudy.workingDraft (draft)', allowed: DRAFT_SEERS, call: (q, f) => q(onCaseStudy('workingDraft { stage }'), { c: f.draftCaseStudyId }), reached: (d) => Boolean(d?.caseStudy?.workingDraft) },
  { field: 'CaseStudy.history (published)', allowed: CALLERS, call: (q, f) => q(onCaseStudy('history { totalCount }'), { c: f.publishedCaseStudyId }), reached: (d) => d?.caseStudy?.history?.totalCount > 0 },
  {
    field: 'CaseStudy.history (the revision under way)',
    allowed: DRAFT_SEERS,
    call: (q, f) => q(onCaseStudy('history { edges { node { type } } }'), { c: f.publishedCaseStudyId }),
    reached: (d) => (d?.caseStudy?.history?.edges ?? []).some((edge: any) => edge.node.type === 'CaseStudyRevised'),
  },
  { field: 'CaseStudy.history (draft)', allowed: DRAFT_SEERS, call: (q, f) => q(onCaseStudy('history { totalCount }'), { c: f.draftCaseStudyId }), reached: (d) => d?.caseStudy?.history?.totalCount > 0 },
  { field: 'CaseStudy.revisions (published)', allowed: CALLERS, call: (q, f) => q(onCaseStudy('revisions { totalCount }'), { c: f.publishedCaseStudyId }), reached: (d) => d?.caseStudy?.revisions?.totalCount > 0 },
  {
    field: 'CaseStudy.revisions (the revision under way)',
    allowed: DRAFT_SEERS,
    call: (q, f) => q(onCaseStudy('revisions { edges { node { changeNote } } }'), { c: f.publishedCaseStudyId }),
    reached: (d) => (d?.caseStudy?.revisions?.edges ?? []).some((edge: any) => edge.node.changeNote === 'matrix revision'),
  },
  { field: 'CaseStudy.diff (published)', allowed: CALLERS, call: (q, f) => q(onCaseStudy('diff(fromRevision: 0, toRevision: 0) { changes { field } }'), { c: f.publishedCaseStudyId }), reached: (d) => Array.isArray(d?.caseStudy?.diff?.changes) },
  { field: 'CaseStudy.diff (draft)', allowed: DRAFT_SEERS, call: (q, f) => q(onCaseStudy('diff(fromRevision: 0, toRevision: 0) { changes { field } }'), { c: f.draftCaseStudyId }), reached: (d) => Array.isArray(d?.caseStudy?.diff?.changes) },
  {
    field: 'Organisation.caseStudies (published)',
    allowed: CALLERS,
    call: (q, f) => q(onOrganisation('caseStudies { edges { node { id } } }'), { o: f.publicOrganisationId }),
    reached: (d, f) => Boolean(d?.organisation?.caseStudies) && ids_(d.organisation.caseStudies).includes(f.publishedCaseStudyId),
  },
  {
    field: 'Organisation.caseStudies (draft)',
    allowed: DRAFT_SEERS,
    call: (q, f) => q(onOrganisation('caseStudies { edges { node { id } } }'), { o: f.publicOrganisationId }),
    reached: (d, f) => Boolean(d?.organisation?.caseStudies) && ids_(d.organisation.caseStudies).includes(f.draftCaseStudyId),
  },
  { field: 'Query.guideline (published)', allowed: CALLERS, call: (q, f) => q(onGuideline(''), { g: f.publishedGuidelineId }), reached: (d) => Boolean(d?.guideline) },
  { field: 'Query.guideline (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline(''), { g: f.draftGuidelineId }), reached: (d) => Boolean(d?.guideline) },
  { field: 'Query.guidelines (published)', allowed: CALLERS, call: (q) => q(guidelineIds), reached: (d, f) => ids_(d.guidelines).includes(f.publishedGuidelineId) },
  { field: 'Query.guidelines (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q) => q(guidelineIds), reached: (d, f) => ids_(d.guidelines).includes(f.draftGuidelineId) },
  {
    field: 'Query.searchGuidelines (published)',
    allowed: CALLERS,
    call: (q, f) => q(SEARCH_GUIDELINES, { q: null, p: f.guidelineSearchPosition }),
    reached: (d, f) => Boolean(d?.searchGuidelines) && ids_(d.searchGuidelines).includes(f.publishedGuidelineId),
  },
  {
    field: 'Query.searchGuidelines (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(SEARCH_GUIDELINES, { q: null, p: f.guidelineSearchPosition }),
    reached: (d, f) => Boolean(d?.searchGuidelines) && (ids_(d.searchGuidelines).includes(f.draftGuidelineId) || d.searchGuidelines.totalCount > 1),
  },
  {
    field: 'Query.searchGuidelines (working text of a published guideline)',
    allowed: GUIDELINE_DRAFT_SEERS,
    // Only the edit after 1.0 says "Beyond": found by those who may see the working text, in its place.
    call: (q, f) => q(SEARCH_GUIDELINES, { q: 'beyond', p: f.guidelineSearchPosition }),
    reached: (d, f) => Boolean(d?.searchGuidelines) && ids_(d.searchGuidelines).includes(f.publishedGuidelineId),
  },
  { field: 'Guideline.published', allowed: CALLERS, call: (q, f) => q(onGuideline('published { revision }'), { g: f.publishedGuidelineId }), reached: (d) => Boolean(d?.guideline?.published) },
  { field: 'Guideline.draft (published, edited since)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('draft { revision }'), { g: f.publishedGuidelineId }), reached: (d) => Boolean(d?.guideline?.draft) },
  { field: 'Guideline.draft (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('draft { revision }'), { g: f.draftGuidelineId }), reached: (d) => Boolean(d?.guideline?.draft) },
  { field: 'Guideline.versions (published)', allowed: CALLERS, call: (q, f) => q(onGuideline('versions { number }'), { g: f.publishedGuidelineId }), reached: (d) => d?.guideline?.versions?.length > 0 },
  { field: 'Guideline.versions (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('versions { number }'), { g: f.draftGuidelineId }), reached: (d) => Array.isArray(d?.guideline?.versions) },
  { field: 'Guideline.version', allowed: CALLERS, call: (q, f) => q(onGuideline('version(number: "1.0") { text { revision } }'), { g: f.publishedGuidelineId }), reached: (d) => Boolean(d?.guideline?.version) },
  {
    field: 'Guideline.diff (published)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline('diff(from: { version: "1.0" }, to: { version: "1.0" }) { unified }'), { g: f.publishedGuidelineId }),
    reached: (d) => typeof d?.guideline?.diff?.unified === 'string',
  },
  {
    field: 'Guideline.diff (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('diff(from: { revision: 1 }, to: { revision: 1 }) { unified }'), { g: f.draftGuidelineId }),
    reached: (d) => typeof d?.guideline?.diff?.unified === 'string',
  },
  // The diff's paged fields are reached only through Guideline.diff, which decides who may see the texts.
  {
    field: 'GuidelineDiff.sections (published)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline('diff(from: { version: "1.0" }, to: { version: "1.0" }) { sections(first: 10) { sectionId } }'), { g: f.publishedGuidelineId }),
    reached: (d) => Array.isArray(d?.guideline?.diff?.sections),
  },
  {
    field: 'GuidelineDiff.sections (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('diff(from: { revision: 1 }, to: { revision: 1 }) { sections(first: 10) { sectionId } }'), { g: f.draftGuidelineId }),
    reached: (d) => Array.isArray(d?.guideline?.diff?.sections),
  },
  {
    field: 'GuidelineDiff.unified (published)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline('diff(from: { version: "1.0" }, to: { version: "1.0" }) { unified(first: 10) }'), { g: f.publishedGuidelineId }),
    reached: (d) => typeof d?.guideline?.diff?.unified === 'string',
  },
  {
    field: 'GuidelineDiff.unified (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('diff(from: { revision: 1 }, to: { revision: 1 }) { unified(first: 10) }'), { g: f.draftGuidelineId }),
    reached: (d) => typeof d?.guideline?.diff?.unified === 'string',
  },
  {
    field: 'Guideline.comments (on the published version)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline('comments { text }'), { g: f.publishedGuidelineId }),
    reached: (d) => (d?.guideline?.comments ?? []).some((comment: any) => comment.text === 'on 1.0'),
  },
  {
    field: 'Guideline.comments (on the working text)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('comments { text }'), { g: f.publishedGuidelineId }),
    reached: (d) => (d?.guideline?.comments ?? []).some((comment: any) => comment.text === 'on revision 2'),
  },
  { field: 'Guideline.evidence (published)', allowed: CALLERS, call: (q, f) => q(onGuideline('evidence { caseStudyId }'), { g: f.publishedGuidelineId }), reached: (d) => Array.isArray(d?.guideline?.evidence) },
  { field: 'Guideline.evidence (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('evidence { caseStudyId }'), { g: f.draftGuidelineId }), reached: (d) => Array.isArray(d?.guideline?.evidence) },
  { field: 'Guideline.history (published)', allowed: CALLERS, call: (q, f) => q(onGuideline('history { totalCount }'), { g: f.publishedGuidelineId }), reached: (d) => d?.guideline?.history?.totalCount > 0 },
  {
    field: 'Guideline.history (the working text beyond the published version)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('history { edges { node { type } } }'), { g: f.publishedGuidelineId }),
    reached: (d) => (d?.guideline?.history?.edges ?? []).some((edge: any) => edge.node.type === 'GuidelineEdited'),
  },
  { field: 'Guideline.predecessorIds (published)', allowed: CALLERS, call: (q, f) => q(onGuideline('predecessorIds'), { g: f.publishedGuidelineId }), reached: (d) => Array.isArray(d?.guideline?.predecessorIds) },
  { field: 'Guideline.predecessorIds (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('predecessorIds'), { g: f.draftGuidelineId }), reached: (d) => Array.isArray(d?.guideline?.predecessorIds) },
  {
    field: 'Guideline.amendments (proposed by someone else)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('amendments { rationale }'), { g: f.publishedGuidelineId }),
    reached: (d) => (d?.guideline?.amendments ?? []).some((amendment: any) => amendment.rationale === 'matrix amendment'),
  },
  { field: 'Guideline.history (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline('history { totalCount }'), { g: f.draftGuidelineId }), reached: (d) => d?.guideline?.history?.totalCount > 0 },
  {
    field: 'Guideline.asOf (published)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline(`asOf(at: "${FAR_FUTURE}") { published { version { number } } }`), { g: f.publishedGuidelineId }),
    reached: (d) => d?.guideline?.asOf?.published?.version?.number === '1.0',
  },
  {
    field: 'Guideline.asOf (the working text beyond the published version)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline(`asOf(at: "${FAR_FUTURE}") { draft { revision } comments { text } }`), { g: f.publishedGuidelineId }),
    reached: (d) => d?.guideline?.asOf?.draft?.revision === 2 && d.guideline.asOf.comments.some((comment: any) => comment.text === 'on revision 2'),
  },
  { field: 'Guideline.asOf (draft)', allowed: GUIDELINE_DRAFT_SEERS, call: (q, f) => q(onGuideline(`asOf(at: "${FAR_FUTURE}") { draft { revision } }`), { g: f.draftGuidelineId }), reached: (d) => Boolean(d?.guideline?.asOf?.draft) },
  {
    field: 'Guideline.blame (published)',
    allowed: CALLERS,
    call: (q, f) => q(onGuideline('blame(of: { version: "1.0" }) { sections { words { word } } }'), { g: f.publishedGuidelineId }),
    reached: (d) => d?.guideline?.blame?.sections?.length > 0,
  },
  {
    field: 'Guideline.blame (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(onGuideline('blame(of: { revision: 1 }) { sections { lastChange { accountId } } }'), { g: f.draftGuidelineId }),
    reached: (d) => d?.guideline?.blame?.sections?.length > 0,
  },
  { field: 'Guideline.markdown', allowed: CALLERS, call: (q, f) => q(onGuideline('markdown(number: "1.0")'), { g: f.publishedGuidelineId }), reached: (d) => typeof d?.guideline?.markdown === 'string' },
  {
    field: 'Query.compareGuidelines (published)',
    allowed: CALLERS,
    call: (q, f) => q(COMPARE_GUIDELINES, { a: f.publishedGuidelineId, b: f.publishedGuidelineId }),
    reached: (d) => d?.compareGuidelines?.sections?.length > 0,
  },
  {
    field: 'Query.compareGuidelines (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(COMPARE_GUIDELINES, { a: f.draftGuidelineId, b: f.publishedGuidelineId }),
    reached: (d) => d?.compareGuidelines?.sections?.length > 0,
  },
  {
    field: 'Query.guidelinesWithStaleEvidence (published)',
    allowed: CALLERS,
    call: (q, f) => q(STALE_GUIDELINES, { p: f.staleEvidencePosition }),
    reached: (d, f) => Boolean(d?.guidelinesWithStaleEvidence) && ids_(d.guidelinesWithStaleEvidence).includes(f.publishedGuidelineId),
  },
  {
    field: 'Query.guidelinesWithStaleEvidence (draft)',
    allowed: GUIDELINE_DRAFT_SEERS,
    call: (q, f) => q(STALE_GUIDELINES, { p: f.staleEvidencePosition }),
    reached: (d, f) => Boolean(d?.guidelinesWithStaleEvidence) && ids_(d.guidelinesWithStaleEvidence).includes(f.draftGuidelineId),
  },
  {
    field: 'HistoryEntry.actorName',
    allowed: CALLERS,
    call: (q, f) => q(onOrganisation('history { edges { node { actorName } } }'), { o: f.publicOrganisationId }),
    reached: (d) => typeof d?.organisation?.history?.edges?.[0]?.node?.actorName === 'string',
  },
];

describeEachProfile('Authorisation matrix: every mutation, query and field resolver x every kind of caller (HTTP)', (profile) => {
  let api: TestApp;
  const tokens = {} as Record<Caller, string | undefined>;
  const ids = {} as Record<Caller, string>;
  let otherOrganisationId: string;
  let ownerApiKey: string;
  let fixtureReviewer: Client;
  const logLength = () => api.app.get<EventStore>(EVENT_STORE).headPosition();
  const clientOf =
    (caller: Caller): Client =>
    (query, variables) => {
      if (caller === 'ownerApiKey') return api.graphql(query, variables, { authorization: `ApiKey ${ownerApiKey}` });
      return tokens[caller] ? api.as(tokens[caller]!).graphql(query, variables) : api.graphql(query, variables);
    };

  beforeAll(async () => {
    api = await startTestApp(profile);
    const account = async (caller: Caller, roles: PlatformRole[] = []) => {
      ({ accountId: ids[caller], token: tokens[caller] } = await createAccount(api, caller, roles));
    };
    for (const caller of ['plainUser', 'memberOfAnotherOrganisation', 'editor', 'owner'] as const) await account(caller);
    await account('reviewer', ['REVIEWER']);
    await account('policyAuthor', ['POLICY_AUTHOR']);
    await account('admin', ['ADMIN']);
    ids.anonymous = '';
    ownerApiKey = (await clientOf('owner')(`mutation { createApiKey(name: "matrix caller") { key } }`)).data.createApiKey.key;
    ids.ownerApiKey = ids.owner;
    fixtureReviewer = api.as((await createAccount(api, 'fixture reviewer', ['REVIEWER'])).token).graphql;
    otherOrganisationId = (await clientOf('memberOfAnotherOrganisation')(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Other org' }) })).data.registerOrganisation.organisation.id;
  });
  afterAll(() => api.close());

  // A fresh organisation (owner + editor), partnership (led by it, inviting the other organisation) and key for every cell.
  const freshFixture = async (needs: Need[]): Promise<Fixture> => {
    const owner = clientOf('owner');
    const fixture: Fixture = { organisationId: '', partnershipId: '', otherOrganisationId, ownerApiKeyId: '', throwawayAccountId: '', caseStudyId: '', guidelineId: '', sectionId: '', commentId: '' };
    if (needs.includes('organisation')) {
      fixture.organisationId = (await owner(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Target org' }) })).data.registerOrganisation.organisation.id;
      await owner(`mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { organisation { id } position } }`, { i: { organisationId: fixture.organisationId, accountId: ids.editor, role: 'EDITOR' } });
    }
    if (needs.includes('partnership')) {
      fixture.partnershipId = (await owner(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: plan(fixture.organisationId) })).data.proposePartnership.partnership.id;
      await owner(`mutation($i: InvitePartnerInput!) { invitePartner(input: $i) { partnership { id } position } }`, { i: { partnershipId: fixture.partnershipId, organisationId: otherOrganisationId, role: 'PARTNER' } });
    }
    if (needs.includes('apiKey')) fixture.ownerApiKeyId = (await owner(`mutation { createApiKey(name: "fixture") { apiKey { id } } }`)).data.createApiKey.apiKey.id;
    if (needs.includes('throwaway')) {
      fixture.throwawayAccountId = (await createAccount(api, 'Throwaway')).accountId;
    }
    if (needs.includes('caseStudy')) fixture.caseStudyId = (await owner(DRAFT_CASE_STUDY, { input: aCaseStudy(fixture.organisationId) })).data.draftCaseStudy.caseStudy.id;
    if (needs.includes('submittedCaseStudy')) await owner(SUBMIT_CASE_STUDY, { id: fixture.caseStudyId });
    if (needs.includes('publishedCaseStudy')) await fixtureReviewer(REVIEW_CASE_STUDY, { input: { caseStudyId: fixture.caseStudyId, decision: 'APPROVE' } });
    const author = clientOf('policyAuthor');
    if (needs.includes('guideline')) {
      const guideline = (await author(DRAFT_GUIDELINE, { input: aGuideline() })).data.draftGuideline.guideline;
      fixture.guidelineId = guideline.id;
      fixture.sectionId = guideline.draft.sections[0].sectionId;
    }
    if (needs.includes('guidelineInReview')) await author(REQUEST_REVIEW, { g: fixture.guidelineId });
    if (needs.includes('approvedGuideline')) await fixtureReviewer(REVIEW_GUIDELINE, { i: { guidelineId: fixture.guidelineId, decision: 'APPROVE' } });
    if (needs.includes('publishedGuideline')) await author(PUBLISH_VERSION, { i: { guidelineId: fixture.guidelineId, kind: 'MAJOR', changeSummary: 'matrix' } });
    if (needs.includes('guidelineComment')) {
      const comment = await author(COMMENT, { i: { guidelineId: fixture.guidelineId, sectionId: fixture.sectionId, revision: 1, text: 'fixture comment' } });
      fixture.commentId = comment.data.commentOnGuideline.commentId;
    }
    return fixture;
  };

  it('covers every mutation of the schema', async () => {
    const { data } = await api.graphql(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = data.__type.fields.map((field: { name: string }) => field.name).sort();
    expect([...ROWS.map((row) => row.mutation), 'signIn'].sort()).toEqual(inSchema);
  });

  describe.each(ROWS)('$mutation', (row) => {
    it.each([...CALLERS])('as %s', async (caller) => {
      const fixture = await freshFixture(row.needs ?? []);
      const before = await logLength();
      const response = await row.call(clientOf(caller), fixture, ids);
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      if (mayCall(row, caller)) {
        expect(codes).not.toContain('UNAUTHENTICATED');
        expect(codes).not.toContain('FORBIDDEN');
        expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      } else {
        expect(codes).toEqual([caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
        expect(await logLength()).toBe(before);
      }
    });
  });
});

describeEachProfile('Authorisation matrix: every query and field resolver x every kind of caller (HTTP)', (profile) => {
  let api: TestApp;
  let fixture: ReadFixture;
  const clients = {} as Record<Caller, Client>;

  beforeAll(async () => {
    api = await startTestApp(profile);
    const tokens = {} as Record<Caller, string>;
    for (const caller of ['plainUser', 'memberOfAnotherOrganisation', 'editor', 'owner'] as const) tokens[caller] = (await createAccount(api, caller)).token;
    tokens.reviewer = (await createAccount(api, 'reviewer', ['REVIEWER'])).token;
    tokens.policyAuthor = (await createAccount(api, 'policyAuthor', ['POLICY_AUTHOR'])).token;
    tokens.admin = (await createAccount(api, 'admin', ['ADMIN'])).token;
    const editorId = (await api.as(tokens.editor).graphql(`{ me { id } }`)).data.me.id;
    const owner = api.as(tokens.owner);
    const ownerKey = (await owner.graphql(`mutation { createApiKey(name: "matrix reader") { key } }`)).data.createApiKey.key;
    const organisation = async (name: string) => {
      const id = (await owner.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name }) })).data.registerOrganisation.organisation.id;
      await owner.graphql(`mutation($i: OrganisationMemberInput!) { addOrganisationMember(input: $i) { organisation { id } position } }`, { i: { organisationId: id, accountId: editorId, role: 'EDITOR' } });
      return id;
    };
    const publicOrganisationId = await organisation('Public org');
    const suspendedOrganisationId = await organisation('Suspended org');
    const partnershipId = (await owner.graphql(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: plan(publicOrganisationId) })).data.proposePartnership.partnership.id;
    await owner.graphql(`mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) { partnership { id } position } }`, { i: plan(suspendedOrganisationId) });
    const suspended = await api.as(tokens.admin).graphql(`mutation($o: ID!) { suspendOrganisation(organisationId: $o, reason: "matrix") { organisation { id } position } }`, { o: suspendedOrganisationId });
    const caseStudy = async () => (await owner.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(publicOrganisationId) })).data.draftCaseStudy.caseStudy.id as string;
    const draftCaseStudyId = await caseStudy();
    await owner.graphql(SUBMIT_CASE_STUDY, { id: draftCaseStudyId });
    const publishedCaseStudyId = await caseStudy();
    await owner.graphql(SUBMIT_CASE_STUDY, { id: publishedCaseStudyId });
    await api.as(tokens.reviewer).graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: publishedCaseStudyId, decision: 'APPROVE' } });
    const revised = await owner.graphql(REVISE_CASE_STUDY, { input: { id: publishedCaseStudyId, expectedRevision: 2, changeNote: 'matrix revision', city: 'Rustavi' } });
    const author = api.as(tokens.policyAuthor);
    const guideline = async () => (await author.graphql(DRAFT_GUIDELINE, { input: aGuideline() })).data.draftGuideline.guideline;
    const draftGuidelineId = (await guideline()).id as string;
    const published = await guideline();
    const guidelineSection = published.draft.sections[0].sectionId;
    await author.graphql(REQUEST_REVIEW, { g: published.id });
    await api.as(tokens.reviewer).graphql(REVIEW_GUIDELINE, { i: { guidelineId: published.id, decision: 'APPROVE' } });
    await author.graphql(PUBLISH_VERSION, { i: { guidelineId: published.id, kind: 'MAJOR', changeSummary: 'matrix' } });
    await author.graphql(COMMENT, { i: { guidelineId: published.id, sectionId: guidelineSection, revision: 1, text: 'on 1.0' } });
    await author.graphql(EDIT_GUIDELINE, { input: { guidelineId: published.id, expectedRevision: 1, changeNote: 'matrix edit', changes: [{ kind: 'EDIT', sectionId: guidelineSection, body: 'Beyond 1.0.' }] } });
    await author.graphql(COMMENT, { i: { guidelineId: published.id, sectionId: guidelineSection, revision: 2, text: 'on revision 2' } });
    // A case study both guidelines cite, then published anew: evidence gone stale.
    const citedCaseStudyId = await caseStudy();
    await owner.graphql(SUBMIT_CASE_STUDY, { id: citedCaseStudyId });
    await api.as(tokens.reviewer).graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: citedCaseStudyId, decision: 'APPROVE' } });
    const draftGuidelineSection = (await author.graphql(onGuideline('draft { sections { sectionId } }'), { g: draftGuidelineId })).data.guideline.draft.sections[0].sectionId;
    await author.graphql(CITE_EVIDENCE, { i: { guidelineId: published.id, sectionId: guidelineSection, caseStudyId: citedCaseStudyId } });
    await author.graphql(CITE_EVIDENCE, { i: { guidelineId: draftGuidelineId, sectionId: draftGuidelineSection, caseStudyId: citedCaseStudyId } });
    await owner.graphql(REVISE_CASE_STUDY, { input: { id: citedCaseStudyId, expectedRevision: 2, changeNote: 'newer figures', city: 'Batumi' } });
    await owner.graphql(SUBMIT_CASE_STUDY, { id: citedCaseStudyId });
    const republished = await api.as(tokens.reviewer).graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: citedCaseStudyId, decision: 'APPROVE' } });
    const proposer = api.as((await createAccount(api, 'amendment proposer')).token);
    const proposed = await proposer.graphql(`mutation($i: ProposeAmendmentInput!) { proposeAmendment(input: $i) { position } }`, {
      i: { guidelineId: published.id, rationale: 'matrix amendment', changes: [{ kind: 'RETITLE', sectionId: guidelineSection, heading: 'Amended heading' }] },
    });
    fixture = {
      draftGuidelineId,
      publishedGuidelineId: published.id,
      publicOrganisationId,
      suspendedOrganisationId,
      partnershipId,
      draftCaseStudyId,
      publishedCaseStudyId,
      position: suspended.data.suspendOrganisation.position,
      searchPosition: revised.data.reviseCaseStudy.position,
      staleEvidencePosition: republished.data.reviewCaseStudy.position,
      guidelineSearchPosition: proposed.data.proposeAmendment.position,
    };
    for (const caller of CALLERS) {
      const headers = caller === 'ownerApiKey' ? { authorization: `ApiKey ${ownerKey}` } : tokens[caller] ? { authorization: `Bearer ${tokens[caller]}` } : undefined;
      clients[caller] = (query, variables) => api.graphql(query, variables, headers);
    }
  });
  afterAll(() => api.close());

  it('covers every query and every field resolver of the schema', () => {
    const queries = Object.keys(api.app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields()).map((name) => `Query.${name}`);
    const covered = new Set(READ_ROWS.map((row) => row.field.replace(/ \(.*\)$/, '')));
    expect([...queries, ...fieldResolversOf(api)].filter((field) => !covered.has(field))).toEqual([]);
  });

  describe.each(READ_ROWS)('$field', (row) => {
    it.each([...CALLERS])('as %s', async (caller) => {
      const response = await row.call(clients[caller], fixture);
      const codes = codesOf(response);
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      if (mayCall(row, caller)) {
        expect(codes).toEqual([]);
        expect(row.reached(response.data, fixture)).toBe(true);
      } else {
        expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')).toBe(true);
        expect(row.reached(response.data, fixture)).toBe(false);
      }
    });
  });
});

// Every @ResolveField method of every resolver in the app, as `Type.field` (read from Nest's metadata: Apollo
// wraps every field's resolve function once it serves, so the schema itself no longer tells them apart).
function fieldResolversOf(api: TestApp): string[] {
  const fields: string[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const resolverClass = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      // @Resolver(() => SomeObject) names the class after the GraphQL type it resolves fields of.
      const typeName = resolverClass && Reflect.getMetadata('graphql:resolver_name', resolverClass);
      if (!resolverClass || typeof typeName !== 'string') continue;
      for (const method of Object.getOwnPropertyNames(resolverClass.prototype)) {
        const handler = resolverClass.prototype[method];
        if (typeof handler === 'function' && Reflect.getMetadata('graphql:resolve_property', handler)) fields.push(`${typeName}.${Reflect.getMetadata('graphql:resolver_name', handler) ?? method}`);
      }
    }
  }
  return fields;
}
