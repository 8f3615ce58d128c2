// Frozen in time: never import app code here.
// Statistics by office (docs/decisions/080): each (start, target) pair is counted under the
// office the case was at for its target milestone: the later office (I-485/I-751 interview
// field office, I-130/I-129F consular post) from the later slot's first milestone on, when
// one is known; the filing office otherwise. Redefines the rollup trigger functions of
// 2026_12_01_1300 (their bodies, with this one change), reads `office` and `later_office`
// instead of the generated `service_center`, and recounts. The rollup column stays named
// service_center and holds the office.
import { type Kysely, sql } from 'kysely';

/** From which milestone on a category's case is at its later office (catalogue, 2026-12). */
const LATER_FROM: Record<string, string> = {
  i130: 'nvc_received',
  i129f: 'nvc_received',
  i485: 'interview_scheduled',
  i751: 'interview_scheduled',
};

const KEY_COLUMNS =
  'category, from_key, to_key, grain, country, service_center, filed_month, subcategory, premium, concurrent, is_demo, duration, outcome';

/** As 2026_12_01_1300, grouped by the office of the target milestone. */
function applySqlV3(versions: string, vms: string): string {
  const attrs =
    'v.category, v.subcategory, v.country, v.office, v.later_office, v.premium, v.concurrent, v.filed_month, v.last_confirmed_month, v.provenance';
  // Each version's milestones become arrays, so a pair's target month is an array lookup and
  // "has any of these keys" an array overlap: no self-join of the milestones.
  return `
    with v as (${versions}),
    va as (
      select v.tid, v.sign, ${attrs},
             array_agg(m.key::text) as keys, array_agg(m.month) as months, array_agg(s.step) as steps
      from v
      join (${vms}) m on m.tid = v.tid and m.sign = v.sign
      join stats_milestone_steps s on s.category = v.category and s.key = m.key
      where v.moderation_state <> 'excluded'
      group by v.tid, v.sign, ${attrs}
    ),
    pt as (
      select va.*, st.key as from_key, st.month as from_month, tg.key as to_key,
             va.months[array_position(va.keys, tg.key::text)] as to_month,
             va.keys && tg.implied_by as implied, va.keys && tg.closed_by as closed,
             case when tg.at_later_office and va.later_office is not null then va.later_office
                  else va.office end as target_office
      from va
      cross join lateral unnest(va.keys, va.months, va.steps) as st(key, month, step)
      join stats_milestone_steps tg on tg.category = va.category and tg.step > st.step
    ),
    pairs as (
      select sign, category, coalesce(subcategory, '') as subcategory, country,
             coalesce(target_office, '') as service_center, premium, concurrent, filed_month,
             provenance = 'demo' as is_demo, from_key, to_key,
             case when to_month is not null then 1 when closed then 2 else 0 end as outcome,
             case when to_month is not null then to_month - from_month
                  when closed then 0
                  else greatest(last_confirmed_month - from_month, 0) end as duration
      from pt
      where case when to_month is not null then to_month >= from_month else not implied end
    ),
    delta as (
      select category, from_key, to_key,
             (1 - grouping(country)) + 2 * (1 - grouping(service_center)) + 4 * (1 - grouping(filed_month)) as grain,
             case when grouping(country) = 1 then '*' else country end as country,
             case when grouping(service_center) = 1 then '*' else service_center end as service_center,
             case when grouping(filed_month) = 1 then -1 else filed_month end as filed_month,
             subcategory, premium, concurrent, is_demo, duration, outcome, sum(sign)::integer as n
      from pairs
      group by grouping sets (
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, service_center),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, service_center),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, service_center, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, service_center, filed_month)
      )
      having sum(sign) <> 0
    )
    insert into stats_counts (${KEY_COLUMNS}, n)
    select ${KEY_COLUMNS}, n from delta
    order by ${KEY_COLUMNS}
    on conflict (${KEY_COLUMNS}) do update set n = stats_counts.n + excluded.n`;
}

/** 2026_12_01_1300 as it was: what `down` restores. */
function applySqlV2(versions: string, vms: string): string {
  const attrs =
    'v.category, v.subcategory, v.country, v.service_center, v.premium, v.concurrent, v.filed_month, v.last_confirmed_month, v.provenance';
  // Each version's milestones become arrays, so a pair's target month is an array lookup and
  // "has any of these keys" an array overlap: no self-join of the milestones.
  return `
    with v as (${versions}),
    va as (
      select v.tid, v.sign, ${attrs},
             array_agg(m.key::text) as keys, array_agg(m.month) as months, array_agg(s.step) as steps
      from v
      join (${vms}) m on m.tid = v.tid and m.sign = v.sign
      join stats_milestone_steps s on s.category = v.category and s.key = m.key
      where v.moderation_state <> 'excluded'
      group by v.tid, v.sign, ${attrs}
    ),
    pt as (
      select va.*, st.key as from_key, st.month as from_month, tg.key as to_key,
             va.months[array_position(va.keys, tg.key::text)] as to_month,
             va.keys && tg.implied_by as implied, va.keys && tg.closed_by as closed
      from va
      cross join lateral unnest(va.keys, va.months, va.steps) as st(key, month, step)
      join stats_milestone_steps tg on tg.category = va.category and tg.step > st.step
    ),
    pairs as (
      select sign, category, coalesce(subcategory, '') as subcategory, country,
             coalesce(service_center, '') as service_center, premium, concurrent, filed_month,
             provenance = 'demo' as is_demo, from_key, to_key,
             case when to_month is not null then 1 when closed then 2 else 0 end as outcome,
             case when to_month is not null then to_month - from_month
                  when closed then 0
                  else greatest(last_confirmed_month - from_month, 0) end as duration
      from pt
      where case when to_month is not null then to_month >= from_month else not implied end
    ),
    delta as (
      select category, from_key, to_key,
             (1 - grouping(country)) + 2 * (1 - grouping(service_center)) + 4 * (1 - grouping(filed_month)) as grain,
             case when grouping(country) = 1 then '*' else country end as country,
             case when grouping(service_center) = 1 then '*' else service_center end as service_center,
             case when grouping(filed_month) = 1 then -1 else filed_month end as filed_month,
             subcategory, premium, concurrent, is_demo, duration, outcome, sum(sign)::integer as n
      from pairs
      group by grouping sets (
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, service_center),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, service_center),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, service_center, filed_month),
        (category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome, country, service_center, filed_month)
      )
      having sum(sign) <> 0
    )
    insert into stats_counts (${KEY_COLUMNS}, n)
    select ${KEY_COLUMNS}, n from delta
    order by ${KEY_COLUMNS}
    on conflict (${KEY_COLUMNS}) do update set n = stats_counts.n + excluded.n`;
}

const T_COLUMNS_V2 =
  'category, subcategory, country, service_center, premium, concurrent, filed_month, last_confirmed_month, provenance, moderation_state';
const T_COLUMNS_V3 =
  'category, subcategory, country, office, later_office, premium, concurrent, filed_month, last_confirmed_month, provenance, moderation_state';

let T_COLUMNS = T_COLUMNS_V3;

const tcols = (alias: string) =>
  T_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/**
 * A trigger function. `ids` (the affected timeline ids) is an array so every lookup is an
 * index scan on = any(ids): the planner cannot estimate transition tables, and a hash join
 * there means a scan of the whole milestones table on every single write.
 */
function fn(name: string, body: string, returns = 'null'): string {
  return `create or replace function ${name}() returns trigger language plpgsql as $fn$
    declare ids uuid[];
    begin
      ${body};
      return ${returns};
    end $fn$`;
}

/** The milestones the rollup last counted for the affected timelines (sign -1). */
const snapshotMilestones = (sign: string) => `
  select s.timeline_id as tid, ${sign} as sign, u.key, u.month
  from stats_milestone_snapshots s cross join lateral unnest(s.keys, s.months) as u(key, month)
  where s.timeline_id = any(ids)`;

/** Records the milestones just counted, for timelines that still exist. */
const SAVE_SNAPSHOTS = `
  insert into stats_milestone_snapshots (timeline_id, keys, months)
  select t.id, coalesce(array_agg(m.key order by m.key) filter (where m.key is not null), '{}'),
         coalesce(array_agg(m.month order by m.key) filter (where m.key is not null), '{}')
  from timelines t left join milestones m on m.timeline_id = t.id
  where t.id = any(ids)
  group by t.id
  on conflict (timeline_id) do update set keys = excluded.keys, months = excluded.months`;

const functions = (applySql: (versions: string, vms: string) => string): string[] => [
  // Any change to milestones: counted before = the snapshot, after = the table now. The
  // snapshot (not the transition tables) says what was counted, so a statement that fires
  // both insert and update triggers (INSERT … ON CONFLICT DO UPDATE) is still counted once:
  // the second trigger finds the snapshot already current. A cascade from a deleted timeline
  // finds no timeline row: stats_timeline_deleting already took it out.
  fn(
    'stats_milestones_changed',
    `
    if TG_OP = 'INSERT' then ids := array(select distinct timeline_id from new_rows);
    elsif TG_OP = 'DELETE' then ids := array(select distinct timeline_id from old_rows);
    else ids := array(select timeline_id from new_rows union select timeline_id from old_rows);
    end if;
    ${applySql(
      `select t.id as tid, s.sign, ${tcols('t')}
       from timelines t cross join (values (-1), (1)) s(sign) where t.id = any(ids)`,
      `select m.timeline_id as tid, 1 as sign, m.key, m.month from milestones m where m.timeline_id = any(ids)
       union all ${snapshotMilestones('-1')}`,
    )};
    ${SAVE_SNAPSHOTS}`,
  ),
  // Timeline attributes changed (moderation, provenance, last_confirmed, group fields).
  fn(
    'stats_timelines_updated',
    `
    ids := array(select n.id from old_rows o join new_rows n on n.id = o.id
                 where (${tcols('o')}) is distinct from (${tcols('n')}));
    ${applySql(
      `
      select o.id as tid, -1 as sign, ${tcols('o')} from old_rows o where o.id = any(ids)
      union all
      select n.id, 1, ${tcols('n')} from new_rows n where n.id = any(ids)`,
      `${snapshotMilestones('-1')} union all ${snapshotMilestones('1')}`,
    )}`,
  ),
  // A timeline about to be deleted: take out what was counted for it.
  fn(
    'stats_timeline_deleting',
    `
    ids := array[OLD.id];
    ${applySql(`select OLD.id as tid, -1 as sign, ${tcols('OLD')}`, snapshotMilestones('-1'))}`,
    'OLD',
  ),
  // TRUNCATE timelines must cascade, which empties the snapshots too.
  fn('stats_timelines_truncated', 'truncate stats_counts'),
  // Rebuilds every count and snapshot from the raw tables: after bulk loads done with
  // triggers disabled, and as a repair tool. Same definitions as the triggers (same SQL).
  `create or replace function stats_rebuild() returns void language plpgsql as $fn$
    begin
      truncate stats_counts, stats_milestone_snapshots;
      ${applySql(
        `select t.id as tid, 1 as sign, ${tcols('t')} from timelines t`,
        'select m.timeline_id as tid, 1 as sign, m.key, m.month from milestones m',
      )};
      insert into stats_milestone_snapshots (timeline_id, keys, months)
      select t.id, coalesce(array_agg(m.key order by m.key) filter (where m.key is not null), '{}'),
             coalesce(array_agg(m.month order by m.key) filter (where m.key is not null), '{}')
      from timelines t left join milestones m on m.timeline_id = t.id
      group by t.id;
    end $fn$`,
];

async function defineFunctions(
  db: Kysely<any>,
  applySql: (versions: string, vms: string) => string,
  columns: string,
) {
  T_COLUMNS = columns;
  for (const statement of functions(applySql)) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('stats_milestone_steps')
    .addColumn('at_later_office', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  for (const [category, from] of Object.entries(LATER_FROM)) {
    await sql`update stats_milestone_steps set at_later_office = true
              where category = ${category}
                and step >= (select step from stats_milestone_steps where category = ${category} and key = ${from})`.execute(
      db,
    );
  }
  await defineFunctions(db, applySqlV3, T_COLUMNS_V3);
  await sql`select stats_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await defineFunctions(db, applySqlV2, T_COLUMNS_V2);
  await db.schema.alterTable('stats_milestone_steps').dropColumn('at_later_office').execute();
  await sql`select stats_rebuild()`.execute(db);
}
