import { decodeCursor, encodeCursor, invalidCursor } from '@sce/platform';

export const DIFF_SECTIONS_LIST = 'guideline-diff';
export const MAX_DIFF_SECTIONS_PAGE = 200;

/**
 * One page of a diff's sections, in order. The cursor names the last section of a page by its id (opaque to
 * clients), so a cursor from another diff is refused rather than read as a position in this one.
 * No `first`: every section after the cursor, as the field answered before it was paged.
 */
export function pageOfDiffSections<T extends { sectionId: string }>(
  sections: readonly T[],
  { first, after }: { first?: number | null; after?: string | null },
): Array<T & { cursor: string }> {
  let start = 0;
  if (after != null) {
    const sectionId = decodeCursor(DIFF_SECTIONS_LIST, after);
    const index = sections.findIndex((section) => section.sectionId === sectionId);
    if (index < 0) throw invalidCursor(after);
    start = index + 1;
  }
  const page = first == null ? sections.slice(start) : sections.slice(start, start + first);
  return page.map((section) => ({ ...section, cursor: encodeCursor(DIFF_SECTIONS_LIST, section.sectionId) }));
}
