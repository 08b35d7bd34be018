import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { ARCHIVE_CASE_STUDY, DRAFT_CASE_STUDY, REVISE_CASE_STUDY, REVIEW_CASE_STUDY, SUBMIT_CASE_STUDY, aCaseStudy } from './support/case-studies.graphql';
import {
  ACCEPT_AMENDMENT,
  ADD_AUTHOR,
  CITE_EVIDENCE,
  COMMENT,
  DRAFT_GUIDELINE,
  EDIT_GUIDELINE,
  PROPOSE_AMENDMENT,
  PUBLISH_VERSION,
  REQUEST_REVIEW,
  REVIEW_GUIDELINE,
  TEXT_FIELDS,
  AS_OF,
  BLAME,
  COMPARE,
  MARKDOWN,
  STALE_EVIDENCE,
  aGuideline,
} from './support/guidelines.graphql';
import { codesOf, createAccount, type GraphqlResponse, startTestApp, type TestApp } from './support/test-app';

type Client = Pick<TestApp, 'graphql'>;

const DRAFT_ONLY = 'congestion charging';
const PUBLIC_VIEW = `query($id: ID!) {
  guideline(id: $id) {
    id status stage title latestVersion
    published { ${TEXT_FIELDS} }
    versions { number revision changeSummary approvedBy }
    version(number: "1.0") { version { number } text { ${TEXT_FIELDS} } }
    diff(from: { version: "1.0" }, to: { version: "1.1" }) { unified sections { sectionId label words { kind text } } }
    comments { text anchor { revision quote { text } } currentAnchor { status } replies { text } }
    evidence { sectionId caseStudyId }
    amendments { rationale }
    history(first: 100) { totalCount edges { node { type revision changeNote } } }
  }
  guidelines(first: 100) { edges { node { id title } } }
}`;
const VERSIONS = `query($id: ID!) { guideline(id: $id) { versions { number major minor kind revision changeSummary approvedBy publishedBy publishedAt } } }`;
const VERSION = `query($id: ID!, $n: String!) { guideline(id: $id) { version(number: $n) { version { number revision } text { ${TEXT_FIELDS} } } } }`;
const DIFF = `query($id: ID!, $from: GuidelineTextRef!, $to: GuidelineTextRef!) {
  guideline(id: $id) { diff(from: $from, to: $to) { from to fromRevision toRevision unified sections { sectionId kind moved retitled edited label fromPosition toPosition headingBefore headingAfter words { kind text } } } }
}`;
const DIFF_PAGE = `query($id: ID!, $first: Int, $after: String) {
  guideline(id: $id) { diff(from: { revision: 1 }, to: { revision: 7 }) { sectionCount sections(first: $first, after: $after) { sectionId label cursor } unified(first: $first, after: $after) } }
}`;
const DRAFT_TEXT = `query($id: ID!) { guideline(id: $id) { revision stage draft { ${TEXT_FIELDS} } } }`;
const AMENDMENTS = `query($id: ID!) { guideline(id: $id) { amendments { amendmentId status rationale revision changes { kind sectionId heading position } } } }`;
const EVIDENCE_CHANGES = `query($id: ID!, $p: String) {
  guideline(id: $id, consistency: { atLeast: $p }) { evidence { sectionId caseStudyId evidenceChangedSince { since archived citedTextRevision currentTextRevision } } }
}`;
const COMMENTS = `query($id: ID!) { guideline(id: $id) { comments { commentId text anchor { sectionId revision } currentAnchor { status sectionId quote { text offset } match lastQuote } } } }`;

describeEachProfile('Guidelines: drafted by two authors, amended, reviewed, published as versions, diffed (HTTP)', (profile) => {
  let api: TestApp;
  let authorA: Client;
  let authorB: Client;
  let reviewer: Client;
  let proposer: Client;
  let citizen: Client;
  let reviewerId: string;
  let proposerId: string;
  let authorBId: string;
  let caseStudyId: string;

  const ok = <T = any>(response: GraphqlResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const edit = (client: Client, guidelineId: string, expectedRevision: number, changeNote: string, changes: unknown[]) =>
    client.graphql(EDIT_GUIDELINE, { input: { guidelineId, expectedRevision, changeNote, changes } });
  const reviewAndPublish = async (guidelineId: string, kind: 'MAJOR' | 'MINOR', changeSummary: string) => {
    ok(await authorA.graphql(REQUEST_REVIEW, { g: guidelineId }));
    ok(await reviewer.graphql(REVIEW_GUIDELINE, { i: { guidelineId, decision: 'APPROVE' } }));
    return ok(await authorA.graphql(PUBLISH_VERSION, { i: { guidelineId, kind, changeSummary } })).publishGuidelineVersion.guideline;
  };

  beforeAll(async () => {
    api = await startTestApp(profile);
    const account = async (name: string, roles: ('POLICY_AUTHOR' | 'REVIEWER' | 'ADMIN')[] = []) => {
      const { accountId, token } = await createAccount(api, name, roles);
      return { accountId, client: api.as(token) };
    };
    authorA = (await account('Author A', ['POLICY_AUTHOR'])).client;
    const b = await account('Author B', ['POLICY_AUTHOR']);
    authorB = b.client;
    authorBId = b.accountId;
    const r = await account('Guideline reviewer', ['REVIEWER']);
    reviewer = r.client;
    reviewerId = r.accountId;
    const p = await account('Second reviewer who proposes', ['REVIEWER']);
    proposer = p.client;
    proposerId = p.accountId;
    const c = await account('Citizen');
    citizen = c.client;
    // A published case study to cite as evidence.
    const organisationId = ok(await citizen.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Transit agency' }) })).registerOrganisation.organisation.id;
    caseStudyId = ok(await citizen.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) })).draftCaseStudy.caseStudy.id;
    ok(await citizen.graphql(SUBMIT_CASE_STUDY, { id: caseStudyId }));
    ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId, decision: 'APPROVE' } }));
  });
  afterAll(() => api.close());

  it('tells the whole story: versions, the text of 1.0, the diff 1.0..1.1, comments that follow their passage, evidence, and a public view without draft text', async () => {
    const drafted = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline() })).draftGuideline.guideline;
    expect(drafted).toMatchObject({ status: 'DRAFT', stage: 'DRAFT', revision: 1, latestVersion: null });
    const id: string = drafted.id;
    const [scope, licence, formats] = drafted.draft.sections.map((section: { sectionId: string }) => section.sectionId);
    const anonymousBefore = ok(await api.graphql(PUBLIC_VIEW, { id }));
    expect(anonymousBefore.guideline).toBeNull();
    expect(anonymousBefore.guidelines.edges.map((edge: any) => edge.node.id)).not.toContain(id);

    // Two authors edit in turn, each on the revision they read.
    ok(await edit(authorA, id, 1, 'Review the licence more often', [{ kind: 'EDIT', sectionId: licence, body: 'Publish the data under an open licence that allows commercial reuse. Review the licence twice a year.' }]));
    ok(await authorA.graphql(ADD_AUTHOR, { g: id, a: authorBId }));
    const added = ok(await edit(authorB, id, 2, 'Privacy', [{ kind: 'ADD', sectionId: 'privacy', heading: 'Privacy', body: 'Aggregate trip counts so that no person can be identified.', position: 3 }]));
    expect(added.editGuideline.guideline.revision).toBe(3);
    const commentId = ok(
      await authorB.graphql(COMMENT, {
        i: { guidelineId: id, sectionId: licence, revision: 3, quote: { text: 'open licence', before: 'Publish the data under an', after: 'that allows commercial reuse', offset: 26 }, text: 'Which licence exactly?' },
      }),
    ).commentOnGuideline.commentId;
    ok(await authorA.graphql(CITE_EVIDENCE, { i: { guidelineId: id, sectionId: licence, caseStudyId, note: 'An open licence in practice' } }));

    // In review, a second reviewer proposes an amendment; an author accepts it (an edit credited to the proposer).
    expect(ok(await authorA.graphql(REQUEST_REVIEW, { g: id })).requestGuidelineReview.guideline.stage).toBe('IN_REVIEW');
    const amendmentId = ok(
      await proposer.graphql(PROPOSE_AMENDMENT, { i: { guidelineId: id, rationale: 'Fares matter to riders', changes: [{ kind: 'EDIT', sectionId: scope, body: 'This guideline covers timetables, real-time positions, fares and counts of trips.' }] } }),
    ).proposeAmendment.amendmentId;
    expect(ok(await authorA.graphql(ACCEPT_AMENDMENT, { g: id, a: amendmentId })).acceptAmendment.guideline.revision).toBe(4);
    expect(ok(await authorA.graphql(AMENDMENTS, { id })).guideline.amendments).toEqual([
      { amendmentId, status: 'ACCEPTED', rationale: 'Fares matter to riders', revision: 3, changes: [{ kind: 'EDIT', sectionId: scope, heading: null, position: null }] },
    ]);
    // The proposer wrote part of the text now: four eyes means another reviewer approves it.
    expect(codesOf(await proposer.graphql(REVIEW_GUIDELINE, { i: { guidelineId: id, decision: 'APPROVE' } }))).toEqual(['FORBIDDEN']);
    ok(await reviewer.graphql(REVIEW_GUIDELINE, { i: { guidelineId: id, decision: 'APPROVE' } }));
    expect(ok(await authorA.graphql(PUBLISH_VERSION, { i: { guidelineId: id, kind: 'MAJOR', changeSummary: 'First version' } })).publishGuidelineVersion.guideline).toMatchObject({
      status: 'PUBLISHED',
      stage: 'PUBLISHED',
      latestVersion: '1.0',
      revision: 4,
    });

    // More edits: Formats moved to the top and edited, Licence retitled and edited, Privacy removed.
    ok(
      await edit(authorA, id, 4, 'Bikes, and a shorter text', [
        { kind: 'MOVE', sectionId: formats, position: 0 },
        { kind: 'EDIT', sectionId: formats, body: 'Use GTFS for timetables, GTFS Realtime for positions and GBFS for shared bikes.' },
        { kind: 'REMOVE', sectionId: 'privacy' },
      ]),
    );
    ok(
      await edit(authorB, id, 5, 'All the data', [
        { kind: 'RETITLE', sectionId: licence, heading: 'Open licence' },
        { kind: 'EDIT', sectionId: licence, body: 'Publish all the data under an open licence that allows commercial reuse. Review the licence twice a year.' },
      ]),
    );
    expect(await reviewAndPublish(id, 'MINOR', 'Bikes; all the data')).toMatchObject({ latestVersion: '1.1', revision: 6 });
    // The draft moves on beyond 1.1: text nobody but its authors, reviewers and admins may read.
    ok(await edit(authorA, id, 6, 'Road pricing', [{ kind: 'ADD', heading: 'Pricing', body: `Publish the zones and hours of ${DRAFT_ONLY}.`, position: 3 }]));

    const versions = ok(await citizen.graphql(VERSIONS, { id })).guideline.versions;
    expect(versions).toMatchObject([
      { number: '1.0', major: 1, minor: 0, kind: 'MAJOR', revision: 4, changeSummary: 'First version', approvedBy: reviewerId },
      { number: '1.1', major: 1, minor: 1, kind: 'MINOR', revision: 6, changeSummary: 'Bikes; all the data', approvedBy: reviewerId },
    ]);

    const version10 = ok(await citizen.graphql(VERSION, { id, n: '1.0' })).guideline.version;
    expect(version10.version).toEqual({ number: '1.0', revision: 4 });
    expect(version10.text.sections).toEqual([
      { sectionId: scope, heading: 'Scope', body: 'This guideline covers timetables, real-time positions, fares and counts of trips.', position: 0 },
      { sectionId: licence, heading: 'Licence', body: 'Publish the data under an open licence that allows commercial reuse. Review the licence twice a year.', position: 1 },
      { sectionId: formats, heading: 'Formats', body: 'Use GTFS for timetables and GTFS Realtime for positions.', position: 2 },
      { sectionId: 'privacy', heading: 'Privacy', body: 'Aggregate trip counts so that no person can be identified.', position: 3 },
    ]);
    expect(codesOf(await citizen.graphql(VERSION, { id, n: '2.0' }))).toEqual(['NOT_FOUND']);

    const diff = ok(await citizen.graphql(DIFF, { id, from: { version: '1.0' }, to: { version: '1.1' } })).guideline.diff;
    expect(diff).toMatchObject({ from: 'version 1.0', to: 'version 1.1', fromRevision: 4, toRevision: 6 });
    expect(diff.sections.map((section: any) => [section.sectionId, section.kind, section.label])).toEqual([
      [formats, 'CHANGED', 'moved (+ edited)'],
      [licence, 'CHANGED', 'retitled, edited'],
      ['privacy', 'REMOVED', 'removed'],
    ]);
    expect(diff.sections[0]).toMatchObject({ moved: true, edited: true, retitled: false, fromPosition: 2, toPosition: 0 });
    expect(diff.sections[0].words.filter((part: any) => part.kind === 'ADDED').map((part: any) => part.text).join('')).toContain('GBFS for shared bikes');
    expect(diff.sections[1]).toMatchObject({ headingBefore: 'Licence', headingAfter: 'Open licence' });
    expect(diff.unified).toContain(`@@ ${formats} "Formats": moved (+ edited) 3 -> 1 @@`);
    expect(diff.unified).toContain('+Use GTFS for timetables, GTFS Realtime for positions and GBFS for shared bikes.');
    expect(diff.unified.startsWith('--- version 1.0\n+++ version 1.1\n')).toBe(true);
    // Any pair, not only adjacent ones: revisions too, for those who may read the draft.
    const fromDraft = ok(await authorA.graphql(DIFF, { id, from: { revision: 1 }, to: { revision: 7 } })).guideline.diff;
    expect(fromDraft.sections.map((section: any) => section.label)).toEqual(expect.arrayContaining(['added', 'moved (+ edited)']));
    expect(codesOf(await citizen.graphql(DIFF, { id, from: { version: '1.1' }, to: { revision: 7 } }))).toEqual(['NOT_FOUND']);
    expect(codesOf(await citizen.graphql(DIFF, { id, from: { version: '1.1', revision: 6 }, to: { revision: 6 } }))).toEqual(['BAD_USER_INPUT']);

    // Paged as a portal asks for it: one section a page, each exactly once and in order, the unified text likewise.
    const pages: any[] = [];
    for (let after: string | null = null; pages.length <= fromDraft.sections.length; ) {
      const page: any = ok(await authorA.graphql(DIFF_PAGE, { id, first: 1, after })).guideline.diff;
      expect(page.sectionCount).toBe(fromDraft.sections.length);
      if (page.sections.length === 0) break;
      expect(page.unified.startsWith('--- revision 1\n+++ revision 7\n')).toBe(true);
      expect(page.unified.match(/^@@ /gm)).toHaveLength(1);
      expect(page.unified).toContain(`@@ ${page.sections[0].sectionId} `);
      pages.push(...page.sections);
      after = page.sections[0].cursor;
    }
    expect(pages.map((section) => [section.sectionId, section.label])).toEqual(fromDraft.sections.map((section: any) => [section.sectionId, section.label]));
    expect(codesOf(await authorA.graphql(DIFF_PAGE, { id, first: 2, after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await authorA.graphql(DIFF_PAGE, { id, first: 2, after: Buffer.from('guidelines:1').toString('base64url') }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await authorA.graphql(DIFF_PAGE, { id, first: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await authorA.graphql(DIFF_PAGE, { id, first: 201 }))).toEqual(['BAD_USER_INPUT']);

    // The comment followed its passage through the later edit of its section.
    const comment = ok(await authorA.graphql(COMMENTS, { id })).guideline.comments.find((candidate: any) => candidate.commentId === commentId);
    expect(comment.currentAnchor).toMatchObject({ status: 'ATTACHED', sectionId: licence, quote: { text: 'open licence', offset: 30 } });

    const evidence = ok(await citizen.graphql(`query($id: ID!) { guideline(id: $id) { evidence { sectionId caseStudyId caseStudyRevision } } }`, { id })).guideline.evidence;
    expect(evidence).toEqual([{ sectionId: licence, caseStudyId, caseStudyRevision: 2 }]);

    // A comment on the published 1.1 is public, with its reply; the one made on a draft revision is not.
    const publicComment = ok(
      await citizen.graphql(COMMENT, { i: { guidelineId: id, sectionId: formats, revision: 6, quote: { text: 'GBFS for shared bikes', before: 'for positions and', after: '', offset: 58 }, text: 'And scooters?' } }),
    ).commentOnGuideline.commentId;
    ok(await authorA.graphql(`mutation($i: ReplyToGuidelineCommentInput!) { replyToGuidelineComment(input: $i) { replyId position } }`, { i: { guidelineId: id, commentId: publicComment, text: 'In 1.2' } }));

    // Anyone signed in may propose on a published guideline, and sees their own proposals; an author rejects with a reason.
    const rejected = ok(
      await citizen.graphql(PROPOSE_AMENDMENT, { i: { guidelineId: id, rationale: 'Shorter', changes: [{ kind: 'RETITLE', sectionId: scope, heading: 'Coverage' }] } }),
    ).proposeAmendment.amendmentId;
    ok(await authorA.graphql(`mutation($g: ID!, $a: ID!) { rejectAmendment(guidelineId: $g, amendmentId: $a, reason: "Scope is the usual word") { position } }`, { g: id, a: rejected }));
    expect(ok(await citizen.graphql(`query($id: ID!) { guideline(id: $id) { amendments { amendmentId status reason } } }`, { id })).guideline.amendments).toEqual([
      { amendmentId: rejected, status: 'REJECTED', reason: 'Scope is the usual word' },
    ]);
    expect(ok(await authorA.graphql(AMENDMENTS, { id })).guideline.amendments.map((amendment: any) => amendment.status)).toEqual(['ACCEPTED', 'REJECTED']);

    // Everything an anonymous caller can ask: published text, versions, diffs, comments, history. Never the draft.
    const anonymous = await api.graphql(PUBLIC_VIEW, { id });
    expect(anonymous.errors).toBeUndefined();
    expect(JSON.stringify(anonymous.data)).not.toContain(DRAFT_ONLY);
    expect(anonymous.data.guideline.published.revision).toBe(6);
    expect(anonymous.data.guidelines.edges.map((edge: any) => edge.node.id)).toContain(id);
    const history = anonymous.data.guideline.history.edges.map((edge: any) => edge.node.type);
    expect(history[history.length - 1]).toBe('GuidelineVersionPublished');
    expect(anonymous.data.guideline.amendments).toEqual([]);
    expect(anonymous.data.guideline.comments).toEqual([{ text: 'And scooters?', anchor: { revision: 6, quote: { text: 'GBFS for shared bikes' } }, currentAnchor: null, replies: [{ text: 'In 1.2' }] }]);
    expect(codesOf(await api.graphql(DRAFT_TEXT, { id }))).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(ok(await authorB.graphql(DRAFT_TEXT, { id })).guideline.draft)).toContain(DRAFT_ONLY);
    expect(JSON.stringify(ok(await reviewer.graphql(DRAFT_TEXT, { id })).guideline.draft)).toContain(DRAFT_ONLY);
  });

  it('answers its history from tables: asOf at three instants, blame crediting an amendment to its proposer, Markdown, a comparison with another guideline, and evidence that went stale', async () => {
    // The moment just after a change: its events are at or before it, the next change's after it.
    const instant = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const at = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return at;
    };
    // A case study of its own, published, to cite and then revise.
    const organisationId = ok(await citizen.graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Cycling office' }) })).registerOrganisation.organisation.id;
    const cited = ok(await citizen.graphql(DRAFT_CASE_STUDY, { input: aCaseStudy(organisationId) })).draftCaseStudy.caseStudy.id;
    ok(await citizen.graphql(SUBMIT_CASE_STUDY, { id: cited }));
    const approved = ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: cited, decision: 'APPROVE' } })).reviewCaseStudy.caseStudy;

    const beforeDraft = await instant();
    const drafted = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Open data, with its history' }) })).draftGuideline.guideline;
    const id: string = drafted.id;
    const [scope, licence, formats] = drafted.draft.sections.map((section: { sectionId: string }) => section.sectionId);
    const authorAId = drafted.authorIds[0];
    ok(await edit(authorA, id, 1, 'Review the licence more often', [{ kind: 'EDIT', sectionId: licence, body: 'Publish the data under an open licence that allows commercial reuse. Review the licence twice a year.' }]));
    ok(await authorA.graphql(CITE_EVIDENCE, { i: { guidelineId: id, sectionId: licence, caseStudyId: cited, note: 'Shown to work' } }));
    const commentId = ok(await reviewer.graphql(COMMENT, { i: { guidelineId: id, sectionId: licence, revision: 2, text: 'Why twice?' } })).commentOnGuideline.commentId;
    const whileDrafting = await instant();

    ok(await authorA.graphql(REQUEST_REVIEW, { g: id }));
    const amendmentId = ok(
      await proposer.graphql(PROPOSE_AMENDMENT, { i: { guidelineId: id, rationale: 'Fares matter to riders', changes: [{ kind: 'EDIT', sectionId: scope, body: 'This guideline covers timetables, real-time positions, fares and counts of trips.' }] } }),
    ).proposeAmendment.amendmentId;
    ok(await authorA.graphql(ACCEPT_AMENDMENT, { g: id, a: amendmentId }));
    ok(await reviewer.graphql(REVIEW_GUIDELINE, { i: { guidelineId: id, decision: 'APPROVE' } }));
    ok(await authorA.graphql(PUBLISH_VERSION, { i: { guidelineId: id, kind: 'MAJOR', changeSummary: 'First version' } }));
    const afterPublishing = await instant();

    ok(await edit(authorA, id, 3, 'Road pricing', [{ kind: 'EDIT', sectionId: formats, body: `Use GTFS, and publish the zones of ${DRAFT_ONLY}.` }]));
    ok(await authorA.graphql(`mutation($i: ReplyToGuidelineCommentInput!) { replyToGuidelineComment(input: $i) { replyId position } }`, { i: { guidelineId: id, commentId, text: 'Licences change' } }));
    ok(await reviewer.graphql(`mutation($g: ID!, $c: ID!) { resolveGuidelineComment(guidelineId: $g, commentId: $c) { position } }`, { g: id, c: commentId }));
    const now = await instant();

    // asOf: nothing before the draft; the working text, evidence and comment while drafting; 1.0 just after publishing; all of it now.
    const asOf = async (client: Client, at: string) => ok(await client.graphql(AS_OF, { id, at })).guideline.asOf;
    expect(await asOf(authorA, beforeDraft)).toEqual({ at: beforeDraft, draft: null, published: null, evidence: [], comments: [] });
    const drafting = await asOf(authorA, whileDrafting);
    expect(drafting.draft.revision).toBe(2);
    expect(drafting.draft.sections.find((section: any) => section.sectionId === licence).body).toContain('twice a year');
    expect(drafting.published).toBeNull();
    expect(drafting.evidence).toEqual([{ sectionId: licence, caseStudyId: cited, note: 'Shown to work' }]);
    expect(drafting.comments).toEqual([{ commentId, text: 'Why twice?', replies: [], resolvedBy: null }]);
    const published = await asOf(authorA, afterPublishing);
    expect(published.draft.revision).toBe(3);
    expect(published.published).toMatchObject({ version: { number: '1.0', revision: 3 }, text: { revision: 3 } });
    expect(published.comments).toEqual([{ commentId, text: 'Why twice?', replies: [], resolvedBy: null }]);
    const latest = await asOf(authorA, now);
    expect(latest.draft.revision).toBe(4);
    expect(JSON.stringify(latest.draft)).toContain(DRAFT_ONLY);
    expect(latest.comments).toEqual([{ commentId, text: 'Why twice?', replies: [{ text: 'Licences change' }], resolvedBy: reviewerId }]);
    // The public: the version out then, never the working text, nor the comment made on a draft revision.
    const publicNow = await asOf(citizen, now);
    expect(publicNow.draft).toBeNull();
    expect(publicNow.published.version.number).toBe('1.0');
    expect(publicNow.comments).toEqual([]);
    expect(publicNow.evidence).toEqual([{ sectionId: licence, caseStudyId: cited, note: 'Shown to work' }]);
    expect(JSON.stringify(publicNow)).not.toContain(DRAFT_ONLY);
    expect(await asOf(citizen, whileDrafting)).toMatchObject({ draft: null, published: null, evidence: [] });

    // blame of 1.0: the amendment's words are its proposer's (accepted by author A); the licence edit and the draft are author A's.
    const blame = ok(await citizen.graphql(BLAME, { id, of: { version: '1.0' } })).guideline.blame;
    expect(blame).toMatchObject({ of: 'version 1.0', revision: 3 });
    const section = (sectionId: string) => blame.sections.find((candidate: any) => candidate.sectionId === sectionId);
    const word = (sectionId: string, text: string) => section(sectionId).words.find((candidate: any) => candidate.word === text).credit;
    expect(section(scope).lastChange).toMatchObject({ accountId: proposerId, revision: 3, changeNote: 'Fares matter to riders', amendmentId, acceptedBy: authorAId });
    expect(word(scope, 'fares')).toMatchObject({ accountId: proposerId, amendmentId });
    expect(word(scope, 'timetables,')).toMatchObject({ accountId: authorAId, revision: 1, changeNote: 'Drafted', amendmentId: null });
    expect(word(licence, 'twice')).toMatchObject({ accountId: authorAId, revision: 2, changeNote: 'Review the licence more often' });
    expect(word(licence, 'Publish')).toMatchObject({ revision: 1 });
    expect(section(formats)).toMatchObject({ position: 2, heading: 'Formats', lastChange: { revision: 1 }, headingChange: { revision: 1 } });
    expect(section(licence).words.map((entry: any) => entry.word).join(' ')).toBe('Publish the data under an open licence that allows commercial reuse. Review the licence twice a year.');
    // The working revision: its authors, reviewers and admins only.
    expect(ok(await authorA.graphql(BLAME, { id, of: { revision: 4 } })).guideline.blame.sections[2].lastChange).toMatchObject({ revision: 4, changeNote: 'Road pricing' });
    expect(codesOf(await citizen.graphql(BLAME, { id, of: { revision: 4 } }))).toEqual(['NOT_FOUND']);

    // Markdown of 1.0.
    const markdown: string = ok(await citizen.graphql(MARKDOWN, { id, n: '1.0' })).guideline.markdown;
    expect(markdown.startsWith('# Open data, with its history\n\n_Version 1.0, published ')).toBe(true);
    expect(markdown).toContain('## Scope\n\nThis guideline covers timetables, real-time positions, fares and counts of trips.\n\n## Licence\n');
    expect(markdown).not.toContain(DRAFT_ONLY);
    expect(codesOf(await citizen.graphql(MARKDOWN, { id, n: '9.0' }))).toEqual(['NOT_FOUND']);

    // Another city's draft, matched by heading against 1.0.
    const other = ok(
      await authorB.graphql(DRAFT_GUIDELINE, {
        input: aGuideline({
          title: 'Mobility data in another city',
          sections: [
            { heading: '1. Scope', body: 'Timetables only.' },
            { heading: 'Licence:', body: 'Publish the data under an open licence that allows commercial reuse. Review the licence twice a year.' },
            { heading: 'Fares', body: 'Publish fares.' },
          ],
        }),
      }),
    ).draftGuideline.guideline.id;
    const comparison = ok(await authorB.graphql(COMPARE, { a: { id }, b: { id: other } })).compareGuidelines;
    expect(comparison.left).toEqual({ guidelineId: id, title: 'Open data, with its history', version: '1.0', revision: 3 });
    expect(comparison.right).toEqual({ guidelineId: other, title: 'Mobility data in another city', version: null, revision: 1 });
    expect(comparison.sections.map((entry: any) => [entry.key, entry.kind, entry.left?.heading ?? null, entry.right?.heading ?? null])).toEqual([
      ['scope', 'DIFFERENT', 'Scope', '1. Scope'],
      ['licence', 'SAME', 'Licence', 'Licence:'],
      // A section only the right one has comes after the one it follows there.
      ['fares', 'ONLY_RIGHT', null, 'Fares'],
      ['formats', 'ONLY_LEFT', 'Formats', null],
    ]);
    expect(comparison.sections[0].words.some((part: any) => part.kind === 'REMOVED' && part.text.includes('real-time'))).toBe(true);
    // A draft the caller may not see is not there for them, as with `guideline`; a version that does not exist is NOT_FOUND.
    expect(ok(await citizen.graphql(COMPARE, { a: { id }, b: { id: other } })).compareGuidelines).toBeNull();
    expect(codesOf(await citizen.graphql(COMPARE, { a: { id, version: '2.0' }, b: { id } }))).toEqual(['NOT_FOUND']);

    // Evidence that moves: fresh until the case study is published anew, then flagged with its text revisions then and now.
    const staleIds = async (client: Client, position?: string) => ok(await client.graphql(STALE_EVIDENCE, { p: position ?? null })).guidelinesWithStaleEvidence.edges.map((edge: any) => edge.node.id);
    const evidence = async (client: Client, position: string | null = null) => ok(await client.graphql(EVIDENCE_CHANGES, { id, p: position })).guideline.evidence;
    expect((await evidence(citizen))[0].evidenceChangedSince).toBeNull();
    expect(await staleIds(citizen)).not.toContain(id);
    const revised = ok(await citizen.graphql(REVISE_CASE_STUDY, { input: { id: cited, expectedRevision: approved.revision, changeNote: 'Two more years of figures', summary: 'A cycling office with two more years of figures' } })).reviseCaseStudy.caseStudy;
    ok(await citizen.graphql(SUBMIT_CASE_STUDY, { id: cited }));
    const republished = ok(await reviewer.graphql(REVIEW_CASE_STUDY, { input: { caseStudyId: cited, decision: 'APPROVE' } })).reviewCaseStudy.position;
    const [change] = (await evidence(citizen, republished)).map((entry: any) => entry.evidenceChangedSince);
    expect(change).toMatchObject({ archived: false, citedTextRevision: 0, currentTextRevision: revised.revision });
    expect(await staleIds(citizen, republished)).toContain(id);
    expect(await staleIds(authorA, republished)).toContain(id);
    // What the client does with it: the case study's own diff between the two texts.
    const caseStudyDiff = ok(
      await citizen.graphql(`query($c: ID!, $from: Int!, $to: Int!) { caseStudy(id: $c) { diff(fromRevision: $from, toRevision: $to) { changes { field } } } }`, { c: cited, from: change.citedTextRevision, to: change.currentTextRevision }),
    ).caseStudy.diff.changes;
    expect(caseStudyDiff.map((entry: any) => entry.field)).toContain('summary');
    // Citing it again pins the new revision: fresh again, and off the list.
    const recited = ok(await authorA.graphql(CITE_EVIDENCE, { i: { guidelineId: id, sectionId: licence, caseStudyId: cited, note: 'Checked the new figures' } })).citeEvidence.position;
    expect((await evidence(authorA, recited))[0].evidenceChangedSince).toBeNull();
    expect(await staleIds(authorA, recited)).not.toContain(id);
    const archived = ok(await citizen.graphql(ARCHIVE_CASE_STUDY, { id: cited, reason: 'Office closed' })).archiveCaseStudy.position;
    expect((await evidence(authorA, archived))[0].evidenceChangedSince).toMatchObject({ archived: true });
    expect(await staleIds(citizen, archived)).toContain(id);

    // Malformed questions get typed errors.
    expect(codesOf(await citizen.graphql(AS_OF, { id, at: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await citizen.graphql(BLAME, { id, of: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await citizen.graphql(BLAME, { id, of: { version: '1.0', revision: 3 } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets exactly one of several concurrent edits on the same revision through; the others get CONFLICT', async () => {
    const drafted = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Concurrent edits' }) })).draftGuideline.guideline;
    const sectionId = drafted.draft.sections[0].sectionId;
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, index) => edit(authorA, drafted.id, 1, `Attempt ${index}`, [{ kind: 'EDIT', sectionId, body: `Scope as attempt ${index} saw it.` }])),
    );
    const codes = attempts.map((attempt) => codesOf(attempt));
    expect(codes.filter((list) => list.length === 0)).toHaveLength(1);
    expect(codes.filter((list) => list.length > 0)).toEqual(Array.from({ length: 4 }, () => ['CONFLICT']));
    expect(ok(await authorA.graphql(DRAFT_TEXT, { id: drafted.id })).guideline.revision).toBe(2);
  });

  it('supersedes a published guideline by another (pointing both ways) and withdraws a draft for good', async () => {
    const PUBLISHED_VIEW = `query($id: ID!) { guideline(id: $id) { id status stage successorId predecessorIds withdrawReason } }`;
    const older = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Mobility data, first edition' }) })).draftGuideline.guideline;
    await reviewAndPublish(older.id, 'MAJOR', 'First edition');
    const newer = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Mobility data, second edition' }) })).draftGuideline.guideline;
    await reviewAndPublish(newer.id, 'MAJOR', 'Second edition');
    const superseded = ok(await authorA.graphql(`mutation($g: ID!, $s: ID!) { supersedeGuideline(guidelineId: $g, successorId: $s) { guideline { status successorId } position } }`, { g: older.id, s: newer.id }));
    expect(superseded.supersedeGuideline.guideline).toEqual({ status: 'SUPERSEDED', successorId: newer.id });
    expect(ok(await api.graphql(PUBLISHED_VIEW, { id: newer.id })).guideline).toMatchObject({ status: 'PUBLISHED', predecessorIds: [older.id] });
    expect(ok(await api.graphql(PUBLISHED_VIEW, { id: older.id })).guideline).toMatchObject({ status: 'SUPERSEDED', stage: 'SUPERSEDED', successorId: newer.id });
    // Final: no more edits; its published versions stay readable.
    const sectionId = older.draft.sections[0].sectionId;
    expect(codesOf(await edit(authorA, older.id, 1, 'Too late', [{ kind: 'EDIT', sectionId, body: 'Changed.' }]))).toEqual(['CONFLICT']);
    expect(ok(await api.graphql(VERSIONS, { id: older.id })).guideline.versions.map((version: any) => version.number)).toEqual(['1.0']);
    expect(codesOf(await authorA.graphql(`mutation($g: ID!) { supersedeGuideline(guidelineId: $g, successorId: "018f2b4e-0000-7000-8000-000000000000") { position } }`, { g: newer.id }))).toEqual(['NOT_FOUND']);

    const withdrawn = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Abandoned' }) })).draftGuideline.guideline;
    const answer = ok(await authorA.graphql(`mutation($g: ID!) { withdrawGuideline(guidelineId: $g, reason: "Merged into another") { guideline { status withdrawReason } position } }`, { g: withdrawn.id }));
    expect(answer.withdrawGuideline.guideline).toEqual({ status: 'WITHDRAWN', withdrawReason: 'Merged into another' });
    expect(ok(await api.graphql(PUBLISHED_VIEW, { id: withdrawn.id })).guideline).toBeNull();
  });

  it('refuses what the rules forbid with clear codes', async () => {
    const drafted = ok(await authorA.graphql(DRAFT_GUIDELINE, { input: aGuideline({ title: 'Rules' }) })).draftGuideline.guideline;
    const sectionId = drafted.draft.sections[0].sectionId;
    // Publishing before approval; an edit by someone who is not an author; a citizen commenting on a draft it cannot see.
    expect(codesOf(await authorA.graphql(PUBLISH_VERSION, { i: { guidelineId: drafted.id, kind: 'MAJOR', changeSummary: 'Too early' } }))).toEqual(['CONFLICT']);
    expect(codesOf(await edit(authorB, drafted.id, 1, 'Not mine', [{ kind: 'EDIT', sectionId, body: 'Changed.' }]))).toEqual(['FORBIDDEN']);
    expect(codesOf(await citizen.graphql(COMMENT, { i: { guidelineId: drafted.id, sectionId, revision: 1, text: 'Hello' } }))).toEqual(['NOT_FOUND']);
    expect(codesOf(await citizen.graphql(DRAFT_GUIDELINE, { input: aGuideline() }))).toEqual(['FORBIDDEN']);
    // An ADD without its heading, and a stale revision, named by field and code.
    expect(codesOf(await edit(authorA, drafted.id, 1, 'Half a change', [{ kind: 'ADD', position: 0 }]))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await edit(authorA, drafted.id, 7, 'Stale', [{ kind: 'EDIT', sectionId, body: 'Changed.' }]))).toEqual(['CONFLICT']);
  });
});
