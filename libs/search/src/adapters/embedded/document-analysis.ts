// How the embedded engine turns a document into index terms: each field as its distinct stems, plus the
// distinct words as written (folded). Used on the index's own thread and in its analysis worker
// (analysis-worker.ts), so both give the same terms.
import type { CaseStudySearchDocument } from '../../case-study-search.port';
import { documentStemsOf, eachWord, fold, stemmingLanguageOf, type StemmingLanguage } from '../../text-analysis';

export const FIELDS = ['title', 'summary', 'city', 'narrative', 'body'] as const;

// Two generations of this many (see AnalysisCache): at most 200,000 words per language.
const ANALYSIS_CACHE_SIZE = 100_000;
// The common words, looked up first: a small map stays in the CPU's cache, the large one does not.
const HOT_WORDS = 4096;

export interface AnalysedWord {
  folded: string;
  stems: string[];
  /** Its folded form and stems are in the lexicon, or (in the worker) were reported as possibly new. */
  inLexicon: boolean;
  /** The last field and document that counted it (analyse): a compare instead of a Set per field. */
  fieldMark: number;
  documentMark: number;
}

/**
 * Analysed words by the word as written, bounded: when the recent map is full it becomes the older one and the
 * oldest words go. A word met again is moved back to the recent map, so the common words of a corpus stay
 * while its long tail passes through (a full clear would stem the common words again, and look up their terms).
 */
class AnalysisCache {
  private recent = new Map<string, AnalysedWord>();
  private older = new Map<string, AnalysedWord>();
  // Words met twice while it had room: the common words of a corpus come first (see HOT_WORDS).
  private readonly hot = new Map<string, AnalysedWord>();

  get(word: string): AnalysedWord | undefined {
    const hot = this.hot.get(word);
    if (hot !== undefined) return hot;
    const found = this.recent.get(word);
    if (found !== undefined) {
      if (this.hot.size < HOT_WORDS) this.hot.set(word, found);
      return found;
    }
    const old = this.older.get(word);
    if (old !== undefined) this.set(word, old);
    return old;
  }

  set(word: string, analysed: AnalysedWord): void {
    if (this.recent.size >= ANALYSIS_CACHE_SIZE) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(word, analysed);
  }
}

export type Columns = [string, string, string, string, string, string];

export class DocumentAnalyser {
  private caches = new Map<string, AnalysisCache>();
  /** Moved for each field and document analysed (see AnalysedWord.fieldMark). */
  private mark = 0;

  /** Drops every analysed word (and so what they remember about the lexicon). */
  forget(): void {
    this.caches = new Map();
  }

  /** One cache per language, keyed by the word as written: no key to build per word. */
  private cacheOf(language: StemmingLanguage | undefined): AnalysisCache {
    const key = language ?? 'none';
    let cache = this.caches.get(key);
    if (!cache) this.caches.set(key, (cache = new AnalysisCache()));
    return cache;
  }

  word(word: string, language: StemmingLanguage | undefined, cache = this.cacheOf(language)): AnalysedWord {
    let analysed = cache.get(word);
    if (analysed === undefined) {
      analysed = { folded: fold(word), stems: documentStemsOf(word, language), inLexicon: false, fieldMark: 0, documentMark: 0 };
      cache.set(word, analysed);
    }
    return analysed;
  }

  /**
   * Each field as its distinct index terms (each once: bm25 then weighs how rare a term is and in which field,
   * not how often a text repeats it, and the index stays small), then the distinct words as written; and the
   * document's distinct analysed words, in the order first met.
   */
  analyse(document: CaseStudySearchDocument): { columns: Columns; words: AnalysedWord[] } {
    const language = stemmingLanguageOf(document.language);
    const cache = this.cacheOf(language);
    const words: AnalysedWord[] = [];
    const documentMark = ++this.mark;
    const columns = FIELDS.map((field) => {
      const fieldMark = ++this.mark;
      const stems = new Set<string>();
      eachWord(document[field], (word) => {
        const analysed = this.word(word, language, cache);
        if (analysed.fieldMark === fieldMark) return;
        analysed.fieldMark = fieldMark;
        if (analysed.documentMark !== documentMark) {
          analysed.documentMark = documentMark;
          words.push(analysed);
        }
        for (const stem of analysed.stems) stems.add(stem);
      });
      return [...stems].join(' ');
    });
    const written = new Set<string>();
    for (const word of words) written.add(word.folded);
    return { columns: [...columns, [...written].join(' ')] as Columns, words };
  }
}
