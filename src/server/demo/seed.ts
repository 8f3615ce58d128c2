/**
 * Writes synthetic demo timelines in batches, in one transaction that counts the statistics once
 * at the end (src/server/stats/bulk-load.ts); the benchmark can ask for one transaction per batch
 * counted through the triggers instead, as web writes are.
 */
import type { Database } from '../db/client.ts';
import { type BulkCounting, chooseBulkCounting, writeInBulk } from '../stats/bulk-load.ts';
import { BULK_BATCH, insertTimelines } from '../timelines/repository.ts';
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
  /** When the writes are done and the counting starts (it has no finer progress). */
  onCount?: (counting: BulkCounting) => void;
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
  if (options.countThroughTriggers)
    return writeAll((batch) => db.transaction().execute((trx) => insertTimelines(trx, batch)));
  const counting = await chooseBulkCounting(db, options.count);
  return writeInBulk(
    db,
    counting,
    (trx) => writeAll((batch) => insertTimelines(trx, batch)),
    options.onCount,
  );
}
