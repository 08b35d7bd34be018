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

  CREATE SEQUENCE IF NOT EXISTS ${s}.events_position_seq;

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

  -- The current revision of each stream: one indexed row to check instead of a MAX over the stream.
  CREATE TABLE IF NOT EXISTS ${s}.streams (
    stream_id TEXT   PRIMARY KEY,
    revision  BIGINT NOT NULL
  );

  -- Appends a batch of appends (a group commit) in one transaction. Each append is checked against its own
  -- expected revision and fails alone. The transaction-scoped advisory lock makes appenders, in every
  -- process, take positions one transaction at a time and release them only after commit, so the log
  -- visible to any reader is always a gap-free prefix: a subscriber reading "after position N" can never
  -- skip an event that commits late with a lower position.
  CREATE OR REPLACE FUNCTION ${s}.append_batch(
    p_stream_ids TEXT[], p_expected TEXT[], p_counts INTEGER[],
    p_event_ids TEXT[], p_types TEXT[], p_versions INTEGER[], p_data JSONB[], p_metadata JSONB[]
  ) RETURNS TABLE (outcome TEXT, next_revision BIGINT, first_position BIGINT, last_position BIGINT, actual_revision BIGINT)
  LANGUAGE plpgsql AS $fn$
  DECLARE
    v_offset   INTEGER := 0;
    v_count    INTEGER;
    v_current  BIGINT;
    v_expected TEXT;
    v_found    RECORD;
    v_position BIGINT;
    v_first    BIGINT;
    v_matching INTEGER;
    v_inserted BOOLEAN := FALSE;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${schema}.events.append'));
    FOR i IN 1 .. COALESCE(array_length(p_stream_ids, 1), 0) LOOP
      v_count := p_counts[i];
      SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_ids[i];
      IF NOT FOUND THEN v_current := -1; END IF;
      outcome := NULL; next_revision := NULL; first_position := NULL; last_position := NULL; actual_revision := v_current;

      -- A retried append: the same ids, in the same stream, consecutively, returns its first outcome.
      IF v_count > 0 THEN
        SELECT e.stream_id, e.stream_revision, e.global_position INTO v_found FROM ${s}.events e WHERE e.event_id = p_event_ids[v_offset + 1];
        IF FOUND THEN
          SELECT count(*) INTO v_matching FROM ${s}.events e
           WHERE e.stream_id = p_stream_ids[i]
             AND e.stream_revision BETWEEN v_found.stream_revision AND v_found.stream_revision + v_count - 1
             AND e.event_id = ANY (p_event_ids[v_offset + 1 : v_offset + v_count]);
          IF v_found.stream_id = p_stream_ids[i] AND v_matching = v_count THEN
            outcome := 'ok';
            next_revision := v_found.stream_revision + v_count - 1;
            first_position := v_found.global_position;
            SELECT e.global_position INTO last_position FROM ${s}.events e WHERE e.stream_id = p_stream_ids[i] AND e.stream_revision = next_revision;
          ELSE
            outcome := 'duplicate';
          END IF;
          RETURN NEXT;
          v_offset := v_offset + v_count;
          CONTINUE;
        END IF;
      END IF;

      v_expected := p_expected[i];
      IF NOT (v_expected = 'any'
              OR (v_expected = 'no_stream' AND v_current = -1)
              OR (v_expected = 'stream_exists' AND v_current <> -1)
              OR (v_expected ~ '^-?[0-9]+$' AND v_expected::BIGINT = v_current)) THEN
        outcome := 'conflict';
      ELSIF v_count = 0 THEN
        outcome := 'ok';
        next_revision := v_current;
        SELECT COALESCE(MAX(global_position), 0) INTO last_position FROM ${s}.events;
        first_position := last_position;
      ELSE
        BEGIN
          v_first := NULL;
          FOR j IN 1 .. v_count LOOP
            v_position := nextval('${s}.events_position_seq');
            INSERT INTO ${s}.events (global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata)
            VALUES (v_position, p_stream_ids[i], v_current + j, p_event_ids[v_offset + j], p_types[v_offset + j],
                    p_versions[v_offset + j], p_data[v_offset + j], p_metadata[v_offset + j]);
            v_first := COALESCE(v_first, v_position);
          END LOOP;
          INSERT INTO ${s}.streams (stream_id, revision) VALUES (p_stream_ids[i], v_current + v_count)
            ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision;
          outcome := 'ok';
          next_revision := v_current + v_count;
          first_position := v_first;
          last_position := v_position;
          v_inserted := TRUE;
        EXCEPTION WHEN unique_violation THEN
          outcome := 'duplicate';
        END;
      END IF;
      RETURN NEXT;
      v_offset := v_offset + v_count;
    END LOOP;
    IF v_inserted THEN PERFORM pg_notify('${notificationChannel(schema)}', ''); END IF;
  END
  $fn$;
  `;
}
