import { typoDistance } from '../../text-analysis';
import { Lexicon } from './lexicon';

// Deterministic words over small alphabets, so that many of them are a typo or two apart.
function randomWords(seed: number, count: number, alphabet: string): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 2 + Math.floor(next() * 9);
    let word = '';
    for (let k = 0; k < length; k++) word += alphabet[Math.floor(next() * alphabet.length)];
    words.push(word);
  }
  return words;
}

/** What withinTypos must find: every other term within the budget, by the reference distance. */
function bruteForce(terms: Iterable<string>, word: string, typos: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const term of terms) {
    const distance = typoDistance(word, term, typos);
    if (term !== word && distance <= typos) found.set(term, distance);
  }
  return found;
}

const neighbours = (lexicon: Lexicon, word: string, typos: number) => {
  const found = new Map<string, number>();
  lexicon.withinTypos(word, typos, found);
  return found;
};

const sorted = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('Lexicon', () => {
  const latin = randomWords(7, 3000, 'abcdeor');
  const cyrillic = randomWords(11, 2000, 'аеёийоьъ');
  const queries = [...randomWords(13, 60, 'abcdeor'), ...randomWords(17, 40, 'аеёийоьъ'), 'abc', 'a', 'abcdeorabcdeor'];

  it('given loaded terms, when asked for typo neighbours, then finds exactly those within the budget (substitution, insertion, deletion, transposition)', () => {
    const terms = [...new Set([...latin, ...cyrillic])].sort();
    const lexicon = new Lexicon();
    lexicon.load(terms);
    for (const word of queries) {
      for (const typos of [1, 2]) expect({ word, typos, found: sorted(neighbours(lexicon, word, typos)) }).toEqual({ word, typos, found: sorted(bruteForce(terms, word, typos)) });
    }
  });

  it('given terms added and removed after the first search, when asked again, then answers from what it holds now', () => {
    const lexicon = new Lexicon();
    lexicon.load([...new Set(latin.slice(0, 2000))].sort());
    neighbours(lexicon, 'abcde', 1);
    // Fewer than a sixteenth: searched in the small trie of added terms; then enough to rebuild the large one.
    for (const batch of [latin.slice(2000, 2050), cyrillic.slice(0, 100), latin.slice(2050), cyrillic.slice(100)]) {
      for (const term of batch) lexicon.add(term);
      for (const term of batch.slice(0, 10)) lexicon.remove(term);
      const held = new Set([...latin, ...cyrillic].filter((term) => lexicon.has(term)));
      for (const word of queries.slice(0, 40)) expect({ word, found: sorted(neighbours(lexicon, word, 2)) }).toEqual({ word, found: sorted(bruteForce(held, word, 2)) });
    }
  });

  it('given a removed term added again, when asked, then finds it once', () => {
    const lexicon = new Lexicon();
    lexicon.load(['school', 'schools', 'scholar']);
    neighbours(lexicon, 'school', 1);
    lexicon.remove('schools');
    expect(sorted(neighbours(lexicon, 'shcool', 1))).toEqual([['school', 1]]);
    lexicon.add('schools');
    expect(sorted(neighbours(lexicon, 'school', 1))).toEqual([['schools', 1]]);
    lexicon.remove('school');
    lexicon.add('school');
    lexicon.remove('school');
    lexicon.add('school');
    expect(lexicon.withPrefix('school', 10)).toEqual(['school', 'schools']);
  });

  it('given no budget, when asked, then finds nothing', () => {
    const lexicon = new Lexicon();
    lexicon.load(['park', 'part']);
    expect(neighbours(lexicon, 'park', 0).size).toBe(0);
  });

  it('expands a prefix to its terms, shortest first, up to a limit', () => {
    const lexicon = new Lexicon();
    lexicon.load(['renovate', 'renovation', 'renovations', 'renown', 'rent']);
    lexicon.add('renov');
    expect(lexicon.withPrefix('renov', 3)).toEqual(['renov', 'renovate', 'renovation']);
    expect(lexicon.withPrefix('x', 3)).toEqual([]);
  });
});
