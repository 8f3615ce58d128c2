// Frozen in time: never import app code here. One read-only share link per timeline; the
// token is kept only as its SHA-256 hash, and the link goes with its timeline.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('share_links')
    .addColumn('timeline_id', 'uuid', (c) => c.primaryKey().references('timelines.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`token_hash ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn('show_country', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('show_service_center', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('show_milestones', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('show_note', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('share_links').execute();
}
