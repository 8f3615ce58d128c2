// Frozen in time: never import app code here.
// A data version for the statistics (docs/decisions/111): every statement that writes
// timelines, milestones or the rollup bumps it in the writer's own transaction, so it changes
// whenever a write that can move a figure becomes visible. Readers use it in cache keys.
// The rollup's own table is watched too: bulk loads disable the triggers on timelines and
// milestones, then stats_rebuild() truncates and refills stats_counts.
//
// Sixteen slots instead of one row: a writer bumps the slot of its own transaction id, so two
// concurrent writers rarely wait on each other's counter; the version is all sixteen values.
// A statement-level trigger separate from the rollup's own, so the rollup functions can be
// redefined (2026_12_01_13xx, 14xx) without touching this.
import { type Kysely, sql } from 'kysely';

const SLOTS = 16;

const TRIGGERS = [
  ['stats_version_milestones', 'milestones', 'insert or update or delete'],
  ['stats_version_timelines', 'timelines', 'insert or update or delete'],
  ['stats_version_milestones_trunc', 'milestones', 'truncate'],
  ['stats_version_timelines_trunc', 'timelines', 'truncate'],
  ['stats_version_counts', 'stats_counts', 'insert or update or delete'],
  ['stats_version_counts_trunc', 'stats_counts', 'truncate'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_data_version')
    .addColumn('slot', 'smallint', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto('stats_data_version')
    .values(Array.from({ length: SLOTS }, (_, slot) => ({ slot, version: 0 })))
    .execute();
  await sql
    .raw(
      `create or replace function stats_bump_version() returns trigger language plpgsql as $fn$
        begin
          update stats_data_version set version = version + 1
          where slot = (txid_current() % ${SLOTS})::smallint;
          return null;
        end $fn$`,
    )
    .execute(db);
  for (const [name, table, events] of TRIGGERS) {
    await sql
      .raw(
        `create trigger ${name} after ${events} on ${table} for each statement execute function stats_bump_version()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, table] of TRIGGERS)
    await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
  await sql`drop function if exists stats_bump_version()`.execute(db);
  await db.schema.dropTable('stats_data_version').execute();
}
