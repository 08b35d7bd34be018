import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { waitUntil } from '@sce/event-sourcing/testing/event-store-contract';
import { createClient, type Client as WsClient, type FormattedExecutionResult } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort, startApiProcess, type ApiProcess } from './support/api-process';
import { DRAFT_GUIDELINE, EDIT_GUIDELINE, PUBLISH_VERSION, REQUEST_REVIEW, REVIEW_GUIDELINE, aGuideline } from './support/guidelines.graphql';
import { createAccount, postGraphql, startTestApp, type GraphqlResponse, type TestApp } from './support/test-app';

type Client = Pick<TestApp, 'graphql'>;

const VERSION_PUBLISHED = `subscription { guidelineVersionPublished { position guideline { id title latestVersion published { sections { body } } } version { number revision changeSummary } } }`;
const CHANGED = `subscription($id: ID!) { guidelineChanged(id: $id) { guidelineId type position guideline { id revision } } }`;
const CHANGED_WITH_DRAFT = `subscription($id: ID!) { guidelineChanged(id: $id) { type guideline { draft { sections { body } } } } }`;

/** A graphql-ws connection to one API instance, as the caller the token names (none: anonymous). */
function connect(baseUrl: string, token?: string): WsClient {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
}

/** Everything a subscription delivers, and the error it ends with; ready once the server acknowledged the connection. */
async function subscribe(client: WsClient, query: string, variables: Record<string, unknown> = {}) {
  const received: FormattedExecutionResult<any, unknown>[] = [];
  const state: { error?: unknown; completed: boolean } = { completed: false };
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const unsubscribe = client.subscribe(
    { query, variables },
    { next: (value) => received.push(value), error: (error) => (state.error = error), complete: () => (state.completed = true) },
  );
  await connected;
  // The server starts following the log when the subscription is set up, just after the connection is acknowledged.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { received, state, unsubscribe };
}

// Left out of the run by test/test-servers.js when PostgreSQL is not there (POSTGRES_ONLY).
const postgresUrl = postgresTestUrl();

describe('Guideline subscriptions over graphql-ws, across two API instances on one PostgreSQL', () => {
  const schema = uniqueSchemaName('gl_live');
  const dataDir = mkdtempSync(join(tmpdir(), 'sce-gl-live-'));
  // Both instances sign tokens with the same secret, as a deployment behind a load balancer does.
  const env = { EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: postgresUrl ?? '', POSTGRES_SCHEMA: schema, PROJECTIONS_LEADER_RETRY_MS: '250', JWT_SECRET: randomBytes(36).toString('base64') };
  let writer: TestApp;
  let other: ApiProcess;
  let author: Client;
  let reviewer: Client;
  let authorToken: string;
  const sockets: WsClient[] = [];
  const open = (baseUrl: string, token?: string) => {
    const client = connect(baseUrl, token);
    sockets.push(client);
    return client;
  };
  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const publish = async (guidelineId: string, changeSummary: string) => {
    ok(await author.graphql(REQUEST_REVIEW, { g: guidelineId }));
    ok(await reviewer.graphql(REVIEW_GUIDELINE, { i: { guidelineId, decision: 'APPROVE' } }));
    return ok(await author.graphql(PUBLISH_VERSION, { i: { guidelineId, kind: 'MAJOR', changeSummary } })).publishGuidelineVersion;
  };

  beforeAll(async () => {
    // One instance in this process (to make accounts with roles), one as its own OS process.
    writer = await startTestApp(undefined, env);
    other = await startApiProcess({ ...env, DATA_DIR: dataDir }, await freePort());
    const a = await createAccount(writer, 'Live author', ['POLICY_AUTHOR']);
    authorToken = a.token;
    author = writer.as(a.token);
    reviewer = writer.as((await createAccount(writer, 'Live reviewer', ['REVIEWER'])).token);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    other?.child.kill('SIGKILL');
    await writer?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('delivers a version published through one instance to an anonymous subscriber on the other, with its published text', async () => {
    const anonymous = await subscribe(open(other.baseUrl), VERSION_PUBLISHED);
    const guideline = ok(await author.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Live: open mobility data' }) })).draftGuideline.guideline;
    // A draft's edits never reach this subscription.
    ok(await author.graphql(EDIT_GUIDELINE, { input: { guidelineId: guideline.id, expectedRevision: 1, changeNote: 'Scope', changes: [{ kind: 'EDIT', sectionId: guideline.draft.sections[0].sectionId, body: 'Timetables only.' }] } }));
    const published = await publish(guideline.id, 'First version');

    await waitUntil(async () => anonymous.received.length > 0, 15_000);
    expect(anonymous.state.error).toBeUndefined();
    expect(anonymous.received).toEqual([
      {
        data: {
          guidelineVersionPublished: {
            position: published.position,
            guideline: { id: guideline.id, title: 'Live: open mobility data', latestVersion: '1.0', published: { sections: expect.arrayContaining([{ body: 'Timetables only.' }]) } },
            version: { number: '1.0', revision: 2, changeSummary: 'First version' },
          },
        },
      },
    ]);
    // The position it names is readable on the instance that did not write it.
    const read = await postGraphql(`${other.baseUrl}/graphql`, `query($id: ID!, $at: String) { guideline(id: $id, consistency: { atLeast: $at }) { latestVersion } }`, { id: guideline.id, at: published.position });
    expect(read.data?.guideline).toEqual({ latestVersion: '1.0' });
    anonymous.unsubscribe();
  });

  it('guidelineChanged: an author on the other instance gets every event with the draft; the public only the published version, never draft content', async () => {
    const guideline = ok(await author.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Live: street lighting' }) })).draftGuideline.guideline;
    const asAuthor = await subscribe(open(other.baseUrl, authorToken), CHANGED, { id: guideline.id });
    const authorDraft = await subscribe(open(other.baseUrl, authorToken), CHANGED_WITH_DRAFT, { id: guideline.id });
    // Before its first version, a draft does not exist for the public: the subscription is refused as the query would be.
    const refused = await subscribe(open(other.baseUrl), CHANGED, { id: guideline.id });
    await waitUntil(async () => refused.received.length > 0 || refused.state.error !== undefined, 10_000);
    expect(refused.received.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code))).toEqual(['NOT_FOUND']);

    ok(await author.graphql(EDIT_GUIDELINE, { input: { guidelineId: guideline.id, expectedRevision: 1, changeNote: 'Draft words', changes: [{ kind: 'EDIT', sectionId: guideline.draft.sections[0].sectionId, body: 'Secret draft words.' }] } }));
    await publish(guideline.id, 'First version');
    // "From now on" is as that instance delivers: subscribe once it has handed out the first version.
    await waitUntil(async () => asAuthor.received.some((result) => result.data?.guidelineChanged.type === 'GuidelineVersionPublished'), 15_000);
    const publicAfter = await subscribe(open(other.baseUrl), CHANGED_WITH_DRAFT, { id: guideline.id });
    ok(await author.graphql(EDIT_GUIDELINE, { input: { guidelineId: guideline.id, expectedRevision: 2, changeNote: 'More draft words', changes: [{ kind: 'EDIT', sectionId: guideline.draft.sections[0].sectionId, body: 'Newer secret words.' }] } }));
    await publish(guideline.id, 'Second version');

    const authorTypes = ['GuidelineEdited', 'GuidelineReviewRequested', 'GuidelineReviewed', 'GuidelineVersionPublished', 'GuidelineEdited', 'GuidelineReviewRequested', 'GuidelineReviewed', 'GuidelineVersionPublished'];
    await waitUntil(async () => asAuthor.received.length >= authorTypes.length && publicAfter.received.length >= 1 && authorDraft.received.length >= authorTypes.length, 15_000);
    expect(asAuthor.received.map((result) => result.data?.guidelineChanged.type)).toEqual(authorTypes);
    expect(asAuthor.received.every((result) => result.data?.guidelineChanged.guidelineId === guideline.id)).toBe(true);
    expect(authorDraft.received[0]).toEqual({ data: { guidelineChanged: { type: 'GuidelineEdited', guideline: { draft: { sections: expect.arrayContaining([{ body: 'Secret draft words.' }]) } } } } });
    // The public subscriber hears of the second version only, and asking for the draft is refused, field by field.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(publicAfter.received).toHaveLength(1);
    const [onlyEvent] = publicAfter.received;
    expect(onlyEvent.data?.guidelineChanged).toEqual({ type: 'GuidelineVersionPublished', guideline: null });
    expect(onlyEvent.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(publicAfter.received)).not.toContain('secret');
  });

  it('refuses a bad token with UNAUTHENTICATED, as over HTTP', async () => {
    const bad = await subscribe(open(other.baseUrl, 'not.a.token'), VERSION_PUBLISHED);
    await waitUntil(async () => bad.received.length > 0 || bad.state.error !== undefined, 10_000);
    expect(bad.received.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code))).toEqual(['UNAUTHENTICATED']);
  });
});
