import { GUIDELINE_LIMITS, type Section } from './guideline-content';
import type { CommentAnchor, QuotedPassage } from './guideline.events';

/** How many words of context a quoted passage keeps on each side. */
export const CONTEXT_WORDS = 8;

export type AnchorMatch = 'SAME_TEXT' | 'EXACT' | 'FUZZY';

/**
 * Where a comment points in the current text: ATTACHED to a passage (or to a whole section, quote null), or
 * ORPHAN when its passage is gone, keeping the text it last quoted so it is never silently lost.
 */
export type ReattachedAnchor =
  | { status: 'ATTACHED'; sectionId: string; quote: QuotedPassage | null; match: AnchorMatch }
  | { status: 'ORPHAN'; sectionId: string; lastQuote: string };

interface Token {
  word: string;
  start: number;
  end: number;
}

// Words compare without case and without the punctuation around them ("Licence," is "licence").
const normalised = (word: string) => word.toLowerCase().replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');

function tokens(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((match) => ({ word: normalised(match[0]), start: match.index, end: match.index + match[0].length })).filter((token) => token.word !== '');
}

const clip = (text: string, keepEnd: boolean) => (text.length <= GUIDELINE_LIMITS.quoteContext ? text : keepEnd ? text.slice(-GUIDELINE_LIMITS.quoteContext) : text.slice(0, GUIDELINE_LIMITS.quoteContext));

/** The anchor of the passage body[start, end): its text, CONTEXT_WORDS words either side, its offset. */
export function quoteAt(body: string, start: number, end: number): QuotedPassage {
  const words = tokens(body);
  const before = words.filter((token) => token.end <= start).slice(-CONTEXT_WORDS);
  const after = words.filter((token) => token.start >= end).slice(0, CONTEXT_WORDS);
  return {
    text: body.slice(start, end),
    before: clip(before.length ? body.slice(before[0].start, start) : '', true),
    after: clip(after.length ? body.slice(end, after[after.length - 1].end) : '', false),
    offset: start,
  };
}

// How many words of context agree, reading outwards from the passage.
function agreeing(expected: string[], found: string[]): number {
  let count = 0;
  while (count < expected.length && count < found.length && expected[count] === found[count]) count++;
  return count;
}

function contextAgreement(quote: QuotedPassage, body: string, start: number, end: number): number {
  const before = tokens(quote.before).map((token) => token.word).reverse();
  const after = tokens(quote.after).map((token) => token.word);
  const around = quoteAt(body, start, end);
  return agreeing(before, tokens(around.before).map((token) => token.word).reverse()) + agreeing(after, tokens(around.after).map((token) => token.word));
}

const hasContext = (quote: QuotedPassage) => tokens(quote.before).length + tokens(quote.after).length > 0;
// A short passage ("twice a year") may well occur in other sentences: it needs some of its context to be trusted.
const SHORT_PASSAGE_WORDS = 4;
const MIN_CONTEXT_FOR_SHORT = 2;
const trusted = (quote: QuotedPassage, quoteWords: number, agreement: number) => quoteWords >= SHORT_PASSAGE_WORDS || !hasContext(quote) || agreement >= MIN_CONTEXT_FOR_SHORT;

interface Found {
  start: number;
  end: number;
  match: AnchorMatch;
}

/** Every place the passage occurs verbatim; the one whose context agrees best (then the nearest to its offset). */
function exactly(quote: QuotedPassage, body: string): Found | null {
  const candidates: Array<{ start: number; agreement: number }> = [];
  for (let start = body.indexOf(quote.text); start >= 0; start = body.indexOf(quote.text, start + 1)) {
    candidates.push({ start, agreement: contextAgreement(quote, body, start, start + quote.text.length) });
  }
  candidates.sort((a, b) => b.agreement - a.agreement || Math.abs(a.start - quote.offset) - Math.abs(b.start - quote.offset));
  const best = candidates[0];
  if (!best || !trusted(quote, tokens(quote.text).length, best.agreement)) return null;
  return { start: best.start, end: best.start + quote.text.length, match: 'EXACT' };
}

/**
 * The passage reworded: its words with their context, aligned against the body word by word with the least
 * edits (Sellers' approximate matching: an edit distance whose start in the text is free). No fuzzy-matching
 * library is in the tree (leven gives a distance between two whole strings, not where a pattern sits in a
 * text), and word-level alignment is what rewording needs: a few dozen pattern words against a section.
 */
function fuzzily(quote: QuotedPassage, body: string): Found | null {
  const before = tokens(quote.before).slice(-CONTEXT_WORDS);
  const passage = tokens(quote.text);
  const after = tokens(quote.after).slice(0, CONTEXT_WORDS);
  const pattern = [...before, ...passage, ...after].map((token) => token.word);
  const text = tokens(body);
  const m = pattern.length;
  const n = text.length;
  if (passage.length === 0 || n === 0) return null;
  const width = n + 1;
  const cost = new Uint32Array((m + 1) * width);
  for (let i = 1; i <= m; i++) cost[i * width] = i;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const substitution = cost[(i - 1) * width + j - 1] + (pattern[i - 1] === text[j - 1].word ? 0 : 1);
      cost[i * width + j] = Math.min(substitution, cost[(i - 1) * width + j] + 1, cost[i * width + j - 1] + 1);
    }
  }
  // The best end; between equal costs, the one nearest where the passage and its after-context used to end.
  const expectedEnd = quote.offset + quote.text.length + quote.after.length;
  let end = 1;
  for (let j = 2; j <= n; j++) {
    const better = cost[m * width + j] < cost[m * width + end];
    const asGood = cost[m * width + j] === cost[m * width + end] && Math.abs(text[j - 1].end - expectedEnd) < Math.abs(text[end - 1].end - expectedEnd);
    if (better || asGood) end = j;
  }
  // Walk back to learn what each text word of the window is: aligned to the passage, to its context, or new.
  const role = new Map<number, 'PASSAGE' | 'CONTEXT' | 'NEW'>();
  let matched = 0;
  let contextMatched = 0;
  const inPassage = (i: number) => i > before.length && i <= before.length + passage.length;
  for (let i = m, j = end; i > 0 && j > 0; ) {
    const here = cost[i * width + j];
    const same = pattern[i - 1] === text[j - 1].word;
    if (here === cost[(i - 1) * width + j - 1] + (same ? 0 : 1)) {
      role.set(j - 1, inPassage(i) ? 'PASSAGE' : 'CONTEXT');
      if (same && inPassage(i)) matched++;
      else if (same) contextMatched++;
      i--;
      j--;
    } else if (here === cost[(i - 1) * width + j] + 1) i--;
    else role.set(--j, 'NEW');
  }
  const aligned = [...role].filter(([, kind]) => kind === 'PASSAGE').map(([index]) => index);
  if (aligned.length === 0) return null;
  // Half the passage's words must still be there, in order; else it was rewritten or deleted: an orphan. A
  // short passage also needs half its context around it, or it is just the same words in another sentence.
  const contextWords = before.length + after.length;
  if (matched * 2 < passage.length) return null;
  if (passage.length < SHORT_PASSAGE_WORDS && contextMatched * 2 < contextWords) return null;
  // New words between the passage and its context belong to the passage ("twice" -> "three times"), up to
  // the end of a sentence: a sentence inserted right after a reworded passage is not part of it.
  const endsSentence = (index: number) => /[.!?;:]$/.test(body.slice(text[index].start, text[index].end));
  let first = Math.min(...aligned);
  let last = Math.max(...aligned);
  while (role.get(first - 1) === 'NEW' && !endsSentence(first - 1)) first--;
  while (role.get(last + 1) === 'NEW' && !endsSentence(last)) last++;
  return trimmed(quote, body, text[first].start, text[last].end);
}

// Punctuation the new text glued to the passage's edge words ("reuse." for "reuse") is not part of it.
function trimmed(quote: QuotedPassage, body: string, start: number, end: number): Found {
  const edge = /[\p{P}\p{S}]/u;
  while (end > start && edge.test(body[end - 1]) && !edge.test(quote.text[quote.text.length - 1] ?? '')) end--;
  while (start < end && edge.test(body[start]) && !edge.test(quote.text[0] ?? '')) start++;
  return { start, end, match: 'FUZZY' };
}

/** Where a quoted passage is in a body now: verbatim first, then reworded; null when it is gone. */
export function locatePassage(quote: QuotedPassage, body: string): Found | null {
  if (body.slice(quote.offset, quote.offset + quote.text.length) === quote.text && contextAgreement(quote, body, quote.offset, quote.offset + quote.text.length) === tokens(quote.before).length + tokens(quote.after).length) {
    return { start: quote.offset, end: quote.offset + quote.text.length, match: 'SAME_TEXT' };
  }
  return exactly(quote, body) ?? fuzzily(quote, body);
}

/**
 * Re-attaches a comment's anchor to the current sections: the passage is looked for in its own section
 * (wherever the section moved); a passage pasted into another section is found there only verbatim, once,
 * with some of its context. Otherwise the comment is an orphan that keeps the text it quoted.
 */
export function reattachAnchor(anchor: CommentAnchor, sections: readonly Section[]): ReattachedAnchor {
  const own = sections.find((section) => section.sectionId === anchor.sectionId);
  if (anchor.quote === null) return own ? { status: 'ATTACHED', sectionId: own.sectionId, quote: null, match: 'SAME_TEXT' } : { status: 'ORPHAN', sectionId: anchor.sectionId, lastQuote: '' };
  const quote = anchor.quote;
  const found = own ? locatePassage(quote, own.body) : null;
  if (own && found) return { status: 'ATTACHED', sectionId: own.sectionId, quote: quoteAt(own.body, found.start, found.end), match: found.match };
  const elsewhere = sections
    .filter((section) => section.sectionId !== anchor.sectionId)
    .flatMap((section) => {
      const occurrences = section.body.split(quote.text).length - 1;
      const start = section.body.indexOf(quote.text);
      return occurrences === 1 && contextAgreement(quote, section.body, start, start + quote.text.length) >= MIN_CONTEXT_FOR_SHORT ? [{ section, start }] : [];
    });
  if (elsewhere.length === 1 && tokens(quote.text).length >= SHORT_PASSAGE_WORDS) {
    const [{ section, start }] = elsewhere;
    return { status: 'ATTACHED', sectionId: section.sectionId, quote: quoteAt(section.body, start, start + quote.text.length), match: 'EXACT' };
  }
  return { status: 'ORPHAN', sectionId: anchor.sectionId, lastQuote: quote.text };
}
