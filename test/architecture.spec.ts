import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { compilerOptions } from '../tsconfig.json';

// Layer rules, checked by a test rather than a wiki: pure domain code imports no framework, database or
// search client, so it stays testable with plain given/when/then specs. `npm run lint:layers` runs this file.
const ROOT = join(__dirname, '..');
const FRAMEWORKS = /^(@nestjs\/|typeorm|graphql|class-validator|class-transformer|better-sqlite3|pg$|meilisearch|@kurrent\/|@orama\/)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Static imports, re-exports (`export ... from`), side-effect imports, dynamic import() and require().
const SPECIFIER = /(?:\bfrom\s+|\bimport\s+|\bimport\(\s*|\brequire\(\s*)'([^']+)'/g;
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => match[1]);

const PATHS = Object.entries(compilerOptions.paths as Record<string, string[]>);

function asSourceFile(base: string): string | undefined {
  return [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => candidate.endsWith('.ts') && statSync(candidate, { throwIfNoEntry: false })?.isFile());
}

/** A file of ours, or the name of a package (something outside the repository). */
type Target = { file: string } | { packageName: string };

function resolveImport(from: string, specifier: string): Target {
  if (specifier.startsWith('.')) {
    const file = asSourceFile(resolve(dirname(from), specifier));
    if (!file) throw new Error(`${relative(ROOT, from)}: cannot resolve ${specifier}`);
    return { file };
  }
  for (const [alias, [target]] of PATHS) {
    const rest = alias.endsWith('/*') ? (specifier.startsWith(alias.slice(0, -1)) ? specifier.slice(alias.length - 1) : undefined) : specifier === alias ? '' : undefined;
    if (rest === undefined) continue;
    const file = asSourceFile(resolve(ROOT, target.replace('*', rest)));
    if (!file) throw new Error(`${relative(ROOT, from)}: cannot resolve ${specifier}`);
    return { file };
  }
  return { packageName: specifier };
}

const isForbidden = (target: Target) => ('packageName' in target ? FRAMEWORKS.test(target.packageName) : target.file.includes('/adapters/'));

/** Walks every import and re-export from `start`; returns the first chain that reaches something forbidden. */
function forbiddenChainFrom(start: string): string[] | undefined {
  const cameFrom = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  const chainTo = (file: string, last: string) => {
    const chain = [last];
    for (let at: string | undefined = file; at; at = cameFrom.get(at)) chain.unshift(relative(ROOT, at));
    return chain;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const target = resolveImport(file, specifier);
      if (isForbidden(target)) return chainTo(file, 'packageName' in target ? target.packageName : relative(ROOT, target.file));
      if ('file' in target && !cameFrom.has(target.file)) {
        cameFrom.set(target.file, file);
        queue.push(target.file);
      }
    }
  }
  return undefined;
}

const domainFiles = readdirSync(join(ROOT, 'libs'))
  .map((lib) => join(ROOT, 'libs', lib, 'src', 'domain'))
  .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
  .flatMap(filesUnder);

const kernelFiles = filesUnder(join(ROOT, 'libs/event-sourcing/src')).filter((file) => !file.includes('/adapters/') && !file.includes('/testing/'));

describe('Layer rules', () => {
  it('finds the domain folders it guards', () => {
    expect(domainFiles.length).toBeGreaterThan(3);
  });

  it('follows re-exports (`export * from`) to what they load', () => {
    expect(forbiddenChainFrom(join(ROOT, 'libs/event-sourcing/src/adapters/sqlite/index.ts'))).toEqual([
      'libs/event-sourcing/src/adapters/sqlite/index.ts',
      'libs/event-sourcing/src/adapters/sqlite/sqlite-event-store.ts',
    ]);
  });

  it.each(domainFiles.map((file) => [relative(ROOT, file)]))('%s imports no framework, database or other context', (file) => {
    for (const specifier of importsOf(join(ROOT, file))) {
      expect(specifier).not.toMatch(FRAMEWORKS);
      if (specifier.startsWith('@sce/')) expect(specifier).toMatch(/^@sce\/(event-sourcing(\/testing\/.*)?|vocabulary)$/);
    }
  });

  it.each(domainFiles.map((file) => [relative(ROOT, file)]))('%s reaches no framework, database driver or adapter, however indirectly', (file) => {
    expect(forbiddenChainFrom(join(ROOT, file))).toBeUndefined();
  });

  it.each(kernelFiles.map((file) => [relative(ROOT, file)]))('the shared kernel file %s stays free of frameworks', (file) => {
    for (const specifier of importsOf(join(ROOT, file))) expect(specifier).not.toMatch(FRAMEWORKS);
  });
});

// A context reads another context's data only through the query functions it exports, never by naming the
// other's tables in its own SQL: then a table can change in one place.
describe('Bounded contexts', () => {
  const contexts = readdirSync(join(ROOT, 'libs')).filter((name) => statSync(join(ROOT, 'libs', name, 'src'), { throwIfNoEntry: false })?.isDirectory());
  const sourcesOf = (context: string) => filesUnder(join(ROOT, 'libs', context, 'src')).filter((file) => !/\.(spec|int-spec)\.ts$/.test(file) && !file.includes('/migrations/'));
  const tablesOf = (context: string) => sourcesOf(context).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/@Entity\(\s*'([a-z_]+)'/g)].map((match) => match[1]));

  it('finds the tables each context owns', () => {
    expect(tablesOf('organisations')).toContain('organisations');
    expect(tablesOf('auth')).toContain('accounts');
  });

  it.each(contexts)('%s names no table of another context in its SQL', (context) => {
    const foreign = contexts.filter((other) => other !== context).flatMap((other) => tablesOf(other).map((table) => ({ other, table })));
    const offences = sourcesOf(context).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return foreign
        .filter(({ table }) => new RegExp(`(\\bfrom\\(\\s*'${table}'|\\b(FROM|JOIN|INTO|UPDATE)\\s+${table}\\b)`, 'i').test(text))
        .map(({ other, table }) => `${relative(ROOT, file)} reads ${other}'s table ${table}`);
    });
    expect(offences).toEqual([]);
  });
});

// Domain errors are written one way: one class per context, carrying a code and named details. (The
// shared kernel's event-store errors are infrastructure and keep their own classes.)
describe('Domain errors', () => {
  const contexts = readdirSync(join(ROOT, 'libs')).filter((name) => name !== 'event-sourcing' && statSync(join(ROOT, 'libs', name, 'src'), { throwIfNoEntry: false })?.isDirectory());
  it.each(contexts)('%s has at most one error class', (context) => {
    const classes = filesUnder(join(ROOT, 'libs', context, 'src'))
      .filter((file) => !/\.(spec|int-spec)\.ts$/.test(file))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends (?:DomainError|ContextError)/g)].map((match) => match[1]));
    expect(classes.length).toBeLessThanOrEqual(1);
  });
});
