import type { QueryRunner } from 'typeorm';

// The tables of one PostgreSQL search store, named by a prefix: case-study search ('case_study_search') and
// guideline search ('guideline_search') each keep their own. Migration SQL is frozen: a migration that ran
// must produce the same statements forever, so this only ever gains options with defaults that keep them;
// a change of layout is a new migration. Column names are the case-study engine's (case_study_id holds a
// guideline's id in the guideline store): the one adapter reads both.
export async function createSearchTables(queryRunner: QueryRunner, prefix: string): Promise<void> {
  // One row per document key. A row with document NULL is a tombstone: it keeps the revision of the removal
  // so a late replay of an older write never brings the document back.
  await queryRunner.query(`
      CREATE TABLE ${prefix}_documents (
        case_study_id text NOT NULL,
        variant varchar(16) NOT NULL,
        revision bigint NOT NULL,
        document jsonb,
        search_config varchar(16),
        terms tsvector,
        head_terms tsvector,
        title_terms tsvector,
        has_parts boolean NOT NULL DEFAULT false,
        language varchar(35),
        country varchar(2),
        region varchar(40),
        sectors text[],
        sdg_targets text[],
        organisation_ids text[],
        organisation_types text[],
        partnership_id text,
        kpi_codes text[],
        city_size varchar(40),
        income_level varchar(40),
        year_from integer,
        year_to integer,
        cost_eur double precision,
        published_at timestamptz,
        PRIMARY KEY (case_study_id, variant)
      )`);
  const indexes: Array<[string, string]> = [
    ['terms', 'USING gin (terms)'],
    ['sectors', 'USING gin (sectors)'],
    ['sdg_targets', 'USING gin (sdg_targets)'],
    ['organisation_ids', 'USING gin (organisation_ids)'],
    ['organisation_types', 'USING gin (organisation_types)'],
    ['kpi_codes', 'USING gin (kpi_codes)'],
    ['variant_published_at', '(variant, published_at DESC)'],
    ['variant_cost', '(variant, cost_eur)'],
    ['country', '(country)'],
    ['region', '(region)'],
    ['language', '(language)'],
    ['partnership', '(partnership_id)'],
    ['with_parts', '(case_study_id) WHERE has_parts'],
  ];
  for (const [name, definition] of indexes) await queryRunner.query(`CREATE INDEX idx_${prefix}_${name} ON ${prefix}_documents ${definition}`);
  // The body of a document too long for one tsvector (over 1 MB of lexemes), in parts: indexed whole.
  await queryRunner.query(`
      CREATE TABLE ${prefix}_document_parts (
        case_study_id text NOT NULL,
        variant varchar(16) NOT NULL,
        part integer NOT NULL,
        terms tsvector NOT NULL,
        PRIMARY KEY (case_study_id, variant, part),
        FOREIGN KEY (case_study_id, variant) REFERENCES ${prefix}_documents (case_study_id, variant) ON DELETE CASCADE
      )`);
  await queryRunner.query(`CREATE INDEX idx_${prefix}_document_parts_terms ON ${prefix}_document_parts USING gin (terms)`);
  // Every term of the live documents (folded surface words marked with '>', and stems) with the number of
  // documents holding it: query words are corrected against it for typos and expanded as prefixes. A term
  // leaves with the last document that held it (erasure). Byte order ("C") so a prefix is a range of an index.
  await queryRunner.query(`CREATE TABLE ${prefix}_terms (term text COLLATE "C" PRIMARY KEY, documents integer NOT NULL)`);
  // Typo candidates are the terms that keep one piece of the query word intact (see typoPieces): its first
  // letters, its last letters (by length, then the term or the reversed term) or a middle piece (trigrams).
  await queryRunner.query(`CREATE INDEX idx_${prefix}_terms_prefix ON ${prefix}_terms (char_length(term), term)`);
  await queryRunner.query(`CREATE INDEX idx_${prefix}_terms_suffix ON ${prefix}_terms (char_length(term), reverse(term))`);
  await queryRunner.query(`CREATE INDEX idx_${prefix}_terms_trigram ON ${prefix}_terms USING gin (term gin_trgm_ops)`);
}

export async function dropSearchTables(queryRunner: QueryRunner, prefix: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${prefix}_terms`);
  await queryRunner.query(`DROP TABLE ${prefix}_document_parts`);
  await queryRunner.query(`DROP TABLE ${prefix}_documents`);
}
