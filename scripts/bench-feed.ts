// npm run bench:feed [-- --runs N --pages P]
// Feed page and Atom latency on the configured database (DATABASE_URL; seed it first with
// `npm run db:seed -- --timelines 1000000`). Prints a markdown table of p50/p95 per filter.
import { parseArgs } from 'node:util';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { renderAtom } from '../src/server/feed/atom.ts';
import type { FeedQuery } from '../src/server/feed/filters.ts';
import { type FeedSettings, loadFeedPage } from '../src/server/feed/service.ts';
import { countTimelines } from '../src/server/timelines/repository.ts';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { positiveInt } from '../src/server/cli/args.ts';

const SCENARIOS: { name: string; query: FeedQuery }[] = [
  { name: 'all', query: {} },
  { name: 'category=i485', query: { category: 'i485' } },
  { name: 'category=i140', query: { category: 'i140' } },
  { name: 'country=IN', query: { country: 'IN' } },
  { name: 'country=KE (1%)', query: { country: 'KE' } },
  { name: 'country=LU (smallest, 0.05%)', query: { country: 'LU' } },
  { name: 'i129f · KE', query: { category: 'i129f', country: 'KE' } },
  { name: 'i485 · KE', query: { category: 'i485', country: 'KE' } },
  { name: 'milestone=approved', query: { milestone: 'approved' } },
  { name: 'milestone=oath', query: { milestone: 'oath' } },
  { name: 'i140 · IN · approved', query: { category: 'i140', country: 'IN', milestone: 'approved' } },
  { name: 'n400 · MX', query: { category: 'n400', country: 'MX' } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({ options: { runs: { type: 'string' }, pages: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Usage: npm run bench:feed -- [--runs N] [--pages P]`);
  }
  const runs = positiveInt('runs', values.runs, 20);
  const pages = positiveInt('pages', values.pages, 5);
  const target = targetFromConfig(env());
  const open = await openDatabase(target);
  try {
    await migrateToLatest(
      open.db,
      await loadMigrationFiles(new URL('../db/migrations', import.meta.url).pathname),
    );
    const total = await countTimelines(open.db);
    const settings: FeedSettings = { minGroupSize: env().STATS_MIN_GROUP_SIZE, includeDemo: true };
    console.log(
      `Feed benchmark on ${describeTarget(target)}: ${total.toLocaleString('en-US')} timelines, ${runs} runs, pages 1–${pages}, K=${settings.minGroupSize}\n`,
    );
    console.log('| filter | what | samples | p50 ms | p95 ms | max ms |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    const all: number[] = [];
    for (const scenario of SCENARIOS) {
      const pageTimes: number[] = [];
      const atomTimes: number[] = [];
      for (let run = 0; run < runs; run++) {
        let after: string | undefined;
        for (let p = 0; p < pages; p++) {
          const started = performance.now();
          const result = await loadFeedPage(open.db, { ...scenario.query, after }, settings);
          pageTimes.push(performance.now() - started);
          if (!result.ok) throw new Error(result.error);
          after = result.page.next;
          if (!after) break;
        }
        const started = performance.now();
        const atom = await loadFeedPage(open.db, scenario.query, { ...settings, pageSize: 50 });
        if (atom.ok)
          renderAtom(atom.page, {
            self: 'http://bench/feed.atom',
            html: 'http://bench/feed',
            site: 'http://bench',
            title: 'bench',
            currentMonth: 0,
          });
        atomTimes.push(performance.now() - started);
      }
      for (const [what, times] of [
        ['page', pageTimes],
        ['atom', atomTimes],
      ] as const) {
        const sorted = [...times].sort((a, b) => a - b);
        all.push(...times);
        console.log(
          `| ${scenario.name} | ${what} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1]!.toFixed(1)} |`,
        );
      }
    }
    const sorted = all.sort((a, b) => a - b);
    console.log(
      `| **all** | page + atom | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1]!.toFixed(1)} |`,
    );
  } finally {
    await open.close();
  }
});
