// The duplicate guard's memory: a hash of (client key + timeline content) and when it was
// seen. No column can be joined to a timeline or to an address; rows expire after a day.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('submission_fingerprints')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('submission_fingerprints_seen_idx')
    .on('submission_fingerprints')
    .column('seen_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('submission_fingerprints').execute();
}
