import type { DataSource, EntityManager } from 'typeorm';
import type {
  CaseStudyFacetCounts,
  CaseStudySearchDocument,
  CaseStudySearchHit,
  CaseStudySearchIndex,
  CaseStudySearchKey,
  CaseStudySearchQuery,
  CaseStudySearchResult,
  CaseStudySearchWrite,
} from '../../case-study-search.port';
import { laterWrite, replaces } from '../../case-study-search.port';
import { allowedTypos, analyseQuery, typoDistance, type QueryWord } from '../../text-analysis';
import { highlightsOf, type MatchedForms } from './postgres-highlights';
import {
  analyseDocument,
  bodyPartsOf,
  documentWords,
  facetSql,
  filterConditions,
  groupTsQuery,
  orderBy,
  rowOf,
  SEARCH_CONFIGS,
  SEARCH_ROW_COLUMNS,
  SqlParameters,
  SURFACE,
  surfaceTermsOf,
  type AnalysedDocument,
  type SearchConfig,
} from './postgres-search-sql';

const INSUFFICIENT_PRIVILEGE = '42501';
/** The GIN indexes of the engine's tables (see createSearchTables), by suffix. */
const GIN_INDEXES = ['terms', 'written', 'sectors', 'sdg_targets', 'organisation_ids', 'organisation_types', 'kpi_codes', 'document_parts_terms', 'terms_trigram'];
// ts_rank weights for D (body), C (narrative), B (summary, city), A (title).
const RANK_WEIGHTS = `'{0.1, 0.2, 0.4, 1.0}'::float4[]`;
const MAX_LIMIT = 1000;
/** The written words the last query word stands for as a prefix, most frequent first (Meilisearch caps them too). */
const MAX_PREFIX_EXPANSIONS = 50;
/** Query words' stems remembered per configuration; past this the memory starts again empty (bounded memory). */
const MAX_REMEMBERED_STEMS = 50_000;

/**
 * The server profile's engine: PostgreSQL full text in the read-model database, shared by every API instance.
 * Stems come from the english/french/russian configuration chosen by the document's language; typos are
 * corrected against a counted vocabulary of written words and stems (trigram index, then Meilisearch's exact
 * rule) before the tsquery is built from stems, so stemming and typo tolerance combine, which PostgreSQL does
 * not do on its own.
 */
export class PostgresCaseStudySearchIndex implements CaseStudySearchIndex {
  readonly engine = 'postgres';
  /**
   * PostgreSQL's stems of the query words seen, by configuration and word: a query asks for them only for words
   * it has not seen before (they never change: the configurations are the migration's).
   */
  private readonly stems = new Map<SearchConfig, Map<string, string | readonly string[]>>(SEARCH_CONFIGS.map((config) => [config, new Map()]));
  private rememberedStems = 0;
  private mergesPendingLists = true;

  /** Works on a read-model DataSource whose migrations include CreatePostgresCaseStudySearch. */
  private readonly tables: SearchTables;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: {
      onClose?: () => Promise<void>;
      /** Whose tables (createSearchTables): 'case_study_search' (default) or another store's, such as 'guideline_search'. */
      tablePrefix?: string;
    } = {},
  ) {
    if (dataSource.options.type !== 'postgres') throw new Error(`The PostgreSQL search index needs a PostgreSQL data source, not ${dataSource.options.type}`);
    this.tables = searchTables(options.tablePrefix ?? 'case_study_search');
  }

  async apply(writes: readonly CaseStudySearchWrite[]): Promise<void> {
    // The newest write per key: a batch may hold several writes of one case study.
    const newest = new Map<string, CaseStudySearchWrite>();
    for (const write of writes) {
      const id = keyId(write.key);
      newest.set(id, laterWrite(newest.get(id), write));
    }
    if (newest.size === 0) return;
    const batch = [...newest.values()].sort((a, b) => compareKeys(a.key, b.key));
    const analysed = new Map<CaseStudySearchWrite, AnalysedDocument>();
    for (const write of batch) if (write.document) analysed.set(write, analyseDocument(write.document));
    const wrote = await this.dataSource.transaction(async (manager): Promise<boolean> => {
      // Lock the keys (in key order: no deadlock with another writer) and read what they hold: the vocabulary
      // counts of a replaced or removed document's terms go down.
      const stored: StoredRow[] = await manager.query(
        `SELECT d.case_study_id, d.variant, d.revision, d.document,
                CASE WHEN d.has_parts
                  THEN (SELECT array_agg(DISTINCT t.term) FROM (SELECT d.terms UNION ALL SELECT p.terms FROM ${this.tables.parts} p WHERE p.case_study_id = d.case_study_id AND p.variant = d.variant) v
                          CROSS JOIN LATERAL unnest(tsvector_to_array(v.terms)) AS t(term))
                  ELSE tsvector_to_array(d.terms) END AS lexemes
           FROM ${this.tables.documents} d JOIN unnest($1::text[], $2::text[]) AS k(case_study_id, variant) USING (case_study_id, variant)
          ORDER BY d.case_study_id, d.variant FOR UPDATE OF d`,
        [batch.map((write) => write.key.caseStudyId), batch.map((write) => write.key.variant)],
      );
      const before = new Map(stored.map((row) => [keyId(keyOf(row)), row]));
      const newer = batch.filter((write) => {
        const row = before.get(keyId(write.key));
        return replaces(write, row ? Number(row.revision) : undefined);
      });
      if (newer.length === 0) return false;
      // The revision guard is in the statement too: with the keys locked above, it only meets a key another writer
      // inserted meanwhile, and then a write at the same revision (a refresh, or the same text) may replace it.
      const written: { case_study_id: string; variant: string; lexemes: string[] | null }[] = await manager.query(
        `INSERT INTO ${this.tables.documents} AS stored (case_study_id, variant, revision, document, search_config, terms, head_terms, title_terms, has_parts, written, language, country, region,
            sectors, sdg_targets, organisation_ids, organisation_types, partnership_id, kpi_codes, city_size, income_level, year_from, year_to, cost_eur, published_at)
         SELECT r.case_study_id, r.variant, r.revision, r.document, r.search_config,
                h.head || setweight(to_tsvector(r.search_config::regconfig, r.body), 'D'), h.head, h.title,
                r.has_parts, CASE WHEN r.written IS NULL THEN NULL ELSE array_to_tsvector(r.written) END, r.language, r.country, r.region, r.sectors, r.sdg_targets, r.organisation_ids, r.organisation_types, r.partnership_id,
                r.kpi_codes, r.city_size, r.income_level, r.year_from, r.year_to, r.cost_eur, r.published_at
           FROM jsonb_to_recordset($1::jsonb) AS r(${SEARCH_ROW_COLUMNS})
           -- Each field stemmed once: the title alone, the head (title, summary and city, narrative), all.
           LEFT JOIN LATERAL (
             SELECT t.title, t.title || setweight(to_tsvector(r.search_config::regconfig, r.summary_city), 'B')
                                     || setweight(to_tsvector(r.search_config::regconfig, r.narrative), 'C') AS head
               FROM (SELECT setweight(to_tsvector(r.search_config::regconfig, r.title), 'A') AS title) t
              WHERE r.document IS NOT NULL
           ) h ON true
         ON CONFLICT (case_study_id, variant) DO UPDATE SET
           revision = excluded.revision, document = excluded.document, search_config = excluded.search_config, terms = excluded.terms, head_terms = excluded.head_terms,
           title_terms = excluded.title_terms, has_parts = excluded.has_parts, written = excluded.written, language = excluded.language, country = excluded.country,
           region = excluded.region, sectors = excluded.sectors, sdg_targets = excluded.sdg_targets, organisation_ids = excluded.organisation_ids,
           organisation_types = excluded.organisation_types, partnership_id = excluded.partnership_id, kpi_codes = excluded.kpi_codes,
           city_size = excluded.city_size, income_level = excluded.income_level, year_from = excluded.year_from, year_to = excluded.year_to,
           cost_eur = excluded.cost_eur, published_at = excluded.published_at
         WHERE stored.revision <= excluded.revision
         RETURNING case_study_id, variant, tsvector_to_array(terms) AS lexemes`,
        [JSON.stringify(newer.map((write) => rowOf(write, analysed.get(write))))],
      );
      const newLexemes = new Map(written.map((row) => [keyId(keyOf(row)), row.lexemes ?? []]));
      const writtenIds = new Set(written.map((row) => keyId(keyOf(row))));
      const rewritten = newer.filter((write) => writtenIds.has(keyId(write.key)));
      // Only a stored document can have parts to replace.
      const replaced = rewritten.filter((write) => before.has(keyId(write.key)));
      if (replaced.length > 0) {
        await manager.query(`DELETE FROM ${this.tables.parts} p USING unnest($1::text[], $2::text[]) AS k(case_study_id, variant) WHERE p.case_study_id = k.case_study_id AND p.variant = k.variant`, [
          replaced.map((write) => write.key.caseStudyId),
          replaced.map((write) => write.key.variant),
        ]);
      }
      const partLexemes = new Map<string, string[]>();
      for (const part of rewritten.flatMap((write) => bodyPartsOf(write, analysed.get(write)))) {
        // One part per statement: a long body is megabytes of parameters.
        const [row]: { lexemes: string[] }[] = await manager.query(
          `INSERT INTO ${this.tables.parts} (case_study_id, variant, part, terms) VALUES ($1, $2, $3, to_tsvector($4::regconfig, $5)) RETURNING tsvector_to_array(terms) AS lexemes`,
          [part.case_study_id, part.variant, part.part, part.search_config, part.text],
        );
        const id = keyId({ caseStudyId: part.case_study_id, variant: part.variant as CaseStudySearchKey['variant'] });
        partLexemes.set(id, [...(partLexemes.get(id) ?? []), ...row.lexemes]);
      }
      // Vocabulary counts, once per document: a term in the title and in two parts of the body is one document.
      const deltas = new Map<string, number>();
      const count = (terms: Iterable<string>, delta: number) => {
        for (const term of terms) deltas.set(term, (deltas.get(term) ?? 0) + delta);
      };
      for (const write of rewritten) {
        const id = keyId(write.key);
        const old = before.get(id);
        if (old?.document) count(new Set([...(old.lexemes ?? []), ...surfaceTermsOf(documentWords(old.document))]), -1);
        const words = analysed.get(write);
        if (words) {
          const surface = new Set<string>();
          for (const field of [words.title, words.summaryCity, words.narrative, words.body]) for (const word of field) surface.add(word);
          // Lexemes and surface terms never collide (the marker), so only the part lexemes may repeat the row's.
          const lexemes = partLexemes.has(id) ? new Set([...(newLexemes.get(id) ?? []), ...partLexemes.get(id)!]) : (newLexemes.get(id) ?? []);
          count(lexemes, +1);
          for (const word of surface) deltas.set(SURFACE + word, (deltas.get(SURFACE + word) ?? 0) + 1);
        }
      }
      const changed = [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (changed.length === 0) return written.length > 0;
      await manager.query(
        `INSERT INTO ${this.tables.terms} AS t (term, documents) SELECT * FROM unnest($1::text[], $2::integer[])
         ON CONFLICT (term) DO UPDATE SET documents = t.documents + excluded.documents`,
        [changed.map(([term]) => term), changed.map(([, delta]) => delta)],
      );
      // A term leaves with the last document that held it: nothing of a removed document stays behind.
      const lowered = changed.filter(([, delta]) => delta < 0).map(([term]) => term);
      if (lowered.length > 0) await manager.query(`DELETE FROM ${this.tables.terms} WHERE term = ANY($1::text[]) AND documents <= 0`, [lowered]);
      return true;
    });
    // A GIN index takes new entries into a pending list that every search reads whole until it is merged in (at
    // 4 MB, or by autovacuum): 1.5 ms more per lookup after a few batches, 20 ms for the typo lookups. Merging it
    // after each batch costs the writer about what the next insert would have paid, and searches never see it.
    if (wrote && this.mergesPendingLists) {
      try {
        await this.dataSource.query(`SELECT ${GIN_INDEXES.map((index) => `gin_clean_pending_list('${this.tables.indexPrefix}${index}'::regclass)`).join(', ')}`);
      } catch (error) {
        // Only the indexes' owner may merge (as for VACUUM); a role that is not leaves it to autovacuum: the
        // writes are done, searches are only slower.
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
        this.mergesPendingLists = false;
      }
    }
  }

  /**
   * PostgreSQL's lexemes of each word in its configuration, from memory or, for the words not seen yet, asked
   * in one statement (then remembered, within MAX_REMEMBERED_STEMS).
   */
  private async stemsOf(runner: Pick<EntityManager, 'query'>, lists: readonly { config: SearchConfig; words: readonly string[] }[]): Promise<Map<SearchConfig, Map<string, readonly string[]>>> {
    const found = new Map<SearchConfig, Map<string, readonly string[]>>();
    const configs: SearchConfig[] = [];
    const unknown: string[] = [];
    for (const { config, words } of lists) {
      const known = this.stems.get(config)!;
      let mine = found.get(config);
      if (!mine) found.set(config, (mine = new Map()));
      for (const word of words) {
        if (mine.has(word)) continue;
        const lexemes = known.get(word);
        if (lexemes === undefined) {
          mine.set(word, []);
          configs.push(config);
          unknown.push(word);
        } else mine.set(word, typeof lexemes === 'string' ? [lexemes] : lexemes);
      }
    }
    if (unknown.length === 0) return found;
    const rows: { config: SearchConfig; word: string; lexemes: string[] }[] = await runner.query(
      `SELECT w.config, w.word, tsvector_to_array(to_tsvector(w.config::regconfig, w.word)) AS lexemes FROM unnest($1::text[], $2::text[]) AS w(config, word)`,
      [configs, unknown],
    );
    if (this.rememberedStems + rows.length > MAX_REMEMBERED_STEMS) {
      for (const known of this.stems.values()) known.clear();
      this.rememberedStems = 0;
    }
    for (const row of rows) {
      found.get(row.config)!.set(row.word, row.lexemes);
      this.stems.get(row.config)!.set(row.word, row.lexemes.length === 1 ? row.lexemes[0] : row.lexemes);
    }
    this.rememberedStems += rows.length;
    return found;
  }

  /** The lexemes of folded query words in every configuration a document may use (a query has no language). */
  private async queryStems(manager: EntityManager, words: readonly string[]): Promise<Map<string, string[]>> {
    const found = await this.stemsOf(manager, SEARCH_CONFIGS.map((config) => ({ config, words })));
    return new Map(words.map((word) => [word, [...new Set(SEARCH_CONFIGS.flatMap((config) => found.get(config)!.get(word)!))].sort()]));
  }

  async search(query: CaseStudySearchQuery): Promise<CaseStudySearchResult> {
    return this.dataSource.transaction((manager) => this.searchIn(manager, query));
  }

  /**
   * The tsquery search() matches a query's words with, stems and typo candidates found (undefined: no word to
   * match), for the benchmark's bare-engine comparison: PostgreSQL's own match, rank and count with the same query.
   */
  async matchingTsQueryFor(query: CaseStudySearchQuery): Promise<string | undefined> {
    const words = analyseQuery(query.text ?? '');
    if (words.length === 0) return undefined;
    return this.dataSource.transaction(async (manager) => {
      const groups = await wordGroups(manager, this.tables.terms, words, (list) => this.queryStems(manager, list));
      return groups.length > 0 ? matchingTsQuery(groups, query.matching ?? 'ALL') : undefined;
    });
  }

  private async searchIn(manager: EntityManager, query: CaseStudySearchQuery): Promise<CaseStudySearchResult> {
    if (!Number.isInteger(query.offset) || query.offset < 0) throw new RangeError(`offset must be a non-negative integer, not ${query.offset}`);
    if (!Number.isInteger(query.limit) || query.limit < 0 || query.limit > MAX_LIMIT) throw new RangeError(`limit must be an integer from 0 to ${MAX_LIMIT}, not ${query.limit}`);
    const facets = [...new Set(query.facets ?? [])];
    if (query.variants.length === 0 && !query.scopedVariant?.caseStudyIds.length) return { totalCount: 0, hits: [], facets: facets.map((facet) => ({ facet, values: [] })) };
    const words = analyseQuery(query.text ?? '');
    // JIT off: the statements' estimated costs pass jit_above_cost on a few thousand documents, and compiling one
    // took 1.5 s for a query that runs in 20 ms (measured at 20,000 documents). And when there is text to match:
    // the planner prices a tsvector match as cheap and scans a small table whole, detoasting every vector; the GIN
    // index is the right path. One statement, for this transaction only.
    // work_mem: a typo tier's rows are hashed (see tier below) when the planner expects them to fit; 16 MB (twice
    // that for hashing) holds the tiers of about 400,000 documents.
    await manager.query(`SELECT set_config('jit', 'off', true)${words.length > 0 ? `, set_config('enable_seqscan', 'off', true), set_config('work_mem', '16MB', true)` : ''}`);
    const groups = words.length > 0 ? await wordGroups(manager, this.tables.terms, words, (list) => this.queryStems(manager, list)) : [];
    const parameters = new SqlParameters();
    const conditions = filterConditions(query, parameters);
    let base = '0';
    let rank = '0';
    let found: string | undefined;
    const tierLookups: string[] = [];
    if (groups.length > 0) {
      const tsqueries = groups.map((group) => parameters.add(groupTsQuery(group.lexemes)));
      const anyWord = parameters.add(matchingTsQuery(groups, 'ANY'));
      // A word of a long body may be in any of its parts (rows of their own).
      const inParts = (q: string) => `EXISTS (SELECT 1 FROM ${this.tables.parts} p WHERE p.case_study_id = d.case_study_id AND p.variant = d.variant AND p.terms @@ ${q}::tsquery)`;
      const matches = (q: string) => `(d.terms @@ ${q}::tsquery OR (d.has_parts AND ${inParts(q)}))`;
      // Ranked by how many query words matched, then by how many matched in the title (title first), then by
      // ts_rank's field weights and term frequency over title, summary, city and narrative (below 1 with
      // normalisation 32). Not over the body: ranking every match would read every matched body (toasted,
      // compressed) in full; a body-only match ranks by date among its equals.
      const matchedWords = query.matching === 'ANY' ? tsqueries.map((q) => `${matches(q)}::int`).join(' + ') : String(groups.length);
      const inTitle = tsqueries.map((q) => `(d.title_terms @@ ${q}::tsquery)::int`).join(' + ');
      // Among documents matching all words, those matching them as typed (stems included) come first, then
      // those within one typo of each, then the rest (two typos, prefixes): Meilisearch ranks by typos before
      // the attribute. Each is one more GIN-only lookup.
      let tiers = '0';
      if (query.matching !== 'ANY') {
        // A tier's condition on a document x, every query word in it.
        const tier = (name: string, condition: string) => {
          // The tier's rows by their physical address (ctid: one statement, one snapshot), asked per match in a
          // hashed subplan: an IN over a CTE of tids is hashed whenever its estimate fits in work_mem (raised for
          // search above). It replaced a jsonb object of text keys, which cost a string and a lookup per row to build
          // and to ask (same answers to the bench's 1,000 queries at 100,000 documents; p95 175-185 -> 158-162 ms).
          // An EXISTS per match was hashed or not by the planner's estimate of the matches (a query of several words
          // is estimated at one row: a scan of every key per match, 2,305 matches 1.1 s); a LEFT JOIN on the tids was
          // planned as a nested loop under the same low estimates (seconds per query).
          tierLookups.push(`${name} AS MATERIALIZED (SELECT x.ctid AS row_id FROM ${this.tables.documents} x WHERE ${condition})`);
          return `(d.row_id IN (SELECT t.row_id FROM ${name} t))::int`;
        };
        const asTyped = `x.terms @@ ${parameters.add(groups.map((group) => groupTsQuery(group.exact)).join(' & '))}::tsquery`;
        // Within one typo: each word as typed (any form of it), or a word the document holds as written one
        // typo away. Not by stems: another form of the corrected word is further from what was typed.
        const oneTypo = groups
          .map((group) => `(x.terms @@ ${parameters.add(groupTsQuery(group.exact))}::tsquery OR x.written @@ ${parameters.add(groupTsQuery(group.nearWritten))}::tsquery)`)
          .join(' AND ');
        tiers = `4 * ${tier('as_typed', asTyped)} + 4 * ${tier('one_typo', oneTypo)}`;
      }
      // The integer part of the score, for every match; ts_rank (below 1) only for the matches that can reach
      // the page (candidates below).
      base = `(10 * (${matchedWords}) + ${tiers} + 2 * (${inTitle}))`;
      rank = `ts_rank(${RANK_WEIGHTS}, d.head_terms, ${anyWord}::tsquery, 32)`;
      // The whole query against the one tsvector (GIN alone, no row read), and word by word for a body in parts.
      // Apart from the filters and the row's other columns: beside them, the planner read every document by a
      // filter's b-tree (the variant's) and tested each one's vector (19,504 of 20,000 rejected, 280 ms).
      const whole = query.matching === 'ANY' ? anyWord : parameters.add(matchingTsQuery(groups, 'ALL'));
      const everyWord = query.matching === 'ANY' ? matches(anyWord) : tsqueries.map(matches).join(' AND ');
      // The matching rows themselves, read once by the GIN scan (looking every match up again by its key was most
      // of a common word's time: 54,606 lookups for "projets" at 100,000 documents). A document with body parts
      // that the whole vector does not match comes through its parts; OFFSET 0 keeps the filters outside, so the
      // planner does not trade the GIN scan for a filter's b-tree.
      found = `(SELECT d.ctid AS row_id, d.* FROM ${this.tables.documents} d WHERE d.terms @@ ${whole}::tsquery OFFSET 0)
               UNION ALL
               (SELECT d.ctid AS row_id, d.* FROM ${this.tables.documents} d WHERE d.has_parts AND ${everyWord} AND (d.terms @@ ${whole}::tsquery) IS NOT TRUE OFFSET 0)`;
    }
    // The rows that can be on the page. By relevance: the score is the integer base plus a rank below 1, so a
    // row whose base is below the base of the (offset + limit)-th best cannot be; only the others are ranked
    // (ts_rank reads each row's head vector again: every match's was most of a broad query's time). By another
    // order: the page's rows by it (their score is still given).
    const reach = parameters.add(Math.max(1, query.offset + query.limit));
    const relevance = (query.sort ?? 'RELEVANCE') === 'RELEVANCE';
    // The head vector of each candidate for ts_rank, by its key (a lateral lookup: as a join, the planner hashed
    // every document, 40,000 rows read for 34 candidates).
    const withHead =
      rank === '0' ? '' : ` CROSS JOIN LATERAL (SELECT x.head_terms FROM ${this.tables.documents} x WHERE x.case_study_id = m.case_study_id AND x.variant = m.variant OFFSET 0) d`;
    const candidateRows = relevance
      ? `matched m${withHead} WHERE m.base >= coalesce((SELECT b.base FROM matched b ORDER BY b.base DESC OFFSET ${reach}::integer - 1 LIMIT 1), -2147483648)`
      : `(SELECT * FROM matched m ORDER BY ${orderBy(query.sort)} LIMIT ${reach}::integer) m${withHead}`;
    const sql = `
      WITH ${tierLookups.map((lookup) => `${lookup},`).join('\n        ')} matched AS MATERIALIZED (
        SELECT d.case_study_id, d.variant, d.published_at, d.cost_eur, ${base}::int AS base,
               d.sectors, d.country, d.region, d.language, d.sdg_targets, d.organisation_types, d.city_size, d.income_level
          FROM ${
            found
              ? `(${found}) d`
              : `${this.tables.documents} d`
          }
         WHERE ${conditions.join('\n             AND ')}
      ), candidates AS (
        SELECT m.case_study_id, m.variant, m.published_at, m.cost_eur, (m.base + ${rank})::float8 AS score
          FROM ${candidateRows}
      ), page AS (
        SELECT m.case_study_id, m.variant, m.score, row_number() OVER (ORDER BY ${orderBy(query.sort)}) AS ordinal
          FROM candidates m ORDER BY ${orderBy(query.sort)} LIMIT ${parameters.add(query.limit)}::integer OFFSET ${parameters.add(query.offset)}::integer
      )
      SELECT (SELECT count(*)::int FROM matched) AS total,
             (SELECT coalesce(json_agg(json_build_object('caseStudyId', p.case_study_id, 'variant', p.variant, 'score', p.score${
               groups.length > 0 ? `, 'text', json_build_object('language', d.language, 'title', d.document->'title', 'summary', d.document->'summary', 'city', d.document->'city', 'narrative', d.document->'narrative', 'body', d.document->'body')` : ''
             }) ORDER BY p.ordinal), '[]'::json)
                FROM page p JOIN ${this.tables.documents} d USING (case_study_id, variant)) AS hits
             ${facets.map((facet, i) => `, ${facetSql(facet)} AS facet_${i}`).join('')}`;
    const [row] = await manager.query(sql, parameters.values);
    const forms = matchedForms(groups);
    const hits: CaseStudySearchHit[] = (row.hits as HitRow[]).map((hit) => ({
      caseStudyId: hit.caseStudyId,
      variant: hit.variant,
      score: hit.score,
      highlights: hit.text ? highlightsOf(hit.text, forms) : [],
    }));
    const facetCounts: CaseStudyFacetCounts[] = facets.map((facet, i) => ({ facet, values: row[`facet_${i}`] }));
    return { totalCount: row.total, hits, facets: facetCounts };
  }

  async get(key: CaseStudySearchKey): Promise<CaseStudySearchDocument | undefined> {
    const rows: { document: CaseStudySearchDocument }[] = await this.dataSource.query(
      `SELECT document FROM ${this.tables.documents} WHERE case_study_id = $1 AND variant = $2 AND document IS NOT NULL`,
      [key.caseStudyId, key.variant],
    );
    return rows[0]?.document;
  }

  async clear(): Promise<void> {
    // TRUNCATE gives the tables new files: no removed text lingers in dead rows until a vacuum.
    await this.dataSource.query(`TRUNCATE ${this.tables.parts}, ${this.tables.documents}, ${this.tables.terms}`);
  }

  /**
   * Whether any live row of the engine's tables holds `text` (the erasure tests). Rows a removal replaced stay
   * in the table files until (auto)vacuum reclaims them; clear() truncates, which leaves none.
   */
  async storageContains(text: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM ${this.tables.documents} x WHERE strpos(x::text, $1) > 0)
           OR EXISTS (SELECT 1 FROM ${this.tables.parts} x WHERE strpos(x::text, $1) > 0)
           OR EXISTS (SELECT 1 FROM ${this.tables.terms} x WHERE strpos(x::text, $1) > 0) AS found`,
      [text],
    );
    return row.found;
  }

  async close(): Promise<void> {
    await this.options.onClose?.();
  }
}

/** The table and index names of one store (createSearchTables). */
interface SearchTables {
  documents: string;
  parts: string;
  terms: string;
  indexPrefix: string;
}

function searchTables(prefix: string): SearchTables {
  // Names go into SQL text: only a plain identifier.
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`Not a search table prefix: ${prefix}`);
  return { documents: `${prefix}_documents`, parts: `${prefix}_document_parts`, terms: `${prefix}_terms`, indexPrefix: `idx_${prefix}_` };
}

interface StoredRow {
  case_study_id: string;
  variant: string;
  revision: string;
  document: CaseStudySearchDocument | null;
  lexemes: string[] | null;
}

interface HitRow {
  caseStudyId: string;
  variant: CaseStudySearchKey['variant'];
  score: number;
  text?: Pick<CaseStudySearchDocument, 'language' | 'title' | 'summary' | 'city' | 'narrative' | 'body'>;
}

const keyOf = (row: { case_study_id: string; variant: string }): CaseStudySearchKey => ({ caseStudyId: row.case_study_id, variant: row.variant as CaseStudySearchKey['variant'] });
const keyId = (key: CaseStudySearchKey) => `${key.variant}\u0000${key.caseStudyId}`;
const compareKeys = (a: CaseStudySearchKey, b: CaseStudySearchKey) =>
  a.caseStudyId < b.caseStudyId ? -1 : a.caseStudyId > b.caseStudyId ? 1 : a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0;

/** What one query word matches: stems (the tsquery), and the written words it reached (the highlights). */
interface WordGroup {
  lexemes: string[];
  /** The stems of the word as typed; the words as written one typo away at most, the word itself included (ranking, as Meilisearch's typo rule). */
  exact: string[];
  nearWritten: string[];
  surface: string[];
  prefix?: string;
}

/** Every query word (ALL) or any (ANY), each as any of its stems and typo candidates. */
function matchingTsQuery(groups: readonly WordGroup[], matching: 'ALL' | 'ANY'): string {
  return groups.map((group) => groupTsQuery(group.lexemes)).join(matching === 'ANY' ? ' | ' : ' & ');
}

/**
 * The stems each query word matches with: its own in every configuration; those of the written words within
 * Meilisearch's typo budget of it and, for the last word, of the written words it begins (most frequent first);
 * and the indexed stems within the budget of its stems, so an inflected form with a typo still meets its stem
 * ('shcool' -> 'school', which 'schools' was indexed as).
 */
async function wordGroups(manager: EntityManager, terms: string, words: QueryWord[], stemWords: (words: string[]) => Promise<Map<string, string[]>>): Promise<WordGroup[]> {
  const stemsOf = await stemWords([...new Set(words.map((word) => word.word))]);
  // What to look up in the vocabulary, with the typo budget of each form.
  const budgets = new Map<string, number>();
  const want = (form: string, budget: number) => {
    if (budget > 0) budgets.set(form, Math.max(budgets.get(form) ?? 0, budget));
  };
  for (const word of words) {
    want(SURFACE + word.word, word.typos);
    for (const stem of stemsOf.get(word.word) ?? []) want(stem, Math.min(word.typos, allowedTypos(stem)));
  }
  const corrections = await typoCorrections(manager, terms, budgets);
  const last = words.at(-1)!;
  const expansions: { term: string }[] = await manager.query(
    `SELECT term FROM ${terms} WHERE term LIKE $1 ORDER BY documents DESC, term LIMIT ${MAX_PREFIX_EXPANSIONS}`,
    [`${SURFACE}${last.word.replace(/[\\%_]/g, '\\$&')}%`],
  );
  const prefixWords = expansions.map((row) => row.term.slice(SURFACE.length));
  const surfaceOf = (word: QueryWord) => (corrections.get(SURFACE + word.word) ?? []).map((term) => term.slice(SURFACE.length));
  const reached = new Set(words.flatMap(surfaceOf).concat(prefixWords));
  for (const word of words) reached.delete(word.word);
  for (const [word, stems] of await stemWords([...reached])) stemsOf.set(word, stems);
  return words.map((word) => {
    const stems = stemsOf.get(word.word) ?? [];
    const surface = [word.word, ...surfaceOf(word), ...(word.prefix ? prefixWords : [])];
    const oneTypo = (form: string) => (corrections.get(form) ?? []).filter((term) => typoDistance(form, term, 1) <= 1);
    const nearWritten = oneTypo(SURFACE + word.word).map((term) => term.slice(SURFACE.length));
    return {
      lexemes: [...new Set([...surface.flatMap((written) => stemsOf.get(written) ?? []), ...stems.flatMap((stem) => corrections.get(stem) ?? [])])],
      exact: stems,
      nearWritten: [...new Set([word.word, ...nearWritten])],
      surface,
      prefix: word.prefix ? word.word : undefined,
    };
  });
}


/**
 * Vocabulary terms within each form's typo budget: surface forms reach written words, stems reach stems. The
 * typo patterns of a form (typoPatterns) are looked up together, by the piece of the form each keeps whole
 * (typoLookupsOf): a range of the (length, term) index for its first letters, one of the (length, reversed term)
 * index for its last letters, and trigram lookups for the patterns keeping the middle. So a form is a handful of
 * lookups where it was one per pattern start (a range per prefix and per suffix, the short ones reading
 * thousands of rows: 40 to 100 lookups for a query of three words, two thirds of its time at 5,000 documents).
 * The rows found are filtered by Levenshtein distance (fuzzystrmatch), and the exact rule is checked here.
 */
async function typoCorrections(manager: EntityManager, terms: string, budgets: Map<string, number>): Promise<Map<string, string[]>> {
  const corrections = new Map<string, string[]>();
  if (budgets.size === 0) return corrections;
  const byPrefix: { form: string; budget: number; prefix: string; lengths: string }[] = [];
  const bySuffix: { form: string; budget: number; reversedSuffix: string; lengths: string }[] = [];
  const byTrigrams: { form: string; budget: number; lengths: string; anchors: string[] }[] = [];
  for (const [form, budget] of budgets) {
    const length = [...form].length;
    const lengths = `{${Array.from({ length: 2 * budget + 1 }, (_, i) => length - budget + i).join(',')}}`;
    const { prefix, suffix, trigrams } = typoLookupsOf(form, budget);
    if (prefix) byPrefix.push({ form, budget, prefix: prefix.prefix, lengths });
    if (suffix) bySuffix.push({ form, budget, reversedSuffix: [...suffix.suffix].reverse().join(''), lengths });
    if (trigrams) byTrigrams.push({ form, budget, lengths, anchors: trigrams.anchors });
  }
  const parameters = new SqlParameters();
  const branches: string[] = [];
  // Each lookup its own branch, its values parameters the planner sees (it plans the statement with them): a
  // range of the index that fits, or the trigram anchors (the length then only a filter, + 0: as an index
  // condition it made the planner AND in every term of those lengths). The rows found are filtered by
  // Levenshtein distance, which counts a transposition as two edits: within twice the budget (a superset).
  const near = (form: string, budget: number) => `levenshtein_less_equal(term, ${parameters.add(form)}::text, ${2 * budget}) <= ${2 * budget}`;
  for (const { form, budget, prefix, lengths } of byPrefix) {
    branches.push(
      `SELECT ${parameters.add(form)}::text AS form, term FROM ${terms} WHERE char_length(term) = ANY(${parameters.add(lengths)}::int[]) AND term >= ${parameters.add(prefix)}::text AND term < ${parameters.add(prefix + MAX_CHARACTER)}::text AND ${near(form, budget)}`,
    );
  }
  for (const { form, budget, reversedSuffix, lengths } of bySuffix) {
    branches.push(
      `SELECT ${parameters.add(form)}::text AS form, term FROM ${terms} WHERE char_length(term) = ANY(${parameters.add(lengths)}::int[]) AND reverse(term) >= ${parameters.add(reversedSuffix)}::text AND reverse(term) < ${parameters.add(reversedSuffix + MAX_CHARACTER)}::text AND ${near(form, budget)}`,
    );
  }
  for (const { form, budget, lengths, anchors } of byTrigrams) {
    branches.push(
      `SELECT ${parameters.add(form)}::text AS form, term FROM ${terms} WHERE term LIKE ANY(${parameters.add(anchors)}::text[]) AND char_length(term) + 0 = ANY(${parameters.add(lengths)}::int[]) AND ${near(form, budget)}`,
    );
  }
  const rows: { form: string; term: string }[] = await manager.query(branches.join('\n       UNION\n'), parameters.values);
  for (const { form, term } of rows) {
    if (form.startsWith(SURFACE) !== term.startsWith(SURFACE) || term === form) continue;
    const budget = budgets.get(form)!;
    if (typoDistance(form, term, budget) <= budget) corrections.set(form, [...(corrections.get(form) ?? []), term]);
  }
  return corrections;
}

/** How the typo patterns of one form are looked up (see typoCorrections). */
export interface TypoLookups {
  /** One range of terms beginning with `prefix` (the marker included), filtered by `likes`. */
  prefix?: { prefix: string; likes: string[] };
  /** One range of terms ending with `suffix`, filtered by `likes`. */
  suffix?: { suffix: string; likes: string[] };
  /** Terms matching any of `anchors` (trigram index), filtered by `likes`. */
  trigrams?: { anchors: string[]; likes: string[] };
}

/**
 * The lookups of one form's typo patterns, by pigeonhole: the form's letters, but for one between each two, are
 * cut into budget + 1 pieces; a typo (a window of two letters) touches one piece at most, so every pattern keeps
 * one piece whole. Those keeping the first piece are one range of terms beginning with it, those keeping the
 * last one a range of terms ending with it, and, with two typos, those keeping the middle one are the terms
 * holding it (trigram index). Each lookup's rows are filtered by its own patterns only. A form too short for
 * pieces of 2 letters (3 in the middle) is looked up by its patterns through the trigram index.
 */
export function typoLookupsOf(form: string, budget: number): TypoLookups {
  const marker = form.startsWith(SURFACE) ? SURFACE : '';
  const letters = [...form.slice(marker.length)];
  const kept = letters.length - budget;
  const first = budget === 1 ? Math.ceil(kept / 2) : Math.floor(kept / 3);
  const last = budget === 1 ? kept - first : first;
  const middle = kept - first - last;
  if (budget < 1 || budget > 2 || first < 2 || last < 2 || (budget === 2 && middle < ANCHOR_LETTERS)) {
    const likes = typoPatterns(form, budget).map((pattern) => pattern.like);
    return likes.length > 0 ? { trigrams: { anchors: likes, likes } } : {};
  }
  const lookups: TypoLookups = {};
  const add = <K extends keyof TypoLookups>(key: K, make: () => NonNullable<TypoLookups[K]>, like: string) => {
    (lookups[key] ??= make()).likes.push(like);
  };
  const anchors = new Set<string>();
  for (const { pattern, starts } of windowedPatterns(form, budget)) {
    if ([...pattern.prefix].length - marker.length >= first) add('prefix', () => ({ prefix: marker + letters.slice(0, first).join(''), likes: [] }), pattern.like);
    else if ([...pattern.suffix].length >= last) add('suffix', () => ({ suffix: letters.slice(letters.length - last).join(''), likes: [] }), pattern.like);
    else {
      // Its first window is in the first piece (or the letter after it), its second after the middle piece: it
      // keeps the letters from its first window to the letter before the last piece, the middle piece and more.
      // One anchor per start of the first window (the middle piece alone, 3 or 4 letters, is too common a run:
      // 20,000 terms at 5,000 documents for 'ton').
      add('trigrams', () => ({ anchors: [], likes: [] }), pattern.like);
      anchors.add(`%${likeEscape(letters.slice(Math.min(...starts) + 2, letters.length - last - 1).join(''))}%`);
    }
  }
  if (lookups.trigrams) lookups.trigrams.anchors = [...anchors];
  return lookups;
}

/** Letters a pattern must keep at its start (or end) to be looked up as a range of a b-tree index. */
const ANCHOR_LETTERS = 3;
/** The last character there is (as chr(1114111)): a prefix range ends before the prefix followed by it. */
const MAX_CHARACTER = String.fromCodePoint(0x10ffff);

const likeEscape = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export interface TypoPattern {
  /** The LIKE pattern (backslash escapes). */
  like: string;
  /** What it keeps before its first % (the marker included) and after its last, as written. */
  prefix: string;
  suffix: string;
}

/**
 * LIKE patterns that every term within `budget` typos of `form` matches (a superset: the exact rule is checked
 * after). Each typo (substitution, insertion, deletion, transposition) changes at most two neighbouring letters
 * of the form, so the form with a window of two letters turned into % per typo covers it, wherever it is. A
 * surface form's marker stays literal: it is never edited.
 */
export function typoPatterns(form: string, budget: number): TypoPattern[] {
  return windowedPatterns(form, budget).map(({ pattern }) => pattern);
}

/** typoPatterns, each with the starts of its windows (letter positions; the last letter's + 1 is the end). */
function windowedPatterns(form: string, budget: number): { pattern: TypoPattern; starts: number[] }[] {
  const marker = form.startsWith(SURFACE) ? SURFACE : '';
  const letters = [...form.slice(marker.length)];
  const n = letters.length;
  const patterns = new Map<string, { pattern: TypoPattern; starts: number[] }>();
  const windowed = (starts: number[]) => {
    let like = likeEscape(marker);
    let prefix: string | undefined;
    let suffix = '';
    let wild = false;
    for (let at = 0; at <= n; at++) {
      // Position n is the end: an insertion after the last letter.
      const open = starts.some((start) => at >= start && at < start + 2);
      if (open && !wild) {
        like += '%';
        prefix ??= marker + letters.slice(0, at).join('');
        suffix = '';
      } else if (!open && at < n) {
        like += likeEscape(letters[at]);
        suffix += letters[at];
      }
      wild = open;
    }
    if (wild) suffix = '';
    if (!patterns.has(like)) patterns.set(like, { pattern: { like, prefix: prefix ?? form, suffix }, starts });
  };
  for (let i = 0; i <= n; i++) {
    if (budget <= 1) windowed([i]);
    // A second window overlapping or touching the first only widens it: the widest of those (from i + 2, or the
    // end) covers the others, so they are left out (fewer lookups).
    else for (let j = Math.min(i + 2, n); j <= n; j++) windowed([i, j]);
  }
  return [...patterns.values()];
}

function matchedForms(groups: WordGroup[]): MatchedForms {
  return {
    surface: new Set(groups.flatMap((group) => group.surface)),
    prefixes: groups.flatMap((group) => (group.prefix ? [group.prefix] : [])),
    stems: new Set(groups.flatMap((group) => group.lexemes)),
  };
}
