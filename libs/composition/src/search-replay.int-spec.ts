import { loadConfig } from '@sce/config';
import { CommandHandler, newId } from '@sce/event-sourcing';
import { caseStudyDecider, caseStudyStreamId, type CaseStudyCommand } from '@sce/case-studies';
import { aContent } from '../../case-studies/src/testing/case-study-content.fixture';
import { guidelineDecider, guidelineStreamId, type GuidelineCommand } from '@sce/guidelines';
import { aGuidelineContent } from '../../guidelines/src/testing/guideline-content.fixture';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInfrastructure, type Infrastructure } from './infrastructure';

/** Polls a search until it finds `count` documents (the feed runs in the background). */
async function searchUntil(infra: Infrastructure, text: string, count: number, timeoutMs = 15000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { totalCount } = await infra.search.search({ text, variants: ['PUBLISHED'], offset: 0, limit: 10 });
    if (totalCount >= count || Date.now() > deadline) return totalCount;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('The embedded search index and its feed, across restarts', () => {
  let dir: string;
  let infra: Infrastructure | undefined;
  const config = () => loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' });
  const open = async () => {
    infra = await createInfrastructure(config(), { runMigrations: true });
    infra.startProjections();
    return infra;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sce-search-replay-'));
  });
  afterEach(async () => {
    await infra?.close();
    infra = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('feeds a lost index file again from the start of the log, although the checkpoint says it was fed', async () => {
    const first = await open();
    expect(first.search.engine).toBe('embedded');
    const handler = new CommandHandler(first.store);
    for (const title of ['Heliostat field for a school', 'Heliostat pilot on a depot']) {
      const caseStudyId = newId();
      await handler.handle(caseStudyDecider, caseStudyStreamId(caseStudyId), {
        type: 'ImportPublishedCaseStudy',
        data: { caseStudyId, organisationId: newId(), content: aContent({ title }) },
        metadata: { now: new Date(), actorId: null, correlationId: newId() },
      } as CaseStudyCommand);
    }
    expect(await searchUntil(first, 'heliostat', 2)).toBe(2);
    await first.close();

    const settings = config().search;
    if (settings.engine !== 'embedded') throw new Error('expected the embedded engine');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${settings.embedded.fileName}${suffix}`, { force: true });
    const second = await open();
    expect(await searchUntil(second, 'heliostat', 2)).toBe(2);
  });

  it('feeds a lost guideline index file again from the start of the log, on its own', async () => {
    const first = await open();
    expect(first.guidelineSearch.engine).toBe('embedded');
    const guidelineId = newId();
    await new CommandHandler(first.store).handle(guidelineDecider, guidelineStreamId(guidelineId), {
      type: 'DraftGuideline',
      data: { guidelineId, content: aGuidelineContent({ title: 'Heliostat procurement' }) },
      metadata: { now: new Date(), actorId: 'author-1', correlationId: newId() },
    } as GuidelineCommand);
    const found = async (infra: Infrastructure, timeoutMs = 15000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { totalCount } = await infra.guidelineSearch.search({ text: 'heliostat', viewer: { seesAllWorking: true, workingOf: [] }, offset: 0, limit: 10 });
        if (totalCount > 0 || Date.now() > deadline) return totalCount;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect(await found(first)).toBe(1);
    await first.close();

    const settings = config().search;
    if (settings.engine !== 'embedded') throw new Error('expected the embedded engine');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${join(dirname(settings.embedded.fileName), 'guideline-search.sqlite')}${suffix}`, { force: true });
    const second = await open();
    expect(await found(second)).toBe(1);
  });
});
