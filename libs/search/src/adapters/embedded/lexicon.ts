// The embedded engine's lexicon: every indexed word and stem (FTS5's own vocabulary, read at start-up and kept in
// step with each commit), for the last query word's prefix expansion and Meilisearch-style typo candidates.

/**
 * Sorted terms as a trie in preorder, in flat arrays: a node is one letter (UTF-16 unit) at a depth, its
 * subtree is the nodes after it up to end[node], and term[node] is the index of the term that ends there (or
 * -1). Walking it computes an edit-distance row once per shared prefix, and a prefix already past the typo
 * budget skips every term below it in one step. At 100,000 case studies: 750,000 terms.
 */
class PreorderTrie {
  readonly size: number;
  // Per node, side by side (one cache line holds five nodes, where four arrays took four lines): the letter in the
  // low 16 bits and the depth above them, the end of its subtree, the index of the term ending there or -1.
  private readonly nodes: Int32Array;

  /** `terms`: sorted (code unit order), no duplicates. */
  constructor(readonly terms: readonly string[]) {
    let size = 0;
    let longest = 0;
    for (let k = 0; k < terms.length; k++) {
      size += terms[k].length - (k > 0 ? commonPrefixLength(terms[k - 1], terms[k]) : 0);
      longest = Math.max(longest, terms[k].length);
    }
    this.size = size;
    const nodes = (this.nodes = new Int32Array(size * NODE));
    // The nodes of the path to the previous term, by depth: those below the prefix it shares with the next are closed.
    const open = new Int32Array(longest + 1);
    let node = 0;
    let previous = '';
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k];
      const shared = commonPrefixLength(previous, term);
      for (let d = previous.length; d > shared; d--) nodes[open[d] * NODE + END] = node;
      for (let d = shared + 1; d <= term.length; d++) {
        // Deeper than MAX_DEPTH, a node is never reached (withinTypos asks for no word that long): its depth is capped.
        nodes[node * NODE] = term.charCodeAt(d - 1) | (Math.min(d, MAX_DEPTH) << 16);
        nodes[node * NODE + TERM] = -1;
        open[d] = node++;
      }
      if (term.length > 0) nodes[open[term.length] * NODE + TERM] = k;
      previous = term;
    }
    for (let d = previous.length; d > 0; d--) nodes[open[d] * NODE + END] = node;
  }

  /**
   * Calls `found` with each term within `typos` of `word` (optimal string alignment distance, as typoDistance)
   * and its distance. Only the diagonal band |i - j| <= typos of the table is computed (Ukkonen's cut-off): a
   * cell outside it is more than `typos` anyway, and holds typos + 1, never written, so the band's neighbours
   * read it as "too far".
   */
  walk(word: string, typos: number, found: (term: string, distance: number) => void): void {
    const n = word.length;
    const maxLength = n + typos;
    const far = typos + 1;
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => Math.min(j, far))];
    for (let d = 1; d <= maxLength; d++) rows.push(new Int32Array(n + 1).fill(far));
    // The letters of the current node's path, by depth (preorder: its ancestors were the last nodes seen at each depth).
    const path = new Int32Array(maxLength + 1);
    const { nodes, size } = this;
    let node = 0;
    while (node < size) {
      const at = node * NODE;
      const d = nodes[at] >>> 16;
      const c = nodes[at] & 0xffff;
      path[d] = c;
      const above = rows[d - 1];
      const row = rows[d];
      const before = d > 1 ? path[d - 1] : -1;
      row[0] = Math.min(d, far);
      let min = row[0];
      const last = Math.min(n, d + typos);
      for (let j = Math.max(1, d - typos); j <= last; j++) {
        const w = word.charCodeAt(j - 1);
        let value = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + (w === c ? 0 : 1));
        if (d > 1 && j > 1 && c === word.charCodeAt(j - 2) && before === w) value = Math.min(value, rows[d - 2][j - 2] + 1);
        row[j] = value;
        if (value < min) min = value;
      }
      if (min > typos) {
        // Every term that starts with this prefix is past the budget too.
        node = nodes[at + END];
        continue;
      }
      const term = nodes[at + TERM];
      if (term >= 0 && d >= n - typos && row[n] <= typos) found(this.terms[term], row[n]);
      // Below the longest length within the budget, no term can be.
      node = d >= maxLength ? nodes[at + END] : node + 1;
    }
  }
}

const NODE = 3;
const END = 1;
const TERM = 2;
/** Depths are kept in 15 bits (the sign bit stays clear). */
const MAX_DEPTH = 0x7fff;

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Every indexed word and stem: a set, the sorted list for prefix ranges (binary search), and tries for typo
 * candidates: one over the terms when it was last built, a small one over the terms added since (rebuilt when
 * they change, which a live edit's batch does); the large one is rebuilt once the added terms are a sixteenth
 * of it. A removed term stays in the tries until then, and is left out of their answers.
 */
export class Lexicon {
  private readonly known = new Set<string>();
  private sorted: string[] = [];
  private pending: string[] = [];
  private removed = false;
  private trie?: PreorderTrie;
  private addedSinceTrie: string[] = [];
  private addedTrie?: PreorderTrie;

  has(term: string): boolean {
    return this.known.has(term);
  }

  add(term: string): void {
    if (this.known.has(term)) return;
    this.known.add(term);
    this.pending.push(term);
    if (this.trie) {
      this.addedSinceTrie.push(term);
      this.addedTrie = undefined;
    }
  }

  /** Loads terms read in the index's order (SQLite's BINARY order is code point order, as JavaScript's for BMP text). */
  load(terms: string[]): void {
    for (const term of terms) this.known.add(term);
    let inOrder = true;
    for (let i = 1; i < terms.length && inOrder; i++) inOrder = terms[i - 1] < terms[i];
    this.sorted = inOrder ? terms : [...this.known].sort();
    this.dropTries();
  }

  remove(term: string): void {
    if (this.known.delete(term)) this.removed = true;
  }

  clear(): void {
    this.known.clear();
    this.sorted = [];
    this.pending = [];
    this.removed = false;
    this.dropTries();
  }

  get size(): number {
    return this.known.size;
  }

  /** The sorted terms, with the ones added since the last call merged in (linear, not a full sort). */
  private terms(): string[] {
    if (this.removed) {
      this.sorted = this.sorted.filter((term) => this.known.has(term));
      this.pending = this.pending.filter((term) => this.known.has(term));
      this.removed = false;
    }
    if (this.pending.length > 0) {
      const added = this.pending.sort();
      const merged: string[] = [];
      let a = 0;
      let b = 0;
      while (a < this.sorted.length || b < added.length) {
        const next = b >= added.length || (a < this.sorted.length && this.sorted[a] < added[b]) ? this.sorted[a++] : added[b++];
        // A term removed and added again before this merge is in both lists: once here.
        if (merged.length === 0 || merged[merged.length - 1] !== next) merged.push(next);
      }
      this.sorted = merged;
      this.pending = [];
    }
    return this.sorted;
  }

  private dropTries(): void {
    this.trie = undefined;
    this.addedTrie = undefined;
    this.addedSinceTrie = [];
  }

  /** Index of the first term >= `text`. */
  private lowerBound(sorted: string[], text: string): number {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] < text) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Adds the terms within `typos` of `word` (optimal string alignment distance, as typoDistance), with it. */
  withinTypos(word: string, typos: number, into: Map<string, number>): void {
    if (typos === 0 || word.length + typos >= MAX_DEPTH) return;
    if (!this.trie || this.addedSinceTrie.length * 16 > this.trie.terms.length) {
      this.trie = new PreorderTrie(this.terms());
      this.addedSinceTrie = [];
      this.addedTrie = undefined;
    }
    if (this.addedSinceTrie.length > 0) this.addedTrie ??= new PreorderTrie([...new Set(this.addedSinceTrie)].sort());
    const found = (term: string, distance: number) => {
      if (term !== word && this.known.has(term)) into.set(term, Math.min(distance, into.get(term) ?? typos));
    };
    this.trie.walk(word, typos, found);
    this.addedTrie?.walk(word, typos, found);
  }

  /** Up to `max` terms that start with `prefix`, shortest first. */
  withPrefix(prefix: string, max: number): string[] {
    const sorted = this.terms();
    const found: string[] = [];
    for (let i = this.lowerBound(sorted, prefix); i < sorted.length && sorted[i].startsWith(prefix); i++) found.push(sorted[i]);
    return found.length <= max ? found : found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, max);
  }
}
