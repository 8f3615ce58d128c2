/**
 * Bulk writes (seeding, import) count the statistics once per load rather than once per
 * statement, in the same transaction as the load, so readers never see timelines without their
 * counts and a failure leaves nothing behind (docs/decisions/113 and 114):
 *   - recount: the load is large next to the database; the triggers pause and stats_rebuild()
 *     recounts everything (~0.19 ms per timeline in the database at 1M on PostgreSQL);
 *   - deferred: otherwise; the triggers only note which timelines changed, and
 *     stats_count_pending() counts those in one pass (the per-statement triggers cost ~1.5 ms per
 *     timeline at 1M, most of it upserting the same histogram rows batch after batch).
 */
import { type Transaction, sql } from 'kysely';
import type { Database } from '../db/client.ts';
import type { DB } from '../db/schema.ts';
import { countTimelines } from '../timelines/repository.ts';

/** Recounting wins when the load is at least a seventh of what the database will hold. */
const RECOUNT_RATIO = 7;

export type BulkCounting = 'recount' | 'deferred';

export function prefersRecount(existing: number, incoming: number): boolean {
  return incoming > 0 && existing < incoming * RECOUNT_RATIO;
}

/** What a command prints when the counting starts (it has no finer progress). */
export function countingMessage(counting: BulkCounting, what: string): string {
  return counting === 'recount'
    ? `Recounting the statistics once for the whole database (about 0.2 ms per timeline)…`
    : `Counting the ${what} into the statistics in one pass…`;
}

/** How a load of `incoming` timelines into this database should count. */
export async function chooseBulkCounting(db: Database, incoming: number): Promise<BulkCounting> {
  return prefersRecount(await countTimelines(db), incoming) ? 'recount' : 'deferred';
}

/**
 * Runs `write` in one transaction whose statistics are counted once, at the end, the way
 * `counting` says. `onCount` is called when the writes are done and the counting starts.
 */
export async function writeInBulk<T>(
  db: Database,
  counting: BulkCounting,
  write: (trx: Transaction<DB>) => Promise<T>,
  onCount?: (counting: BulkCounting) => void,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const mode = counting === 'recount' ? 'on' : 'defer';
    await sql`select set_config('casetrack.stats_bulk', ${mode}, true)`.execute(trx);
    const result = await write(trx);
    await sql`select set_config('casetrack.stats_bulk', 'off', true)`.execute(trx);
    onCount?.(counting);
    // The planner's statistics predate the load (autovacuum cannot see uncommitted rows): with
    // the tables' old sizes it planned a 1M recount to spill 8 GB and run for over 10 minutes.
    await sql`analyze timelines`.execute(trx);
    await sql`analyze milestones`.execute(trx);
    // One pass hashes every pair of the load (or of the database): memory instead of disk.
    await sql`select set_config('work_mem', '512MB', true)`.execute(trx);
    if (counting === 'recount') await sql`select stats_rebuild()`.execute(trx);
    else await sql`select stats_count_pending()`.execute(trx);
    return result;
  });
}
