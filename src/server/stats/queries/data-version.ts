/** The statistics data version: changes in the same transaction as every write to their input. */
import type { Database } from '../../db/client.ts';

export interface DataVersion {
  /** Exact identity of the state: equal keys, equal data. */
  key: string;
  /** Grows with every write, so a newer version compares greater. */
  order: number;
}

export async function getStatsDataVersion(db: Database): Promise<DataVersion> {
  const rows = await db
    .selectFrom('stats_data_version')
    .select(['slot', 'version'])
    .orderBy('slot')
    .execute();
  const values = rows.map((r) => Number(r.version));
  return { key: values.join('.'), order: values.reduce((a, b) => a + b, 0) };
}
