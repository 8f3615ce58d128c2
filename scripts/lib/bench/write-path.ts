/**
 * Write-path figures for the benchmark (issue 15 part 3): one web submission at a time, the
 * full rollup rebuild, and the rollup's size next to the raw tables. Each leaves the benchmark
 * database as it found it.
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/server/db/client.ts';
import { generateTimeline } from '../../../src/server/demo/generate.ts';
import { seededRandom } from '../../../src/server/demo/random.ts';
import type { MonthIndex } from '../../../src/server/timelines/months.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';

/** Milliseconds per single-timeline insert (the web form's transaction), triggers on. */
export async function measureSingleSubmissions(
  db: Database,
  count: number,
  asOf: MonthIndex,
): Promise<number[]> {
  const rng = seededRandom(9_001);
  const samples: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const timeline = generateTimeline(rng, { asOf, provenance: 'web' });
    const started = performance.now();
    const [id] = await db.transaction().execute((trx) => insertTimelines(trx, [timeline]));
    samples.push(performance.now() - started);
    if (id) ids.push(id);
  }
  if (ids.length) await db.deleteFrom('timelines').where('id', 'in', ids).execute();
  return samples;
}

/** Seconds for `select stats_rebuild()` (one transaction, with memory for its aggregation). */
export async function measureRebuild(db: Database): Promise<number> {
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '512MB'`.execute(trx);
    await sql`select stats_rebuild()`.execute(trx);
  });
  return (performance.now() - started) / 1000;
}

export interface Sizes {
  rawBytes: number;
  rollupBytes: number;
  rollupRows: number;
  timelines: number;
  pairRows: number;
}

/** Bytes (tables, indexes, TOAST) of the raw tables and of everything the rollup keeps. */
export async function measureSizes(db: Database): Promise<Sizes> {
  const size = async (tables: string[]) => {
    const { rows } = await sql<{ b: string | number }>`
      select coalesce(sum(pg_total_relation_size(c.oid)), 0) as b from pg_class c
      where c.relkind = 'r' and c.relname = any(${tables})`.execute(db);
    return Number(rows[0]?.b ?? 0);
  };
  const { rows } = await sql<{ rows: string | number; timelines: string | number; pairs: string | number }>`
    select (select count(*) from stats_histograms) as rows,
           (select count(*) from timelines) as timelines,
           (select coalesce(sum(n), 0) from stats_cells where grain = 0) as pairs`.execute(db);
  return {
    rawBytes: await size(['timelines', 'milestones']),
    rollupBytes: await size(['stats_histograms', 'stats_timeline_facts']),
    rollupRows: Number(rows[0]?.rows ?? 0),
    timelines: Number(rows[0]?.timelines ?? 0),
    pairRows: Number(rows[0]?.pairs ?? 0),
  };
}
