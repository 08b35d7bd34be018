import { needsBuild } from '../scripts/start';

// `npm start` builds only when the build is missing or older than a source, compiler setting or lock file.
describe('npm start: when to build', () => {
  const built = { stampMs: 1_000, entryExists: true };

  it('builds when nothing was built yet', () => {
    expect(needsBuild({ stampMs: undefined, entryExists: false, newestInputMs: 500 })).toBe(true);
  });

  it('builds when the entry point is gone although a stamp is left', () => {
    expect(needsBuild({ ...built, entryExists: false, newestInputMs: 500 })).toBe(true);
  });

  it('does not build when every input is older than the start of the last build', () => {
    expect(needsBuild({ ...built, newestInputMs: 999 })).toBe(false);
  });

  it('builds when an input changed after the last build started, even during it', () => {
    expect(needsBuild({ ...built, newestInputMs: 1_001 })).toBe(true);
  });

  it('builds when an input has the very time of the stamp (coarse file-system clocks)', () => {
    expect(needsBuild({ ...built, newestInputMs: 1_000 })).toBe(true);
  });
});
