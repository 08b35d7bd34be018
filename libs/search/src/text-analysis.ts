// Text analysis shared by the search adapters that analyse text in JavaScript (the embedded engine, the
// benchmark's checks): one normalisation, one tokeniser, Snowball stemming for en/fr/ru and Meilisearch's
// typo rules, so every adapter means the same thing by "the same word".
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';

export type StemmingLanguage = 'en' | 'fr' | 'ru';
export const STEMMING_LANGUAGES: readonly StemmingLanguage[] = ['en', 'fr', 'ru'];

const STEMMERS: Record<StemmingLanguage, (word: string) => string> = { en: englishStemmer, fr: frenchStemmer, ru: russianStemmer };

// Letters, digits and combining marks (text may arrive decomposed). Apostrophes and hyphens separate words
// ("l'école" -> l, école); ь and ъ are letters (\p{L}), so "объявление" and "деньги" stay one word each.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const COMBINING_MARK = /\p{M}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
const NEEDS_FOLDING = /[^a-z0-9а-я ]/;

/**
 * The form words are compared in: lower case, accents and other diacritics removed (é=e, ç=c, ñ=n), ё=е.
 * й keeps its breve: it is a letter of its own in Russian, not an accented и.
 */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  if (!NEEDS_FOLDING.test(lower)) return lower;
  return lower
    .replace(/й/g, '\u0000')
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .replace(/\u0000/g, 'й')
    .normalize('NFC');
}

// The same word characters as WORD, as a table over UTF-16 code units: the indexing path tokenises tens of
// millions of words, and a table read per character is several times faster than a Unicode regex per word.
// Surrogates count as word characters, so a letter outside the BMP stays inside its word.
const WORD_UNIT = (() => {
  const table = new Uint8Array(0x10000);
  const single = /^[\p{L}\p{N}\p{M}]$/u;
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = (unit >= 0xd800 && unit <= 0xdfff) || single.test(String.fromCharCode(unit)) ? 1 : 0;
  return table;
})();

/**
 * Calls `visit` with each word of `text` (as tokenize finds them) and its offsets; stops when `visit`
 * returns false.
 */
export function eachWord(text: string, visit: (word: string, start: number, end: number) => boolean | void): void {
  const words = new WordSpans(text);
  while (words.next()) if (visit(text.slice(words.start, words.end), words.start, words.end) === false) return;
}

/**
 * The words of a text (as tokenize finds them) as offsets, one next() at a time: eachWord's walk, and a scan
 * that looks at most words only through TermHeads, without taking them out of the text or a callback per word.
 */
export class WordSpans {
  start = 0;
  end = 0;

  constructor(private readonly text: string) {}

  /** Moves to the next word; false at the end of the text. */
  next(): boolean {
    const { text } = this;
    const length = text.length;
    let i = this.end;
    while (i < length && WORD_UNIT[text.charCodeAt(i)] === 0) i++;
    if (i >= length) return false;
    this.start = i;
    while (i < length && WORD_UNIT[text.charCodeAt(i)] === 1) i++;
    this.end = i;
    return true;
  }
}

// Each UTF-16 code unit folded on its own, where that is one unit and the same as in any word (0 elsewhere: a
// combining mark, a surrogate, a letter that lower-cases to two units or by its place, Hangul that NFC composes
// with the next unit: a conjoining jamo, or a syllable that takes a final consonant written apart).
// Built when first needed (30 ms): the analysis worker and the CLI never need it.
let foldedUnits: Uint16Array | undefined;
function foldedUnitTable(): Uint16Array {
  if (foldedUnits) return foldedUnits;
  const table = new Uint16Array(0x10000);
  for (let unit = 1; unit < 0x10000; unit++) {
    if ((unit >= 0xd800 && unit <= 0xdfff) || (unit >= 0x1100 && unit <= 0x11ff) || (unit >= 0xac00 && unit <= 0xd7a3) || unit === 0x03a3) continue;
    const folded = fold(String.fromCharCode(unit));
    if (folded.length === 1 && WORD_UNIT[unit] === 1 && !COMBINING_MARK_ONLY.test(folded)) table[unit] = folded.charCodeAt(0);
  }
  return (foldedUnits = table);
}
const COMBINING_MARK_ONLY = /^\p{M}$/u;

/**
 * The folded first three letters (all of them when shorter) of a set of terms. Tells, for a word in a text,
 * whether it may be one of them or have one as its stem, mostly without taking it out of the text or folding it:
 * a scan over a long text for the terms skips most words with a few table reads.
 */
export class TermHeads {
  private readonly keys = new Set<number>();
  private readonly firstUnits = new Uint8Array(0x10000);
  private readonly foldedUnits = foldedUnitTable();

  constructor(foldedTerms: Iterable<string>) {
    for (const term of foldedTerms) {
      this.keys.add(headKey(term));
      this.firstUnits[term.charCodeAt(0)] = 1;
    }
  }

  /** False when the word at text[start, end) cannot begin as a term does; true when it may (fold it to know). */
  mayMatch(text: string, start: number, end: number): boolean {
    const foldedUnits = this.foldedUnits;
    const first = foldedUnits[text.charCodeAt(start)];
    if (first !== 0 && this.firstUnits[first] === 0) return false;
    let key = 0;
    for (let i = start; i < start + 3; i++) {
      let unit = 0;
      if (i < end) {
        unit = foldedUnits[text.charCodeAt(i)];
        // Does not fold on its own: only the folded word can tell.
        if (unit === 0) return true;
      }
      key = key * 0x10000 + unit;
    }
    return this.keys.has(key);
  }

  /** Whether a folded word begins as one of the terms does. */
  sharesHead(foldedWord: string): boolean {
    return this.keys.has(headKey(foldedWord));
  }
}

/** A number for the first three letters of a folded word (fewer when it is shorter). */
function headKey(folded: string): number {
  let key = 0;
  for (let i = 0; i < 3; i++) key = key * 0x10000 + (i < folded.length ? folded.charCodeAt(i) : 0);
  return key;
}

export interface Token {
  /** The word as written. */
  text: string;
  /** UTF-16 offsets of the word in the analysed text, for highlighting. */
  start: number;
  end: number;
}

/** The words of a text, in order, with their positions. Latin, Cyrillic and any other letters; digits. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return tokens;
}

/** The folded words of a text, without positions (the indexing path). */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** The stemming language of a BCP 47 tag by its primary subtag ('fr-CA' -> fr), or undefined. */
export function stemmingLanguageOf(languageTag: string): StemmingLanguage | undefined {
  const primary = languageTag.trim().toLowerCase().split(/[-_]/)[0];
  return (STEMMING_LANGUAGES as readonly string[]).includes(primary) ? (primary as StemmingLanguage) : undefined;
}

/**
 * The languages a word of a document may be stemmed in: Cyrillic words in Russian whatever the document's
 * language (a Russian place name in an English text), Latin words in the document's language when it is
 * English or French. Other words are not stemmed.
 */
function documentStemmer(word: string, language: StemmingLanguage | undefined): StemmingLanguage | undefined {
  if (CYRILLIC.test(word)) return 'ru';
  if (language === 'en' || language === 'fr') return LATIN.test(word) ? language : undefined;
  return undefined;
}

/**
 * The index forms of a word of a document in `language` (the word as written): the Snowball stem of the
 * folded word, so a query typed without accents stems exactly as the accented text does; and, when the word
 * has accents, also the folded stem of the word as written, which French stems better ("rénovées" -> rénov,
 * like "rénovation"; folded first it gives renove). One or two forms.
 */
export function documentStemsOf(word: string, language: StemmingLanguage | undefined): string[] {
  const folded = fold(word);
  const stemming = documentStemmer(folded, language);
  if (!stemming) return [folded];
  const fromFolded = STEMMERS[stemming](folded);
  const written = word.normalize('NFC').toLowerCase().replace(/ё/g, 'е');
  if (written === folded) return [fromFolded];
  const fromWritten = fold(STEMMERS[stemming](written));
  return fromWritten === fromFolded ? [fromFolded] : [fromFolded, fromWritten];
}

/**
 * The index forms a query word may have, since a query has no language: its stem in Russian for Cyrillic,
 * in English and in French for Latin; the word itself otherwise. Distinct.
 */
export function queryStemsOf(foldedWord: string): string[] {
  if (CYRILLIC.test(foldedWord)) return [STEMMERS.ru(foldedWord)];
  if (LATIN.test(foldedWord)) return [...new Set([STEMMERS.en(foldedWord), STEMMERS.fr(foldedWord)])];
  return [foldedWord];
}

/** Meilisearch's typo budget for a query word: none below 5 letters, 1 for 5 to 8, 2 from 9. */
export function allowedTypos(foldedWord: string): number {
  const length = [...foldedWord].length;
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

/**
 * The Damerau-Levenshtein distance (optimal string alignment: substitution, insertion, deletion and the
 * transposition of two adjacent letters each count as one typo) when it is at most `max`, else max + 1.
 * Works on code points; stops as soon as every path exceeds `max`.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const s = a.length === [...a].length ? a : [...a];
  const t = b.length === [...b].length ? b : [...b];
  const n = s.length;
  const m = t.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m) <= max ? Math.max(n, m) : max + 1;
  let beforePrevious = new Array<number>(m + 1).fill(0);
  let previous = Array.from({ length: m + 1 }, (_, j) => j);
  let current = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= m; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[m] <= max ? previous[m] : max + 1;
}

/** Whether `candidate` is within the typo budget of the query word `queryWord` (both folded). */
export function withinTypos(queryWord: string, candidate: string): boolean {
  const budget = allowedTypos(queryWord);
  return typoDistance(queryWord, candidate, budget) <= budget;
}

export interface QueryWord {
  /** The folded word. */
  word: string;
  /** Its possible index forms (queryStemsOf). */
  stems: string[];
  /** Meilisearch: only the last word of a query is also a prefix. */
  prefix: boolean;
  typos: number;
}

/** The words of a query, analysed; duplicates kept (a 20-word query stays 20 words). */
export function analyseQuery(text: string): QueryWord[] {
  const list = words(text);
  return list.map((word, i) => ({ word, stems: queryStemsOf(word), prefix: i === list.length - 1, typos: allowedTypos(word) }));
}

/** Escapes text for the <mark> snippets: markup in the original text is shown, never interpreted. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
