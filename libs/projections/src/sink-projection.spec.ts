import { RevisionGuardedDocuments } from './sink-projection';

describe('RevisionGuardedDocuments.upsertIfNewer', () => {
  it('keeps a write only when its revision is newer, so replays neither duplicate nor regress', () => {
    const documents = new RevisionGuardedDocuments<{ title: string }>();
    expect(documents.upsertIfNewer('a', 0, { title: 'first' })).toBe(true);
    expect(documents.upsertIfNewer('a', 2, { title: 'third' })).toBe(true);
    expect(documents.upsertIfNewer('a', 1, { title: 'second, late' })).toBe(false);
    expect(documents.upsertIfNewer('a', 2, { title: 'third, again' })).toBe(false);
    expect(documents.all()).toEqual([{ id: 'a', revision: 2, doc: { title: 'third' } }]);
  });

  it('keeps a removal as a tombstone, so a late replay does not bring the document back', () => {
    const documents = new RevisionGuardedDocuments<{ title: string }>();
    documents.upsertIfNewer('a', 0, { title: 'first' });
    expect(documents.upsertIfNewer('a', 1, null)).toBe(true);
    expect(documents.upsertIfNewer('a', 0, { title: 'first' })).toBe(false);
    expect(documents.get('a')).toBeUndefined();
    expect(documents.all()).toEqual([]);
  });
});
