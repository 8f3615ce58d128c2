// Frozen in time: never import app code here.
// Deferred counting for bulk writes (docs/decisions/114). Through the per-statement triggers a
// batch of 10,000 timelines cost ~14 s at 1M: most of it the histogram upserts, paid again for
// every batch. While a transaction sets casetrack.stats_bulk = 'defer', the insert and update
// triggers only note which timelines changed (stats_pending_timelines); stats_count_pending()
// then counts them all in one pass before the transaction commits: (what the timelines hold now)
// minus (what their facts say was counted), one upsert of the summed difference.
// The delete trigger now subtracts the facts' fields rather than the deleted row's: they are
// the same outside a deferred load, and inside one only the facts say what was counted.
import { type Kysely, sql } from 'kysely';
import {
  FUNCTIONS as COUNTING_FUNCTIONS_1600,
  T_COLUMNS,
  applySql,
  countedMilestones,
  saveFacts,
  tcols,
} from './2026_12_01_1600_stats_histograms.ts';

/** The counted fields of timelines as their facts recorded them, in T_COLUMNS' order. */
const factsVersions = (sign: string, join: string) => `
  select f.timeline_id as tid, ${sign} as sign,
         ${T_COLUMNS.replace(', provenance, moderation_state', '')
           .split(', ')
           .map((c) => `f.${c}`)
           .join(', ')},
         case when f.is_demo then 'demo' else 'web' end as provenance,
         case when f.moderation_excluded then 'excluded' else 'visible' end as moderation_state
  from stats_timeline_facts f ${join}`;

/**
 * A trigger function: `collect` sets ids (the timelines whose counted state may have changed),
 * then it counts them now, or only notes them while the load defers counting.
 */
function fn(name: string, collect: string, count: string): string {
  return `create or replace function ${name}() returns trigger language plpgsql as $fn$
    declare ids uuid[]; mode text := current_setting('casetrack.stats_bulk', true);
    begin
      if mode = 'on' then return null; end if;
      ${collect};
      if mode = 'defer' then
        insert into stats_pending_timelines (timeline_id) select distinct unnest(ids) on conflict do nothing;
        return null;
      end if;
      ${count};
      return null;
    end $fn$`;
}

const PENDING = 'join stats_pending_timelines p on p.timeline_id';

const FUNCTIONS = [
  fn(
    'stats_milestones_changed',
    `
    if TG_OP = 'INSERT' then ids := array(select distinct timeline_id from new_rows);
    elsif TG_OP = 'DELETE' then ids := array(select distinct timeline_id from old_rows);
    else ids := array(select timeline_id from new_rows union select timeline_id from old_rows);
    end if`,
    `${applySql(
      `select t.id as tid, s.sign, ${tcols('t')}
       from timelines t cross join (values (-1), (1)) s(sign) where t.id = any(ids)`,
      `select m.timeline_id as tid, 1 as sign, m.key, m.month from milestones m where m.timeline_id = any(ids)
       union all ${countedMilestones('-1')}`,
    )};
    ${saveFacts('where t.id = any(ids)')}`,
  ),
  fn(
    'stats_timelines_updated',
    `
    ids := array(select n.id from old_rows o join new_rows n on n.id = o.id
                 where (${tcols('o')}) is distinct from (${tcols('n')}))`,
    `${applySql(
      `
      select o.id as tid, -1 as sign, ${tcols('o')} from old_rows o where o.id = any(ids)
      union all
      select n.id, 1, ${tcols('n')} from new_rows n where n.id = any(ids)`,
      `${countedMilestones('-1')} union all ${countedMilestones('1')}`,
    )};
    ${saveFacts('where t.id = any(ids)')}`,
  ),
  // Never deferred: the facts cascade away with the timeline, and they alone say what was counted.
  `create or replace function stats_timeline_deleting() returns trigger language plpgsql as $fn$
    declare ids uuid[];
    begin
      if current_setting('casetrack.stats_bulk', true) = 'on' then return OLD; end if;
      ids := array[OLD.id];
      ${applySql(factsVersions('-1', 'where f.timeline_id = any(ids)'), countedMilestones('-1'))};
      return OLD;
    end $fn$`,
  // Counts every pending timeline once: now minus as last counted, then their new facts.
  `create or replace function stats_count_pending() returns integer language plpgsql as $fn$
    declare pending integer;
    begin
      select count(*) into pending from stats_pending_timelines;
      if pending = 0 then return 0; end if;
      analyze stats_pending_timelines;
      ${applySql(
        `${factsVersions('-1', `${PENDING} = f.timeline_id`)}
         union all
         select t.id, 1, ${tcols('t')} from timelines t ${PENDING} = t.id`,
        `select f.timeline_id as tid, -1 as sign, u.key, u.month
         from stats_timeline_facts f ${PENDING} = f.timeline_id
         cross join lateral unnest(f.keys, f.months) as u(key, month)
         union all
         select m.timeline_id, 1, m.key, m.month from milestones m ${PENDING} = m.timeline_id`,
      )};
      ${saveFacts('where t.id in (select timeline_id from stats_pending_timelines)')};
      delete from stats_pending_timelines;
      return pending;
    end $fn$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key: a timeline deleted after it was noted is simply not found when counted.
  await db.schema
    .createTable('stats_pending_timelines')
    .addColumn('timeline_id', 'uuid', (c) => c.primaryKey())
    .execute();
  for (const statement of FUNCTIONS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`select stats_count_pending()`.execute(db);
  await sql`drop function stats_count_pending()`.execute(db);
  for (const statement of COUNTING_FUNCTIONS_1600) {
    if (
      /function (stats_milestones_changed|stats_timelines_updated|stats_timeline_deleting)\(/.test(statement)
    )
      await sql.raw(statement).execute(db);
  }
  await db.schema.dropTable('stats_pending_timelines').execute();
}
