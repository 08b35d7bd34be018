import { DRAFT_CASE_STUDY, REVIEW_CASE_STUDY, REVISE_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './case-studies.graphql';
import { DRAFT_GUIDELINE, EDIT_GUIDELINE, PUBLISH_VERSION, REQUEST_REVIEW, REVIEW_GUIDELINE, aGuideline } from './guidelines.graphql';
import { REGISTER_ORGANISATION, anOrganisation } from './organisations.graphql';
import { createAccount, type GraphqlResponse, type TestApp } from './test-app';

type Client = Pick<TestApp, 'graphql'>;
type Person = { accountId: string; token: string; email: string };
/** createAccount's password. */
export const PASSWORD = 'a long enough password';

export interface PortalFixtures {
  organisationId: string;
  /** Tbilisi City Hall leads it with Caucasus Green Bank, which leads another with the Institute of Urban Studies. */
  partnershipId: string;
  /** Published, then revised and published again: its public history has a diff to show. */
  retrofitId: string;
  frenchId: string;
  guidelineId: string;
  /** Accounts made with the password PASSWORD. */
  reviewer: Person;
  authors: { a: Person; b: Person };
  /** The log position after the last change: read at least this before a browser looks. */
  position: string;
}

const ok = <T = any>(response: GraphqlResponse<T>, what: string): T => {
  if (response.errors?.length || !response.data) throw new Error(`${what}: ${JSON.stringify(response.errors)}`);
  return response.data;
};

/**
 * What the portal's journeys read, made through the API as people would: two published case studies (one
 * revised after review, in English; one in French), and a guideline with versions 1.0 and 1.1.
 */
export async function seedPortal(api: TestApp): Promise<PortalFixtures> {
  let position = '0';
  const change = async <T = any>(client: Client, query: string, variables: Record<string, unknown>, what: string): Promise<T> => {
    const data = ok(await client.graphql(query, variables), what) as Record<string, { position: string }>;
    const payload = Object.values(data)[0];
    position = payload.position;
    return payload as T;
  };
  const owner = await createAccount(api, 'Nino Beridze');
  const reviewer = await createAccount(api, 'Ana Reviewer', ['REVIEWER']);
  const authorA = await createAccount(api, 'Author Aida', ['POLICY_AUTHOR']);
  const authorB = await createAccount(api, 'Author Boris', ['POLICY_AUTHOR']);
  const asOwner = api.as(owner.token);
  const asReviewer = api.as(reviewer.token);
  const asA = api.as(authorA.token);

  const organisationId = (await change<{ organisation: { id: string } }>(asOwner, REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Tbilisi City Hall', country: 'GE', city: 'Tbilisi' }) }, 'register')).organisation.id;
  const retrofitId = (await change<{ caseStudy: { id: string } }>(asOwner, DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) }, 'draft')).caseStudy.id;
  await change(asOwner, SUBMIT_CASE_STUDY, { id: retrofitId }, 'submit');
  const approved = await change<{ caseStudy: { revision: number } }>(asReviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: retrofitId, decision: 'APPROVE' } }, 'approve');
  // Revised once published, and approved again: two published texts, so the public sees a diff.
  await change(asOwner, REVISE_CASE_STUDY, { input: { id: retrofitId, expectedRevision: approved.caseStudy.revision, changeNote: 'Blocks counted', title: 'Retrofitting 40 Soviet-era apartment blocks', summary: 'Deep energy renovation of 40 apartment blocks with their owners associations' } }, 'revise');
  await change(asOwner, SUBMIT_CASE_STUDY, { id: retrofitId }, 'resubmit');
  await change(asReviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: retrofitId, decision: 'APPROVE' } }, 'approve revision');

  const frenchId = (
    await change<{ caseStudy: { id: string } }>(asOwner, DRAFT_CASE_STUDY, {
      input: aCaseStudy(organisationId, { title: 'Tramway électrique et rénovation des dépôts', summary: 'Un réseau de tramways alimenté par énergie solaire', body: 'Les tramways circulent depuis 2022.', city: 'Lyon', country: 'FR', sectors: ['TRANSPORT'], sdgTargets: ['11.2'], period: { fromYear: 2021, toYear: 2024 }, cost: { amount: 30000000, currency: 'EUR' }, outcomes: [], language: 'fr' }),
    }, 'draft fr')
  ).caseStudy.id;
  await change(asOwner, SUBMIT_CASE_STUDY, { id: frenchId }, 'submit fr');
  await change(asReviewer, REVIEW_CASE_STUDY, { input: { caseStudyId: frenchId, decision: 'APPROVE' } }, 'approve fr');

  // Partnerships: Tbilisi with a bank, and the bank with an institute (the institute is at depth 2 from Tbilisi).
  const partner = async (name: string, type: string) => {
    const account = await createAccount(api, `${name} owner`);
    const id = (await change<{ organisation: { id: string } }>(api.as(account.token), REGISTER_ORGANISATION, { input: anOrganisation({ name, type, country: 'GE', city: 'Tbilisi' }) }, `register ${name}`)).organisation.id;
    return { id, client: api.as(account.token) };
  };
  const bank = await partner('Caucasus Green Bank', 'COMPANY');
  const institute = await partner('Institute of Urban Studies', 'ACADEMIA');
  const PROPOSE = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { partnership { id } position } }`;
  const INVITE = `mutation($input: InvitePartnerInput!) { invitePartner(input: $input) { partnership { id } position } }`;
  const RESPOND = `mutation($input: RespondToInvitationInput!) { respondToPartnershipInvitation(input: $input) { partnership { id } position } }`;
  const partnership = async (lead: { id: string; client: Client }, other: { id: string; client: Client }, title: string) => {
    const id = (await change<{ partnership: { id: string } }>(lead.client, PROPOSE, { input: { title, objectives: 'Finance and evaluate deep retrofits', sectors: ['HOUSING'], countries: ['GE'], startsOn: '2024-01-01', leadOrganisationId: lead.id } }, 'propose')).partnership.id;
    await change(lead.client, INVITE, { input: { partnershipId: id, organisationId: other.id, role: 'FUNDER' } }, 'invite');
    await change(other.client, RESPOND, { input: { partnershipId: id, organisationId: other.id, accept: true } }, 'accept');
    return id;
  };
  const partnershipId = await partnership({ id: organisationId, client: asOwner }, bank, 'Tbilisi retrofit finance');
  await partnership(bank, institute, 'Retrofit evaluation');

  // A guideline published as 1.0, then edited (one section reworded, one added) and published as 1.1.
  const drafted = await change<{ guideline: { id: string; draft: { sections: { sectionId: string; heading: string }[] } } }>(asA, DRAFT_GUIDELINE, { input: aGuideline() }, 'draft guideline');
  const guidelineId = drafted.guideline.id;
  const publish = async (kind: string, changeSummary: string) => {
    await change(asA, REQUEST_REVIEW, { g: guidelineId }, 'request review');
    await change(asReviewer, REVIEW_GUIDELINE, { i: { guidelineId, decision: 'APPROVE' } }, 'review guideline');
    await change(asA, PUBLISH_VERSION, { i: { guidelineId, kind, changeSummary } }, 'publish');
  };
  await publish('MAJOR', 'First version');
  const licence = drafted.guideline.draft.sections.find((section) => section.heading === 'Licence')!.sectionId;
  await change(asA, EDIT_GUIDELINE, {
    input: {
      guidelineId,
      expectedRevision: 1,
      changeNote: 'Attribution licences are enough',
      changes: [
        { kind: 'EDIT', sectionId: licence, body: 'Publish the data under an open or attribution licence that allows commercial reuse. Review the licence every two years.' },
        { kind: 'ADD', heading: 'Quality', body: 'Publish how often the data is refreshed and how complete it is.', position: 3 },
      ],
    },
  }, 'edit guideline');
  await publish('MINOR', 'Attribution licences and a quality section');
  const ADD_AUTHOR = `mutation($g: ID!, $a: ID!) { addGuidelineAuthor(guidelineId: $g, accountId: $a) { guideline { id } position } }`;
  await change(asA, ADD_AUTHOR, { g: guidelineId, a: authorB.accountId }, 'add author');

  // Wait until every read model and the search index hold it all, as a browser would read right after.
  ok(await api.graphql(`query($p: String) { searchCaseStudies(first: 1, consistency: { atLeast: $p }) { totalCount } guidelines(first: 1, consistency: { atLeast: $p }) { totalCount } }`, { p: position }), 'catch up');
  return {
    organisationId,
    partnershipId,
    retrofitId,
    frenchId,
    guidelineId,
    reviewer,
    authors: { a: authorA, b: authorB },
    position,
  };
}
