/** Writes synthetic demo timelines in batches, one transaction per batch. */
import type { Database } from '../db/client.ts';
import { BULK_BATCH, insertTimelines } from '../timelines/repository.ts';
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
}

export async function seedDemoTimelines(db: Database, options: SeedOptions): Promise<number> {
  const rng = seededRandom(options.seed);
  const batchSize = options.batchSize ?? BULK_BATCH;
  let written = 0;
  while (written < options.count) {
    const size = Math.min(batchSize, options.count - written);
    const batch = Array.from({ length: size }, () => generateTimeline(rng, { asOf: options.asOf }));
    const ids = await db.transaction().execute((trx) => insertTimelines(trx, batch));
    written += size;
    options.onBatch?.(size, ids);
  }
  return written;
}
