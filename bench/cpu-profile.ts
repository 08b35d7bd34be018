// Reads a V8 .cpuprofile (node --cpu-prof) and says where the busy time went: self time by package and
// by function, and inclusive time by area of the request path (a sample counts for an area when any frame
// on its stack belongs to it). Used by bench/api.bench.ts --profile; also on its own:
//   npx ts-node bench/cpu-profile.ts path/to/CPU.xxx.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A window of the profiler's clock (microseconds of CLOCK_MONOTONIC, as process.hrtime in any process on Linux). */
export interface Window {
  fromMicros: number;
  toMicros: number;
}

export interface Share {
  name: string;
  micros: number;
}

export interface ProfileSummary {
  /** Sampled time inside the window, idle included. */
  totalMicros: number;
  busyMicros: number;
  byPackage: Share[];
  byFunction: Share[];
  byArea: Share[];
  /** Every busy sample in exactly one area (the first in priority order): adds up to the busy time. */
  partition: Share[];
}

const IDLE = '(idle)';

/** Where a frame's code lives: an npm package, our own lib/app, node itself, or the VM. */
export function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName.startsWith('(')) return frame.functionName; // (garbage collector), (program), (idle), (root)
    return '(native)';
  }
  if (url.startsWith('node:')) {
    const module = url.slice('node:'.length).replace(/^internal\//, '').split('/')[0];
    return `node:${module}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const ours = /\/(libs\/[^/]+|apps\/[^/]+|bench)\//.exec(url);
  if (ours) return `ours:${ours[1]}`;
  return url;
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*?\/((?:dist\/)?(?:libs|apps|bench)\/)/, '$1');

/**
 * The areas of the request path the report is about, in priority order: for the partition of busy time
 * each sample goes to the FIRST area any frame of its stack belongs to (so TypeORM called from a
 * resolver counts as TypeORM, not as GraphQL execution; a projection's TypeORM counts as projections).
 * For the inclusive figures a stack counts for every area it touches.
 */
const AREAS: Array<{ name: string; matches: (frame: CallFrame, pkg: string) => boolean }> = [
  { name: 'async context: AsyncLocalStorage promise hooks (nestjs-pino storage, node:async_hooks)', matches: (_, pkg) => pkg === 'node:async_hooks' },
  { name: 'logging (pino, pino-http, nestjs-pino, sonic-boom)', matches: (_, pkg) => ['pino', 'pino-http', 'nestjs-pino', 'sonic-boom', 'fast-redact', '@pinojs/redact', 'pino-std-serializers', 'thread-stream', 'safe-stable-stringify', 'on-exit-leak-free'].includes(pkg) },
  { name: 'auth: token verification (jsonwebtoken, jws, HMAC)', matches: (frame, pkg) => ['jsonwebtoken', 'jws', 'jwa'].includes(pkg) || (/auth\/src\/tokens/.test(frame.url) && /verify/i.test(frame.functionName)) },
  { name: 'auth: request actor, account roles lookup', matches: (frame) => /platform\/src\/(authorization|request-context)|auth\/src\/read-models\/account-roles/.test(frame.url) },
  { name: 'auth: authorization guard, rest (libs/auth authorization.guard)', matches: (frame) => /authorization\.guard/.test(frame.url) },
  { name: 'read-your-writes (CommandExecutor, ProjectionRunner.waitFor)', matches: (frame) => /platform\/src\/command-executor/.test(frame.url) || (/projection-runner/.test(frame.url) && /waitFor|notifyWaiters/.test(frame.functionName)) },
  { name: 'projections applying events (libs/projections + projection code)', matches: (frame, pkg) => pkg === 'ours:libs/projections' || /\.projection\.js|read-models\/.*(members|directory)\.js/.test(frame.url) && /apply|project/i.test(frame.functionName) },
  { name: 'event store + command handler (libs/event-sourcing, incl. its SQLite calls)', matches: (_, pkg) => pkg === 'ours:libs/event-sourcing' },
  { name: 'SQLite statements via TypeORM (BetterSqlite3QueryRunner.query, native exec)', matches: (frame) => /BetterSqlite3QueryRunner/.test(frame.url) && frame.functionName === 'query' },
  { name: 'TypeORM rest (query builder, metadata, hydration)', matches: (_, pkg) => pkg === 'typeorm' },
  { name: 'SQLite driver, other (better-sqlite3 JS: transactions, prepare)', matches: (_, pkg) => pkg === 'better-sqlite3' },
  { name: 'input validation (ValidationPipe, class-validator, class-transformer)', matches: (frame, pkg) => pkg === 'class-validator' || pkg === 'class-transformer' || pkg === 'validator' || /validation\.pipe/.test(frame.url) },
  { name: 'our resolvers and read-model queries (libs/*)', matches: (_, pkg) => pkg.startsWith('ours:libs/') },
  { name: 'dataloader', matches: (_, pkg) => pkg === 'dataloader' },
  { name: 'GraphQL parse', matches: (frame) => /graphql\/language\/(parser|lexer)/.test(frame.url) },
  { name: 'GraphQL validate (incl. depth limit)', matches: (frame, pkg) => /graphql\/validation\//.test(frame.url) || pkg === 'graphql-depth-limit' || pkg === 'graphql-query-complexity' },
  { name: 'GraphQL execute (graphql-js, incl. instanceOf dev checks)', matches: (frame) => /graphql\/(execution|jsutils|type|utilities)\//.test(frame.url) },
  { name: 'Nest (external context creator, guards/pipes plumbing, param factories)', matches: (_, pkg) => pkg.startsWith('@nestjs/') },
  { name: 'Apollo Server (request pipeline, plugins, response JSON)', matches: (_, pkg) => pkg.startsWith('@apollo/') || pkg === '@as-integrations/express5' },
  { name: 'Express + body parsing', matches: (_, pkg) => ['express', 'body-parser', 'router', 'raw-body', 'iconv-lite', 'type-is', 'content-type', 'qs', 'finalhandler', 'send', 'negotiator', 'accepts'].includes(pkg) },
  { name: 'node:http / net / streams', matches: (_, pkg) => /^node:(_http|http|net|stream|streams|timers|events)/.test(pkg) },
  { name: 'garbage collector', matches: (frame) => frame.functionName === '(garbage collector)' },
];
/** Functions that call the rest of the request chain inside them. */
const PASS_THROUGH = /^(loggingMiddleware|bindLoggerMiddleware|run|runInAsyncScope|emitHook)$/;
const OTHER = 'other (V8 (program), microtasks, uncategorised)';

export function summarise(profile: CpuProfile, window?: Window): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const packages = new Map<number, string>();
  const pkg = (id: number) => {
    let value = packages.get(id);
    if (value === undefined) packages.set(id, (value = packageOf(byId.get(id)!.callFrame)));
    return value;
  };
  // The areas each node's stack belongs to, computed once per node from its parent's. A pass-through
  // frame (a middleware that calls the rest of the chain, AsyncLocalStorage.run) counts for its own area
  // but does not hand it down: what runs inside it is not logging's cost.
  const own = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    return AREAS.flatMap((area, index) => (area.matches(frame, pkg(id)) ? [index] : []));
  };
  const passesThrough = (id: number) => PASS_THROUGH.test(byId.get(id)!.callFrame.functionName) || pkg(id) === 'node:async_hooks';
  const handedDown = new Map<number, Set<number>>();
  const inherited = (id: number | undefined): Set<number> => {
    if (id === undefined) return new Set();
    let set = handedDown.get(id);
    if (!set) {
      set = new Set(inherited(parent.get(id)));
      if (!passesThrough(id)) for (const area of own(id)) set.add(area);
      handedDown.set(id, set);
    }
    return set;
  };
  const areasOf = new Map<number, Set<number>>();
  const areas = (id: number): Set<number> => {
    let set = areasOf.get(id);
    if (!set) {
      set = new Set([...inherited(parent.get(id)), ...own(id)]);
      areasOf.set(id, set);
    }
    return set;
  };

  const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveByArea = new Map<number, number>();
  const partition = new Map<string, number>();
  let total = 0;
  let busy = 0;
  // Sample i stands for the time until the next sample (as DevTools counts it).
  let at = profile.startTime;
  const times = profile.samples.map((_, i) => (at += profile.timeDeltas[i]));
  for (let i = 0; i < profile.samples.length; i++) {
    const next = i + 1 < times.length ? times[i + 1] : profile.endTime;
    const micros = Math.max(0, next - times[i]);
    if (window && (times[i] < window.fromMicros || times[i] > window.toMicros)) continue;
    const id = profile.samples[i];
    const frame = byId.get(id)!.callFrame;
    total += micros;
    if (frame.functionName === IDLE) continue;
    busy += micros;
    add(selfByPackage, pkg(id), micros);
    add(selfByFunction, `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim(), micros);
    const stackAreas = areas(id);
    for (const area of stackAreas) inclusiveByArea.set(area, (inclusiveByArea.get(area) ?? 0) + micros);
    add(partition, stackAreas.size ? AREAS[Math.min(...stackAreas)].name : OTHER, micros);
  }
  const sorted = (map: Map<string, number>) => [...map].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
  return {
    totalMicros: total,
    busyMicros: busy,
    byPackage: sorted(selfByPackage),
    byFunction: sorted(selfByFunction),
    partition: sorted(partition),
    byArea: [...inclusiveByArea].map(([index, micros]) => ({ name: AREAS[index].name, micros })).sort((a, b) => b.micros - a.micros),
  };
}

export function printSummary(title: string, summary: ProfileSummary, top = 20, requests?: number): void {
  const pct = (micros: number) => `${((100 * micros) / Math.max(1, summary.busyMicros)).toFixed(1).padStart(5)}%`;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const perRequest = requests ? `, ${(summary.busyMicros / requests).toFixed(0)} µs CPU per request (${requests} requests)` : '';
  console.log(`\n${title}: busy ${(summary.busyMicros / 1000).toFixed(0)} ms of ${(summary.totalMicros / 1000).toFixed(0)} ms sampled (${((100 * summary.busyMicros) / Math.max(1, summary.totalMicros)).toFixed(0)}% busy)${perRequest}`);
  console.log(`  self time by package (share of busy time):`);
  for (const share of summary.byPackage.slice(0, top)) console.log(`    ${pct(share.micros)} ${ms(share.micros)}  ${share.name}`);
  console.log(`  self time by function:`);
  for (const share of summary.byFunction.slice(0, top)) console.log(`    ${pct(share.micros)} ${ms(share.micros)}  ${share.name}`);
  console.log(`  busy time partitioned by area (each sample to the first area of its stack, in priority order):`);
  const each = (micros: number) => (requests ? `${(micros / requests).toFixed(0).padStart(5)} µs/req` : '');
  for (const share of summary.partition) console.log(`    ${pct(share.micros)} ${ms(share.micros)} ${each(share.micros)}  ${share.name}`);
  console.log(`  inclusive time by area (a stack can count for several areas):`);
  for (const share of summary.byArea) console.log(`    ${pct(share.micros)} ${ms(share.micros)}  ${share.name}`);
}

export const readProfile = (file: string): CpuProfile => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

if (require.main === module) {
  const file = process.argv.slice(2).find((arg) => arg.endsWith('.cpuprofile'));
  const topIndex = process.argv.indexOf('--top');
  if (!file) {
    console.error('usage: ts-node bench/cpu-profile.ts <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  printSummary(file, summarise(readProfile(file)), topIndex === -1 ? 20 : Number(process.argv[topIndex + 1]));
}
