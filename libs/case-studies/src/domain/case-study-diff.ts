import { diffArrays, diffWords } from 'diff';
import { NARRATIVE_PARTS, type CaseStudyContent } from './case-study-content';

export type FieldChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';
export type PartKind = 'ADDED' | 'REMOVED' | 'UNCHANGED';

/** A run of words of a changed text: kept, added or removed. */
export interface TextPart {
  kind: PartKind;
  text: string;
}

/** An item of a changed list, compared whole: kept, added or removed, with its JSON. */
export interface ItemChange {
  kind: PartKind;
  value: string;
}

export interface FieldChange {
  /** 'title', 'narrative.process', 'transferability.preconditions', 'outcomes' */
  field: string;
  kind: FieldChangeKind;
  /** The whole value before and after, as JSON (null when absent). */
  before: string | null;
  after: string | null;
  /** For a list: its items, in order, as added, removed or kept. */
  items: ItemChange[] | null;
  /** For a text: its words, in order, as added, removed or kept. */
  words: TextPart[] | null;
}

// Nested parts that are compared one by one: a changed narrative names the part that changed.
function flatten(content: CaseStudyContent): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [field, value] of Object.entries(content)) {
    if (field === 'narrative') for (const part of NARRATIVE_PARTS) fields.set(`narrative.${part}`, content.narrative[part]);
    else if (field === 'transferability') for (const [part, item] of Object.entries(content.transferability)) fields.set(`transferability.${part}`, item);
    else fields.set(field, value);
  }
  return fields;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
const json = (value: unknown) => (isEmpty(value) ? null : typeof value === 'string' ? value : JSON.stringify(value));
const kindOf = (change: { added: boolean; removed: boolean }): PartKind => (change.added ? 'ADDED' : change.removed ? 'REMOVED' : 'UNCHANGED');

/**
 * Field-level changes between two texts of a case study, in field order: added (was empty), removed (is
 * empty) or changed; lists item by item, texts word by word (jsdiff's diffArrays and diffWords).
 */
export function diffContents(from: CaseStudyContent, to: CaseStudyContent): FieldChange[] {
  const before = flatten(from);
  const after = flatten(to);
  const changes: FieldChange[] = [];
  for (const field of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(field);
    const current = after.get(field);
    if (JSON.stringify(old ?? null) === JSON.stringify(current ?? null)) continue;
    const kind: FieldChangeKind = isEmpty(old) ? 'ADDED' : isEmpty(current) ? 'REMOVED' : 'CHANGED';
    const lists = Array.isArray(old) || Array.isArray(current);
    const items = lists
      ? diffArrays((old as unknown[] | undefined) ?? [], (current as unknown[] | undefined) ?? [], { comparator: (a, b) => JSON.stringify(a) === JSON.stringify(b) }).flatMap((change) =>
          change.value.map((item) => ({ kind: kindOf(change), value: typeof item === 'string' ? item : JSON.stringify(item) })),
        )
      : null;
    const texts = typeof old === 'string' || typeof current === 'string';
    const words = texts && !lists ? diffWords((old as string | null) ?? '', (current as string | null) ?? '').map((change) => ({ kind: kindOf(change), text: change.value })) : null;
    changes.push({ field, kind, before: json(old), after: json(current), items, words });
  }
  return changes;
}
