// Frozen in time: never import app code here.
// Pre-aggregated counts for the statistics (docs/decisions/020): one row per
// (grain, group, start, target, duration, outcome), kept exact by triggers on timelines and
// milestones in the same transaction as every write, whoever the writer is.
import { type Kysely, sql } from 'kysely';

// The milestone order of each category as it was when this migration was written
// (catalogue version 1). A later catalogue change adds rows in a new migration.
const STEPS: Record<string, string> = {
  i130: 'filed:0 receipt:1 rfe_issued:2 rfe_responded:3 transferred:4 approved:5 denied:5 withdrawn:5 nvc_received:6 fees_paid:7 ds260_submitted:8 documentarily_qualified:9 interview_scheduled:10 interview:11 administrative_processing:12 visa_issued:13 entered_us:14 green_card_received:15',
  i129f:
    'filed:0 receipt:1 rfe_issued:2 rfe_responded:3 transferred:4 approved:5 denied:5 withdrawn:5 nvc_received:6 interview_scheduled:7 interview:8 administrative_processing:9 visa_issued:10 entered_us:11 marriage:12',
  i485: 'filed:0 receipt:1 biometrics:2 rfe_issued:3 rfe_responded:4 ead_ap_approved:5 transferred:6 interview_scheduled:7 interview:8 interview_waived:8 approved:9 denied:9 withdrawn:9 card_produced:10 card_delivered:11',
  i140: 'filed:0 receipt:1 premium_upgrade:2 rfe_issued:3 rfe_responded:4 approved:5 denied:5 withdrawn:5',
  i765: 'filed:0 receipt:1 biometrics:2 rfe_issued:3 rfe_responded:4 approved:5 denied:5 withdrawn:5 card_produced:6 card_delivered:7',
  i131: 'filed:0 receipt:1 biometrics:2 rfe_issued:3 rfe_responded:4 approved:5 denied:5 withdrawn:5 document_produced:6 document_delivered:7',
  i751: 'filed:0 receipt:1 biometrics:2 rfe_issued:3 rfe_responded:4 interview_scheduled:5 interview:6 interview_waived:6 approved:7 denied:7 withdrawn:7 card_produced:8 card_delivered:9',
  n400: 'filed:0 receipt:1 biometrics:2 interview_scheduled:3 interview:4 continued:5 approved:6 denied:6 withdrawn:6 oath_scheduled:7 oath:8',
};

const KEY_COLUMNS =
  'category, from_key, to_key, grain, country, service_center, filed_month, subcategory, premium, concurrent, is_demo, duration, outcome';

/**
 * The shared tail of every trigger: turns "versions" of timelines (sign -1 = the state before
 * the statement, +1 = after) and their milestones into signed counts and adds them to the
 * rollup. `versions` yields (tid, sign, category, subcategory, country, service_center,
 * premium, concurrent, filed_month, last_confirmed_month, provenance, moderation_state);
 * `vms` yields (tid, sign, key, month).
 *
 * Outcome of a timeline for the pair (start, target), target later in the category's order:
 *   1 event: it has the target (duration = target - start);
 *   2 closed_other: no target, but a decision closed it (denied/withdrawn) or it already has a
 *     milestone at or after the target's step (e.g. approved without an interview);
 *   0 censored: otherwise, at last_confirmed - start (never below 0).
 * Grain bits: 1 country, 2 service center, 4 filing month (every one of the 8 combinations); a dimension outside the grain holds
 * '*' (text) or -1 (month).
 */
function applySql(versions: string, vms: string): string {
  const attrs =
    'v.category, v.subcategory, v.country, v.service_center, v.premium, v.concurrent, v.filed_month, v.last_confirmed_month, v.provenance';
  // Each version's milestones become arrays, so a pair's target month is an array lookup:
  // a self-join of the milestones here is quadratic under the planner's blind estimates.
  return `
    with v as (${versions}),
    va as (
      select v.tid, v.sign, ${attrs},
             array_agg(m.key) as keys, array_agg(m.month) as months, array_agg(s.step) as steps,
             max(s.step) as max_step, bool_or(m.key in ('denied', 'withdrawn')) as closed
      from v
      join (${vms}) m on m.tid = v.tid and m.sign = v.sign
      join stats_milestone_steps s on s.category = v.category and s.key = m.key
      where v.moderation_state <> 'excluded'
      group by v.tid, v.sign, ${attrs}
    ),
    pt as (
      select va.*, st.key as from_key, st.month as from_month, tg.key as to_key, tg.step as to_step,
             va.months[array_position(va.keys, tg.key)] as to_month
      from va
      cross join lateral unnest(va.keys, va.months, va.steps) as st(key, month, step)
      join stats_milestone_steps tg on tg.category = va.category and tg.step > st.step
    ),
    pairs as (
      select sign, category, coalesce(subcategory, '') as subcategory, country,
             coalesce(service_center, '') as service_center, premium, concurrent, filed_month,
             provenance = 'demo' as is_demo, from_key, to_key,
             case when to_month is not null then 1
                  when closed or max_step >= to_step then 2
                  else 0 end as outcome,
             case when to_month is not null then to_month - from_month
                  when closed or max_step >= to_step then 0
                  else greatest(last_confirmed_month - from_month, 0) end as duration
      from pt
      where to_month is null or to_month >= from_month
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

const T_COLUMNS =
  'category, subcategory, country, service_center, premium, concurrent, filed_month, last_confirmed_month, provenance, moderation_state';

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

const FUNCTIONS: string[] = [
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

const TRIGGERS: string[] = [
  `create trigger stats_milestones_ins after insert on milestones referencing new table as new_rows
     for each statement execute function stats_milestones_changed()`,
  `create trigger stats_milestones_del after delete on milestones referencing old table as old_rows
     for each statement execute function stats_milestones_changed()`,
  `create trigger stats_milestones_upd after update on milestones referencing old table as old_rows new table as new_rows
     for each statement execute function stats_milestones_changed()`,
  `create trigger stats_timelines_upd after update on timelines referencing old table as old_rows new table as new_rows
     for each statement execute function stats_timelines_updated()`,
  `create trigger stats_timelines_del before delete on timelines
     for each row execute function stats_timeline_deleting()`,
  `create trigger stats_timelines_trunc after truncate on timelines
     for each statement execute function stats_timelines_truncated()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_milestone_steps')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_milestone_steps_pkey', ['category', 'key'])
    .execute();
  const steps = Object.entries(STEPS).flatMap(([category, list]) =>
    list.split(' ').map((pair) => {
      const [key, step] = pair.split(':');
      return { category, key, step: Number(step) };
    }),
  );
  await db.insertInto('stats_milestone_steps').values(steps).execute();

  await db.schema
    .createTable('stats_counts')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('from_key', 'text', (c) => c.notNull())
    .addColumn('to_key', 'text', (c) => c.notNull())
    .addColumn('grain', 'smallint', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('service_center', 'text', (c) => c.notNull())
    .addColumn('filed_month', 'integer', (c) => c.notNull())
    .addColumn('subcategory', 'text', (c) => c.notNull())
    .addColumn('premium', 'boolean', (c) => c.notNull())
    .addColumn('concurrent', 'boolean', (c) => c.notNull())
    .addColumn('is_demo', 'boolean', (c) => c.notNull())
    .addColumn('duration', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_counts_pkey', KEY_COLUMNS.split(', ') as never[])
    .execute();

  // What the rollup last counted for each timeline's milestones: the "before" of the next change.
  await db.schema
    .createTable('stats_milestone_snapshots')
    .addColumn('timeline_id', 'uuid', (c) => c.primaryKey().references('timelines.id').onDelete('cascade'))
    .addColumn('keys', sql`text[]`, (c) => c.notNull())
    .addColumn('months', sql`integer[]`, (c) => c.notNull())
    .execute();

  for (const statement of [...FUNCTIONS, ...TRIGGERS]) await sql.raw(statement).execute(db);

  // Timelines written before this migration.
  await sql`select stats_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ['stats_milestones_ins', 'milestones'],
    ['stats_milestones_del', 'milestones'],
    ['stats_milestones_upd', 'milestones'],
    ['stats_timelines_upd', 'timelines'],
    ['stats_timelines_del', 'timelines'],
    ['stats_timelines_trunc', 'timelines'],
  ] as const) {
    await sql.raw(`drop trigger if exists ${trigger} on ${table}`).execute(db);
  }
  for (const name of [
    'stats_milestones_changed',
    'stats_timelines_updated',
    'stats_timeline_deleting',
    'stats_timelines_truncated',
    'stats_rebuild',
  ]) {
    await sql.raw(`drop function if exists ${name}()`).execute(db);
  }
  await db.schema.dropTable('stats_milestone_snapshots').execute();
  await db.schema.dropTable('stats_counts').execute();
  await db.schema.dropTable('stats_milestone_steps').execute();
}
