import { encodeCursor, PlatformError } from '@sce/platform';
import { pageOfDiffSections } from './guideline-diff-page';

const sections = ['A', 'B', 'C', 'D', 'E'].map((sectionId) => ({ sectionId }));
const ids = (page: Array<{ sectionId: string }>) => page.map((section) => section.sectionId).join('');

describe('pageOfDiffSections', () => {
  it('answers every section without first or after, as the unpaged field did', () => {
    expect(ids(pageOfDiffSections(sections, {}))).toBe('ABCDE');
    expect(ids(pageOfDiffSections(sections, { first: null, after: null }))).toBe('ABCDE');
  });

  it('walks the sections page by page, each once and in order, following the last cursor of each page', () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Array<{ sectionId: string; cursor: string }> = pageOfDiffSections(sections, { first: 2, after });
      if (page.length === 0) break;
      seen.push(ids(page));
      after = page[page.length - 1].cursor;
    }
    expect(seen).toEqual(['AB', 'CD', 'E']);
  });

  it('answers the rest after a cursor when first is absent', () => {
    const [, b] = pageOfDiffSections(sections, { first: 2 });
    expect(ids(pageOfDiffSections(sections, { after: b.cursor }))).toBe('CDE');
  });

  it.each([
    ['not base64url', '!!'],
    ['a cursor of another list', encodeCursor('guidelines', 'B')],
    ['a section this diff does not hold', encodeCursor('guideline-diff', 'Z')],
  ])('refuses %s as INVALID_CURSOR', (_, cursor) => {
    expect(() => pageOfDiffSections(sections, { first: 2, after: cursor })).toThrow(PlatformError);
    expect(() => pageOfDiffSections(sections, { first: 2, after: cursor })).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });

  it('does not change the sections it pages (they are shared with the diff cache)', () => {
    pageOfDiffSections(sections, { first: 1 });
    expect(sections[0]).toEqual({ sectionId: 'A' });
  });
});
