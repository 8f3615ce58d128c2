// Frozen in time: never import app code here.
// A faster stats_rebuild() (docs/decisions/112). After its TRUNCATE every key of the rebuild's
// one INSERT is distinct, so its ON CONFLICT never fires, yet it made PostgreSQL probe and grow
// the 13-column primary-key index one row at a time. The rebuild now drops the primary key,
// inserts plainly and builds the index once, by sorting.
//
// It is derived from whatever stats_rebuild() the earlier migrations defined (its counting SQL
// is theirs: 0700, 1300, offices' 14xx), so this migration does not freeze a copy of the rollup
// definitions. The earlier function stays as stats_rebuild_upserting() for `down`.
import { type Kysely, sql } from 'kysely';

const UPSERT = /\s+on conflict \([^)]*\)\s+do update set n = stats_counts\.n \+ excluded\.n/gi;
const TRUNCATE = /truncate stats_counts, stats_milestone_snapshots;/i;
const SNAPSHOTS = /insert into stats_milestone_snapshots/i;

export async function up(db: Kysely<any>): Promise<void> {
  const { rows: fns } = await sql<{
    def: string;
  }>`select pg_get_functiondef('stats_rebuild()'::regprocedure) as def`.execute(db);
  const { rows: keys } = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'stats_counts'::regclass and contype = 'p'`.execute(db);
  const original = fns[0]?.def;
  const key = keys[0];
  if (!original || !key) throw new Error('stats_rebuild() or the primary key of stats_counts is missing');
  const upserts = original.match(UPSERT)?.length ?? 0;
  if (upserts !== 1 || !TRUNCATE.test(original) || !SNAPSHOTS.test(original))
    throw new Error('stats_rebuild() does not have the shape this migration rewrites (see decision 112)');
  const rewritten = original
    .replace(UPSERT, '')
    .replace(
      TRUNCATE,
      (m) =>
        `${m}\n      -- Index built once, by sorting, after the insert.\n      alter table stats_counts drop constraint ${key.name};`,
    )
    .replace(SNAPSHOTS, (m) => `alter table stats_counts add constraint ${key.name} ${key.def};\n      ${m}`);
  await sql`alter function stats_rebuild() rename to stats_rebuild_upserting`.execute(db);
  await sql.raw(rewritten).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function stats_rebuild()`.execute(db);
  await sql`alter function stats_rebuild_upserting() rename to stats_rebuild`.execute(db);
}
