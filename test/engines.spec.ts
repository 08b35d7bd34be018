import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies, validRange } from 'semver';

// The README promises a Node range; an installed package that refuses part of it makes `npm ci` print
// EBADENGINE warnings and may break on the oldest supported Node. Every package must accept the oldest
// Node we support and the Node this runs on.
type LockEntry = { version?: string; engines?: { node?: string } | string[] };
const readJson = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', name), 'utf8'));
const supported: string = readJson('package.json').engines.node;
const lock: { packages: Record<string, LockEntry> } = readJson('package-lock.json');
const oldest = minVersion(supported)!.version;
const nodesToAccept = satisfies(process.version, supported) ? [oldest, process.version] : [oldest];

const declared = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
  .map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), version: entry.version, node: (entry.engines as { node: string }).node }));

describe('Engines', () => {
  it('reads a Node range from package.json and engines from the lock file', () => {
    expect(validRange(supported)).not.toBeNull();
    expect(declared.length).toBeGreaterThan(50);
  });

  it.each(nodesToAccept)('every locked package accepts Node %s', (node) => {
    const refusing = declared.filter((entry) => !satisfies(node, entry.node)).map((entry) => `${entry.name}@${entry.version} wants node ${entry.node}`);
    expect(refusing).toEqual([]);
  });
});
