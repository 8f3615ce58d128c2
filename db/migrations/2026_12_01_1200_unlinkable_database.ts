// A copy of the database must not link a timeline to an address or to an exact write time
// (issue 12, docs/decisions/065–066). Frozen in time: never import app code here.
// - Secrets leave the database: client keys, the duplicate guard, report dedupe keys, feed
//   references and cursors are keyed by SERVER_SECRET from the environment instead.
// - Timelines and milestones keep only the month they were written; rate-limit counters
//   and duplicate-guard entries only the hour; reports and share links only the day.
// - Anything computed under the old in-database secrets is deleted: it could be recomputed.
import { type Kysely, sql } from 'kysely';

const MIN_MONTH = 2000 * 12; // 2000-01
const MAX_MONTH = 2100 * 12 + 11; // 2100-12

/** The current UTC month as year * 12 + (month - 1). */
const CURRENT_MONTH = sql`(extract(year from (now() at time zone 'UTC'))::int * 12 + extract(month from (now() at time zone 'UTC'))::int - 1)`;
const monthOf = (column: string) =>
  sql`(extract(year from (${sql.ref(column)} at time zone 'UTC'))::int * 12 + extract(month from (${sql.ref(column)} at time zone 'UTC'))::int - 1)`;
const monthInRange = (column: string) =>
  sql`${sql.ref(column)} between ${sql.lit(MIN_MONTH)} and ${sql.lit(MAX_MONTH)}`;
/** Whole hours since the epoch. */
const CURRENT_HOUR = sql`(floor(extract(epoch from now()) / 3600))::int`;

export async function up(db: Kysely<any>): Promise<void> {
  // Timelines: created_at/updated_at (microseconds) become the months they were written.
  await db.schema
    .alterTable('timelines')
    .addColumn('created_month', 'integer', (c) => c.notNull().defaultTo(CURRENT_MONTH))
    .addColumn('updated_month', 'integer', (c) => c.notNull().defaultTo(CURRENT_MONTH))
    .execute();
  // The statistics triggers would diff every row for a change that touches no statistic.
  await sql`alter table timelines disable trigger stats_timelines_upd`.execute(db);
  await sql`update timelines set created_month = ${monthOf('created_at')}, updated_month = ${monthOf('updated_at')}`.execute(
    db,
  );
  await sql`alter table timelines enable trigger stats_timelines_upd`.execute(db);
  await db.schema.dropIndex('timelines_created_idx').ifExists().execute();
  await db.schema.alterTable('timelines').dropColumn('created_at').dropColumn('updated_at').execute();
  await db.schema
    .alterTable('timelines')
    .addCheckConstraint('timelines_created_month_range', monthInRange('created_month'))
    .execute();
  await db.schema
    .alterTable('timelines')
    .addCheckConstraint('timelines_updated_month_range', monthInRange('updated_month'))
    .execute();
  await db.schema
    .alterTable('timelines')
    .addCheckConstraint('timelines_updated_after_created', sql`updated_month >= created_month`)
    .execute();
  await db.schema
    .createIndex('timelines_created_month_idx')
    .on('timelines')
    .column('created_month')
    .execute();

  // Milestones: the feed orders by the month a milestone was written, then by random ids.
  await db.schema
    .alterTable('milestones')
    .addColumn('written_month', 'integer', (c) => c.notNull().defaultTo(CURRENT_MONTH))
    .execute();
  await sql`alter table milestones disable trigger stats_milestones_upd`.execute(db);
  await sql`update milestones set written_month = ${monthOf('created_at')}`.execute(db);
  await sql`alter table milestones enable trigger stats_milestones_upd`.execute(db);
  // Dropping the column drops the two feed indexes built on it.
  await db.schema.alterTable('milestones').dropColumn('created_at').execute();
  await db.schema
    .alterTable('milestones')
    .addCheckConstraint('milestones_written_month_range', monthInRange('written_month'))
    .execute();
  await db.schema
    .createIndex('milestones_feed_idx')
    .on('milestones')
    .columns(['month', 'written_month', 'timeline_id', 'key'])
    .execute();
  await db.schema
    .createIndex('milestones_feed_key_idx')
    .on('milestones')
    .columns(['key', 'month', 'written_month', 'timeline_id'])
    .execute();

  // No secret is kept in the database any more.
  await db.schema.dropTable('client_key_secrets').execute();
  await db.schema.dropTable('server_secrets').execute();

  // Rate limits: one counter per client key, action and hour instead of exact event times.
  await db.schema.dropTable('rate_limit_events').execute();
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull().check(sql`hour > 0`))
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
    .addPrimaryKeyConstraint('rate_limit_counters_pkey', ['client_key', 'action', 'hour'])
    .execute();
  await db.schema
    .createIndex('rate_limit_counters_hour_idx')
    .on('rate_limit_counters')
    .column('hour')
    .execute();

  // Duplicate guard: old fingerprints were plain hashes anyone could recompute; start afresh.
  await db.schema.dropTable('submission_fingerprints').execute();
  await db.schema
    .createTable('submission_fingerprints')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('seen_hour', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(CURRENT_HOUR)
        .check(sql`seen_hour > 0`),
    )
    .execute();
  await db.schema
    .createIndex('submission_fingerprints_seen_idx')
    .on('submission_fingerprints')
    .column('seen_hour')
    .execute();

  // Reports and share links keep the UTC day. Old report dedupe keys were keyed by a secret
  // that is now deleted, so they are void; a re-report of an open item simply adds one.
  for (const table of ['reports', 'share_links']) {
    await sql`update ${sql.table(table)} set created_at = date_trunc('day', created_at, 'UTC')`.execute(db);
    await sql`alter table ${sql.table(table)} alter column created_at set default date_trunc('day', now(), 'UTC')`.execute(
      db,
    );
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_created_day`)} check (created_at = date_trunc('day', created_at, 'UTC'))`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['reports', 'share_links']) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_created_day`)}`.execute(db);
    await sql`alter table ${sql.table(table)} alter column created_at set default now()`.execute(db);
  }

  await db.schema.dropTable('submission_fingerprints').execute();
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

  await db.schema.dropTable('rate_limit_counters').execute();
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

  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('client_key_secrets')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .execute();

  const startOf = (column: string) =>
    sql`(make_timestamptz(${sql.ref(column)} / 12, ${sql.ref(column)} % 12 + 1, 1, 0, 0, 0, 'UTC'))`;
  await db.schema
    .alterTable('milestones')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table milestones disable trigger stats_milestones_upd`.execute(db);
  await sql`update milestones set created_at = ${startOf('written_month')}`.execute(db);
  await sql`alter table milestones enable trigger stats_milestones_upd`.execute(db);
  await db.schema.alterTable('milestones').dropColumn('written_month').execute();
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

  await db.schema
    .alterTable('timelines')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table timelines disable trigger stats_timelines_upd`.execute(db);
  await sql`update timelines set created_at = ${startOf('created_month')}, updated_at = ${startOf('updated_month')}`.execute(
    db,
  );
  await sql`alter table timelines enable trigger stats_timelines_upd`.execute(db);
  await db.schema.dropIndex('timelines_created_month_idx').execute();
  await db.schema.alterTable('timelines').dropColumn('created_month').dropColumn('updated_month').execute();
  await db.schema.createIndex('timelines_created_idx').on('timelines').column('created_at').execute();
}
