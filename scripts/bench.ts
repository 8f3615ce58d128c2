// npm run bench — statistics latency at scale (a benchmark, not a test; never in npm test or CI).
//   PostgreSQL (postgres://postgres@127.0.0.1:5432, database casetrack_bench) at 1,000,000 timelines
//   and PGlite (bench-results/pglite-100000) at 100,000; both reused while the seed parameters match.
//   --pg-count N --pglite-count N --skip-pg --skip-pglite --duration S (autocannon seconds, default 10)
//   Reports every figure of issue 15 next to its target: single submission p50, seed and import rates,
//   rebuild time, rollup size ÷ raw tables, /explore beside /methodology at 50 connections.
// Prints a markdown table and writes it to bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { BREAKDOWN_COMBOS, STATS_COMBOS } from './lib/bench/combos.ts';
import { type Timing, ms, percentile, timeEach } from './lib/bench/measure.ts';
import { type WriteRates, measureWrites, prepareBenchDatabase } from './lib/bench/prepare.ts';
import { type Sizes, measureSingleSubmissions, measureSizes } from './lib/bench/write-path.ts';
import { progressBar } from '../src/server/cli/progress.ts';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { type DatabaseTarget, openDatabase } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { filterParams } from '../src/server/stats/filters.ts';
import { getNaiveCounts } from '../src/server/stats/queries/naive-counts.ts';
import { getRollupCounts } from '../src/server/stats/queries/rollup-counts.ts';
import { getStats } from '../src/server/stats/service.ts';
import { monthIndex } from '../src/server/timelines/months.ts';
import { startServer } from './lib/server-process.ts';

const root = new URL('..', import.meta.url).pathname;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_DATABASE = 'casetrack_bench';
const SEED = 42;
const AS_OF = monthIndex(2026, 11);
const SETTINGS = { k: 5, includeDemo: true };

interface Result {
  label: string;
  count: number;
  prepared: string;
  writes: WriteRates;
  http: Timing;
  breakdown: Timing;
  inProcess: Timing;
  naive: Timing;
  mismatches: number;
  explore: Load;
  methodology: Load;
  single: number[];
  rebuildSeconds: number;
  sizes: Sizes;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const EXPLORE_PATH = '/explore?category=i485&country=IN&filed_from=2023-01&filed_to=2024-12';

async function ensurePgDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [PG_DATABASE]);
  if (!rowCount) await admin.query(`create database ${PG_DATABASE}`);
  await admin.end();
  return ADMIN_URL.replace(/\/postgres$/, `/${PG_DATABASE}`);
}

/** Seed or reuse, measure the write path and the in-process rollup and naive paths. */
async function inProcessPhase(
  label: string,
  target: DatabaseTarget,
  count: number,
  writeCounts: { triggered: number; bulk: number },
) {
  const open = await openDatabase(target);
  try {
    await migrateToLatest(open.db, await loadMigrationFiles(join(root, 'db/migrations')));
    const bar = progressBar(`${label} seed`, count);
    const prep = await prepareBenchDatabase(open.db, { count, seed: SEED, asOf: AS_OF }, (n) =>
      bar.advance(n),
    );
    const prepared = prep.reused
      ? 'reused'
      : `seeded in ${prep.seedSeconds.toFixed(0)} s (triggers paused) + rollup recounted in ${prep.rebuildSeconds.toFixed(0)} s`;
    console.log(`${label}: ${prepared}`);
    const writes = await measureWrites(open.db, writeCounts, AS_OF, (line) =>
      console.log(`${label}: ${line}`),
    );
    const { rebuildSeconds } = writes;
    const single = await measureSingleSubmissions(open.db, 30, AS_OF);
    console.log(`${label}: one submission p50 ${ms(percentile(single, 0.5))} ms`);
    const sizes = await measureSizes(open.db);
    console.log(`${label}: full rebuild ${rebuildSeconds.toFixed(1)} s`);
    const inProcess = await timeEach(
      STATS_COMBOS,
      5,
      async (f) => !!(await getStats(open.db, f, SETTINGS, getRollupCounts)),
    );
    let mismatches = 0;
    const naive = await timeEach(STATS_COMBOS, 1, async (f) => {
      const slow = await getStats(open.db, f, SETTINGS, getNaiveCounts);
      const fast = await getStats(open.db, f, SETTINGS, getRollupCounts);
      if (JSON.stringify(slow) !== JSON.stringify(fast)) mismatches++;
      return true;
    });
    console.log(
      `${label}: naive p50 ${ms(percentile(naive.samples, 0.5))} ms, rollup in-process p50 ${ms(percentile(inProcess.samples, 0.5))} ms`,
    );
    return { prepared, writes, inProcess, naive, mismatches, single, sizes, rebuildSeconds };
  } finally {
    await open.close();
  }
}

async function serverPhase(label: string, env: Record<string, string>, duration: number) {
  const server = await startServer({
    ...env,
    INCLUDE_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    STATS_MIN_GROUP_SIZE: String(SETTINGS.k),
  });
  try {
    const get = async (path: string) => {
      const response = await fetch(`${server.baseUrl}${path}`);
      await response.arrayBuffer();
      return response.status === 200;
    };
    const http = await timeEach(STATS_COMBOS, 10, (f) =>
      get(`/api/v1/stats?${new URLSearchParams(filterParams(f))}`),
    );
    const breakdown = await timeEach(BREAKDOWN_COMBOS, 5, ({ filter, by }) =>
      get(`/api/v1/stats/breakdown?${new URLSearchParams({ ...filterParams(filter), by })}`),
    );
    console.log(
      `${label}: /api/v1/stats first answers p95 ${ms(percentile(http.first, 0.95))} ms, repeated p95 ${ms(percentile(http.samples, 0.95))} ms; breakdown first p95 ${ms(percentile(breakdown.first, 0.95))} ms, repeated p95 ${ms(percentile(breakdown.samples, 0.95))} ms`,
    );
    // The same server, one after the other, as a browser asks (brotli accepted).
    const load = async (path: string): Promise<Load> => {
      const run = await autocannon({
        url: `${server.baseUrl}${path}`,
        connections: 50,
        duration,
        timeout: 10,
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      return {
        rps: run.requests.average,
        p50: run.latency.p50,
        p99: run.latency.p99,
        non2xx: run.non2xx,
        errors: run.errors + run.timeouts,
      };
    };
    const methodology = await load('/methodology');
    const explore = await load(EXPLORE_PATH);
    console.log(
      `${label}: /explore ${explore.rps.toFixed(0)} req/s (p50 ${explore.p50} / p99 ${explore.p99} ms), /methodology ${methodology.rps.toFixed(0)} req/s (p50 ${methodology.p50} / p99 ${methodology.p99} ms) at 50 connections`,
    );
    return { http, breakdown, explore, methodology };
  } finally {
    await server.stop();
  }
}

/** Writes measured into a database of `count`: a tenth of it in bulk, at most 20,000 through the triggers. */
const writeCounts = (count: number) => ({
  triggered: Math.min(20_000, Math.max(1_000, Math.round(count / 10))),
  bulk: Math.max(1_000, Math.round(count / 10)),
});
const bulkCounts = (r: Result) => writeCounts(r.count).bulk;

function report(results: Result[], duration: number): string {
  const lines = [
    `# CaseTrack statistics benchmark`,
    '',
    `${new Date().toISOString()} · ${cpus().length} cores · demo seed ${SEED}, as of 2026-11 · ${STATS_COMBOS.length} stats filter combinations (10 rounds), ${BREAKDOWN_COMBOS.length} breakdowns (5 rounds), naive path 1 round · autocannon 50 connections × ${duration} s on /explore`,
    '',
    '| database | timelines | /api/v1/stats p50 | p95 | breakdown p50 | p95 | rollup in-process p50 | p95 | naive p50 | p95 | speed-up (naive p50 ÷ first HTTP answers p50) | /explore req/s | /explore p50 / p99 | errors | writes through triggers / seed / import | data |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const p = (t: Timing, q: number) => ms(percentile(t.samples, q));
    const speedup = percentile(r.naive.samples, 0.5) / percentile(r.http.first, 0.5);
    const errors =
      r.http.errors +
      r.breakdown.errors +
      r.naive.errors +
      r.explore.errors +
      r.explore.non2xx +
      r.mismatches;
    lines.push(
      `| ${r.label} | ${r.count.toLocaleString('en-US')} | ${p(r.http, 0.5)} ms | ${p(r.http, 0.95)} ms | ${p(r.breakdown, 0.5)} ms | ${p(r.breakdown, 0.95)} ms | ${p(r.inProcess, 0.5)} ms | ${p(r.inProcess, 0.95)} ms | ${p(r.naive, 0.5)} ms | ${p(r.naive, 0.95)} ms | ${speedup.toFixed(0)}× | ${r.explore.rps.toFixed(0)} | ${r.explore.p50} / ${r.explore.p99} ms | ${errors} | ${r.writes.triggered.toFixed(0)} / ${r.writes.seed.rate.toFixed(0)} / ${r.writes.import.rate.toFixed(0)} timelines/s | ${r.prepared} |`,
    );
  }
  lines.push(
    '',
    'Errors count failed requests, timeouts, non-2xx answers and any filter where the rollup and the naive path disagree:',
  );
  for (const r of results) {
    lines.push(
      `- ${r.label}: stats ${r.http.errors}, breakdown ${r.breakdown.errors}, naive ${r.naive.errors}, rollup ≠ naive ${r.mismatches}, /explore errors+timeouts ${r.explore.errors}, /explore non-2xx ${r.explore.non2xx}, /methodology errors+non-2xx ${r.methodology.errors + r.methodology.non2xx}`,
    );
  }
  lines.push(
    '',
    "The statistics API reuses answers per filter until the next write (docs/decisions/111), so the repeated rounds above are mostly reused answers. Each filter's first answer on the fresh server is computed:",
  );
  for (const r of results) {
    const p = (t: Timing, q: number) => ms(percentile(t.first, q));
    lines.push(
      `- ${r.label}: /api/v1/stats first answers (${r.http.first.length}) p50 ${p(r.http, 0.5)} / p95 ${p(r.http, 0.95)} / max ${ms(Math.max(...r.http.first))} ms · breakdown first answers (${r.breakdown.first.length}) p50 ${p(r.breakdown, 0.5)} / p95 ${p(r.breakdown, 0.95)} / max ${ms(Math.max(...r.breakdown.first))} ms`,
    );
  }
  lines.push('', '/explore beside the static page it is compared with (same server, one after the other):');
  for (const r of results) {
    lines.push(
      `- ${r.label}: /explore ${r.explore.rps.toFixed(0)} req/s, p50 ${r.explore.p50} / p99 ${r.explore.p99} ms · /methodology ${r.methodology.rps.toFixed(0)} req/s, p50 ${r.methodology.p50} / p99 ${r.methodology.p99} ms`,
    );
  }
  lines.push('', '## Issue 15 targets (same run)', '');
  lines.push(
    '| database | timelines | figure | measured | target | ratio (measured ÷ target) | met |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- |',
  );
  for (const r of results) {
    const pg = r.label.startsWith('PostgreSQL');
    const scale = r.count.toLocaleString('en-US');
    const row = (figure: string, measured: string, target: string, ratio: number, met: boolean) =>
      lines.push(
        `| ${r.label} | ${scale} | ${figure} | ${measured} | ${target} | ${ratio.toFixed(2)} | ${met ? 'met' : 'NOT met'} |`,
      );
    const singleP50 = percentile(r.single, 0.5);
    row('one web submission p50', `${ms(singleP50)} ms`, '≤ 10 ms', singleP50 / 10, singleP50 <= 10);
    const batchTarget = pg ? 2000 : 500;
    row(
      `seeding ${bulkCounts(r).toLocaleString('en-US')} more (path chosen: ${r.writes.seed.counting})`,
      `${r.writes.seed.rate.toFixed(0)} timelines/s`,
      `≥ ${batchTarget}/s`,
      r.writes.seed.rate / batchTarget,
      r.writes.seed.rate >= batchTarget,
    );
    row(
      `importing a sheet of ${bulkCounts(r).toLocaleString('en-US')} (validation included; path: ${r.writes.import.counting}; ${r.writes.import.rejected} rows refused)`,
      `${r.writes.import.rate.toFixed(0)} timelines/s`,
      `≥ ${batchTarget}/s`,
      r.writes.import.rate / batchTarget,
      r.writes.import.rate >= batchTarget,
    );
    lines.push(
      `| ${r.label} | ${scale} | (for comparison) batches of 10,000 counted by the per-statement triggers, as web writes are | ${r.writes.triggered.toFixed(0)} timelines/s | | | |`,
    );
    if (r.rebuildSeconds !== null) {
      const rebuildTarget = pg ? 300 : 60;
      const targetScale = pg ? 1_000_000 : 100_000;
      row(
        'full rollup rebuild',
        `${r.rebuildSeconds.toFixed(1)} s`,
        `≤ ${rebuildTarget} s at ${targetScale.toLocaleString('en-US')}`,
        r.rebuildSeconds / rebuildTarget,
        r.count >= targetScale && r.rebuildSeconds <= rebuildTarget,
      );
      if (r.count < targetScale) {
        const linear = (r.rebuildSeconds * targetScale) / r.count;
        row(
          `rebuild extrapolated linearly to ${targetScale.toLocaleString('en-US')} (estimate, not measured)`,
          `≈ ${linear.toFixed(0)} s`,
          `≤ ${rebuildTarget} s`,
          linear / rebuildTarget,
          linear <= rebuildTarget,
        );
      }
    }
    const sizeRatio = r.sizes.rollupBytes / Math.max(1, r.sizes.rawBytes);
    row(
      `rollup size (${(r.sizes.rollupRows / 1e6).toFixed(2)} M rows, ${(r.sizes.rollupRows / Math.max(1, r.sizes.timelines)).toFixed(0)} per timeline) ÷ raw tables`,
      `${(r.sizes.rollupBytes / 2 ** 20).toFixed(0)} MB ÷ ${(r.sizes.rawBytes / 2 ** 20).toFixed(0)} MB = ${sizeRatio.toFixed(1)}×`,
      '≤ 2×',
      sizeRatio / 2,
      sizeRatio <= 2,
    );
    const share = r.explore.rps / Math.max(1, r.methodology.rps);
    row(
      '/explore req/s ÷ /methodology req/s (50 connections)',
      `${r.explore.rps.toFixed(0)} ÷ ${r.methodology.rps.toFixed(0)} = ${(share * 100).toFixed(0)}%`,
      '≥ 50%',
      share / 0.5,
      share >= 0.5,
    );
    row('/explore p99', `${r.explore.p99} ms`, '≤ 150 ms', r.explore.p99 / 150, r.explore.p99 <= 150);
  }
  const pgResult = results.find((r) => r.label.startsWith('PostgreSQL'));
  if (pgResult) {
    const p95 = percentile(pgResult.http.first, 0.95);
    const speedup = percentile(pgResult.naive.samples, 0.5) / percentile(pgResult.http.first, 0.5);
    lines.push(
      '',
      `Targets (PostgreSQL): stats p95 of first (computed) answers ${ms(p95)} ms ≤ 20 ms: ${p95 <= 20 ? 'met' : 'NOT met'} · ≥ 30× faster than naive: ${speedup >= 30 ? 'met' : 'NOT met'} (${speedup.toFixed(0)}×) · zero errors: ${pgResult.mismatches + pgResult.http.errors + pgResult.breakdown.errors + pgResult.explore.errors + pgResult.explore.non2xx === 0 ? 'met' : 'NOT met'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'pg-count': { type: 'string', default: '1000000' },
        'pglite-count': { type: 'string', default: '100000' },
        'skip-pg': { type: 'boolean', default: false },
        'skip-pglite': { type: 'boolean', default: false },
        duration: { type: 'string', default: '10' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const pgCount = Number(values['pg-count']);
  const pgliteCount = Number(values['pglite-count']);
  const duration = Number(values.duration);
  if (![pgCount, pgliteCount].every((n) => Number.isInteger(n) && n >= 1000))
    throw new UsageError('counts must be whole numbers ≥ 1000');
  if (!(duration >= 1 && duration <= 120))
    throw new UsageError('--duration must be between 1 and 120 seconds');

  const results: Result[] = [];
  if (!values['skip-pg']) {
    const url = await ensurePgDatabase();
    const a = await inProcessPhase('PostgreSQL 15', { kind: 'postgres', url }, pgCount, writeCounts(pgCount));
    const b = await serverPhase('PostgreSQL 15', { DATABASE_URL: url }, duration);
    results.push({ label: 'PostgreSQL 15', count: pgCount, ...a, ...b });
  }
  if (!values['skip-pglite']) {
    const dataDir = join(root, 'bench-results', `pglite-${pgliteCount}`);
    mkdirSync(dataDir, { recursive: true });
    const a = await inProcessPhase(
      'PGlite',
      { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
      pgliteCount,
      writeCounts(pgliteCount),
    );
    const b = await serverPhase('PGlite', { DATA_DIR: dataDir, DATABASE_URL: '' }, duration);
    results.push({ label: 'PGlite (PG 18, WASM)', count: pgliteCount, ...a, ...b });
  }
  const markdown = report(results, duration);
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const file = join(root, 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, markdown);
  console.log(`\n${markdown}\nWritten to ${file}`);
});
