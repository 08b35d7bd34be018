// npm run bench:api [-- --duration 20 --rounds 3 --connections 16 --warmup 3 --quick --source
//                       --scenarios mutation,list,detail --profile [mutation,list,detail] --profile-only --top 20]
//
// What the request path costs over the framework under it (issue 8, section 6). Starts
//   ours: the real service, as its own process, on a fresh temporary DATA_DIR with the default (SQLite)
//         profile and default settings (LOG_LEVEL unset, so 'info' with a request log line per request,
//         written to a file in the temp dir), JWT_SECRET set to a random 48-character value,
//         HOST=127.0.0.1. By default the compiled build (node dist/apps/api/src/main.js): run
//         `npm run build` first, the bench builds nothing. --source runs apps/api/src/main.ts through
//         ts-node/swc as test/support/api-process.ts does (the same JavaScript after transpiling, but
//         more memory; the compiled build is the fairer figure).
//   bare: Apollo Server 5 + Express 5 (bench/bare-apollo.ts transpiled to plain JS, its own process) with the same slice of
//         the schema, a no-op mutation and constant answers: both servers get the same documents.
//   floor: the prescribed stack with nothing of ours behind it (bench/nest-floor.ts: NestJS + @nestjs/graphql
//         code-first, our validation pipe over the real input classes, a guard on every field that allows
//         everything, constant answers): the most any service on this stack can reach, so "ours/floor" is what
//         our own work costs and "floor/bare" what the framework does. Run through ts-node (transpile only):
//         the same JavaScript at run time, but its RSS holds the compiler (not compared). --no-floor skips it.
// It signs up an account, registers organisations (one with a few profile updates, for its history),
// then drives both with autocannon, interleaved (ours then bare, bare then ours in the next round...) so
// that both meet the same moments of noise on this shared machine:
//   mutation  registerOrganisation with a unique name per request (bearer token)
//   list      organisations(first: 20) with a few fields
//   detail    organisation(id) with its history (type revision occurredAt actorName)
// and prints req/s, p50/p99 latency, peak RSS of the server process (VmRSS sampled from /proc every
// 250 ms while it is under load) and the ratios ours/bare, against the issue's targets: mutation
// >= 0.5x bare with p99 < 20 ms; list and detail >= 0.7x bare; server RSS under load < 250 MB. It also
// prints each server's CPU time (all threads, from /proc) per request: on this shared 2-core machine req/s
// moves with the other engineers' load, CPU per request much less, so bare/ours CPU is the steadier ratio.
//
//   --quick                 5 s runs, 1 round, 1 s warm-up
//   --node-env production   NODE_ENV for both servers (default unset = development; the Dockerfile sets
//                           production, which also drops graphql-js's development instanceOf checks)
//   --env NAME=VALUE        extra environment for our service only, repeatable, for what-if runs, e.g.
//                           --env LOG_LEVEL=warn or --env READ_YOUR_WRITES_TIMEOUT_MS=0
//   --profile [scenarios]   afterwards, for each scenario (default: mutation) start fresh servers under
//                           node --cpu-prof, run that scenario once against each, and print where the
//                           busy time went (self time by package and function, inclusive time by area
//                           of the request path) over the load window only. --profile-only skips the
//                           comparison. The .cpuprofile files are kept (path printed) for DevTools.
// Standalone analysis of a profile: npx ts-node bench/cpu-profile.ts file.cpuprofile
import autocannon, { type AutocannonRequest, type RawResult } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { freePort } from '../test/support/api-process';
import { printSummary, readProfile, summarise } from './cpu-profile';

const ROOT = join(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 || index + 1 >= args.length || args[index + 1].startsWith('--') ? fallback : args[index + 1];
};
const QUICK = flag('quick');
const DURATION = Number(option('duration', QUICK ? '5' : '20'));
const ROUNDS = Number(option('rounds', QUICK ? '1' : '3'));
const CONNECTIONS = Number(option('connections', '16'));
const WARMUP = Number(option('warmup', QUICK ? '1' : '3'));
const SOURCE = flag('source');
const TOP = Number(option('top', '20'));
const PROFILE = flag('profile') || flag('profile-only');
const PROFILE_ONLY = flag('profile-only');
const FLOOR = !flag('no-floor');
// NODE_ENV for both servers (unset by default, so development; the Dockerfile ships production).
const NODE_ENV = option('node-env', '');
// What-if runs without touching the service: --env LOG_LEVEL=warn --env READ_YOUR_WRITES_TIMEOUT_MS=0 (ours only).
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
  args.flatMap((arg, i) => (arg === '--env' && args[i + 1]?.includes('=') ? [[args[i + 1].slice(0, args[i + 1].indexOf('=')), args[i + 1].slice(args[i + 1].indexOf('=') + 1)]] : [])),
);

type ScenarioName = 'mutation' | 'list' | 'detail';
const ALL: ScenarioName[] = ['mutation', 'list', 'detail'];
const scenarioList = (value: string): ScenarioName[] => {
  const names = value.split(',').map((name) => name.trim()) as ScenarioName[];
  const unknown = names.filter((name) => !ALL.includes(name));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}: use ${ALL.join(', ')}`);
  return names;
};
const SCENARIOS = scenarioList(option('scenarios', ALL.join(',')));
const PROFILED = scenarioList(option('profile', option('profile-only', 'mutation')));

const ORGANISATION_FIELDS = 'id name type country city status revision registeredAt';
const MUTATION = `mutation Register($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { ${ORGANISATION_FIELDS} } position } }`;
const LIST = `query List { organisations(first: 20) { edges { cursor node { id name type country city } } pageInfo { hasNextPage endCursor } } }`;
const DETAIL = `query One($id: ID!) { organisation(id: $id) { id name type country city website description status revision updatedAt history { edges { node { type revision occurredAt actorName } } } } }`;
const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token account { id } } }`;
const UPDATE = `mutation Update($input: UpdateOrganisationProfileInput!) { updateOrganisationProfile(input: $input) { organisation { revision } position } }`;
const anOrganisation = (name: string) => ({ name, type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', website: 'https://almaty.gov.kz', description: 'Benchmark organisation' });

interface Server {
  name: 'ours' | 'bare' | 'floor';
  child: ChildProcess;
  baseUrl: string;
  headers: Record<string, string>;
  /** The organisation the detail query reads. */
  organisationId: string;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------- servers

const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  // Default settings: nothing inherited from the shell that would change the service's behaviour.
  for (const name of Object.keys(env)) if (/^(NODE_ENV|LOG_LEVEL|DATA_DIR|JWT_SECRET|PORT|HOST|EVENT_STORE_DRIVER|READ_MODELS_DRIVER|POSTGRES_|KURRENTDB_|SQLITE_|READ_YOUR_WRITES|GRAPHQL_|MIGRATIONS_|PROJECTIONS_|NODE_OPTIONS)/.test(name)) delete env[name];
  return { ...env, ...(NODE_ENV ? { NODE_ENV } : {}), ...extra };
};

async function waitHealthy(child: ChildProcess, baseUrl: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start-up:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

async function graphql(baseUrl: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 40)}… failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function startOurs(dir: string, nodeFlags: string[] = []): Promise<Server> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'api.log');
  const log = openSync(logFile, 'a');
  const entry = SOURCE ? ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'] : ['dist/apps/api/src/main.js'];
  const child = spawn(process.execPath, [...nodeFlags, ...entry], {
    cwd: ROOT,
    env: childEnv({ DATA_DIR: join(dir, 'data'), JWT_SECRET: randomBytes(36).toString('base64url'), HOST: '127.0.0.1', PORT: String(port), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...EXTRA_ENV }),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(child, baseUrl, logFile);
    return await setUp(child, baseUrl);
  } catch (error) {
    child.kill('SIGKILL'); // never leave a server behind when start-up or setup fails
    throw error;
  }
}

async function setUp(child: ChildProcess, baseUrl: string): Promise<Server> {
  // An account, 40 organisations for the list, and one with five profile updates for the detail's history.
  const signedUp = await graphql(baseUrl, SIGN_UP, { input: { name: 'Bench Person', email: `bench.${Date.now()}@example.org`, password: 'a long enough password' } });
  const token: string = signedUp.signUp.token;
  for (let i = 0; i < 40; i++) await graphql(baseUrl, MUTATION, { input: anOrganisation(`Setup organisation ${i}`) }, token);
  const detail = await graphql(baseUrl, MUTATION, { input: anOrganisation('City of Almaty') }, token);
  const organisationId: string = detail.registerOrganisation.organisation.id;
  let revision: number = detail.registerOrganisation.organisation.revision;
  for (let edit = 1; edit <= 5; edit++) {
    const updated = await graphql(baseUrl, UPDATE, { input: { id: organisationId, expectedRevision: revision, description: `Benchmark organisation, edit ${edit}` } }, token);
    revision = updated.updateOrganisationProfile.organisation.revision;
  }
  return { name: 'ours', child, baseUrl, headers: { authorization: `Bearer ${token}` }, organisationId, stop: stopper(child) };
}

async function startBare(dir: string, nodeFlags: string[] = []): Promise<Server> {
  mkdirSync(dir, { recursive: true });
  // Plain JavaScript, like our compiled build: transpiled here (not type-checked) so ts-node's memory is not in its RSS.
  const script = join(dir, 'bare-apollo.js');
  const source = readFileSync(join(ROOT, 'bench/bare-apollo.ts'), 'utf8');
  writeFileSync(script, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText);
  return startConstantServer('bare', dir, [...nodeFlags, script], { NODE_PATH: join(ROOT, 'node_modules') });
}

function startFloor(dir: string, nodeFlags: string[] = []): Promise<Server> {
  const entry = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/nest-floor.ts'];
  return startConstantServer('floor', dir, [...nodeFlags, ...entry], { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') });
}

/** A server answering constants (bare, floor): started, healthy, no setup. */
async function startConstantServer(name: 'bare' | 'floor', dir: string, nodeArgs: string[], env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: childEnv({ HOST: '127.0.0.1', PORT: String(port), ...env }), stdio: ['ignore', log, log] });
  closeSync(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(child, baseUrl, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // The same bearer header as ours (these ignore it), so all parse requests of the same size.
  return { name, child, baseUrl, headers: { authorization: `Bearer ${randomBytes(150).toString('base64url')}` }, organisationId: '00000000-0000-4000-8000-000000000001', stop: stopper(child) };
}

// ------------------------------------------------------------------------------------------------- load

let unique = 0;
const runTag = randomBytes(3).toString('hex');

function requestsFor(scenario: ScenarioName, server: Server, onResponse: AutocannonRequest['onResponse']): AutocannonRequest[] {
  const base = { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', ...server.headers }, onResponse };
  switch (scenario) {
    case 'mutation':
      return [{ ...base, setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: MUTATION, variables: { input: anOrganisation(`Bench ${runTag} ${++unique}`) } }) }) }];
    case 'list':
      return [{ ...base, body: JSON.stringify({ query: LIST }) }];
    case 'detail':
      return [{ ...base, body: JSON.stringify({ query: DETAIL, variables: { id: server.organisationId } }) }];
  }
}

/** Peak VmRSS (kB) of a process while a promise runs, sampled from /proc every 250 ms. */
async function withRssSampling<T>(pid: number, work: Promise<T>): Promise<{ value: T; peakRssKb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]));
    } catch {
      // gone
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const value = await work;
    sample();
    return { value, peakRssKb: peak };
  } finally {
    clearInterval(timer);
  }
}

// CPU time (user + system, all threads) the process has used, in µs: /proc/<pid>/stat fields 14 and 15, in clock ticks.
const cpuMicros = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
};

const vmHwmKb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

interface Run {
  raw: RawResult;
  graphqlErrors: number;
  firstError?: string;
  peakRssKb: number;
  /** CPU the server used during the run (all its threads). */
  cpuMicros: number;
}

async function load(server: Server, scenario: ScenarioName, seconds: number): Promise<Run> {
  let graphqlErrors = 0;
  let firstError: string | undefined;
  const onResponse = (status: number, body: string) => {
    if (status !== 200 || body.includes('"errors"')) {
      graphqlErrors++;
      firstError ??= `${status} ${body.slice(0, 300)}`;
    }
  };
  const cpuBefore = cpuMicros(server.child.pid!);
  const { value: raw, peakRssKb } = await withRssSampling(
    server.child.pid!,
    autocannon({ url: server.baseUrl, connections: CONNECTIONS, duration: seconds, requests: requestsFor(scenario, server, onResponse), skipAggregateResult: true }) as unknown as Promise<RawResult>,
  );
  return { raw, graphqlErrors, firstError, peakRssKb, cpuMicros: cpuMicros(server.child.pid!) - cpuBefore };
}

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  firstError?: string;
  peakRssMb: number;
  /** Server CPU per completed request: what a request costs, much less sensitive to other load on the machine than req/s. */
  cpuPerRequest: number;
}

function figures(runs: Run[]): Figures {
  const merged = autocannon.aggregateResult(runs.map((run) => run.raw), { url: 'http://127.0.0.1', connections: CONNECTIONS });
  const requests = runs.reduce((sum, run) => sum + run.raw.totalCompletedRequests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.raw.duration, 0);
  const failures = runs.reduce((sum, run) => sum + run.graphqlErrors + run.raw.errors + run.raw.timeouts, 0);
  return {
    rate: requests / seconds,
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    requests,
    failures,
    firstError: runs.find((run) => run.firstError)?.firstError,
    peakRssMb: Math.max(...runs.map((run) => run.peakRssKb)) / 1024,
    cpuPerRequest: runs.reduce((sum, run) => sum + run.cpuMicros, 0) / Math.max(1, requests),
  };
}

// ---------------------------------------------------------------------------------------------- compare

const pad = (value: string, width: number) => value.padStart(width);
const row = (cells: string[]) => console.log(`${cells[0].padEnd(10)}${cells[1].padEnd(8)}${cells.slice(2).map((cell, i) => pad(cell, [10, 9, 9, 10, 11, 13][i] ?? 10)).join('')}`);

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

async function compare(dir: string): Promise<void> {
  const loadBefore = loadAverage();
  const ours = await startOurs(join(dir, 'ours'));
  const bare = await startBare(join(dir, 'bare'));
  const floor = FLOOR ? await startFloor(join(dir, 'floor')) : undefined;
  const servers = floor ? [ours, floor, bare] : [ours, bare];
  try {
    console.log(`ours at ${ours.baseUrl} (pid ${ours.child.pid}), bare Apollo at ${bare.baseUrl} (pid ${bare.child.pid})${floor ? `, Nest floor at ${floor.baseUrl} (pid ${floor.child.pid})` : ''}; warming up ${WARMUP} s per scenario and server`);
    if (WARMUP > 0) for (const scenario of SCENARIOS) for (const server of servers) await load(server, scenario, WARMUP);
    const runs = new Map<string, Run[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        // Alternate who goes first, so neither always meets the other's after-effects (GC, SQLite checkpoints).
        for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
          const run = await load(server, scenario, DURATION);
          const key = `${scenario}/${server.name}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          process.stdout.write(`  round ${round + 1}/${ROUNDS} ${key}: ${Math.round(run.raw.totalCompletedRequests / run.raw.duration)} req/s\n`);
        }
      }
    }
    const hwmMb = vmHwmKb(ours.child.pid!) / 1024;
    const bareHwmMb = vmHwmKb(bare.child.pid!) / 1024;
    const logBytes = statSync(join(dir, 'ours', 'api.log')).size;

    const settings = [`NODE_ENV=${NODE_ENV || '(unset)'}`, ...Object.entries(EXTRA_ENV).map(([name, value]) => `${name}=${value}`)].join(' ');
    console.log(`\nbench:api — ${SOURCE ? 'TS sources via ts-node/swc' : 'compiled build (dist)'}, SQLite, ${settings}, ${CONNECTIONS} connections, ${ROUNDS} round(s) x ${DURATION} s per scenario and server, node ${process.version}`);
    console.log(`load on the machine (uptime's 1-minute average, 2 cores here) before: ${loadBefore}, after: ${loadAverage()}`);
    row(['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'peak RSS', 'CPU µs/req']);
    const verdicts: string[] = [];
    let oursPeakRss = 0;
    let totalRequests = 0;
    for (const scenario of SCENARIOS) {
      const o = figures(runs.get(`${scenario}/ours`)!);
      const b = figures(runs.get(`${scenario}/bare`)!);
      const f0 = floor ? figures(runs.get(`${scenario}/floor`)!) : undefined;
      oursPeakRss = Math.max(oursPeakRss, o.peakRssMb);
      totalRequests += o.requests;
      for (const [name, f] of [['ours', o], ...(f0 ? [['floor', f0] as const] : []), ['bare', b]] as const) {
        row([scenario, name, Math.round(f.rate).toLocaleString('en-US'), f.p50.toFixed(1), f.p99.toFixed(1), String(f.failures), `${f.peakRssMb.toFixed(0)} MB`, Math.round(f.cpuPerRequest).toLocaleString('en-US')]);
        if (f.firstError) console.log(`          first failure (${name}): ${f.firstError}`);
      }
      const ratio = o.rate / b.rate;
      // CPU ratio inverted (bare/ours), so it reads like the req/s ratio: what ours would reach on an idle machine.
      row(['', 'ours/bare', `${ratio.toFixed(2)}x`, `${(o.p50 / b.p50).toFixed(1)}x`, `${(o.p99 / b.p99).toFixed(1)}x`, '', '', `bare/ours ${(b.cpuPerRequest / o.cpuPerRequest).toFixed(2)}x`]);
      if (f0) {
        row(['', 'floor/bare', `${(f0.rate / b.rate).toFixed(2)}x`, `${(f0.p50 / b.p50).toFixed(1)}x`, `${(f0.p99 / b.p99).toFixed(1)}x`, '', '', `bare/floor ${(b.cpuPerRequest / f0.cpuPerRequest).toFixed(2)}x`]);
        row(['', 'ours/floor', `${(o.rate / f0.rate).toFixed(2)}x`, `${(o.p50 / f0.p50).toFixed(1)}x`, `${(o.p99 / f0.p99).toFixed(1)}x`, '', '', `floor/ours ${(f0.cpuPerRequest / o.cpuPerRequest).toFixed(2)}x`]);
      }
      const floorNote = f0 ? ` (the stack alone, doing nothing: ${(f0.rate / b.rate).toFixed(2)}x bare, CPU ${(b.cpuPerRequest / f0.cpuPerRequest).toFixed(2)}x)` : '';
      if (scenario === 'mutation') verdicts.push(`mutation ${ratio.toFixed(2)}x bare (target >= 0.5) ${ratio >= 0.5 ? 'ok' : 'MISSED'}; p99 ${o.p99.toFixed(1)} ms (target < 20) ${o.p99 < 20 ? 'ok' : 'MISSED'}${floorNote}`);
      else verdicts.push(`${scenario} ${ratio.toFixed(2)}x bare (target >= 0.7) ${ratio >= 0.7 ? 'ok' : 'MISSED'}${floorNote}`);
    }
    verdicts.push(`server peak RSS under load ${oursPeakRss.toFixed(0)} MB (target < 250) ${oursPeakRss < 250 ? 'ok' : 'MISSED'}; VmHWM over its life ${hwmMb.toFixed(0)} MB (bare ${bareHwmMb.toFixed(0)} MB)`);
    verdicts.push(`request log: ${(logBytes / 1024 / 1024).toFixed(1)} MB written, ~${Math.round(logBytes / Math.max(1, totalRequests + 100))} bytes per measured request`);
    console.log('');
    for (const verdict of verdicts) console.log(`target: ${verdict}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

// ---------------------------------------------------------------------------------------------- profile

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function profile(dir: string, scenario: ScenarioName): Promise<void> {
  for (const start of [startOurs, startBare]) {
    const name = start === startOurs ? 'ours' : 'bare';
    const profileDir = join(dir, `profile-${scenario}-${name}`);
    mkdirSync(profileDir, { recursive: true });
    const server = await start(join(dir, `profiled-${scenario}-${name}`), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    let run: Run;
    let window: { fromMicros: number; toMicros: number };
    try {
      if (WARMUP > 0) await load(server, scenario, WARMUP);
      const fromMicros = monotonicMicros();
      run = await load(server, scenario, DURATION);
      window = { fromMicros, toMicros: monotonicMicros() };
    } finally {
      await server.stop(); // SIGTERM: the service shuts down and node writes the profile on exit
    }
    const file = readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${profileDir} (did the ${name} server exit cleanly?)`);
    const cpuProfile = readProfile(join(profileDir, file));
    const overlaps = cpuProfile.startTime < window.toMicros && cpuProfile.endTime > window.fromMicros;
    if (!overlaps) console.log(`  (profile clock does not match this process's: analysing the whole profile, start-up included)`);
    const summary = summarise(cpuProfile, overlaps ? window : undefined);
    const rate = Math.round(run.raw.totalCompletedRequests / run.raw.duration);
    printSummary(`profile ${scenario} / ${name} (${rate} req/s under --cpu-prof, ${run.graphqlErrors} failures) ${join(profileDir, file)}`, summary, name === 'ours' ? TOP : Math.min(TOP, 10), run.raw.totalCompletedRequests);
  }
}

// ------------------------------------------------------------------------------------------------- main

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.ts') ? stat.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

async function main(): Promise<void> {
  if (!SOURCE) {
    const main = join(ROOT, 'dist/apps/api/src/main.js');
    if (!existsSync(main)) throw new Error('dist/apps/api/src/main.js is missing: run `npm run build` first (or pass --source to run the TypeScript sources)');
    if (newestMtime(join(ROOT, 'apps')) > statSync(main).mtimeMs || newestMtime(join(ROOT, 'libs')) > statSync(main).mtimeMs) {
      console.log('warning: some sources under apps/ or libs/ are newer than dist/: `npm run build` to measure them');
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'sce-bench-api-'));
  let keep = false;
  try {
    if (!PROFILE_ONLY) await compare(dir);
    if (PROFILE) {
      keep = true;
      for (const scenario of PROFILED) await profile(dir, scenario);
      console.log(`\nprofiles kept under ${dir} (open the .cpuprofile files in Chrome DevTools > Performance)`);
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else for (const entry of readdirSync(dir)) if (!entry.startsWith('profile-')) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
