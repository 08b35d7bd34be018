import { postgresTestUrl } from '@sce/event-sourcing/testing/postgres-test-database';
import { Client } from 'pg';
import { allowedTypos, typoDistance } from '../../text-analysis';
import { trigramThreshold } from './postgres-case-study-search';
import { SURFACE } from './postgres-search-sql';

// Typo candidates are first taken from the vocabulary by trigram similarity (the GIN index), then checked by
// the exact rule. The threshold must never leave out a word the exact rule accepts: checked here against
// PostgreSQL's own similarity() on words with every kind of typo, Latin and Cyrillic, repeated letters included.
describe('the trigram prefilter of typo corrections', () => {
  it('keeps every word within the typo budget of a query word', async () => {
    // A fixed sequence (not random per run): the same 10,000 cases every time.
    let seed = 42;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    const alphabets = ['abcdefghijklmnopqrstuvwxyz', 'абвгдежзийклмнопрстуфхцчшщъыьэюя', 'abc', 'ввба'];
    const cases: { query: string; word: string; threshold: number }[] = [];
    for (let i = 0; i < 10_000; i++) {
      const letters = alphabets[i % alphabets.length];
      const letter = () => letters[next(letters.length)];
      const word = Array.from({ length: 5 + next(12) }, letter).join('');
      let query = word;
      for (let typos = 1 + next(2); typos > 0; typos--) {
        const at = next(query.length);
        const kind = next(4);
        if (kind === 0) query = query.slice(0, at) + letter() + query.slice(at + 1);
        else if (kind === 1) query = query.slice(0, at) + letter() + query.slice(at);
        else if (kind === 2) query = query.slice(0, at) + query.slice(at + 1);
        else if (at + 1 < query.length) query = query.slice(0, at) + query[at + 1] + query[at] + query.slice(at + 2);
      }
      const budget = allowedTypos(query);
      if (budget > 0 && typoDistance(query, word, budget) <= budget) cases.push({ query, word, threshold: trigramThreshold(SURFACE + query, budget) });
    }
    expect(cases.length).toBeGreaterThan(5_000);
    const client = new Client({ connectionString: postgresTestUrl() });
    await client.connect();
    try {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('sce.search.extensions'))`);
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
      const { rows } = await client.query(
        `SELECT c.query, c.word, c.threshold, similarity(c.word, c.query) AS similarity
           FROM unnest($1::text[], $2::text[], $3::float8[]) AS c(query, word, threshold)
          WHERE NOT (similarity(c.word, c.query) >= c.threshold)`,
        [cases.map((c) => c.query), cases.map((c) => c.word), cases.map((c) => c.threshold)],
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
