// DDL of the PostgreSQL event store. Appends go through one function, called once per group commit.

export const quoteIdentifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`'${name}' is not a safe PostgreSQL schema name (lower-case letters, digits, _)`);
  return `"${name}"`;
};

export const notificationChannel = (schema: string) => `sce_events_${schema}`;

/**
 * Positions are ((transaction id + offset) << 16) + ordinal: at most 65,535 events per transaction, and
 * offset transaction ids below 2^37 (137 billion write transactions in the cluster's life) so positions
 * stay exact in a JavaScript number. The offset is 0 until the log is restored into a cluster whose
 * transaction ids are lower than the ones it was written with (see rebase_positions).
 */
export const POSITIONS_PER_TRANSACTION = 65536;
export const MAX_EVENTS_PER_TRANSACTION = POSITIONS_PER_TRANSACTION - 1;
export const MAX_TRANSACTION_ID = Math.floor(Number.MAX_SAFE_INTEGER / POSITIONS_PER_TRANSACTION);
const STREAM_LOCK_SPACE = (schema: string) => `hashtext('${schema}.events.stream')`;

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

  -- One row: what is added to transaction ids to make positions (see rebase_positions). A logical dump
  -- carries it with the events.
  CREATE TABLE IF NOT EXISTS ${s}.position_offset (
    singleton  BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    xid_offset BIGINT  NOT NULL
  );
  INSERT INTO ${s}.position_offset (xid_offset) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ${s}.position_offset);

  -- Appends a batch of appends (a group commit) in one transaction and one call. Each append is checked
  -- against its own expected revision and fails alone; the accepted events are written by one INSERT.
  -- The caller sends at most one append per stream and no event id twice in a batch, so the appends of a
  -- batch do not depend on each other and one lookup of revisions serves the whole batch.
  --
  -- Global order without a global lock: an event's position is (its transaction id << 16) + its ordinal in
  -- the transaction, so the composite cursor (transaction id, ordinal) is one integer. Transactions commit
  -- in parallel (their WAL flushes are shared) and readers only read below the horizon
  -- pg_snapshot_xmin(current snapshot) << 16: every transaction with a lower id has ended, and every later
  -- one gets a higher id, so what a reader sees below the horizon never changes afterwards and a cursor on
  -- the position never skips an event that commits late. Appends to one stream take turns through a
  -- transaction-scoped advisory lock on the stream (taken in a fixed order, so batches cannot deadlock);
  -- the next statements take fresh snapshots, so they see the previous holder's commit. The transaction
  -- id is taken only after the locks, so a stream's next append always gets a higher id than the one
  -- before it, and each stream is delivered in revision order. Hence: call it as its own transaction
  -- (the store does, autocommitted), never after statements that already took a transaction id.
  DROP FUNCTION IF EXISTS ${s}.append_batch(TEXT[], TEXT[], INTEGER[], TEXT[], TEXT[], INTEGER[], JSONB[], JSONB[]);
  CREATE OR REPLACE FUNCTION ${s}.append_batch(
    p_stream_ids TEXT[], p_expected TEXT[], p_counts INTEGER[],
    p_event_ids TEXT[], p_types TEXT[], p_versions INTEGER[], p_data JSONB[], p_metadata JSONB[], p_check_ids BOOLEAN
  ) RETURNS TABLE (outcome TEXT, next_revision BIGINT, first_position BIGINT, last_position BIGINT, actual_revision BIGINT)
  -- Generic plans: every statement here is index probes whatever the arguments, and re-planning them
  -- for each call's array sizes cost about a sixth of a call.
  LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $fn$
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
    v_base       BIGINT;
    v_revisions  BIGINT[];
    v_stored_ids TEXT[];
    v_accepted   BOOLEAN;
    v_retried    BOOLEAN;
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
    PERFORM pg_advisory_xact_lock(${STREAM_LOCK_SPACE(schema)}, l.key)
       FROM (SELECT DISTINCT hashtext(x) AS key FROM unnest(p_stream_ids) AS x ORDER BY 1) AS l;
    -- LATERAL lookups stay one index probe per element whatever plan is cached as the tables grow.
    SELECT array_agg(COALESCE(m.revision, -1) ORDER BY s.ordinal) INTO v_revisions
      FROM unnest(p_stream_ids) WITH ORDINALITY AS s(stream_id, ordinal)
      CROSS JOIN LATERAL (SELECT max(e.stream_revision) AS revision FROM ${s}.events e WHERE e.stream_id = s.stream_id) AS m;
    IF p_check_ids THEN
      SELECT array_agg(i.event_id) INTO v_stored_ids
        FROM unnest(p_event_ids) AS i(event_id)
        CROSS JOIN LATERAL (SELECT 1 FROM ${s}.events e WHERE e.event_id = i.event_id LIMIT 1) AS stored;
    END IF;

    FOR i IN 1 .. n LOOP
      v_count := p_counts[i];
      v_ids := p_event_ids[v_offset + 1 : v_offset + v_count];
      v_current := v_revisions[i];
      v_expected := p_expected[i];
      o_actual[i] := v_current;
      v_accepted := v_expected = 'any'
                    OR (v_expected = 'no_stream' AND v_current = -1)
                    OR (v_expected = 'stream_exists' AND v_current <> -1)
                    OR v_expected = v_current::TEXT;
      -- An append whose ids are stored is a retry. Asked for, all ids are looked up first; otherwise only
      -- an append that would conflict is looked up, and a retry that would pass the revision check is
      -- stopped by the unique event id (the caller then re-sends the batch asking for the lookup).
      IF p_check_ids THEN
        v_retried := v_count > 0 AND v_stored_ids IS NOT NULL AND v_ids && v_stored_ids;
      ELSE
        v_retried := v_count > 0 AND NOT v_accepted AND EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = ANY (v_ids));
      END IF;

      IF v_retried THEN
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
      ELSIF NOT v_accepted THEN
        o_outcome[i] := 'conflict';
      ELSIF v_count = 0 THEN
        -- Nothing to store: the position of the last stored event, as headPosition() gives it.
        o_outcome[i] := 'ok';
        o_next[i] := v_current;
        o_first[i] := (SELECT COALESCE(max(e.global_position), 0) FROM ${s}.events e);
        o_last[i] := o_first[i];
      ELSE
        IF v_base IS NULL THEN
          -- Taken after the stream locks: see the ordering note above. Reading the offset holds a lock on
          -- its table to the commit, so rebase_positions cannot change it under a transaction in flight.
          v_base := pg_current_xact_id()::TEXT::BIGINT + (SELECT o.xid_offset FROM ${s}.position_offset o);
          IF v_base >= ${MAX_TRANSACTION_ID} THEN
            RAISE EXCEPTION 'transaction id % is beyond the event store''s position space', v_base;
          END IF;
          v_base := v_base * ${POSITIONS_PER_TRANSACTION};
        END IF;
        FOR j IN 1 .. v_count LOOP
          a_streams := a_streams || p_stream_ids[i];
          a_revisions := a_revisions || (v_current + j);
          a_sources := a_sources || (v_offset + j);
        END LOOP;
        o_outcome[i] := 'ok';
        o_next[i] := v_current + v_count;
        o_first[i] := v_base + v_total + 1;
        o_last[i] := v_base + v_total + v_count;
        v_total := v_total + v_count;
      END IF;
      v_offset := v_offset + v_count;
    END LOOP;

    IF v_total >= ${POSITIONS_PER_TRANSACTION} THEN
      RAISE EXCEPTION 'one transaction can append at most % events', ${POSITIONS_PER_TRANSACTION} - 1;
    END IF;
    IF v_total > 0 THEN
      INSERT INTO ${s}.events (global_position, stream_id, stream_revision, event_id, type, schema_version, data, metadata)
      SELECT v_base + a.ordinal, a.stream_id, a.revision, p_event_ids[a.source], p_types[a.source], p_versions[a.source], p_data[a.source], p_metadata[a.source]
        FROM unnest(a_streams, a_revisions, a_sources) WITH ORDINALITY AS a(stream_id, revision, source, ordinal);
    END IF;

    RETURN QUERY SELECT o_outcome[k], o_next[k], o_first[k], o_last[k], o_actual[k] FROM generate_series(1, n) AS k;
  END
  $fn$;

  -- Readers read below this position only (see append_batch).
  CREATE OR REPLACE FUNCTION ${s}.read_horizon() RETURNS BIGINT LANGUAGE sql STABLE AS $fn$
    SELECT (pg_snapshot_xmin(pg_current_snapshot())::TEXT::BIGINT + (SELECT o.xid_offset FROM ${s}.position_offset o)) * ${POSITIONS_PER_TRANSACTION}
  $fn$;

  -- Positions must keep increasing when a log moves to another cluster: a logical dump restored there
  -- (pg_dump, a managed service's migration) meets transaction ids that may be far lower than the ones it
  -- was written with, and new events would get positions below the subscribers' checkpoints and never be
  -- delivered. Called at each start: when the next transaction id (plus the offset) is not above the one
  -- of the log's highest position, the offset grows so that even the oldest transaction still running
  -- gets positions above it. The table lock waits for every append that read the old offset to end, and
  -- no reader's horizon can then pass an event still in flight: every running transaction's id is at
  -- least the xmin of any later snapshot. Returns the offset; raises when no position space is left.
  CREATE OR REPLACE FUNCTION ${s}.rebase_positions() RETURNS BIGINT LANGUAGE plpgsql AS $fn$
  DECLARE
    v_offset BIGINT;
    v_head   BIGINT;
  BEGIN
    SELECT o.xid_offset INTO v_offset FROM ${s}.position_offset o;
    SELECT COALESCE(max(e.global_position), 0) / ${POSITIONS_PER_TRANSACTION} INTO v_head FROM ${s}.events e;
    IF pg_snapshot_xmax(pg_current_snapshot())::TEXT::BIGINT + v_offset <= v_head THEN
      LOCK TABLE ${s}.position_offset IN ACCESS EXCLUSIVE MODE;
      SELECT COALESCE(max(e.global_position), 0) / ${POSITIONS_PER_TRANSACTION} INTO v_head FROM ${s}.events e;
      v_offset := GREATEST(v_offset, v_head + 1 - pg_snapshot_xmin(pg_current_snapshot())::TEXT::BIGINT);
      UPDATE ${s}.position_offset SET xid_offset = v_offset;
    END IF;
    IF pg_snapshot_xmax(pg_current_snapshot())::TEXT::BIGINT + v_offset >= ${MAX_TRANSACTION_ID} THEN
      RAISE EXCEPTION 'The event log in schema % has no position space left: transaction id % plus offset % reaches %',
        '${schema}', pg_snapshot_xmax(pg_current_snapshot()), v_offset, ${MAX_TRANSACTION_ID}
        USING HINT = 'Positions must stay below 2^53; copy the log into a new one with renumbered positions.';
    END IF;
    RETURN v_offset;
  END
  $fn$;
  `;
}

/**
 * A later step of the schema, never folded into eventStoreDdl: a log created before snapshots existed gains
 * the table at its next start. One row per stream (see SnapshotStore.writeSnapshot); the state is kept as
 * the text the handler wrote, read and written whole, so the database neither parses nor refuses it.
 */
export function snapshotStoreDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  return `
  CREATE TABLE IF NOT EXISTS ${s}.stream_snapshots (
    stream_id       TEXT        PRIMARY KEY,
    stream_revision BIGINT      NOT NULL,
    schema_version  INTEGER     NOT NULL,
    state           TEXT        NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
  );
  `;
}
