// npm run bench:history [-- --edits 10000 --small 100 --versions 100 --samples 40 --concurrency 20 --list-samples 60 --burst 200 --data-dir DIR --profile]
//
// Whether a guideline's cost stays flat in the length of its history (issue 10, section 6). It starts the real
// service as its own process (apps/api/src/main.ts through ts-node, as test/support/api-process.ts does) on a
// fresh temporary DATA_DIR with the default SQLite profile, in production mode, after creating its first admin with the CLI's
// accounts:create-admin, and drives the real GraphQL endpoint over HTTP from this process:
//   - two guidelines of the same size, 50 sections of about 1,000 words each (about 50,000 words): the long
//     one edited --edits times (one sentence of one section per edit, sections in turn), with --versions
//     published versions spread over its history (request review, approve, publish); the short one edited
//     --small times with as many versions as edits allow (at most --versions), so both hold the same text
//     and as many versions as possible and differ in history length only;
//   - interleaved samples (long, then short) of editGuideline, version(n) (a random published version, full
//     text), asOf (at the instant a random version was published: the working text then and the version),
//     blame (of a random version, word by word), diff(first..last version: structured word changes and
//     unified text; the first ask, computed, is printed apart), diff k..last for k = 1, 2, ... (a pair not
//     asked before: computed, not read from the server's cache of diffs), and the naive full replay
//     this design avoids (read the whole stream from the event store file and fold it through the decider,
//     done in this process on the same SQLite file, read-only in practice);
//   - guidelines(first: 20) p50/p95 idle, then while --concurrency clients ask for the first page (first: 10)
//     of the long guideline's diff in a loop, as a portal would (from a worker thread, so that their work
//     does not delay this thread's list samples).
// --data-dir DIR keeps the seeded service there (bench-state.json says what it holds): a later run with the same
// DIR and --edits/--small/--versions starts the server on it and measures at once, without seeding again.
// Prints p50/p95 per operation and ratio long/short, against the targets: every p95 at 10,000 edits within
// 2x of its p95 at 100 edits; diff of the 50,000-word guideline p95 <= 300 ms; list p95 under concurrent
// diffs within 2x of idle. Seeding the long guideline takes several minutes on a shared 2-core machine.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fold } from '@sce/event-sourcing';
import { SqliteEventStore } from '@sce/event-sourcing/adapters/sqlite';
import { guidelineDecider, guidelineStreamId } from '@sce/guidelines';
import { runCli } from '../apps/cli/src/cli';
import { freePort, startApiProcess, type ApiProcess } from '../test/support/api-process';
import { printSummary, readProfile, summarise } from './cpu-profile';
import { postGraphql } from '../test/support/test-app';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 || index + 1 >= args.length ? fallback : args[index + 1];
};
const EDITS = Number(option('edits', '10000'));
const SMALL = Number(option('small', '100'));
const VERSIONS = Number(option('versions', '100'));
const SAMPLES = Number(option('samples', '40'));
const CONCURRENCY = Number(option('concurrency', '20'));
const LIST_SAMPLES = Number(option('list-samples', '60'));
// Edits of the long guideline sent back to back (an author saving constantly), after the samples: what keeping
// guideline search up to date costs the writer, and how long search takes to catch up after the last one.
const BURST = Number(option('burst', '200'));
// --profile: the server runs under the V8 profiler (bench/server-profile-preload.js); where its time went
// during the measured samples (not the seeding) is printed at the end, and the .cpuprofile kept.
const PROFILE = args.includes('--profile');
const DATA_DIR = option('data-dir', '');
const SECTIONS = 50;
const SENTENCES_PER_SECTION = 80; // of 12 or 13 words: about 1,000 words a section
const PASSWORD = 'a long enough password';

// ------------------------------------------------------------------------------------------------ text

// A fixed seed: every run writes the same guideline text.
let seed = 20_261_130;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const VOCABULARY = (
  'city municipality shall publish open data mobility transport energy housing water waste district heating ' +
  'residents council budget procurement sensors platform licence review years timetable cycling lanes buses ' +
  'emissions targets buildings retrofit tariff metering grid storage solar wind flood risk maps citizens ' +
  'participation consultation partners region national agency standards interoperable formats privacy ' +
  'security accessible services digital twin monitoring indicators report annual evidence pilot scale ' +
  'funding investment maintenance operators contracts schools hospitals streets lighting parking permits'
).split(' ');
const sentence = () => {
  const words = Array.from({ length: 12 + Math.floor(random() * 2) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
  return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`;
};
type Body = string[];
const newBody = (): Body => Array.from({ length: SENTENCES_PER_SECTION }, sentence);
const render = (body: Body) => body.join(' ');

// ------------------------------------------------------------------------------------------------ API

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token account { id } } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token account { id } } }`;
const GRANT = `mutation($a: ID!, $r: PlatformRole!) { grantRole(accountId: $a, role: $r) { account { id } position } }`;
const DRAFT = `mutation($input: DraftGuidelineInput!) { draftGuideline(input: $input) { guideline { id revision draft { sections { sectionId } } } } }`;
const EDIT = `mutation($input: EditGuidelineInput!) { editGuideline(input: $input) { guideline { revision } } }`;
const REQUEST_REVIEW = `mutation($g: ID!) { requestGuidelineReview(guidelineId: $g) { guideline { revision } } }`;
const REVIEW = `mutation($i: ReviewGuidelineInput!) { reviewGuideline(input: $i) { guideline { revision } } }`;
const PUBLISH = `mutation($i: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $i) { guideline { revision latestVersion } } }`;
const VERSION = `query($id: ID!, $n: String!) { guideline(id: $id) { version(number: $n) { version { number revision } text { revision title sections { sectionId heading body position } } } } }`;
const DIFF = `query($id: ID!, $from: String!, $to: String!) {
  guideline(id: $id) { diff(from: { version: $from }, to: { version: $to }) { fromRevision toRevision unified sections { sectionId kind moved edited label words { kind text } } } }
}`;
// What a portal asks for: the first page of the diff's sections and their unified text.
const DIFF_PAGE = `query($id: ID!, $from: String!, $to: String!) {
  guideline(id: $id) { diff(from: { version: $from }, to: { version: $to }) { sectionCount sections(first: 10) { sectionId kind moved edited label cursor words { kind text } } unified(first: 10) } }
}`;
const AS_OF = `query($id: ID!, $at: DateTime!) { guideline(id: $id) { asOf(at: $at) { at draft { revision sections { sectionId heading body } } published { version { number } } } } }`;
const BLAME = `query($id: ID!, $n: String!) { guideline(id: $id) { blame(of: { version: $n }) { revision sections { sectionId lastChange { revision } words { word credit { accountId revision } } } } } }`;
const PUBLISHED_AT = `query($id: ID!) { guideline(id: $id) { versions { publishedAt } } }`;
const CURRENT = `query($id: ID!) { guideline(id: $id) { revision draft { sections { sectionId body } } } }`;
const LIST = `query { guidelines(first: 20) { edges { node { id title status latestVersion } } pageInfo { hasNextPage endCursor } } }`;

async function call(api: ApiProcess, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await postGraphql(`${api.baseUrl}/graphql`, query, variables, token ? { authorization: `Bearer ${token}` } : {});
  if (response.errors?.length || !response.data) throw new Error(`${query.slice(0, 60)}...: ${JSON.stringify(response.errors)}`);
  return response.data;
}

interface KeptState {
  shape: { edits: number; small: number; versions: number };
  jwtSecret: string;
  small: Seeded;
  large: Seeded;
}

interface Seeded {
  name: string;
  id: string;
  edits: number;
  revision: number;
  versions: string[];
  bodies: Body[];
  sectionIds: string[];
  edited: number;
}

// The concurrent diff clients (plain JavaScript, run as a worker thread): loop until told to stop, then report
// every answer's time and every failure (counted, not thrown: the list samples go on, the server's output says why).
const DIFF_CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, query, variables, concurrency } = workerData;
let busy = true;
const times = [];
const failures = [];
parentPort.once('message', () => (busy = false));
const loop = async () => {
  while (busy) {
    const started = performance.now();
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      // Only the start is read as text: an answer with data and no errors starts so (errors come first), and
      // parsing every page of hundreds of kilobytes would take CPU the server's list answers compete for.
      const body = Buffer.from(await response.arrayBuffer());
      if (!body.subarray(0, 30).toString().startsWith('{"data":{"guideline":{')) throw new Error(body.subarray(0, 300).toString());
      times.push(performance.now() - started);
    } catch (error) {
      failures.push(String(error) + (error && error.cause ? ' (' + String(error.cause) + ')' : ''));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};
Promise.all(Array.from({ length: concurrency }, loop)).then(() => parentPort.postMessage({ times, failures }));
`;

const timed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function main(): Promise<void> {
  const dataDir = DATA_DIR ? resolve(DATA_DIR) : mkdtempSync(join(tmpdir(), 'sce-bench-history-'));
  const stateFile = join(dataDir, 'bench-state.json');
  const shape = { edits: EDITS, small: SMALL, versions: VERSIONS };
  const kept: KeptState | null = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
  if (kept && JSON.stringify(kept.shape) !== JSON.stringify(shape)) throw new Error(`${dataDir} holds a dataset of ${JSON.stringify(kept.shape)}, not ${JSON.stringify(shape)}`);
  const adminEmail = 'bench.admin@example.org';
  if (!kept) {
    mkdirSync(dataDir, { recursive: true });
    const quiet = { out: () => undefined, err: (line: string) => console.error(line), interactive: false };
    if ((await runCli(['accounts:create-admin', '--email', adminEmail, '--name', 'Bench Admin'], quiet, { DATA_DIR: dataDir, NODE_ENV: 'test', SCE_ADMIN_PASSWORD: PASSWORD })) !== 0) {
      throw new Error('accounts:create-admin failed');
    }
  }
  // A kept dataset's tokens stay valid with the secret it was seeded under.
  const jwtSecret = kept?.jwtSecret ?? randomBytes(36).toString('base64');
  const profileFile = join(dataDir, 'server.cpuprofile');
  const profiling: Record<string, string> = PROFILE ? { NODE_OPTIONS: `--require ${join(__dirname, 'server-profile-preload.js')}`, SCE_PROFILE_FILE: profileFile } : {};
  // In production mode, as deployed (graphql-js, for one, skips its development checks on every value it writes).
  const api = await startApiProcess({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: jwtSecret, SIGN_IN_ATTEMPTS_PER_MINUTE: '10000', ...profiling }, await freePort());
  let measuring = 0;
  const events = new SqliteEventStore({ fileName: join(dataDir, 'exchange.sqlite') });
  try {
    const admin = (await call(api, SIGN_IN, { input: { email: adminEmail, password: PASSWORD } })).signIn.token;
    const emailOf = (name: string) => `${name.toLowerCase().replace(/ /g, '.')}@example.org`;
    const person = async (name: string, role: string) => {
      if (kept) return (await call(api, SIGN_IN, { input: { email: emailOf(name), password: PASSWORD } })).signIn.token as string;
      const { token, account } = (await call(api, SIGN_UP, { input: { name, email: emailOf(name), password: PASSWORD } })).signUp;
      await call(api, GRANT, { a: account.id, r: role }, admin);
      return token as string;
    };
    const author = await person('Bench Author', 'POLICY_AUTHOR');
    const reviewer = await person('Bench Reviewer', 'REVIEWER');

    const draft = async (name: string, edits: number): Promise<Seeded> => {
      const bodies = Array.from({ length: SECTIONS }, newBody);
      const sections = bodies.map((body, i) => ({ heading: `Section ${i + 1}`, body: render(body) }));
      const { id, revision, draft } = (await call(api, DRAFT, { input: { title: `History bench: ${name}`, summary: 'A long-lived guideline', sectors: ['TRANSPORT'], language: 'en', sections } }, author)).draftGuideline.guideline;
      return { name, id, edits, revision, versions: [], bodies, sectionIds: draft.sections.map((s: { sectionId: string }) => s.sectionId), edited: 0 };
    };
    // One sentence of one section, sections in turn, each section's sentences in turn (7 is prime to 80, so
    // 200 edits of a section reach all of its 80 sentences): years of edits rewrite the whole text, and the
    // diff first..last of the long guideline is the worst case, every sentence changed.
    const edit = async (g: Seeded) => {
      const section = g.edited % SECTIONS;
      g.bodies[section][(Math.floor(g.edited / SECTIONS) * 7) % SENTENCES_PER_SECTION] = sentence();
      const change = { kind: 'EDIT', sectionId: g.sectionIds[section], body: render(g.bodies[section]) };
      g.revision = (await call(api, EDIT, { input: { guidelineId: g.id, expectedRevision: g.revision, changeNote: `Edit ${g.edited + 1}`, changes: [change] } }, author)).editGuideline.guideline.revision;
      g.edited++;
    };
    const publish = async (g: Seeded) => {
      await call(api, REQUEST_REVIEW, { g: g.id }, author);
      await call(api, REVIEW, { i: { guidelineId: g.id, decision: 'APPROVE' } }, reviewer);
      const published = (await call(api, PUBLISH, { i: { guidelineId: g.id, kind: g.versions.length ? 'MINOR' : 'MAJOR', changeSummary: `Version ${g.versions.length + 1}` } }, author)).publishGuidelineVersion.guideline;
      g.revision = published.revision;
      g.versions.push(published.latestVersion);
    };
    const seedGuideline = async (name: string, edits: number) => {
      const g = await draft(name, edits);
      const versions = Math.min(VERSIONS, edits);
      const started = performance.now();
      for (let v = 0; v < versions; v++) {
        // Versions spread evenly: the edits before each, then publish.
        const until = Math.round(((v + 1) * edits) / versions);
        while (g.edited < until) await edit(g);
        await publish(g);
        if ((v + 1) % 25 === 0) console.log(`  ${name}: ${g.edited} edits, ${g.versions.length} versions (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
      console.log(`  ${name}: ${g.edited} edits, ${g.versions.length} versions in ${((performance.now() - started) / 1000).toFixed(0)} s, ${(await events.readStream(guidelineStreamId(g.id))).length} events`);
      return g;
    };

    // A kept guideline goes on from its current text (the measured edits of earlier runs changed it).
    const resumed = async (seeded: Seeded): Promise<Seeded> => {
      const { revision, draft } = (await call(api, CURRENT, { id: seeded.id }, author)).guideline;
      const bySection = new Map<string, string>(draft.sections.map((s: { sectionId: string; body: string }) => [s.sectionId, s.body]));
      return { ...seeded, revision, bodies: seeded.sectionIds.map((sectionId) => bySection.get(sectionId)!.split(/(?<=\.) /)) };
    };
    let small: Seeded;
    let large: Seeded;
    if (kept) {
      console.log(`reusing the seeded guidelines in ${dataDir} (API at ${api.baseUrl})`);
      [small, large] = await Promise.all([resumed(kept.small), resumed(kept.large)]);
    } else {
      console.log(`seeding two guidelines of ${SECTIONS} sections, ${(SECTIONS * SENTENCES_PER_SECTION * 12.5).toLocaleString('en')} words each (API at ${api.baseUrl}, DATA_DIR ${dataDir})`);
      small = await seedGuideline(`${SMALL} edits`, SMALL);
      large = await seedGuideline(`${EDITS.toLocaleString('en')} edits`, EDITS);
      if (DATA_DIR) writeFileSync(stateFile, JSON.stringify({ shape, jwtSecret, small: { ...small, bodies: [] }, large: { ...large, bodies: [] } } satisfies KeptState));
    }
    const words = large.bodies.reduce((sum, body) => sum + render(body).split(' ').length, 0);
    console.log(`  the text: ${words.toLocaleString('en')} words`);

    // A pair of versions not asked for before (the server keeps computed diffs): k..last, k = 1, 2, ...
    const uncachedFrom = new Map<Seeded, number>();
    const nextUncached = (g: Seeded) => {
      const from = (uncachedFrom.get(g) ?? 0) + 1;
      uncachedFrom.set(g, from);
      return g.versions[from % (g.versions.length - 1)];
    };
    // asOf at the instants versions were published (any instant of the history, read from the tables).
    const instants = new Map<Seeded, string[]>();
    for (const g of [large, small]) instants.set(g, (await call(api, PUBLISHED_AT, { id: g.id }, author)).guideline.versions.map((v: { publishedAt: string }) => v.publishedAt));
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    type Operation = 'editGuideline' | 'version(n)' | 'asOf' | 'blame' | 'diff(first..last)' | 'diff, first computed' | 'naive full replay';
    const operations: Record<Operation, (g: Seeded) => Promise<unknown>> = {
      editGuideline: (g) => edit(g),
      'version(n)': (g) => call(api, VERSION, { id: g.id, n: pick(g.versions) }),
      asOf: (g) => call(api, AS_OF, { id: g.id, at: pick(instants.get(g)!) }, author),
      blame: (g) => call(api, BLAME, { id: g.id, n: pick(g.versions) }),
      'diff(first..last)': (g) => call(api, DIFF, { id: g.id, from: g.versions[0], to: g.versions[g.versions.length - 1] }),
      'diff, first computed': (g) => call(api, DIFF, { id: g.id, from: nextUncached(g), to: g.versions[g.versions.length - 1] }),
      'naive full replay': async (g) => fold(guidelineDecider, await events.readStream(guidelineStreamId(g.id))),
    };
    const timings = new Map<string, number[]>();
    // Warm-up (statements, JIT) before measuring, then interleaved samples so both meet the same noise. The
    // warm-up's diff first..last is the one computed, not read from the server's cache: shown on its own.
    const firstDiff = new Map<Seeded, number>();
    for (const [name, run] of Object.entries(operations)) {
      for (const g of [large, small]) {
        const [ms] = await timed(() => run(g));
        if (name === 'diff(first..last)') firstDiff.set(g, ms);
      }
    }
    console.log(`measuring ${SAMPLES} samples per operation and guideline...`);
    measuring = Date.now();
    for (let sample = 0; sample < SAMPLES; sample++) {
      for (const [name, run] of Object.entries(operations)) {
        for (const g of [large, small]) {
          const [ms] = await timed(() => run(g));
          const key = `${name}|${g.name}`;
          timings.set(key, [...(timings.get(key) ?? []), ms]);
        }
      }
    }

    const row = (cells: string[]) => console.log(cells[0].padEnd(22) + cells.slice(1).map((cell) => cell.padStart(19)).join(''));
    console.log();
    row(['(ms)', `${small.name} p50`, `${small.name} p95`, `${large.name} p50`, `${large.name} p95`, 'p95 ratio', 'target']);
    const p95s: Record<string, { small: number; large: number }> = {};
    for (const name of Object.keys(operations)) {
      const s = timings.get(`${name}|${small.name}`)!;
      const l = timings.get(`${name}|${large.name}`)!;
      p95s[name] = { small: percentile(s, 95), large: percentile(l, 95) };
      const ratio = p95s[name].large / p95s[name].small;
      const target = name === 'naive full replay' ? '(comparison)' : ratio <= 2 ? 'met (<= 2x)' : 'MISSED (> 2x)';
      row([name, percentile(s, 50).toFixed(1), p95s[name].small.toFixed(1), percentile(l, 50).toFixed(1), p95s[name].large.toFixed(1), `${ratio.toFixed(2)}x`, target]);
    }
    const diffP95 = p95s['diff(first..last)'].large;
    console.log(`\ndiff of the ${words.toLocaleString('en')}-word guideline (first..last of ${large.versions.length} versions): p95 ${diffP95.toFixed(1)} ms, target <= 300 ms: ${diffP95 <= 300 ? 'met' : 'MISSED'}`);
    console.log(`diff first..last computed (the first ask, uncached): ${small.name} ${firstDiff.get(small)!.toFixed(0)} ms, ${large.name} ${firstDiff.get(large)!.toFixed(0)} ms`);
    console.log(`naive full replay of ${large.name} vs the projected version(n): p95 ${p95s['naive full replay'].large.toFixed(1)} ms vs ${p95s['version(n)'].large.toFixed(1)} ms`);

    if (BURST > 0) {
      const burst: number[] = [];
      for (let n = 0; n < BURST; n++) burst.push((await timed(() => edit(large)))[0]);
      const last = performance.now();
      const health = async () => (await (await fetch(`${api.baseUrl}/health`)).json()) as { guidelineSearch?: { lag: number } };
      let caughtUp = 'no guideline search on this server';
      if ((await health()).guidelineSearch) {
        const deadline = last + 60_000;
        while ((await health()).guidelineSearch!.lag > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        caughtUp = (await health()).guidelineSearch!.lag > 0 ? 'guideline search not caught up 60 s after the last' : `guideline search caught up ${(performance.now() - last).toFixed(0)} ms after the last`;
      }
      console.log(`editGuideline, ${BURST} back to back on ${large.name}: p50 ${percentile(burst, 50).toFixed(1)} ms, p95 ${percentile(burst, 95).toFixed(1)} ms; ${caughtUp}`);
    }

    const samplesEnded = Date.now();
    let loadedFrom = 0;
    let loadedTo = 0;
    if (CONCURRENCY > 0) {
      // The list query idle, then while CONCURRENCY clients ask for a page of the long guideline's diff in a loop.
      const listSamples = async () => {
        const values: number[] = [];
        for (let i = 0; i < LIST_SAMPLES; i++) values.push((await timed(() => call(api, LIST, {})))[0]);
        return values;
      };
      await listSamples();
      const idle = await listSamples();
      // The diff clients run in a worker thread, so their own JSON parsing does not delay this thread's list samples.
      const clients = new Worker(DIFF_CLIENTS, {
        eval: true,
        workerData: { url: `${api.baseUrl}/graphql`, query: DIFF_PAGE, variables: { id: large.id, from: large.versions[0], to: large.versions[large.versions.length - 1] }, concurrency: CONCURRENCY },
      });
      const report = new Promise<{ times: number[]; failures: string[] }>((resolve, reject) => {
        clients.once('message', resolve);
        clients.once('error', reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      loadedFrom = Date.now();
      const loaded = await listSamples();
      loadedTo = Date.now();
      clients.postMessage('stop');
      const { times: diffTimes, failures } = await report;
      await clients.terminate();
      if (failures.length) {
        console.log(`\n${failures.length} concurrent diffs failed, e.g. ${failures[0]}; server ${api.child.exitCode === null && api.child.signalCode === null ? 'still running' : `exited (${api.child.exitCode ?? api.child.signalCode})`}`);
        console.log(`server output (last 2,000 characters):\n${api.output().slice(-2000)}`);
      }
      const idleP95 = percentile(idle, 95);
      const loadedP95 = percentile(loaded, 95);
      console.log(`\nguidelines(first: 20) idle: p50 ${percentile(idle, 50).toFixed(1)} ms, p95 ${idleP95.toFixed(1)} ms`);
      console.log(`guidelines(first: 20) during ${CONCURRENCY} concurrent diff pages (${diffTimes.length} pages of 10 sections answered, diff page p50 ${percentile(diffTimes, 50).toFixed(0)} ms, p95 ${percentile(diffTimes, 95).toFixed(0)} ms): p50 ${percentile(loaded, 50).toFixed(1)} ms, p95 ${loadedP95.toFixed(1)} ms`);
      console.log(`list p95 under load / idle: ${(loadedP95 / idleP95).toFixed(2)}x, target <= 2x: ${loadedP95 <= 2 * idleP95 ? 'met' : 'MISSED'}`);
    }
    if (PROFILE) {
      const stoppedAt = Date.now();
      api.child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const keptProfile = join(tmpdir(), `sce-bench-history-${Date.now()}.cpuprofile`);
      copyFileSync(profileFile, keptProfile);
      // Windows in the profile's own clock (microseconds, ending when the profiler was stopped).
      const profile = readProfile(keptProfile);
      const micros = (at: number) => profile.endTime - (stoppedAt - at) * 1000;
      printSummary(`server during the measured samples (${keptProfile})`, summarise(profile, { fromMicros: micros(measuring), toMicros: micros(samplesEnded) }), 20);
      if (loadedTo) printSummary('server during the list samples under concurrent diff pages', summarise(profile, { fromMicros: micros(loadedFrom), toMicros: micros(loadedTo) }), 20);
    }
  } catch (error) {
    // A server that died under load says why in its own output.
    console.error(`server output (last 3,000 characters):\n${api.output().slice(-3000)}`);
    throw error;
  } finally {
    await events.close();
    api.child.kill('SIGTERM');
    await api.exited;
    if (!DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
