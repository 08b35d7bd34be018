import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Layer rules, checked by a test rather than a wiki: pure domain code imports no framework, database or
// search client, so it stays testable with plain given/when/then specs.
const ROOT = join(__dirname, '..');
const FRAMEWORKS = /^(@nestjs\/|typeorm|graphql|class-validator|class-transformer|better-sqlite3|pg$|meilisearch|@kurrent\/|@orama\/)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)].map((match) => match[1]);

const domainFiles = readdirSync(join(ROOT, 'libs'))
  .map((lib) => join(ROOT, 'libs', lib, 'src', 'domain'))
  .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
  .flatMap(filesUnder);

const kernelFiles = filesUnder(join(ROOT, 'libs/event-sourcing/src')).filter((file) => !file.includes('/adapters/') && !file.includes('/testing/'));

describe('Layer rules', () => {
  it('finds the domain folders it guards', () => {
    expect(domainFiles.length).toBeGreaterThan(3);
  });

  it.each(domainFiles.map((file) => [relative(ROOT, file)]))('%s imports no framework, database or other context', (file) => {
    for (const specifier of importsOf(join(ROOT, file))) {
      expect(specifier).not.toMatch(FRAMEWORKS);
      if (specifier.startsWith('@sce/')) expect(specifier).toMatch(/^@sce\/(event-sourcing(\/testing\/.*)?|vocabulary)$/);
    }
  });

  it.each(kernelFiles.map((file) => [relative(ROOT, file)]))('the shared kernel file %s stays free of frameworks', (file) => {
    for (const specifier of importsOf(join(ROOT, file))) expect(specifier).not.toMatch(FRAMEWORKS);
  });
});
