/**
 * Large loads (seeding an empty or small database) count faster by recounting everything once
 * than through the per-statement triggers: at 1M on PostgreSQL the rebuild costs ~0.19 ms per
 * timeline in the database, the triggers ~1.6 ms per timeline written (docs/measurements/
 * rollup-v3.md). The load and the recount are one transaction, so readers never see the
 * timelines without their counts, and a failure leaves nothing behind (docs/decisions/113).
 */
import { type Transaction, sql } from 'kysely';
import type { Database } from '../db/client.ts';
import type { DB } from '../db/schema.ts';

/** Recounting wins when the load is at least a seventh of what the database will hold. */
const RECOUNT_RATIO = 7;

export function prefersRecount(existing: number, incoming: number): boolean {
  return incoming > 0 && existing < incoming * RECOUNT_RATIO;
}

/** Runs `write` with the statistics triggers paused, then rebuilds the rollup, in one transaction. */
export async function writeThenRecount<T>(
  db: Database,
  write: (trx: Transaction<DB>) => Promise<T>,
  onRecount?: () => void,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('casetrack.stats_bulk', 'on', true)`.execute(trx);
    const result = await write(trx);
    await sql`select set_config('casetrack.stats_bulk', 'off', true)`.execute(trx);
    onRecount?.();
    // The recount sorts every pair once: memory instead of spilling to disk.
    await sql`select set_config('work_mem', '64MB', true)`.execute(trx);
    await sql`select stats_rebuild()`.execute(trx);
    return result;
  });
}
