import type { EventStore } from '@sce/event-sourcing';
import { CASE_STUDY_SEARCH, EVENT_STORE, GUIDELINE_SEARCH, READ_MODELS } from '@sce/platform';
import type { CaseStudySearchIndex, GuidelineSearchOverEngine } from '@sce/search';
import type { PostgresCaseStudySearchIndex } from '@sce/search/adapters/postgres';
import { existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { DRAFT_CASE_STUDY, REVIEW_CASE_STUDY, REVISE_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './support/case-studies.graphql';
import { COMMENT, DRAFT_GUIDELINE, PUBLISH_VERSION, REQUEST_REVIEW, REVIEW_GUIDELINE, aGuideline } from './support/guidelines.graphql';
import { SIGN_UP, codesOf, createAccount, postGraphql, startTestApp, type TestApp } from './support/test-app';
import { type ApiProcess, freePort, startApiProcess } from './support/api-process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ME = `{ me { id name } }`;
const FORGET_ME = `mutation { forgetMe { accountId position } }`;
const FORGET_ACCOUNT = `mutation($accountId: ID!) { forgetAccount(accountId: $accountId) { accountId position } }`;
const HISTORY = `query($id: ID!) { organisation(id: $id) { history { edges { node { type actorId actorName } } } } }`;

describeEachProfile('Forgetting a person (right to erasure) over GraphQL (HTTP)', (profile) => {
  let api: TestApp;

  // Personal data written through the API, distinctive enough to find anywhere it might have leaked.
  const newPerson = async (tag: string) => {
    const name = `Erasable ${tag} Qzxv`;
    const email = `erasable.${tag.toLowerCase()}.qzxv.${Date.now()}@example.org`;
    const response = await api.graphql(SIGN_UP, { input: { name, email, password: 'erasable password 1' } });
    return { name, email, token: response.data.signUp.token as string, accountId: response.data.signUp.account.id as string };
  };

  // Everything the service stores: the event log and every table of the read-model database.
  const everythingStored = async () => {
    const events = await api.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, maxCount: 1_000_000 });
    const db = api.app.get<DataSource>(READ_MODELS);
    const tables = await Promise.all(db.entityMetadatas.map(async (entity) => [entity.tableName, await db.getRepository(entity.target).find()]));
    return JSON.stringify({ events, tables }).toLowerCase();
  };

  // Every byte a search store keeps: the embedded engine's file (and its WAL), or the PostgreSQL engine's tables.
  // Case-study search by default; guideline search in its own store (guideline-search.sqlite, guideline_search_*).
  const searchIndexHolds = async (text: string, store: 'case-studies' | 'guidelines' = 'case-studies'): Promise<boolean> => {
    const index = store === 'guidelines' ? api.app.get<GuidelineSearchOverEngine>(GUIDELINE_SEARCH).underlying : api.app.get<CaseStudySearchIndex>(CASE_STUDY_SEARCH);
    const search = api.config.search;
    if (search.engine === 'postgres') return (index as PostgresCaseStudySearchIndex).storageContains(text);
    if (search.engine !== 'embedded') throw new Error(`no storage scan for the ${search.engine} engine here`);
    const fileName = store === 'guidelines' ? join(dirname(search.embedded.fileName), 'guideline-search.sqlite') : search.embedded.fileName;
    const files = [fileName, `${fileName}-wal`].filter((file) => existsSync(file));
    expect(files.length).toBeGreaterThan(0);
    return files.some((file) => readFileSync(file).toString('latin1').toLowerCase().includes(text.toLowerCase()) || readFileSync(file).toString('utf8').toLowerCase().includes(text.toLowerCase()));
  };

  beforeAll(async () => {
    api = await startTestApp(profile);
  });
  afterAll(() => api.close());

  it('erases name and e-mail everywhere, keeps the history as by a "former member", and ends every way to sign in', async () => {
    const person = await newPerson('Self');
    const client = api.as(person.token);
    const key = (await client.graphql(`mutation { createApiKey(name: "sync") { key } }`)).data.createApiKey.key;
    const organisation = (await client.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Forgetful City' }) })).data.registerOrganisation.organisation;
    expect((await api.graphql(HISTORY, { id: organisation.id })).data.organisation.history.edges[0].node.actorName).toBe(person.name);
    expect(await everythingStored()).toContain(person.email.toLowerCase());

    expect((await client.graphql(FORGET_ME)).data.forgetMe).toEqual({ accountId: person.accountId, position: expect.any(String) });

    const stored = await everythingStored();
    expect(stored).not.toContain(person.name.toLowerCase());
    expect(stored).not.toContain(person.email.toLowerCase());
    expect(stored).toContain(person.accountId);
    const history = (await api.graphql(HISTORY, { id: organisation.id })).data.organisation.history.edges.map((edge: any) => edge.node);
    expect(history[0]).toEqual({ type: 'OrganisationRegistered', actorId: person.accountId, actorName: 'former member' });

    expect(codesOf(await client.graphql(ME))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await api.graphql(ME, {}, { authorization: `ApiKey ${key}` }))).toEqual(['UNAUTHENTICATED']);
    const signIn = await api.graphql(`mutation($input: SignInInput!) { signIn(input: $input) { token } }`, { input: { email: person.email, password: 'erasable password 1' } });
    expect(codesOf(signIn)).toEqual(['UNAUTHENTICATED']);
  });

  it('leaves nothing of an erased author or reviewer in the case-study read models: their work stays, as by a "former member"', async () => {
    const author = await newPerson('Author');
    const reviewerPerson = await newPerson('Reviewer');
    const admin = api.as((await createAccount(api, 'Erasure Admin', ['ADMIN'])).token);
    await admin.graphql(`mutation($a: ID!) { grantRole(accountId: $a, role: REVIEWER) { account { id } position } }`, { a: reviewerPerson.accountId });
    const client = api.as(author.token);
    const organisationId = (await client.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Erasable City' }) })).data.registerOrganisation.organisation.id;
    const caseStudyId = (await client.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) })).data.draftCaseStudy.caseStudy.id;
    await client.graphql(REVISE_CASE_STUDY, { input: { id: caseStudyId, expectedRevision: 0, changeNote: 'Clearer title', title: 'Warm homes for Erasable City' } });
    await client.graphql(SUBMIT_CASE_STUDY, { id: caseStudyId });
    const reviewed = await api.as(reviewerPerson.token).graphql(REVIEW_CASE_STUDY, { input: { caseStudyId, decision: 'APPROVE' } });
    expect(reviewed.data?.reviewCaseStudy.caseStudy.status).toBe('PUBLISHED');

    await client.graphql(FORGET_ME);
    const forgotten = await api.as(reviewerPerson.token).graphql(FORGET_ME);

    const stored = await everythingStored();
    for (const person of [author, reviewerPerson]) {
      expect(stored).not.toContain(person.name.toLowerCase());
      expect(stored).not.toContain(person.email.toLowerCase());
    }
    // The search index was fed (the case study is found), and holds nothing of either person.
    const found = await api.graphql(`query($p: String) { searchCaseStudies(query: "warm homes erasable", consistency: { atLeast: $p }) { edges { node { id } } } }`, { p: forgotten.data.forgetMe.position });
    expect(found.data.searchCaseStudies.edges.map((edge: any) => edge.node.id)).toEqual([caseStudyId]);
    for (const person of [author, reviewerPerson]) {
      for (const secret of [person.name, person.email]) expect(await searchIndexHolds(secret)).toBe(false);
    }
    const caseStudy = (await api.graphql(`query($id: ID!) { caseStudy(id: $id) { published { title } history { edges { node { type actorName } } } } }`, { id: caseStudyId })).data.caseStudy;
    expect(caseStudy.published.title).toBe('Warm homes for Erasable City');
    expect(new Set(caseStudy.history.edges.map((edge: any) => edge.node.actorName))).toEqual(new Set(['former member']));
  });

  it('leaves nothing of an erased guideline author or commenter in the guideline read models: the guideline and comments stay, as by a "former member"', async () => {
    const author = await newPerson('GuidelineAuthor');
    const commenter = await newPerson('Commenter');
    const admin = api.as((await createAccount(api, 'Erasure Admin', ['ADMIN'])).token);
    await admin.graphql(`mutation($a: ID!) { grantRole(accountId: $a, role: POLICY_AUTHOR) { account { id } position } }`, { a: author.accountId });
    const reviewer = api.as((await createAccount(api, 'Guideline Reviewer', ['REVIEWER'])).token);
    const client = api.as(author.token);
    const guideline = (await client.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Erasable guideline' }) })).data.draftGuideline.guideline;
    await client.graphql(REQUEST_REVIEW, { g: guideline.id });
    await reviewer.graphql(REVIEW_GUIDELINE, { i: { guidelineId: guideline.id, decision: 'APPROVE' } });
    await client.graphql(PUBLISH_VERSION, { i: { guidelineId: guideline.id, kind: 'MAJOR', changeSummary: 'First' } });
    const sectionId = guideline.draft.sections[0].sectionId;
    const commented = await api.as(commenter.token).graphql(COMMENT, { i: { guidelineId: guideline.id, sectionId, revision: 1, text: 'Does this cover ferries?' } });
    expect(commented.errors).toBeUndefined();

    await client.graphql(FORGET_ME);
    const forgotten = await api.as(commenter.token).graphql(FORGET_ME);

    const stored = await everythingStored();
    for (const person of [author, commenter]) {
      expect(stored).not.toContain(person.name.toLowerCase());
      expect(stored).not.toContain(person.email.toLowerCase());
    }
    // Guideline search was fed (the guideline is found) and keeps no name, e-mail or account id of anyone.
    const found = await api.graphql(`query($p: String) { searchGuidelines(query: "erasable", consistency: { atLeast: $p }) { edges { node { id } } } }`, { p: forgotten.data.forgetMe.position });
    expect(found.data.searchGuidelines.edges.map((edge: any) => edge.node.id)).toEqual([guideline.id]);
    for (const person of [author, commenter]) {
      for (const secret of [person.name, person.email, person.accountId]) expect(await searchIndexHolds(secret, 'guidelines')).toBe(false);
    }
    const read = (await api.graphql(`query($id: ID!) { guideline(id: $id) { title versions { number } comments { text commentedBy } history { edges { node { actorName } } } } }`, { id: guideline.id })).data.guideline;
    expect(read).toMatchObject({ title: 'Erasable guideline', versions: [{ number: '1.0' }], comments: [{ text: 'Does this cover ferries?', commentedBy: commenter.accountId }] });
    expect(read.history.edges.map((edge: any) => edge.node.actorName)).not.toContain(author.name);
    expect(read.history.edges[0].node.actorName).toBe('former member');
  });

  it('lets an admin, and only an admin, forget someone else', async () => {
    const person = await newPerson('ByAdmin');
    const stranger = await newPerson('Stranger');
    expect(codesOf(await api.as(stranger.token).graphql(FORGET_ACCOUNT, { accountId: person.accountId }))).toEqual(['FORBIDDEN']);

    const admin = api.as((await createAccount(api, 'Erasure Admin', ['ADMIN'])).token);
    expect((await admin.graphql(FORGET_ACCOUNT, { accountId: person.accountId })).data.forgetAccount.accountId).toBe(person.accountId);
    expect(await everythingStored()).not.toContain(person.email.toLowerCase());
    expect(codesOf(await admin.graphql(FORGET_ACCOUNT, { accountId: person.accountId }))).toEqual(['NOT_FOUND']);
  });
});

// The bytes themselves: the SQLite file, its write-ahead log, and everything the server printed, from a
// real server process with its default log level.
describe('Forgetting a person leaves no trace in the files or the server log [sqlite]', () => {
  let dir: string;
  let server: ApiProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-erasure-'));
    server = await startApiProcess({ DATA_DIR: dir, LOG_LEVEL: 'debug' }, await freePort());
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans exchange.sqlite, its -wal and the log for the name and e-mail after forgetMe', async () => {
    const url = `${server.baseUrl}/graphql`;
    const name = 'Bytescan Qzxv Person';
    const email = `bytescan.qzxv.${Date.now()}@example.org`;
    const signedUp = await postGraphql(url, SIGN_UP, { input: { name, email, password: 'erasable password 1' } });
    const token = signedUp.data.signUp.token as string;
    const as = (query: string, variables?: Record<string, unknown>) => postGraphql(url, query, variables, { authorization: `Bearer ${token}` });
    await as(`mutation { createApiKey(name: "Bytescan Qzxv laptop") { key } }`);
    await as(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Bytescan city' }) });
    // A failed write on the people table: its error must not print the row's values.
    await postGraphql(url, SIGN_UP, { input: { name, email, password: 'erasable password 1' } });
    const filesBefore = readStored(dir);
    expect(filesBefore).toContain(email);

    expect((await as(`mutation { forgetMe { accountId } }`)).data.forgetMe.accountId).toEqual(expect.any(String));
    server.child.kill('SIGTERM');
    await server.exited;

    const stored = readStored(dir);
    for (const secret of [name, email, 'Bytescan Qzxv laptop']) {
      expect(stored).not.toContain(secret);
      expect(server.output()).not.toContain(secret);
    }
  });
});

// Every file of the data directory as latin1 text (so any byte sequence is searchable).
function readStored(dir: string): string {
  return readdirSync(dir)
    .map((file) => readFileSync(join(dir, file)).toString('latin1'))
    .join('\n');
}
