/**
 * Benchmark databases: seeded once with deterministic demo data and reused while the seed
 * parameters match (they are written into the database itself). Seeding an emptied database
 * is a large load, so the seed pauses the statistics triggers and recounts once
 * (src/server/stats/bulk-load.ts), as `npm run db:seed` does; writes into the seeded database
 * are measured separately (measureWrites).
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/server/db/client.ts';
import { generateTimeline } from '../../../src/server/demo/generate.ts';
import { seededRandom } from '../../../src/server/demo/random.ts';
import { seedDemoTimelines } from '../../../src/server/demo/seed.ts';
import { type ImportSummary, importCsv } from '../../../src/server/import/import.ts';
import { BASE_COLUMNS, MILESTONE_PREFIX } from '../../../src/server/import/rows.ts';
import type { BulkCounting } from '../../../src/server/stats/bulk-load.ts';
import { MILESTONE_KEYS } from '../../../src/server/timelines/catalogue.ts';
import { formatMonth } from '../../../src/server/timelines/months.ts';
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

export interface WriteRates {
  /** Batches of BULK_BATCH, one transaction each, counted by the per-statement triggers. */
  triggered: number;
  /** `seedDemoTimelines` left to choose its path (one transaction, counted once). */
  seed: { rate: number; counting: BulkCounting | null };
  /** `importCsv` of a generated sheet, validation included (one transaction, counted once). */
  import: { rate: number; counting: BulkCounting | null; rejected: number };
  rebuildSeconds: number;
}

/**
 * Timelines per second written three ways into the seeded database: batches counted through
 * the triggers (as the web writes, one statement at a time), a seed and an import (the bulk
 * path each chooses for its size). Then removes them all with the triggers off and rebuilds
 * the rollup (deleting them one row trigger at a time took ~10 minutes at 1M): the rebuild's
 * seconds are the benchmark's full rebuild figure.
 */
export async function measureWrites(
  db: Database,
  counts: { triggered: number; bulk: number },
  asOf: MonthIndex,
  log: (line: string) => void,
): Promise<WriteRates> {
  const written: string[][] = [];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  const triggeredSeconds = await timed(() =>
    seedDemoTimelines(db, {
      count: counts.triggered,
      seed: 7_777,
      asOf,
      countThroughTriggers: true,
      onBatch: (_n, ids) => written.push(ids),
    }),
  );
  log(`${(counts.triggered / triggeredSeconds).toFixed(0)} timelines/s through the triggers`);
  let seedCounting: BulkCounting | null = null;
  const seedSeconds = await timed(() =>
    seedDemoTimelines(db, {
      count: counts.bulk,
      seed: 7_778,
      asOf,
      onBatch: (_n, ids) => written.push(ids),
      onCount: (counting) => (seedCounting = counting),
    }),
  );
  log(`${(counts.bulk / seedSeconds).toFixed(0)} timelines/s seeded (${seedCounting})`);
  const sheet = demoSheet(counts.bulk, asOf);
  let importCounting: BulkCounting | null = null;
  let summary: ImportSummary | undefined;
  const importSeconds = await timed(async () => {
    summary = await importCsv(db, sheet, {
      source: null,
      provenance: 'import',
      dryRun: false,
      force: true,
      onCount: (counting) => (importCounting = counting),
    });
  });
  const imported = summary!.inserted;
  log(
    `${(imported / importSeconds).toFixed(0)} timelines/s imported (${importCounting}, ${summary!.rejected.length} rows rejected)`,
  );
  // Leave the benchmark database as it was seeded (no write times are stored to find them by;
  // the seeded rows are all demo, so the import's are the only 'import' ones).
  await setTriggers(db, false);
  try {
    for (const ids of written) await db.deleteFrom('timelines').where('id', 'in', ids).execute();
    await db.deleteFrom('timelines').where('provenance', '=', 'import').execute();
    await db.deleteFrom('import_files').execute();
  } finally {
    await setTriggers(db, true);
  }
  return {
    triggered: counts.triggered / triggeredSeconds,
    seed: { rate: counts.bulk / seedSeconds, counting: seedCounting },
    import: { rate: imported / importSeconds, counting: importCounting, rejected: summary!.rejected.length },
    rebuildSeconds: await measureRebuild(db),
  };
}

/** A community sheet of `count` demo timelines, in the import's own columns (no ids, no notes). */
export function demoSheet(count: number, asOf: MonthIndex): Uint8Array {
  const rng = seededRandom(7_779);
  const columns = BASE_COLUMNS.filter((c) => c !== 'service_center' && c !== 'note');
  const keys = MILESTONE_KEYS.filter((k) => k !== 'filed');
  const lines = [[...columns, ...keys.map((k) => `${MILESTONE_PREFIX}${k}`)].join(',')];
  for (let i = 0; i < count; i++) {
    const t = generateTimeline(rng, { asOf });
    const cells: Record<(typeof columns)[number], string> = {
      category: t.category,
      subcategory: t.subcategory ?? '',
      country: t.country,
      office: t.office ?? '',
      later_office: t.laterOffice ?? '',
      filed: formatMonth(t.filedMonth),
      last_confirmed: formatMonth(t.lastConfirmedMonth),
      premium: t.premium ? 'yes' : 'no',
      concurrent: t.concurrent ? 'yes' : 'no',
    };
    const months = new Map(t.milestones.map((m) => [m.key, formatMonth(m.month)]));
    lines.push([...columns.map((c) => cells[c]), ...keys.map((k) => months.get(k) ?? '')].join(','));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
