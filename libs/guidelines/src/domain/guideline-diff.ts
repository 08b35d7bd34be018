import { diffArrays, diffWords, structuredPatch } from 'diff';
import type { Section } from './guideline-content';

export type PartKind = 'ADDED' | 'REMOVED' | 'UNCHANGED';

/** A run of words of a changed text: kept, added or removed. */
export interface TextPart {
  kind: PartKind;
  text: string;
}

export type SectionDiffKind = 'ADDED' | 'REMOVED' | 'CHANGED';

/**
 * One section that differs between two texts, matched by its stable id: a section moved and edited is one
 * CHANGED entry with `moved` and `edited`, never a removal plus an addition.
 */
export interface SectionDiff {
  sectionId: string;
  kind: SectionDiffKind;
  moved: boolean;
  retitled: boolean;
  edited: boolean;
  /** For people: 'added', 'removed', 'edited', 'retitled', 'moved', 'moved (+ edited)', 'moved (+ retitled, edited)'. */
  label: string;
  /** Positions from 0, null where the section is absent. */
  fromPosition: number | null;
  toPosition: number | null;
  headingBefore: string | null;
  headingAfter: string | null;
  /** The body word by word (all ADDED for an added section, all REMOVED for a removed one); null when the body is the same. */
  words: TextPart[] | null;
}

export interface GuidelineDiff {
  /** The sections that differ, in the order of the newer text, each removed one after the section it followed. */
  sections: SectionDiff[];
  /** The same as text: a header per section, then its body's changed lines as unified-diff hunks. */
  unified: string;
}

const kindOf = (change: { added: boolean; removed: boolean }): PartKind => (change.added ? 'ADDED' : change.removed ? 'REMOVED' : 'UNCHANGED');

function labelOf(diff: Pick<SectionDiff, 'kind' | 'moved' | 'retitled' | 'edited'>): string {
  if (diff.kind !== 'CHANGED') return diff.kind.toLowerCase();
  const also = [diff.retitled && 'retitled', diff.edited && 'edited'].filter((part): part is string => Boolean(part));
  if (diff.moved) return also.length ? `moved (+ ${also.join(', ')})` : 'moved';
  return also.join(', ');
}

/**
 * Which of the sections both texts hold changed place: those outside the longest run kept in the same
 * relative order (jsdiff's diffArrays on the shared ids), so one section moved up is one move, not a shift
 * of every section it passed.
 */
function movedIds(from: readonly Section[], to: readonly Section[]): Set<string> {
  const kept = new Set(to.map((section) => section.sectionId));
  const stayed = new Set(from.map((section) => section.sectionId));
  const before = from.map((section) => section.sectionId).filter((id) => kept.has(id));
  const after = to.map((section) => section.sectionId).filter((id) => stayed.has(id));
  return new Set(diffArrays(before, after).flatMap((change) => (change.added ? change.value : [])));
}

/**
 * The sections of both texts in reading order: the newer text's, each section only the older has after the
 * one it followed there (a moved section left that spot, so it does not count as a landmark).
 */
function readingOrder<T>(
  left: readonly T[],
  right: readonly T[],
  keyOf: (item: T) => string,
  matched: ReadonlySet<string>,
  moved: ReadonlySet<string> = new Set(),
): Array<{ side: 'LEFT' | 'RIGHT'; item: T }> {
  const order: Array<{ side: 'LEFT' | 'RIGHT'; item: T }> = right.map((item) => ({ side: 'RIGHT', item }));
  let insertAt = 0;
  for (const item of left) {
    const key = keyOf(item);
    if (matched.has(key)) {
      if (moved.has(key)) continue;
      insertAt = order.findIndex((entry) => entry.side === 'RIGHT' && keyOf(entry.item) === key) + 1;
      continue;
    }
    order.splice(insertAt, 0, { side: 'LEFT', item });
    insertAt++;
  }
  return order;
}

// Sentences (or lines) end where punctuation and a space, or a line break, are followed by more text: at the
// end of a run of white space after [.!?], or of one holding a line break. One match per sentence (a split on
// a lookbehind pattern said the same, at several times the cost on a 50,000-word text).
const SENTENCE_BREAK = /[.!?]\s+(?=\S)|\s*\n\s*(?=\S)/g;
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_BREAK)) {
    const end = match.index + match[0].length;
    sentences.push(text.slice(start, end));
    start = end;
  }
  sentences.push(text.slice(start));
  return sentences;
}
// Past this many word edits between two changed passages, their words are not worth pairing: shown as replaced.
const MAX_WORD_EDITS = 400;
// Passages of unlike numbers of sentences are compared word by word only up to this many words a side:
// a word diff costs with the product of length and changes, and between long rewritten passages finds noise.
const MAX_PASSAGE_WORDS = 40;

function pushPart(parts: TextPart[], kind: PartKind, text: string): void {
  if (text === '') return;
  const previous = parts[parts.length - 1];
  if (previous?.kind === kind) parts[parts.length - 1] = { kind, text: previous.text + text };
  else parts.push({ kind, text });
}

/** Whether a text has at most `max` words (counting stops past it). */
function atMostWords(text: string, max: number): boolean {
  let count = 0;
  for (const _ of text.matchAll(/\S+/g)) if (++count > max) return false;
  return true;
}

/** Whether two passages share at least half the words of the shorter one (counted with repeats). */
function shareHalf(removed: string, added: string): boolean {
  const left = removed.split(/\s+/).filter(Boolean);
  const right = added.split(/\s+/).filter(Boolean);
  const counts = new Map<string, number>();
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of right) {
    const count = counts.get(word) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(word, count - 1);
    }
  }
  return shared * 2 >= Math.min(left.length, right.length);
}

function pushWords(parts: TextPart[], removed: string, added: string): void {
  // Passages that share less than half their words were rewritten, not edited: a word diff of them is noise
  // (and, over the thousands of sentences of a rewritten guideline, most of a diff's CPU).
  const words = removed && added && shareHalf(removed, added) ? diffWords(removed, added, { maxEditLength: MAX_WORD_EDITS }) : undefined;
  if (!words) {
    pushPart(parts, 'REMOVED', removed);
    pushPart(parts, 'ADDED', added);
    return;
  }
  for (const change of words) pushPart(parts, kindOf(change), change.value);
}

/**
 * The sentences two texts keep, remove and add, in order. A sentence only one text has can never be kept, so
 * only those both have go through jsdiff's diffArrays (a Myers diff, whose cost grows with the square of the
 * differences): after a rewrite, that is a few sentences instead of every one.
 */
function sentenceChanges(before: readonly string[], after: readonly string[]): Array<{ kind: PartKind; sentences: string[] }> {
  const inBefore = new Set(before);
  const inAfter = new Set(after);
  const oldShared = before.flatMap((sentence, index) => (inAfter.has(sentence) ? [index] : []));
  const newShared = after.flatMap((sentence, index) => (inBefore.has(sentence) ? [index] : []));
  const blocks: Array<{ kind: PartKind; sentences: string[] }> = [];
  const push = (kind: PartKind, sentences: readonly string[]) => {
    if (sentences.length === 0) return;
    const previous = blocks[blocks.length - 1];
    if (previous?.kind === kind) previous.sentences.push(...sentences);
    else blocks.push({ kind, sentences: [...sentences] });
  };
  // Where the walk is in both texts, and in both lists of shared sentences.
  let [oldAt, newAt, oldSharedAt, newSharedAt] = [0, 0, 0, 0];
  for (const change of diffArrays(oldShared.map((index) => before[index]), newShared.map((index) => after[index]))) {
    if (change.removed) oldSharedAt += change.value.length;
    else if (change.added) newSharedAt += change.value.length;
    else {
      for (let offset = 0; offset < change.value.length; offset++) {
        const [keptOld, keptNew] = [oldShared[oldSharedAt + offset], newShared[newSharedAt + offset]];
        push('REMOVED', before.slice(oldAt, keptOld));
        push('ADDED', after.slice(newAt, keptNew));
        push('UNCHANGED', [before[keptOld]]);
        [oldAt, newAt] = [keptOld + 1, keptNew + 1];
      }
      oldSharedAt += change.value.length;
      newSharedAt += change.value.length;
    }
  }
  push('REMOVED', before.slice(oldAt));
  push('ADDED', after.slice(newAt));
  return blocks;
}

/**
 * Word-level changes between two bodies, found sentence by sentence: unchanged sentences are matched first
 * (jsdiff's diffArrays), then words only inside the sentences that changed. A word diff of a whole long
 * body costs with the square of its changes; this keeps a much-rewritten 50,000-word guideline fast.
 */
export function wordChanges(before: string, after: string): TextPart[] {
  const parts: TextPart[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  // As many sentences out as in: each was edited, and is compared with the one that took its place; a run of
  // rewritten ones (see shareHalf) reads as one replaced passage, not as alternating removed and added sentences.
  const flush = () => {
    if (removed.length === added.length) {
      let replaced = { removed: '', added: '' };
      const endReplaced = () => {
        pushPart(parts, 'REMOVED', replaced.removed);
        pushPart(parts, 'ADDED', replaced.added);
        replaced = { removed: '', added: '' };
      };
      removed.forEach((sentence, index) => {
        if (shareHalf(sentence, added[index])) {
          endReplaced();
          pushWords(parts, sentence, added[index]);
        } else replaced = { removed: replaced.removed + sentence, added: replaced.added + added[index] };
      });
      endReplaced();
    } else {
      const [before, after] = [removed.join(''), added.join('')];
      if (atMostWords(before, MAX_PASSAGE_WORDS) && atMostWords(after, MAX_PASSAGE_WORDS)) pushWords(parts, before, after);
      else {
        pushPart(parts, 'REMOVED', before);
        pushPart(parts, 'ADDED', after);
      }
    }
    removed = [];
    added = [];
  };
  for (const block of sentenceChanges(sentencesOf(before), sentencesOf(after))) {
    if (block.kind === 'REMOVED') removed.push(...block.sentences);
    else if (block.kind === 'ADDED') added.push(...block.sentences);
    else {
      flush();
      pushPart(parts, 'UNCHANGED', block.sentences.join(''));
    }
  }
  flush();
  return parts;
}

/** Section by section, what changed from one text of a guideline to another (any two versions or revisions). */
export function diffSections(from: readonly Section[], to: readonly Section[], labels: { from: string; to: string } = { from: 'from', to: 'to' }): GuidelineDiff {
  const steps = diffSectionsInSteps(from, to, labels);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * diffSections in steps: it pauses after each section it compares word by word, so a server can let other
 * requests run between them (the word diff of a much-rewritten guideline is a second of CPU). Pure: the
 * caller decides when to go on.
 */
export function* diffSectionsInSteps(from: readonly Section[], to: readonly Section[], labels: { from: string; to: string } = { from: 'from', to: 'to' }): Generator<void, GuidelineDiff> {
  const sections = yield* sectionDiffsInSteps(from, to);
  return { sections, unified: yield* unifiedInSteps(sections, from, to, labels) };
}

/** The structured part of diffSectionsInSteps alone: the unified text is left to unifiedInSteps, for whoever asks. */
export function* sectionDiffsInSteps(from: readonly Section[], to: readonly Section[]): Generator<void, SectionDiff[]> {
  const older = new Map(from.map((section, index) => [section.sectionId, { section, index }]));
  const newer = new Map(to.map((section, index) => [section.sectionId, { section, index }]));
  const shared = new Set([...older.keys()].filter((id) => newer.has(id)));
  const moved = movedIds(from, to);
  const sections: SectionDiff[] = [];
  for (const { item } of readingOrder(from, to, (section) => section.sectionId, shared, moved)) {
    const before = older.get(item.sectionId);
    const after = newer.get(item.sectionId);
    if (before && after) {
      const retitled = before.section.heading !== after.section.heading;
      const edited = before.section.body !== after.section.body;
      const isMoved = moved.has(item.sectionId);
      if (!retitled && !edited && !isMoved) continue;
      sections.push({
        sectionId: item.sectionId,
        kind: 'CHANGED',
        moved: isMoved,
        retitled,
        edited,
        label: labelOf({ kind: 'CHANGED', moved: isMoved, retitled, edited }),
        fromPosition: before.index,
        toPosition: after.index,
        headingBefore: before.section.heading,
        headingAfter: after.section.heading,
        words: edited ? wordChanges(before.section.body, after.section.body) : null,
      });
      if (edited) yield;
      continue;
    }
    const added = Boolean(after);
    const section = (after ?? before)!.section;
    const kind: SectionDiffKind = added ? 'ADDED' : 'REMOVED';
    sections.push({
      sectionId: section.sectionId,
      kind,
      moved: false,
      retitled: false,
      edited: false,
      label: labelOf({ kind, moved: false, retitled: false, edited: false }),
      fromPosition: added ? null : before!.index,
      toPosition: added ? after!.index : null,
      headingBefore: added ? null : section.heading,
      headingAfter: added ? section.heading : null,
      words: section.body === '' ? null : [{ kind, text: section.body }],
    });
  }
  return sections;
}

/**
 * The unified text of some of a diff's sections (all, or one page of them), from the two texts they were
 * found in; pauses after each section as diffSectionsInSteps does.
 */
export function unifiedInSteps(
  sections: readonly SectionDiff[],
  from: readonly Section[],
  to: readonly Section[],
  labels: { from: string; to: string },
  written: Map<string, readonly string[]> = new Map(),
): Generator<void, string> {
  const bodies = (texts: readonly Section[]) => new Map(texts.map((section) => [section.sectionId, { section }]));
  return unifiedText(sections, bodies(from), bodies(to), labels, written);
}

// Positions read from 1 in the text form, as people number sections.
function headerOf(diff: SectionDiff): string {
  const heading = diff.retitled ? `"${diff.headingBefore}" -> "${diff.headingAfter}"` : `"${diff.headingAfter ?? diff.headingBefore}"`;
  const where =
    diff.kind === 'ADDED' ? ` at ${diff.toPosition! + 1}` : diff.kind === 'REMOVED' ? ` from ${diff.fromPosition! + 1}` : diff.moved ? ` ${diff.fromPosition! + 1} -> ${diff.toPosition! + 1}` : '';
  return `@@ ${diff.sectionId} ${heading}: ${diff.label}${where} @@`;
}

// `written` keeps each section's lines once written: the pages of one diff, asked for again and again, reuse them.
function* unifiedText(
  sections: readonly SectionDiff[],
  older: Map<string, { section: Section }>,
  newer: Map<string, { section: Section }>,
  labels: { from: string; to: string },
  written: Map<string, readonly string[]>,
): Generator<void, string> {
  const lines = [`--- ${labels.from}`, `+++ ${labels.to}`];
  for (const diff of sections) {
    const kept = written.get(diff.sectionId);
    if (kept) {
      lines.push(...kept);
      continue;
    }
    const start = lines.length;
    lines.push(headerOf(diff));
    const before = older.get(diff.sectionId)?.section.body ?? '';
    const after = newer.get(diff.sectionId)?.section.body ?? '';
    if (before === after) {
      written.set(diff.sectionId, lines.slice(start));
      continue;
    }
    // Bodies are compared line by line here, as a unified diff is read; the structured data has the words.
    const asLines = (body: string) => (body === '' ? '' : `${body}\n`);
    const patch = structuredPatch(diff.sectionId, diff.sectionId, asLines(before), asLines(after), '', '', { context: 3 });
    for (const hunk of patch.hunks) {
      // As GNU diff writes it: an empty side starts at the line before (0 for an empty text).
      const range = (start: number, count: number) => `${count === 0 ? start - 1 : start},${count}`;
      lines.push(`@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @`);
      lines.push(...hunk.lines.filter((line) => !line.startsWith('\\')));
    }
    written.set(diff.sectionId, lines.slice(start));
    yield;
  }
  return `${lines.join('\n')}\n`;
}

export type SectionComparisonKind = 'SAME' | 'DIFFERENT' | 'ONLY_LEFT' | 'ONLY_RIGHT';

export interface ComparedSide {
  sectionId: string;
  heading: string;
  position: number;
}

/** Two guidelines side by side: sections matched by heading. */
export interface SectionComparison {
  /** The normalised heading both sides share (or the one side's). */
  key: string;
  kind: SectionComparisonKind;
  left: ComparedSide | null;
  right: ComparedSide | null;
  /** Left body to right body, word by word; null when only one side has the section or both say the same. */
  words: TextPart[] | null;
}

/**
 * A heading as a key to match sections of two different guidelines: case, accents, punctuation and a
 * leading number ("2.1 Data licences", "Data licences:") do not count.
 */
export function normaliseHeading(heading: string): string {
  return heading
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^\s*(?:\d+[.)]?)+(?:\s+|$)/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Two different guidelines (two cities' versions of a policy) section by section, matched by normalised heading. */
export function compareSections(left: readonly Section[], right: readonly Section[]): SectionComparison[] {
  // A heading used twice on one side is matched in order: first with first, second with second.
  const keyed = (sections: readonly Section[]) => {
    const seen = new Map<string, number>();
    return sections.map((section, position) => {
      const base = normaliseHeading(section.heading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      return { section, position, base, key: count === 0 ? base : `${base}#${count + 1}` };
    });
  };
  const lefts = keyed(left);
  const rights = keyed(right);
  const leftByKey = new Map(lefts.map((entry) => [entry.key, entry]));
  const rightByKey = new Map(rights.map((entry) => [entry.key, entry]));
  const shared = new Set(lefts.map((entry) => entry.key).filter((key) => rightByKey.has(key)));
  const side = (entry: { section: Section; position: number }): ComparedSide => ({ sectionId: entry.section.sectionId, heading: entry.section.heading, position: entry.position });
  // Reading order follows the left guideline; sections only the right one has come after the one they follow there.
  return readingOrder(rights, lefts, (entry) => entry.key, shared).map(({ item }) => {
    const leftEntry = leftByKey.get(item.key);
    const rightEntry = rightByKey.get(item.key);
    if (leftEntry && rightEntry) {
      const same = leftEntry.section.body === rightEntry.section.body;
      return { key: item.base, kind: same ? 'SAME' : 'DIFFERENT', left: side(leftEntry), right: side(rightEntry), words: same ? null : wordChanges(leftEntry.section.body, rightEntry.section.body) };
    }
    return leftEntry
      ? { key: item.base, kind: 'ONLY_LEFT', left: side(leftEntry), right: null, words: null }
      : { key: item.base, kind: 'ONLY_RIGHT', left: null, right: side(rightEntry!), words: null };
  });
}
