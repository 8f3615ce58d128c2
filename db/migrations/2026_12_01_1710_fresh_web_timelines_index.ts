// Frozen in time: never import app code here.
// The padding rule (docs/decisions/050) counts, on every statistics request, the web
// submissions of the current month in the filter's category. With only the created_month index
// that read walked every row written this month, imports and demo data included: after a large
// load (1M benchmark rows, all written this month) it took ~120 ms per request. A partial index
// on web rows keeps it to the rows it counts.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('timelines_fresh_web_idx')
    .on('timelines')
    .columns(['category', 'created_month'])
    .where(sql.ref('provenance'), '=', 'web')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('timelines_fresh_web_idx').execute();
}
