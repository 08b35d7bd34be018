import { diffWordsWithSpace } from 'diff';
import type { GuidelineContent, Section, SectionChange } from './guideline-content';
import type { AmendmentCredit } from './guideline.events';

/** Who wrote a piece of text, when, at which text revision and why. */
export interface BlameCredit {
  /** The author of the words: for an accepted amendment, the person who proposed it. */
  accountId: string;
  at: string;
  revision: number;
  changeNote: string;
  amendmentId: string | null;
  /** For an accepted amendment, the author who accepted it; otherwise null. */
  acceptedBy: string | null;
}

/** A run of a body's text last changed by one credit (an index into the section's credits). */
export interface BlameRun {
  text: string;
  credit: number;
}

/**
 * The blame of one section, kept as a value a projection can store in a row and update with each change
 * (no replay): the body as runs whose texts join to the body, and the credits they point to.
 */
export interface SectionBlame {
  sectionId: string;
  heading: string;
  headingCredit: number;
  body: BlameRun[];
  /** The last change of any kind to the section (added, edited, retitled, moved). */
  lastChange: number;
  /** Only the credits something above still points to. */
  credits: BlameCredit[];
}

export interface WordBlame {
  word: string;
  offset: number;
  credit: BlameCredit;
}

/** The credit of a draft: every word of it is its drafter's. */
export const draftCredit = (draftedBy: string, at: string): BlameCredit => ({ accountId: draftedBy, at, revision: 1, changeNote: 'Drafted', amendmentId: null, acceptedBy: null });

/** The credit of an edit (a GuidelineEdited's data and when it happened): an accepted amendment's words are its proposer's. */
export function editCredit(edit: { editedBy: string; revision: number; changeNote: string; amendment: AmendmentCredit | null }, at: string): BlameCredit {
  return {
    accountId: edit.amendment?.proposedBy ?? edit.editedBy,
    at,
    revision: edit.revision,
    changeNote: edit.changeNote,
    amendmentId: edit.amendment?.amendmentId ?? null,
    acceptedBy: edit.amendment ? edit.editedBy : null,
  };
}

/** A new section: its heading and every word are the credit's. */
export function blameOfNewSection(section: Section, credit: BlameCredit): SectionBlame {
  return { sectionId: section.sectionId, heading: section.heading, headingCredit: 0, body: section.body === '' ? [] : [{ text: section.body, credit: 0 }], lastChange: 0, credits: [credit] };
}

// Keeps only the credits still pointed to, renumbered in order, and joins neighbouring runs of one credit.
function compacted(blame: SectionBlame): SectionBlame {
  const used = [...new Set([blame.headingCredit, blame.lastChange, ...blame.body.map((run) => run.credit)])].sort((a, b) => a - b);
  const renumber = new Map(used.map((old, index) => [old, index]));
  const body: BlameRun[] = [];
  for (const run of blame.body) {
    if (run.text === '') continue;
    const credit = renumber.get(run.credit)!;
    const previous = body[body.length - 1];
    if (previous?.credit === credit) body[body.length - 1] = { text: previous.text + run.text, credit };
    else body.push({ text: run.text, credit });
  }
  return { ...blame, headingCredit: renumber.get(blame.headingCredit)!, lastChange: renumber.get(blame.lastChange)!, body, credits: used.map((index) => blame.credits[index]) };
}

/**
 * The body's runs after an edit: what stayed keeps its credit, what is new gets the edit's. jsdiff's
 * diffWordsWithSpace keeps every character of both texts (diffWords may drop repeated spaces), so the old
 * runs can be walked character by character alongside the diff.
 */
function editedRuns(runs: readonly BlameRun[], newBody: string, credit: number): BlameRun[] {
  const oldBody = runs.map((run) => run.text).join('');
  const result: BlameRun[] = [];
  let runIndex = 0;
  let inRun = 0;
  // Takes `length` characters of the old text, from where the walk is, with their credits.
  const take = (length: number, keep: boolean) => {
    while (length > 0) {
      const run = runs[runIndex];
      const piece = Math.min(length, run.text.length - inRun);
      if (keep) result.push({ text: run.text.slice(inRun, inRun + piece), credit: run.credit });
      inRun += piece;
      length -= piece;
      if (inRun === run.text.length) {
        runIndex++;
        inRun = 0;
      }
    }
  };
  for (const change of diffWordsWithSpace(oldBody, newBody)) {
    if (change.added) result.push({ text: change.value, credit });
    else take(change.value.length, !change.removed);
  }
  return result;
}

/**
 * One change applied to the previous blame of its section (null before it exists): the next blame, or null
 * once the section is removed. What a projection calls per change, so blame never needs the stream replayed.
 */
export function blameSectionChange(previous: SectionBlame | null, change: SectionChange, credit: BlameCredit): SectionBlame | null {
  if (change.kind === 'REMOVE') return null;
  if (change.kind === 'ADD') return blameOfNewSection(change, credit);
  // A projection that started late has no blame for the section yet: it starts from an empty one.
  previous ??= blameOfNewSection({ sectionId: change.sectionId, heading: '', body: '' }, credit);
  const index = previous.credits.length;
  const credits = [...previous.credits, credit];
  switch (change.kind) {
    case 'EDIT':
      return compacted({ ...previous, credits, lastChange: index, body: editedRuns(previous.body, change.body, index) });
    case 'RETITLE':
      return compacted({ ...previous, credits, lastChange: index, heading: change.heading, headingCredit: index });
    case 'MOVE':
      return compacted({ ...previous, credits, lastChange: index });
    default: {
      const unknownChange: never = change;
      return unknownChange;
    }
  }
}

/** Blame of every section of a drafted text, by section id. */
export function blameOfDraft(content: GuidelineContent, credit: BlameCredit): Record<string, SectionBlame> {
  return Object.fromEntries(content.sections.map((section) => [section.sectionId, blameOfNewSection(section, credit)]));
}

/** All the changes of one edit applied to the blames of the sections they touch (the others are unchanged). */
export function blameEdit(blames: Readonly<Record<string, SectionBlame>>, changes: readonly SectionChange[], credit: BlameCredit): Record<string, SectionBlame> {
  const next: Record<string, SectionBlame> = { ...blames };
  for (const change of changes) {
    const blame = blameSectionChange(next[change.sectionId] ?? null, change, credit);
    if (blame) next[change.sectionId] = blame;
    else delete next[change.sectionId];
  }
  return next;
}

/** The body word by word, each with who last changed it (a word spanning runs: the latest change to it). */
export function blameWords(blame: SectionBlame): WordBlame[] {
  const body = blame.body.map((run) => run.text).join('');
  const runEnds: number[] = [];
  let end = 0;
  for (const run of blame.body) runEnds.push((end += run.text.length));
  const words: WordBlame[] = [];
  let runIndex = 0;
  for (const match of body.matchAll(/\S+/g)) {
    const start = match.index;
    const stop = start + match[0].length;
    while (runEnds[runIndex] <= start) runIndex++;
    let latest = blame.credits[blame.body[runIndex].credit];
    for (let index = runIndex + 1; index < blame.body.length && runEnds[index - 1] < stop; index++) {
      const credit = blame.credits[blame.body[index].credit];
      if (credit.revision > latest.revision) latest = credit;
    }
    words.push({ word: match[0], offset: start, credit: latest });
  }
  return words;
}

/** Who last changed the section in any way, and who last changed its heading. */
export const lastChangeOf = (blame: SectionBlame): BlameCredit => blame.credits[blame.lastChange];
export const headingCreditOf = (blame: SectionBlame): BlameCredit => blame.credits[blame.headingCredit];

/**
 * How a SectionBlame is stored (version 2): the body once, as text, its runs as flat [length, credit] pairs,
 * and each credit as an array. The first format (the SectionBlame object as JSON: one object per run and
 * per credit, keys repeated) is what rows written before it still hold; decodeBlame reads both.
 */
interface EncodedBlame {
  v: 2;
  sectionId: string;
  heading: string;
  headingCredit: number;
  lastChange: number;
  text: string;
  runs: number[];
  credits: Array<[accountId: string, at: string, revision: number, changeNote: string, amendmentId: string | null, acceptedBy: string | null]>;
}

export function encodeBlame(blame: SectionBlame): string {
  const encoded: EncodedBlame = {
    v: 2,
    sectionId: blame.sectionId,
    heading: blame.heading,
    headingCredit: blame.headingCredit,
    lastChange: blame.lastChange,
    text: blame.body.map((run) => run.text).join(''),
    runs: blame.body.flatMap((run) => [run.text.length, run.credit]),
    credits: blame.credits.map((credit) => [credit.accountId, credit.at, credit.revision, credit.changeNote, credit.amendmentId, credit.acceptedBy]),
  };
  return JSON.stringify(encoded);
}

export function decodeBlame(stored: string): SectionBlame {
  const parsed = JSON.parse(stored) as EncodedBlame | SectionBlame;
  if (!('v' in parsed)) return parsed;
  const body: BlameRun[] = [];
  for (let index = 0, offset = 0; index < parsed.runs.length; index += 2) {
    const length = parsed.runs[index];
    body.push({ text: parsed.text.slice(offset, offset + length), credit: parsed.runs[index + 1] });
    offset += length;
  }
  const credits = parsed.credits.map(([accountId, at, revision, changeNote, amendmentId, acceptedBy]) => ({ accountId, at, revision, changeNote, amendmentId, acceptedBy }));
  return { sectionId: parsed.sectionId, heading: parsed.heading, headingCredit: parsed.headingCredit, body, lastChange: parsed.lastChange, credits };
}
