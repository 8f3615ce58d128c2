/**
 * Benchmark databases: seeded once with deterministic demo data and reused while the seed
 * parameters match (they are written into the database itself). Seeding an emptied database
 * is a large load, so the seed pauses the statistics triggers and recounts once
 * (src/server/stats/bulk-load.ts), as `npm run db:seed` does; the per-write trigger cost is
 * measured separately (measureTriggeredWrites).
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/server/db/client.ts';
import { seedDemoTimelines } from '../../../src/server/demo/seed.ts';
import type { MonthIndex } from '../../../src/server/timelines/months.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { measureRebuild } from './write-path.ts';

export interface BenchSeed {
  count: number;
  seed: number;
  asOf: MonthIndex;
}

const fingerprint = (s: BenchSeed) => `casetrack-bench count=${s.count} seed=${s.seed} asOf=${s.asOf}`;

async function readFingerprint(db: Database): Promise<string | null> {
  await sql`create table if not exists bench_meta (fingerprint text not null)`.execute(db);
  const { rows } = await sql<{ fingerprint: string }>`select fingerprint from bench_meta limit 1`.execute(db);
  return rows[0]?.fingerprint ?? null;
}

async function setTriggers(db: Database, enabled: boolean): Promise<void> {
  const verb = enabled ? sql.raw('enable') : sql.raw('disable');
  await sql`alter table milestones ${verb} trigger user`.execute(db);
  await sql`alter table timelines ${verb} trigger user`.execute(db);
}

/** Seeds (or reuses) the database; returns whether it had to seed and how long each part took. */
export async function prepareBenchDatabase(
  db: Database,
  seed: BenchSeed,
  onBatch?: (n: number) => void,
): Promise<{ reused: boolean; seedSeconds: number; rebuildSeconds: number }> {
  if ((await readFingerprint(db)) === fingerprint(seed) && (await countTimelines(db)) === seed.count) {
    return { reused: true, seedSeconds: 0, rebuildSeconds: 0 };
  }
  await sql`truncate timelines cascade`.execute(db);
  await sql`delete from bench_meta`.execute(db);
  const started = performance.now();
  let seeded = started;
  await seedDemoTimelines(db, {
    count: seed.count,
    seed: seed.seed,
    asOf: seed.asOf,
    batchSize: 2000,
    ...(onBatch ? { onBatch } : {}),
    onCount: () => {
      seeded = performance.now();
    },
  });
  const rebuilt = performance.now();
  await sql`insert into bench_meta (fingerprint) values (${fingerprint(seed)})`.execute(db);
  return { reused: false, seedSeconds: (seeded - started) / 1000, rebuildSeconds: (rebuilt - seeded) / 1000 };
}

/**
 * Timelines per second written the way seed and import write (batches of BULK_BATCH), triggers
 * on. Then removes them with the triggers off and rebuilds the rollup (deleting them one row
 * trigger at a time took ~10 minutes at 1M): the rebuild's seconds are the benchmark's full
 * rebuild figure.
 */
export async function measureTriggeredWrites(
  db: Database,
  count: number,
  asOf: MonthIndex,
): Promise<{ rate: number; rebuildSeconds: number }> {
  const written: string[][] = [];
  const started = performance.now();
  await seedDemoTimelines(db, {
    count,
    seed: 7_777,
    asOf,
    countThroughTriggers: true,
    onBatch: (_n, ids) => written.push(ids),
  });
  const seconds = (performance.now() - started) / 1000;
  // Leave the benchmark database as it was seeded (no write times are stored to find them by).
  await setTriggers(db, false);
  try {
    for (const ids of written) await db.deleteFrom('timelines').where('id', 'in', ids).execute();
  } finally {
    await setTriggers(db, true);
  }
  return { rate: count / seconds, rebuildSeconds: await measureRebuild(db) };
}
