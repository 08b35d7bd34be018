import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@sce/event-sourcing';
const URL = 'postgres://postgres@127.0.0.1:5432/postgres';
// time x1 and x8 calls for variants of append_batch with parts removed
(async () => {
  const schema = `var_${randomUUID().slice(0, 8)}`;
  const store = await PostgresEventStore.create({ connectionString: URL, schema });
  await store.close();
  const c = new Client({ connectionString: URL }); await c.connect();
  const { rows } = await c.query(`select pg_get_functiondef('${schema}.append_batch'::regproc) as def`);
  const def: string = rows[0].def;
  const variants: Record<string, string> = {
    current: def,
    nolock: def.replace(/PERFORM pg_advisory_xact_lock[\s\S]*?AS l;/, ''),
    noids: def.replace(/SELECT array_agg\(i\.event_id\)[\s\S]*?AS stored;/, ''),
    nolock_noids: def.replace(/PERFORM pg_advisory_xact_lock[\s\S]*?AS l;/, '').replace(/SELECT array_agg\(i\.event_id\)[\s\S]*?AS stored;/, ''),
  };
  const data = JSON.stringify({ note: 'x'.repeat(80) });
  let seq = 0;
  for (const [name, body] of Object.entries(variants)) {
    await c.query(body);
    for (const k of [1, 8]) {
      const call = () => { const s = Array.from({ length: k }, () => `b-${seq++}`);
        return c.query({ name: process.env.PREP ? `p${name}${k}` : undefined, text: `SELECT * FROM ${schema}.append_batch($1,$2,$3,$4,$5,$6,$7::jsonb[],$8::jsonb[])`, values: [s, s.map(() => 'no_stream'), s.map(() => 1), s.map(() => randomUUID()), s.map(() => 'T'), s.map(() => 1), s.map(() => data), s.map(() => "{}")] }); };
      for (let i = 0; i < 100; i++) await call();
      const n = 1500; const t = performance.now(); for (let i = 0; i < n; i++) await call();
      console.log(name.padEnd(14), `x${k}`, ((performance.now() - t) / n).toFixed(3), 'ms');
    }
  }
  await c.query(`drop schema ${schema} cascade`); await c.end();
})();
