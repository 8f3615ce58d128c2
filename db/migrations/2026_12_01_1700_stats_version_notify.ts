// Frozen in time: never import app code here.
// The embedded database tells its own process when the statistics data version changes
// (docs/decisions/111), so the Explore page cache need not read the version per request wave.
// Every bump of stats_data_version (stats_bump_version(), unchanged) sends a notification on the
// channel stats_data_version, delivered at commit; PostgreSQL folds repeats within a transaction
// into one, and a rolled-back transaction sends nothing.
//
// Only a session that LISTENs on the channel notifies: PGlite is one session, so it notifies
// itself, and its client runs the listener before the writer's caller resumes. The app never
// listens on PostgreSQL (delivery to other sessions is asynchronous, so it could not prove
// freshness there), so its writers skip NOTIFY and its commit-time lock entirely.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create or replace function stats_notify_version() returns trigger language plpgsql as $fn$
        begin
          if exists (select 1 from pg_listening_channels() c where c = 'stats_data_version') then
            perform pg_notify('stats_data_version', '');
          end if;
          return null;
        end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger stats_version_notify after insert or update or delete or truncate on stats_data_version
        for each statement execute function stats_notify_version()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists stats_version_notify on stats_data_version`.execute(db);
  await sql`drop function if exists stats_notify_version()`.execute(db);
}
