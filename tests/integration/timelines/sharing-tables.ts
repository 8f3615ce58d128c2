/** Empties what sharing writes, so each test starts from nothing. */
import type { Database } from '../../../src/server/db/client.ts';

export async function clearSharingTables(db: Database): Promise<void> {
  await db.deleteFrom('timelines').execute();
  await db.deleteFrom('submission_fingerprints').execute();
  await db.deleteFrom('rate_limit_counters').execute();
}
