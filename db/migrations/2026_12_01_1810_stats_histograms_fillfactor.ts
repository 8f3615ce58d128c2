// Frozen in time: never import app code here.
// Room on every page of the histograms for updated versions of their rows (docs/decisions/114).
// Every write rewrites whole histogram rows (arrays); on full pages each new version goes to
// another page and needs a new primary-key entry. With 30% of each page free, most updates stay
// on their page as heap-only tuples, with no index entry: a deferred load's upsert of 288,322
// histogram rows took 8.4–8.7 s instead of 12.0–12.3 s (100k database, PostgreSQL). The setting applies to
// pages written from now on; the next stats_rebuild() lays the whole table out with it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table stats_histograms set (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table stats_histograms reset (fillfactor)`.execute(db);
}
