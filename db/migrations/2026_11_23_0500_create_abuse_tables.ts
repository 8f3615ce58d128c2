// Abuse control that never identifies anyone: daily rotating secrets for client keys, and
// rate-limit events keyed by those keys. Nothing here references a timeline.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_key_secrets')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rate_limit_events')
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('rate_limit_events_key_idx')
    .on('rate_limit_events')
    .columns(['client_key', 'action', 'at'])
    .execute();
  await db.schema.createIndex('rate_limit_events_at_idx').on('rate_limit_events').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_events').execute();
  await db.schema.dropTable('client_key_secrets').execute();
}
