import { loadConfig } from '@sce/config';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '@sce/event-sourcing/testing/postgres-test-database';
import { createInfrastructure, type Infrastructure } from '@sce/composition';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { GuidelineCommand } from '../domain/guideline.commands';
import { guidelineDecider } from '../domain/guideline.decide';
import { guidelineStreamId, type GuidelineEvent } from '../domain/guideline.events';
import { evolveGuideline, initialGuideline, type Guideline } from '../domain/guideline';
import { aGuidelineContent, aSection } from '../testing/guideline-content.fixture';
import { GUIDELINE_TEXTS, commentsOf, currentAnchorOf, textAt } from './guideline-texts';
import { evidenceOf } from './guideline-evidence';
import { GUIDELINE_BLAMES, blamesAt } from './guideline-blames';
import { GUIDELINE_EVIDENCE_HISTORY, GuidelineEvidencePeriodRow, evidencePeriodsAt } from './guideline-evidence-history';
import { blameEdit, blameOfDraft, draftCredit, editCredit, type SectionBlame } from '../domain/blame';
import type { RecordedEvent } from '@sce/event-sourcing';

const GUIDELINE_PROJECTIONS = ['guideline-directory', GUIDELINE_TEXTS, 'guideline-evidence', 'guideline-amendments', 'guideline-account-roles', GUIDELINE_BLAMES, GUIDELINE_EVIDENCE_HISTORY];

async function snapshot(infra: Infrastructure) {
  const tables: Record<string, unknown[]> = {};
  for (const projection of infra.projections.projections.filter((candidate) => GUIDELINE_PROJECTIONS.includes(candidate.name))) {
    for (const entity of projection.entities) {
      const repository = infra.readModels.getRepository(entity);
      const order = Object.fromEntries(repository.metadata.primaryColumns.map((column) => [column.propertyName, 'ASC']));
      tables[`${projection.name}/${repository.metadata.tableName}`] = await repository.find({ order });
    }
  }
  return tables;
}

// One guideline through its whole life: edits that add, move, retitle, reword and remove, comments on
// passages, an accepted amendment, evidence, versions. Run concurrently, so projection batches interleave.
async function writeGuideline(infra: Infrastructure, index: number): Promise<string> {
  const handler = new CommandHandler(infra.store);
  const guidelineId = newId();
  const run = (type: GuidelineCommand['type'], data: object, actorId = 'author-1') =>
    handler.handle(guidelineDecider, guidelineStreamId(guidelineId), { type, data: { guidelineId, ...data }, metadata: { now: new Date(), actorId, correlationId: newId() } } as GuidelineCommand);
  const sections = [
    aSection('scope', 'Scope', `Guideline ${index} covers timetables, real-time positions and counts of trips.`),
    aSection('licence', 'Licence', 'Publish the data under an open licence that allows commercial reuse. Review the licence every two years.'),
    aSection('formats', 'Formats', 'Use GTFS for timetables and GTFS Realtime for positions.'),
  ];
  await run('DraftGuideline', { content: aGuidelineContent({ title: `Guideline ${index} Ёлки`, sections }) });
  const quote = { text: 'open licence', before: 'Publish the data under an', after: 'that allows commercial reuse. Review the', offset: 26 };
  await run('CommentOnGuideline', { commentId: 'passage', anchor: { sectionId: 'licence', revision: 1, quote }, text: 'Which licence?' }, 'citizen-1');
  await run('EditGuideline', {
    expectedRevision: 1,
    changeNote: 'Reworded, with a summary first',
    changes: [
      { kind: 'EDIT', sectionId: 'licence', body: 'Publish all of the data under an open licence that allows commercial reuse. Review the licence yearly.' },
      { kind: 'ADD', sectionId: 'summary', heading: 'Summary', body: 'Open, reusable mobility data.', position: 0 },
    ],
  });
  // A move alone changes no section's text: the comments on it are not even looked at.
  const moves = index % 2 ? [{ kind: 'MOVE', sectionId: 'licence', position: 3 }] : [{ kind: 'MOVE', sectionId: 'licence', position: 3 }, { kind: 'RETITLE', sectionId: 'scope', heading: 'What it covers' }];
  await run('EditGuideline', { expectedRevision: 2, changeNote: 'Licence last', changes: moves });
  await run('CiteEvidence', { sectionId: 'formats', caseStudy: { caseStudyId: `case-${index}`, status: 'PUBLISHED', revision: 2 }, note: null });
  await run('RequestGuidelineReview', {});
  await run('ReviewGuideline', { decision: 'APPROVE', comment: null, reviewer: { roles: ['REVIEWER'] } }, 'reviewer-1');
  await run('PublishGuidelineVersion', { kind: 'MAJOR', changeSummary: 'First' });
  await run('ProposeGuidelineAmendment', { amendmentId: 'bikes', changes: [{ kind: 'EDIT', sectionId: 'formats', body: 'Use GTFS for timetables, GTFS Realtime for positions and GBFS for bikes.' }], rationale: 'Bikes' }, 'citizen-2');
  await run('AcceptGuidelineAmendment', { amendmentId: 'bikes' });
  await run('EditGuideline', {
    expectedRevision: 4,
    changeNote: 'Formats go; the licence passage is rewritten',
    changes: [
      { kind: 'REMOVE', sectionId: index % 2 ? 'formats' : 'summary' },
      { kind: 'EDIT', sectionId: 'licence', body: index % 3 ? 'Any licence will do.' : 'Publish all of the data under an open licence. Review it yearly.' },
    ],
  });
  if (index % 2) {
    await run('RequestGuidelineReview', {});
    await run('ReviewGuideline', { decision: 'APPROVE', comment: null, reviewer: { roles: ['REVIEWER'] } }, 'reviewer-1');
    await run('PublishGuidelineVersion', { kind: 'MINOR', changeSummary: 'Second' });
  }
  await run('CommentOnGuideline', { commentId: 'whole', anchor: { sectionId: 'scope', revision: 5, quote: null }, text: 'Fine' }, 'citizen-1');
  await run('ReplyToGuidelineComment', { commentId: 'whole', replyId: 'answer', text: 'Thanks' });
  await run('ResolveGuidelineComment', { commentId: 'whole' }, 'citizen-1');
  return guidelineId;
}

/** The working text at every revision, folded by the domain itself from the stream: what the tables must hold. */
async function textsByFolding(infra: Infrastructure, guidelineId: string): Promise<Map<number, Guideline>> {
  const events = await infra.store.readStream(guidelineStreamId(guidelineId));
  const texts = new Map<number, Guideline>();
  let state = initialGuideline();
  for (const event of events) {
    state = evolveGuideline(state, event as unknown as GuidelineEvent);
    if (state.status !== 'NONE') texts.set(state.revision, state);
  }
  return texts;
}

/** The blame of every section at every revision, by the domain's incremental functions over the whole stream. */
async function blamesByFolding(infra: Infrastructure, guidelineId: string): Promise<Map<number, Record<string, SectionBlame>>> {
  const blames = new Map<number, Record<string, SectionBlame>>();
  let current: Record<string, SectionBlame> = {};
  for (const recorded of (await infra.store.readStream(guidelineStreamId(guidelineId))) as unknown as RecordedEvent<GuidelineEvent>[]) {
    const at = recorded.metadata.occurredAt;
    if (recorded.type === 'GuidelineDrafted') blames.set(1, (current = blameOfDraft(recorded.data.content, draftCredit(recorded.data.draftedBy, at))));
    if (recorded.type === 'GuidelineEdited') blames.set(recorded.data.revision, (current = blameEdit(current, recorded.data.changes, editCredit(recorded.data, at))));
  }
  return blames;
}

const profiles: Array<[string, () => Record<string, string>]> = [
  ['sqlite', () => ({})],
  ...(postgresTestUrl()
    ? [['postgres', () => ({ EVENT_STORE_DRIVER: 'postgres', POSTGRES_URL: postgresTestUrl()!, POSTGRES_SCHEMA: uniqueSchemaName('guidelines') })] as [string, () => Record<string, string>]]
    : []),
];

describe.each(profiles)('Guideline read models on %s', (_profileName, profileEnv) => {
  let dir: string;
  let env: Record<string, string>;
  let infra: Infrastructure;
  let guidelineIds: string[];
  let db: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sce-guidelines-'));
    env = profileEnv();
    infra = await createInfrastructure(loadConfig({ ...env, DATA_DIR: dir, NODE_ENV: 'test' }), { runMigrations: true });
    db = infra.readModels;
    await infra.projections.start();
    guidelineIds = await Promise.all(Array.from({ length: 12 }, (_, index) => writeGuideline(infra, index)));
    expect(await infra.projections.waitFor(await infra.store.headPosition(), 20000)).toBe(true);
  });
  afterAll(async () => {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
    if (env.POSTGRES_SCHEMA) await dropSchema(env.POSTGRES_SCHEMA);
  });

  it('holds the text of every revision exactly as the domain folds it from the stream', async () => {
    for (const guidelineId of guidelineIds) {
      const folded = await textsByFolding(infra, guidelineId);
      expect([...folded.keys()]).toEqual([1, 2, 3, 4, 5]);
      for (const [revision, state] of folded) expect([revision, await textAt(db, guidelineId, revision)]).toEqual([revision, state.status === 'NONE' ? null : state.content.sections]);
      expect(await textAt(db, guidelineId, 6)).toBeNull();
    }
  });

  it('keeps a comment on its passage through rewording and moves, and an orphan with its last quote once the passage is gone', async () => {
    const anchors = await Promise.all(guidelineIds.map(async (guidelineId) => (await commentsOf(db, guidelineId)).map((row) => [row.commentId, currentAnchorOf(row)])));
    anchors.forEach((comments, index) => {
      const passage = Object.fromEntries(comments).passage;
      if (index % 3) expect(passage).toEqual({ status: 'ORPHAN', sectionId: 'licence', lastQuote: 'open licence' });
      else expect(passage).toMatchObject({ status: 'ATTACHED', sectionId: 'licence', quote: { text: 'open licence' } });
      expect(Object.fromEntries(comments).whole).toMatchObject({ status: 'ATTACHED', sectionId: 'scope', quote: null });
    });
  });

  it('drops the citations of a removed section with it', async () => {
    for (const [index, guidelineId] of guidelineIds.entries()) {
      expect((await evidenceOf(db, guidelineId)).map((row) => row.sectionId)).toEqual(index % 2 ? [] : ['formats']);
    }
  });

  it('holds the blame of every section at every revision exactly as the domain computes it change by change', async () => {
    for (const guidelineId of guidelineIds) {
      const texts = await textsByFolding(infra, guidelineId);
      for (const [revision, blames] of await blamesByFolding(infra, guidelineId)) {
        const state = texts.get(revision)!;
        const order = state.status === 'NONE' ? [] : state.content.sections.map((section) => section.sectionId);
        expect([revision, Object.fromEntries(await blamesAt(db, guidelineId, order, revision))]).toEqual([revision, blames]);
      }
    }
    // The accepted amendment's words are its proposer's.
    const [first] = guidelineIds;
    const formats = (await blamesAt(db, first, ['formats'], 4)).get('formats')!;
    expect(formats.body.find((run) => run.text.includes('GBFS'))).toBeDefined();
    expect(formats.credits[formats.body.find((run) => run.text.includes('GBFS'))!.credit]).toMatchObject({ accountId: 'citizen-2', amendmentId: 'bikes', acceptedBy: 'author-1', changeNote: 'Bikes' });
  });

  it('keeps each citation with when it started and when it stopped', async () => {
    const shift = (at: string, ms: number) => new Date(new Date(at).getTime() + ms).toISOString();
    for (const [index, guidelineId] of guidelineIds.entries()) {
      const periods = await db.getRepository(GuidelineEvidencePeriodRow).findBy({ guidelineId });
      expect(periods).toMatchObject([{ sectionId: 'formats', caseStudyId: `case-${index}`, caseStudyRevision: 2, citedTextRevision: null }]);
      const [period] = periods;
      expect(await evidencePeriodsAt(db, guidelineId, shift(period.citedAt, -1))).toEqual([]);
      expect(await evidencePeriodsAt(db, guidelineId, period.citedAt)).toEqual([period]);
      if (index % 2) {
        // Its section was removed: the citation stood until that edit.
        expect(period.withdrawnAt).not.toBeNull();
        expect(await evidencePeriodsAt(db, guidelineId, shift(period.withdrawnAt!, -1))).toEqual([period]);
        expect(await evidencePeriodsAt(db, guidelineId, period.withdrawnAt!)).toEqual([]);
        expect(await evidencePeriodsAt(db, guidelineId, null)).toEqual([]);
      } else {
        expect(await evidencePeriodsAt(db, guidelineId, null)).toEqual([period]);
      }
    }
  });

  it('gives the same rows after dropping and replaying every guideline projection', async () => {
    const incremental = await snapshot(infra);
    expect(incremental['guideline-directory/guidelines']).toHaveLength(12);
    expect(incremental['guideline-amendments/guideline_amendments']).toMatchObject(Array.from({ length: 12 }, () => ({ amendmentId: 'bikes', status: 'ACCEPTED', decidedBy: 'author-1' })));
    for (const name of GUIDELINE_PROJECTIONS) await infra.projections.rebuild(name);
    expect(await snapshot(infra)).toEqual(incremental);
  });
});
