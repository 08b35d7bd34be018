import { aCost, aSearchDocument, aWrite } from '../../testing/case-study-search-contract';
import { allowedTypos, typoDistance } from '../../text-analysis';
import { typoLookupsOf, typoPatterns } from './postgres-case-study-search';
import { bodyPartsOf, filterConditions, groupTsQuery, PART_BYTES, rowOf, searchConfigOf, SqlParameters, SURFACE, tsLexeme } from './postgres-search-sql';

describe('PostgreSQL search adapter, the SQL it builds', () => {
  describe('typo candidates', () => {
    // The adapter looks typo corrections up by the patterns of a query word; none may be missed. A fixed sequence
    // of words with every kind of typo (not random per run), Latin and Cyrillic, repeated letters included.
    it('every word within the typo budget matches a LIKE pattern of the query word, and keeps its literal ends', () => {
      let seed = 42;
      const next = (below: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((seed / 2147483648) * below);
      };
      const alphabets = ['abcdefghijklmnopqrstuvwxyz', 'абвгдежзийклмнопрстуфхцчшщъыьэюяё', 'ab', 'вба'];
      let checked = 0;
      for (let i = 0; i < 10_000; i++) {
        const letters = alphabets[i % alphabets.length];
        const letter = () => letters[next(letters.length)];
        const word = Array.from({ length: 3 + next(14) }, letter).join('');
        let query = word;
        for (let typos = 1 + next(2); typos > 0; typos--) {
          const at = next(query.length + 1);
          const kind = next(4);
          if (kind === 0) query = query.slice(0, at) + letter() + query.slice(at + 1);
          else if (kind === 1) query = query.slice(0, at) + letter() + query.slice(at);
          else if (kind === 2) query = query.slice(0, at) + query.slice(at + 1);
          else if (at + 1 < query.length) query = query.slice(0, at) + query[at + 1] + query[at] + query.slice(at + 2);
        }
        const budget = allowedTypos(query);
        if (budget === 0 || typoDistance(query, word, budget) > budget) continue;
        for (const [form, candidate] of [
          [SURFACE + query, SURFACE + word],
          [query, word],
        ]) {
          // It matches one of the LIKE patterns the candidates are looked up and filtered by, and keeps what that
          // pattern keeps at its ends (what the index ranges look up).
          const pattern = typoPatterns(form, budget).find(({ like }) => likeToRegExp(like).test(candidate));
          expect([form, candidate, pattern !== undefined]).toEqual([form, candidate, true]);
          expect(candidate.startsWith(pattern!.prefix) && candidate.endsWith(pattern!.suffix)).toBe(true);
          // And the lookups that gather the patterns (one range from the start, one from the end, trigram
          // anchors) find it: it is in the range or matches an anchor, and matches a pattern of that lookup.
          const { prefix, suffix, trigrams } = typoLookupsOf(form, budget);
          const matchesAny = (likes: string[]) => likes.some((like) => likeToRegExp(like).test(candidate));
          const found =
            (prefix !== undefined && candidate.startsWith(prefix.prefix) && matchesAny(prefix.likes)) ||
            (suffix !== undefined && candidate.endsWith(suffix.suffix) && matchesAny(suffix.likes)) ||
            (trigrams !== undefined && matchesAny(trigrams.anchors) && matchesAny(trigrams.likes));
          expect([form, candidate, found]).toEqual([form, candidate, true]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5_000);
    });

    it('looks a form up in at most three lookups: a range of its first letters, one of its last, a run in the middle', () => {
      expect(typoLookupsOf('>renovation', 1)).toEqual({
        prefix: { prefix: '>renov', likes: ['>renov%ion', '>renova%on', '>renovat%n', '>renovati%', '>renovatio%', '>renovation%'] },
        suffix: { suffix: 'tion', likes: ['>%novation', '>r%ovation', '>re%vation', '>ren%ation', '>reno%tion'] },
      });
      // Two typos: 'abcdefghijklm' is abc d efghi j klm; the patterns keeping neither end keep efghi and what
      // follows their first window up to the last piece.
      const { prefix, suffix, trigrams } = typoLookupsOf('abcdefghijklm', 2);
      expect([prefix!.prefix, suffix!.suffix, trigrams!.anchors]).toEqual(['abc', 'klm', ['%cdefghi%', '%defghi%', '%efghi%']]);
      expect(trigrams!.likes).toContain('a%defghijk%');
      // Too short for pieces: the patterns themselves.
      expect(typoLookupsOf('abcd', 1).trigrams!.anchors).toEqual(typoPatterns('abcd', 1).map(({ like }) => like));
    });

    it('turns two letters into % per typo, keeping the surface marker and escaping LIKE characters', () => {
      expect(typoPatterns('>abc', 1)).toEqual([
        { like: '>%c', prefix: '>', suffix: 'c' },
        { like: '>a%', prefix: '>a', suffix: '' },
        { like: '>ab%', prefix: '>ab', suffix: '' },
        { like: '>abc%', prefix: '>abc', suffix: '' },
      ]);
      expect(typoPatterns('a_b%', 1).map(({ like }) => like)).toEqual(['%b\\%', 'a%\\%', 'a\\_%', 'a\\_b%', 'a\\_b\\%%']);
      expect(typoPatterns('abcdefgh', 2)).toContainEqual({ like: 'ab%e%h', prefix: 'ab', suffix: 'h' });
      // Windows that touch make one wider window; the narrower ones it covers are left out.
      expect(typoPatterns('abcdefgh', 2).map(({ like }) => like)).toContain('ab%gh');
      expect(typoPatterns('abcdefgh', 2).map(({ like }) => like)).not.toContain('ab%efgh');
      // A word two typos away is rejected by every pattern of one typo; a transposition is kept.
      const oneTypo = (word: string) => typoPatterns('renovation', 1).some(({ like }) => likeToRegExp(like).test(word));
      expect([oneTypo('renovated'), oneTypo('renovatoin')]).toEqual([false, true]);
    });
  });

  describe('tsquery text', () => {
    it('quotes lexemes, escaping quotes and backslashes, and ORs the forms of one word', () => {
      expect(tsLexeme("l'eau\\x")).toBe("'l''eau\\\\x'");
      expect(groupTsQuery(['renov', 'renov', 'школ'])).toBe("('renov' | 'школ')");
    });
  });

  describe('rows', () => {
    it('chooses the configuration by the primary language subtag, simple for languages it does not stem', () => {
      expect(['en', 'fr-CA', 'RU', 'pt-BR', 'kk'].map(searchConfigOf)).toEqual(['sce_english', 'sce_french', 'sce_russian', 'simple', 'simple']);
    });
    it('writes folded words, costs in EUR and the period; a removal is a tombstone with no text', () => {
      const document = aSearchDocument({ title: 'École Rénovée', summary: 'Зелёный', city: "L'Haÿ", cost: aCost(1_000, 'USD') });
      const row = rowOf(aWrite(document, 3));
      expect(row).toMatchObject({ revision: 3, search_config: 'sce_english', title: 'ecole renovee', summary_city: 'зеленый l hay', cost_eur: 924, has_parts: false });
      const tombstone = rowOf({ key: { caseStudyId: document.caseStudyId, variant: 'PUBLISHED' }, revision: 4, document: null });
      expect(tombstone).toMatchObject({ revision: 4, document: null, title: '', body: '', sectors: null });
    });
    it('puts a body longer than one tsvector may hold in parts, each within the limit, every word kept in order', () => {
      const body = Array.from({ length: 120_000 }, (_, i) => `word${i}`).join(' ');
      const write = aWrite(aSearchDocument({ body }));
      expect(rowOf(write)).toMatchObject({ has_parts: true, body: '' });
      const parts = bodyPartsOf(write);
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(PART_BYTES);
      expect(parts.map((part) => part.text).join(' ')).toBe(body);
      expect(bodyPartsOf(aWrite(aSearchDocument({ body: 'short' })))).toEqual([]);
    });
  });

  describe('filters', () => {
    it('passes every value as a parameter, never in the SQL text', () => {
      const parameters = new SqlParameters();
      const conditions = filterConditions(
        { variants: ['PUBLISHED'], excludeCaseStudyIds: ["x'); DROP TABLE t; --"], filter: { countries: ["FR' OR 1=1"], sectors: ['ENERGY'], years: { from: 2018 }, cost: { max: 1000, currency: 'USD' } } },
        parameters,
      );
      expect(conditions.join(' ')).not.toMatch(/DROP|OR 1=1|ENERGY|2018/);
      expect(parameters.values).toEqual([['PUBLISHED'], ["x'); DROP TABLE t; --"], ['ENERGY'], ["FR' OR 1=1"], 2018, 924]);
    });
    it('matches nothing for a cost currency without a rate, as every adapter does', () => {
      expect(filterConditions({ variants: ['PUBLISHED'], filter: { cost: { min: 1, currency: 'XXX' } } }, new SqlParameters())).toContain('false');
    });
  });
});

/** A LIKE pattern (backslash escapes) as an anchored regular expression, to check patterns without a database. */
function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}
