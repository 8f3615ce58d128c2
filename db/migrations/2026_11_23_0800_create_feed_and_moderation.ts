// Feed ordering, reports and the moderation audit log. Frozen in time: never import app code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // now() is stable, so existing rows get one value without a table rewrite; writers need no change.
  await db.schema
    .alterTable('milestones')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Keyset order of the feed: month, write time, then the primary key to break ties.
  await db.schema
    .createIndex('milestones_feed_idx')
    .on('milestones')
    .columns(['month', 'created_at', 'timeline_id', 'key'])
    .execute();
  await db.schema
    .createIndex('milestones_feed_key_idx')
    .on('milestones')
    .columns(['key', 'month', 'created_at', 'timeline_id'])
    .execute();

  // Secrets the server derives opaque references and cursors from; created on first use.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('timeline_id', 'uuid', (c) => c.notNull().references('timelines.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('identifying','spam','abusive','implausible_dates')`),
    )
    // HMAC of client key and timeline: one report per client and timeline, no address kept.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolution', 'text', (c) =>
      c.check(sql`resolution in ('dismissed','note_hidden','excluded','restored')`),
    )
    .addCheckConstraint('reports_resolved_together', sql`(resolved_at is null) = (resolution is null)`)
    .execute();
  await db.schema
    .createIndex('reports_open_idx')
    .on('reports')
    .columns(['timeline_id', 'created_at'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('moderation_audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('moderator', 'text', (c) => c.notNull().check(sql`char_length(moderator) between 1 and 200`))
    .addColumn('action', 'text', (c) =>
      c.notNull().check(sql`action in ('hide_note','exclude','restore','dismiss')`),
    )
    // No foreign key: the log outlives a timeline its owner deletes.
    .addColumn('timeline_id', 'uuid', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reports_resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`char_length(reason) between 1 and 500`))
    .execute();
  await db.schema
    .createIndex('moderation_audit_log_timeline_idx')
    .on('moderation_audit_log')
    .columns(['timeline_id', 'at'])
    .execute();

  // Append-only, enforced by the database: no role the app uses can rewrite history.
  await sql`
    create function moderation_audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'moderation_audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger moderation_audit_log_append_only
    before update or delete on moderation_audit_log
    for each row execute function moderation_audit_log_refuse_change()`.execute(db);
  await sql`
    create trigger moderation_audit_log_no_truncate
    before truncate on moderation_audit_log
    for each statement execute function moderation_audit_log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('moderation_audit_log').execute();
  await sql`drop function if exists moderation_audit_log_refuse_change()`.execute(db);
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('server_secrets').execute();
  await db.schema.dropIndex('milestones_feed_key_idx').execute();
  await db.schema.dropIndex('milestones_feed_idx').execute();
  await db.schema.alterTable('milestones').dropColumn('created_at').execute();
}
