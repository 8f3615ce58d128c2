/**
 * Writes synthetic demo timelines in batches: one transaction per batch, or, when the load is
 * large next to the database, one transaction that recounts the statistics once at the end.
 */
import type { Database } from '../db/client.ts';
import { prefersRecount, writeThenRecount } from '../stats/bulk-load.ts';
import { BULK_BATCH, countTimelines, insertTimelines } from '../timelines/repository.ts';
import type { NewTimeline } from '../timelines/types.ts';
import type { MonthIndex } from '../timelines/months.ts';
import { generateTimeline } from './generate.ts';
import { seededRandom } from './random.ts';

export interface SeedOptions {
  count: number;
  seed: number;
  asOf: MonthIndex;
  batchSize?: number;
  /** After each batch: how many were written, and their ids. */
  onBatch?: (inserted: number, ids: string[]) => void;
  /** When a large load starts recounting the statistics (it has no finer progress). */
  onRecount?: () => void;
  /** Count every batch through the statistics triggers, never one recount (what the benchmark times). */
  countThroughTriggers?: boolean;
}

export async function seedDemoTimelines(db: Database, options: SeedOptions): Promise<number> {
  const rng = seededRandom(options.seed);
  const batchSize = options.batchSize ?? BULK_BATCH;
  const writeAll = async (write: (batch: NewTimeline[]) => Promise<string[]>) => {
    let written = 0;
    while (written < options.count) {
      const size = Math.min(batchSize, options.count - written);
      const batch = Array.from({ length: size }, () => generateTimeline(rng, { asOf: options.asOf }));
      const ids = await write(batch);
      written += size;
      options.onBatch?.(size, ids);
    }
    return written;
  };
  if (!options.countThroughTriggers && prefersRecount(await countTimelines(db), options.count))
    return writeThenRecount(db, (trx) => writeAll((batch) => insertTimelines(trx, batch)), options.onRecount);
  return writeAll((batch) => db.transaction().execute((trx) => insertTimelines(trx, batch)));
}
