// Highlighted snippets over the ORIGINAL text (accents, case and markup as written), in JavaScript: ts_headline
// would see only the folded text we indexed and cannot know which typo corrections a query word took.
import type { CaseStudySearchDocument, CaseStudySearchHighlight } from '../../case-study-search.port';
import { documentStemsOf, escapeHtml, fold, stemmingLanguageOf, tokenize } from '../../text-analysis';

/** What a query matched with: folded surface words, prefixes (the last query word) and stems. */
export interface MatchedForms {
  surface: ReadonlySet<string>;
  prefixes: readonly string[];
  stems: ReadonlySet<string>;
}

const FIELDS: CaseStudySearchHighlight['field'][] = ['title', 'summary', 'city', 'narrative', 'body'];
// Short fields are shown whole; long ones as a window of words around the first match.
const WHOLE: ReadonlySet<string> = new Set(['title', 'city']);
const WINDOW_WORDS = 24;
const WORDS_BEFORE = 6;

export function highlightsOf(document: Pick<CaseStudySearchDocument, 'language' | CaseStudySearchHighlight['field']>, forms: MatchedForms): CaseStudySearchHighlight[] {
  const language = stemmingLanguageOf(document.language);
  // Stemming is the costly part: only a word that begins like one of the stems is stemmed (a Snowball stem
  // keeps the first letters of its word), and each distinct word once.
  const starts = new Set([...forms.stems].map((stem) => stem.slice(0, 2)));
  const seen = new Map<string, boolean>();
  const matches = (word: string) => {
    let matched = seen.get(word);
    if (matched === undefined) {
      const folded = fold(word);
      matched =
        forms.surface.has(folded) ||
        forms.prefixes.some((prefix) => folded.startsWith(prefix)) ||
        (starts.has(folded.slice(0, 2)) && documentStemsOf(word, language).some((stem) => forms.stems.has(stem)));
      seen.set(word, matched);
    }
    return matched;
  };
  const highlights: CaseStudySearchHighlight[] = [];
  for (const field of FIELDS) {
    const snippet = snippetOf(document[field] ?? '', matches, WHOLE.has(field));
    if (snippet !== undefined) highlights.push({ field, snippet });
  }
  return highlights;
}

/** The passage with each matched word in <mark>, other text escaped; undefined when nothing matched. */
export function snippetOf(text: string, matches: (word: string) => boolean, whole: boolean): string | undefined {
  const tokens = tokenize(text);
  const first = tokens.findIndex((token) => matches(token.text));
  if (first < 0) return undefined;
  const from = whole ? 0 : Math.max(0, first - WORDS_BEFORE);
  const to = whole ? tokens.length : Math.min(tokens.length, from + WINDOW_WORDS);
  const start = from === 0 ? 0 : tokens[from].start;
  const end = to === tokens.length ? text.length : tokens[to - 1].end;
  let out = from === 0 ? '' : '…';
  let at = start;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (!matches(token.text)) continue;
    out += escapeHtml(text.slice(at, token.start)) + '<mark>' + escapeHtml(token.text) + '</mark>';
    at = token.end;
  }
  out += escapeHtml(text.slice(at, end));
  return to === tokens.length ? out : out + '…';
}
