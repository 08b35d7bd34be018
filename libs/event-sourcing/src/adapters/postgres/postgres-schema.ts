// DDL of the PostgreSQL event store. Appends go through one function, called once per group commit.

export const quoteIdentifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`'${name}' is not a safe PostgreSQL schema name (lower-case letters, digits, _)`);
  return `"${name}"`;
};

export const notificationChannel = (schema: string) => `sce_events_${schema}`;

export function eventStoreDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  return `
  CREATE SCHEMA IF NOT EXISTS ${s};

  CREATE TABLE IF NOT EXISTS ${s}.events (
    global_position BIGINT      PRIMARY KEY,
    stream_id       TEXT        NOT NULL,
    stream_revision BIGINT      NOT NULL,
    event_id        TEXT        NOT NULL UNIQUE,
    type            TEXT        NOT NULL,
    schema_version  INTEGER     NOT NULL,
    data            JSONB       NOT NULL,
    metadata        JSONB       NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_id, stream_revision)
  );

  -- Appends a batch of appends (a group commit) in one transaction and one call. Each append is checked
  -- against its own expected revision and fails alone; the accepted events are written by one INSERT.
  -- The caller sends at most one append per stream and no event id twice in a batch, so the appends of a
  -- batch do not depend on each other and two lookups serve the whole batch.
  -- The transaction-scoped advisory lock makes appenders, in every process, take positions one
  -- transaction at a time and release them only after commit, so the log visible to any reader is always a
  -- gap-free prefix: a subscriber reading "after position N" can never skip an event that commits late
  -- with a lower position. (The next statements take fresh snapshots, so they see the previous holder's
  -- commit.)
  CREATE OR REPLACE FUNCTION ${s}.append_batch(
    p_stream_ids TEXT[], p_expected TEXT[], p_counts INTEGER[],
    p_event_ids TEXT[], p_types TEXT[], p_versions INTEGER[], p_data JSONB[], p_metadata JSONB[]
  ) RETURNS TABLE (outcome TEXT, next_revision BIGINT, first_position BIGINT, last_position BIGINT, actual_revision BIGINT)
  LANGUAGE plpgsql AS $fn$
  DECLARE
    n            INTEGER := COALESCE(array_length(p_stream_ids, 1), 0);
    v_offset     INTEGER := 0;
    v_count      INTEGER;
    v_current    BIGINT;
    v_expected   TEXT;
    v_ids        TEXT[];
    v_found      RECORD;
    v_matching   INTEGER;
    v_total      INTEGER := 0;
    v_head       BIGINT;
    v_revisions  BIGINT[];
    v_stored_ids TEXT[];
    -- Per append: outcome, revisions and positions.
    o_outcome    TEXT[]    := '{}';
    o_next       BIGINT[]  := '{}';
    o_first      BIGINT[]  := '{}';
    o_last       BIGINT[]  := '{}';
    o_actual     BIGINT[]  := '{}';
    -- Accepted events, written together at the end.
    a_streams    TEXT[]    := '{}';
    a_revisions  BIGINT[]  := '{}';
    a_sources    INTEGER[] := '{}';
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${schema}.events.append'));
    -- LATERAL lookups stay one index probe per element whatever plan is cached as the tables grow.
    SELECT array_agg(COALESCE(m.revision, -1) ORDER BY s.ordinal) INTO v_revisions
      FROM unnest(p_stream_ids) WITH ORDINALITY AS s(stream_id, ordinal)
      CROSS JOIN LATERAL (SELECT max(e.stream_revision) AS revision FROM ${s}.events e WHERE e.stream_id = s.stream_id) AS m;
    SELECT array_agg(i.event_id) INTO v_stored_ids
      FROM unnest(p_event_ids) AS i(event_id)
      CROSS JOIN LATERAL (SELECT 1 FROM ${s}.events e WHERE e.event_id = i.event_id LIMIT 1) AS stored;
    SELECT COALESCE(max(e.global_position), 0) INTO v_head FROM ${s}.events e;

    FOR i IN 1 .. n LOOP
      v_count := p_counts[i];
      v_ids := p_event_ids[v_offset + 1 : v_offset + v_count];
      v_current := v_revisions[i];
      o_actual[i] := v_current;

      IF v_count > 0 AND v_stored_ids IS NOT NULL AND v_ids && v_stored_ids THEN
        -- A retried append (the same ids, in the same stream, consecutively) gets its first outcome.
        SELECT e.stream_id, e.stream_revision, e.global_position INTO v_found FROM ${s}.events e WHERE e.event_id = v_ids[1];
        v_matching := 0;
        IF FOUND AND v_found.stream_id = p_stream_ids[i] THEN
          SELECT count(*) INTO v_matching FROM ${s}.events e
           WHERE e.stream_id = p_stream_ids[i]
             AND e.stream_revision BETWEEN v_found.stream_revision AND v_found.stream_revision + v_count - 1
             AND e.event_id = v_ids[1 + (e.stream_revision - v_found.stream_revision)::INTEGER];
        END IF;
        IF v_matching = v_count THEN
          o_outcome[i] := 'ok';
          o_next[i] := v_found.stream_revision + v_count - 1;
          o_first[i] := v_found.global_position;
          SELECT e.global_position INTO v_found.global_position FROM ${s}.events e WHERE e.stream_id = p_stream_ids[i] AND e.stream_revision = o_next[i];
          o_last[i] := v_found.global_position;
        ELSE
          o_outcome[i] := 'duplicate';
        END IF;
      ELSE
        v_expected := p_expected[i];
        IF NOT (v_expected = 'any'
                OR (v_expected = 'no_stream' AND v_current = -1)
                OR (v_expected = 'stream_exists' AND v_current <> -1)
                OR (v_expected ~ '^-?[0-9]+$' AND v_expected::BIGINT = v_current)) THEN
          o_outcome[i] := 'conflict';
        ELSE
          FOR j IN 1 .. v_count LOOP
            a_streams := a_streams || p_stream_ids[i];
            a_revisions := a_revisions || (v_current + j);
            a_sources := a_sources || (v_offset + j);
          END LOOP;
          o_outcome[i] := 'ok';
          o_next[i] := v_current + v_count;
          o_first[i] := v_head + v_total + LEAST(v_count, 1);
          o_last[i] := v_head + v_total + v_count;
          v_total := v_total + v_count;
        END IF;
      END IF;
      v_offset := v_offset + v_count;
    END LOOP;

    IF v_total > 0 THEN
      -- Positions head + 1 .. head + total, taken under the lock.
      INSERT INTO ${s}.events (global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata)
      SELECT v_head + a.ordinal, a.stream_id, a.revision, p_event_ids[a.source], p_types[a.source], p_versions[a.source], p_data[a.source], p_metadata[a.source]
        FROM unnest(a_streams, a_revisions, a_sources) WITH ORDINALITY AS a(stream_id, revision, source, ordinal);
      PERFORM pg_notify('${notificationChannel(schema)}', '');
    END IF;

    RETURN QUERY SELECT o_outcome[k], o_next[k], o_first[k], o_last[k], o_actual[k] FROM generate_series(1, n) AS k;
  END
  $fn$;
  `;
}
