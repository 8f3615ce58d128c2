// Frozen in time: never import app code here.
// Statistics for timelines with missing earlier steps and for steps that real cases reach in
// either order (docs/decisions/070, 071; catalogue version 2). Redefines the rollup trigger
// functions of 2026_11_23_0700 in full (the triggers themselves stay) and recounts.
import { type Kysely, sql } from 'kysely';

/**
 * Per category and target milestone, as catalogue version 2 derives them:
 * 'target | implied_by | closed_by'. implied_by: milestones whose presence proves the target
 * happened (its predecessor chain, the receipt, the approval before a post-approval step).
 * closed_by: milestones whose presence, with neither the target nor an implying one, means
 * the target will not come.
 */
export const RELATIONS: Record<string, string[]> = {
  i130: [
    'receipt | rfe_issued rfe_responded transferred approved denied withdrawn nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received | ',
    'rfe_issued | rfe_responded | approved denied withdrawn nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'rfe_responded |  | approved denied withdrawn nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'transferred |  | approved denied withdrawn nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'approved | nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received | denied withdrawn',
    'denied |  | approved withdrawn nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'withdrawn |  | approved denied nvc_received fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'nvc_received |  | denied withdrawn fees_paid ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'fees_paid |  | denied withdrawn ds260_submitted documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'ds260_submitted |  | denied withdrawn documentarily_qualified interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'documentarily_qualified |  | denied withdrawn interview_scheduled interview administrative_processing visa_issued entered_us green_card_received',
    'interview_scheduled | interview | denied withdrawn administrative_processing visa_issued entered_us green_card_received',
    'interview |  | denied withdrawn administrative_processing visa_issued entered_us green_card_received',
    'administrative_processing |  | denied withdrawn visa_issued entered_us green_card_received',
    'visa_issued |  | denied withdrawn entered_us green_card_received',
    'entered_us |  | denied withdrawn green_card_received',
    'green_card_received |  | denied withdrawn',
  ],
  i129f: [
    'receipt | rfe_issued rfe_responded transferred approved denied withdrawn nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage | ',
    'rfe_issued | rfe_responded | approved denied withdrawn nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'rfe_responded |  | approved denied withdrawn nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'transferred |  | approved denied withdrawn nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'approved | nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage | denied withdrawn',
    'denied |  | approved withdrawn nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'withdrawn |  | approved denied nvc_received interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'nvc_received |  | denied withdrawn interview_scheduled interview administrative_processing visa_issued entered_us marriage',
    'interview_scheduled | interview | denied withdrawn administrative_processing visa_issued entered_us marriage',
    'interview |  | denied withdrawn administrative_processing visa_issued entered_us marriage',
    'administrative_processing |  | denied withdrawn visa_issued entered_us marriage',
    'visa_issued |  | denied withdrawn entered_us marriage',
    'entered_us |  | denied withdrawn marriage',
    'marriage |  | denied withdrawn',
  ],
  i485: [
    'receipt | biometrics rfe_issued rfe_responded ead_ap_approved transferred interview_scheduled interview interview_waived approved denied withdrawn card_produced card_delivered | ',
    'biometrics |  | transferred interview_scheduled interview interview_waived approved denied withdrawn card_produced card_delivered',
    'rfe_issued | rfe_responded | approved denied withdrawn card_produced card_delivered',
    'rfe_responded |  | approved denied withdrawn card_produced card_delivered',
    'ead_ap_approved |  | approved denied withdrawn card_produced card_delivered',
    'transferred |  | interview_scheduled interview interview_waived approved denied withdrawn card_produced card_delivered',
    'interview_scheduled | interview | interview_waived approved denied withdrawn card_produced card_delivered',
    'interview |  | interview_waived approved denied withdrawn card_produced card_delivered',
    'interview_waived |  | interview approved denied withdrawn card_produced card_delivered',
    'approved | card_produced card_delivered | denied withdrawn',
    'denied |  | approved withdrawn card_produced card_delivered',
    'withdrawn |  | approved denied card_produced card_delivered',
    'card_produced | card_delivered | denied withdrawn',
    'card_delivered |  | denied withdrawn',
  ],
  i140: [
    'receipt | premium_upgrade rfe_issued rfe_responded approved denied withdrawn | ',
    'premium_upgrade |  | approved denied withdrawn',
    'rfe_issued | rfe_responded | approved denied withdrawn',
    'rfe_responded |  | approved denied withdrawn',
    'approved |  | denied withdrawn',
    'denied |  | approved withdrawn',
    'withdrawn |  | approved denied',
  ],
  i765: [
    'receipt | biometrics rfe_issued rfe_responded approved denied withdrawn card_produced card_delivered | ',
    'biometrics |  | approved denied withdrawn card_produced card_delivered',
    'rfe_issued | rfe_responded | approved denied withdrawn card_produced card_delivered',
    'rfe_responded |  | approved denied withdrawn card_produced card_delivered',
    'approved | card_produced card_delivered | denied withdrawn',
    'denied |  | approved withdrawn card_produced card_delivered',
    'withdrawn |  | approved denied card_produced card_delivered',
    'card_produced | card_delivered | denied withdrawn',
    'card_delivered |  | denied withdrawn',
  ],
  i131: [
    'receipt | biometrics rfe_issued rfe_responded approved denied withdrawn document_produced document_delivered | ',
    'biometrics |  | approved denied withdrawn document_produced document_delivered',
    'rfe_issued | rfe_responded | approved denied withdrawn document_produced document_delivered',
    'rfe_responded |  | approved denied withdrawn document_produced document_delivered',
    'approved | document_produced document_delivered | denied withdrawn',
    'denied |  | approved withdrawn document_produced document_delivered',
    'withdrawn |  | approved denied document_produced document_delivered',
    'document_produced | document_delivered | denied withdrawn',
    'document_delivered |  | denied withdrawn',
  ],
  i751: [
    'receipt | biometrics rfe_issued rfe_responded interview_scheduled interview interview_waived approved denied withdrawn card_produced card_delivered | ',
    'biometrics |  | interview_scheduled interview interview_waived approved denied withdrawn card_produced card_delivered',
    'rfe_issued | rfe_responded | approved denied withdrawn card_produced card_delivered',
    'rfe_responded |  | approved denied withdrawn card_produced card_delivered',
    'interview_scheduled | interview | interview_waived approved denied withdrawn card_produced card_delivered',
    'interview |  | interview_waived approved denied withdrawn card_produced card_delivered',
    'interview_waived |  | interview approved denied withdrawn card_produced card_delivered',
    'approved | card_produced card_delivered | denied withdrawn',
    'denied |  | approved withdrawn card_produced card_delivered',
    'withdrawn |  | approved denied card_produced card_delivered',
    'card_produced | card_delivered | denied withdrawn',
    'card_delivered |  | denied withdrawn',
  ],
  n400: [
    'receipt | biometrics interview_scheduled interview continued approved denied withdrawn oath_scheduled oath | ',
    'biometrics |  | interview_scheduled interview continued approved denied withdrawn oath_scheduled oath',
    'interview_scheduled | interview | continued approved denied withdrawn oath_scheduled oath',
    'interview |  | continued approved denied withdrawn oath_scheduled oath',
    'continued |  | approved denied withdrawn oath_scheduled oath',
    'approved | oath_scheduled oath | denied withdrawn',
    'denied |  | approved withdrawn oath_scheduled oath',
    'withdrawn |  | approved denied oath_scheduled oath',
    'oath_scheduled | oath | denied withdrawn',
    'oath |  | denied withdrawn',
  ],
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
 *   absent: a milestone it has proves the target happened (stats_milestone_steps.implied_by,
 *     e.g. "RFE responded" for "RFE issued"): the target's month is missing data, so the
 *     timeline leaves this pair;
 *   2 closed_other: it has a milestone in the target's closed_by (a closing decision, an
 *     alternative, or a later step that cannot come in either order with the target);
 *   0 censored: otherwise, at last_confirmed - start (never below 0).
 * A step that may come in either order with the target (an I-485 RFE after the EAD/AP
 * approval) no longer closes it: the RFE may still come.
 * Grain bits: 1 country, 2 service center, 4 filing month (every one of the 8 combinations);
 * a dimension outside the grain holds '*' (text) or -1 (month).
 */
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

/**
 * Version 1, as 2026_11_23_0700 wrote it: what `down` restores. A timeline without the target
 * is closed_other when a decision closed it or it has a milestone at or after the target's
 * step, censored otherwise.
 */
function applySqlV1(versions: string, vms: string): string {
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

async function defineFunctions(db: Kysely<any>, applySql: (versions: string, vms: string) => string) {
  for (const statement of functions(applySql)) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('stats_milestone_steps')
    .addColumn('implied_by', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema
    .alterTable('stats_milestone_steps')
    .addColumn('closed_by', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  for (const [category, rows] of Object.entries(RELATIONS)) {
    for (const row of rows) {
      const [key, implied, closed] = row.split('|').map((part) => part.trim());
      const list = (text: string) => (text === '' ? [] : text.split(' '));
      await db
        .updateTable('stats_milestone_steps')
        .set({ implied_by: list(implied!), closed_by: list(closed!) })
        .where('category', '=', category)
        .where('key', '=', key!)
        .execute();
    }
  }
  await defineFunctions(db, applySqlV2);
  await sql`select stats_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await defineFunctions(db, applySqlV1);
  await db.schema.alterTable('stats_milestone_steps').dropColumn('closed_by').execute();
  await db.schema.alterTable('stats_milestone_steps').dropColumn('implied_by').execute();
  await sql`select stats_rebuild()`.execute(db);
}
