// A migrated database filled with deterministic demo timelines, for the e2e suite, load runs,
// scans and audits: one way to prepare it, whichever of them asks.
import { join } from 'node:path';
import { type Database, type DatabaseTarget, openDatabase } from '../../src/server/db/client.ts';
import { loadMigrationFiles } from '../../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import { seedDemoTimelines } from '../../src/server/demo/seed.ts';
import { currentMonth } from '../../src/server/timelines/months.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface DemoDatabaseOptions {
  count: number;
  seed: number;
  /** More rows a caller needs beside the demo timelines, written before the database closes. */
  extra?: (db: Database) => Promise<unknown>;
}

export async function prepareDemoDatabase(
  target: DatabaseTarget,
  { count, seed, extra }: DemoDatabaseOptions,
): Promise<void> {
  const open = await openDatabase(target);
  try {
    await migrateToLatest(open.db, await loadMigrationFiles(join(root, 'db/migrations')));
    await seedDemoTimelines(open.db, { count, seed, asOf: currentMonth() });
    await extra?.(open.db);
  } finally {
    await open.close();
  }
}
