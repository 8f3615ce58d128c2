// npm run db:seed -- --timelines N [--seed S] [--as-of YYYY-MM] [--batch B]
// Generates deterministic synthetic timelines, marked as demo data.
import { parseArgs } from 'node:util';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { seedDemoTimelines } from '../src/server/demo/seed.ts';
import { currentMonth, formatMonth, parseMonth } from '../src/server/timelines/months.ts';
import { BULK_BATCH } from '../src/server/timelines/repository.ts';
import { countingMessage } from '../src/server/stats/bulk-load.ts';
import { progressBar } from '../src/server/cli/progress.ts';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { positiveInt } from '../src/server/cli/args.ts';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        timelines: { type: 'string' },
        seed: { type: 'string' },
        'as-of': { type: 'string' },
        batch: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}. Usage: npm run db:seed -- --timelines N [--seed S] [--as-of YYYY-MM]`,
    );
  }
  const count = positiveInt('timelines', values.timelines, 1000);
  const seed = positiveInt('seed', values.seed, 42);
  const batchSize = positiveInt('batch', values.batch, BULK_BATCH);
  const asOf = values['as-of'] === undefined ? currentMonth() : parseMonth(values['as-of']);
  if (asOf === undefined) throw new UsageError(`--as-of must be YYYY-MM, got "${values['as-of']}"`);

  const target = targetFromConfig(env());
  const open = await openDatabase(target);
  try {
    await migrateToLatest(
      open.db,
      await loadMigrationFiles(new URL('../db/migrations', import.meta.url).pathname),
    );
    console.log(
      `Seeding ${count.toLocaleString('en-US')} demo timelines (seed ${seed}, as of ${formatMonth(asOf)}) into ${describeTarget(target)}`,
    );
    const bar = progressBar('seed', count);
    await seedDemoTimelines(open.db, {
      count,
      seed,
      asOf,
      batchSize,
      onBatch: (n) => bar.advance(n),
      onCount: (counting) => console.log(`\n${countingMessage(counting, 'new timelines')}`),
    });
    const { seconds, rate } = bar.done();
    console.log(
      `Seeded ${count.toLocaleString('en-US')} timelines in ${seconds.toFixed(1)} s (${Math.round(rate).toLocaleString('en-US')} timelines/s).`,
    );
  } finally {
    await open.close();
  }
});
