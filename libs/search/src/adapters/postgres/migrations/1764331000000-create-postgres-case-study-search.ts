import type { MigrationInterface, QueryRunner } from 'typeorm';

// The PostgreSQL search engine's storage, in the read-model database of the server profile. Plain SQL: the
// tables hold tsvectors, text-search configurations, GIN and trigram indexes that TypeORM entities cannot
// describe, and only the adapter reads them. On SQLite (embedded profile) it does nothing: the embedded engine
// keeps its own index.
export class CreatePostgresCaseStudySearch1764331000000 implements MigrationInterface {
  name = 'CreatePostgresCaseStudySearch1764331000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    // Extensions are per database, not per schema: put pg_trgm in public so dropping a schema never drops it
    // for the others, and serialise the check so schemas migrating together do not race on CREATE EXTENSION.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('sce.search.extensions'))`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // The english, french and russian configurations with the same Snowball stemmers but no stop-word list:
    // every query word must match (Meilisearch's rule), so "the" or "les" in a query must find the documents
    // that contain it, which they cannot once the stop list has dropped it from the index.
    for (const language of ['english', 'french', 'russian']) {
      await queryRunner.query(`CREATE TEXT SEARCH DICTIONARY sce_${language}_stem (TEMPLATE = pg_catalog.snowball, Language = ${language})`);
      await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION sce_${language} (COPY = pg_catalog.${language})`);
      await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION sce_${language} ALTER MAPPING REPLACE pg_catalog.${language}_stem WITH sce_${language}_stem`);
    }
    // The russian configuration stems Latin words in English.
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION sce_russian ALTER MAPPING REPLACE pg_catalog.english_stem WITH sce_english_stem`);
    // One row per document key. A row with document NULL is a tombstone: it keeps the revision of the removal
    // so a late replay of an older write never brings the document back.
    await queryRunner.query(`
      CREATE TABLE case_study_search_documents (
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
    for (const [name, definition] of indexes) await queryRunner.query(`CREATE INDEX idx_case_study_search_${name} ON case_study_search_documents ${definition}`);
    // The body of a document too long for one tsvector (over 1 MB of lexemes), in parts: indexed whole.
    await queryRunner.query(`
      CREATE TABLE case_study_search_document_parts (
        case_study_id text NOT NULL,
        variant varchar(16) NOT NULL,
        part integer NOT NULL,
        terms tsvector NOT NULL,
        PRIMARY KEY (case_study_id, variant, part),
        FOREIGN KEY (case_study_id, variant) REFERENCES case_study_search_documents (case_study_id, variant) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX idx_case_study_search_document_parts_terms ON case_study_search_document_parts USING gin (terms)`);
    // Every term of the live documents (folded surface words marked with '>', and stems) with the number of
    // documents holding it: query words are corrected against it for typos and expanded as prefixes. A term
    // leaves with the last document that held it (erasure). Byte order ("C") so a prefix is a range of an index.
    await queryRunner.query(`CREATE TABLE case_study_search_terms (term text COLLATE "C" PRIMARY KEY, documents integer NOT NULL)`);
    // Typo candidates are the terms that keep one piece of the query word intact (see typoPieces): its first
    // letters, its last letters (by length, then the term or the reversed term) or a middle piece (trigrams).
    await queryRunner.query(`CREATE INDEX idx_case_study_search_terms_prefix ON case_study_search_terms (char_length(term), term)`);
    await queryRunner.query(`CREATE INDEX idx_case_study_search_terms_suffix ON case_study_search_terms (char_length(term), reverse(term))`);
    await queryRunner.query(`CREATE INDEX idx_case_study_search_terms_trigram ON case_study_search_terms USING gin (term gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type !== 'postgres') return;
    await queryRunner.query('DROP TABLE case_study_search_terms');
    await queryRunner.query('DROP TABLE case_study_search_document_parts');
    await queryRunner.query('DROP TABLE case_study_search_documents');
    for (const language of ['english', 'french', 'russian']) await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION sce_${language}`);
    for (const language of ['english', 'french', 'russian']) await queryRunner.query(`DROP TEXT SEARCH DICTIONARY sce_${language}_stem`);
  }
}
