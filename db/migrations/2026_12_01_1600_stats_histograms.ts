// Frozen in time: never import app code here. Later migrations import its SQL builders.
// A smaller rollup (docs/decisions/113). stats_counts kept one row per (pair, grain, group,
// duration, outcome) in 8 grains; the 4 grains with the filing month next to another dimension
// held nearly one row per (timeline, pair). Now:
//   - stats_histograms: one row per (pair, grain, group) holding the durations as arrays
//     (events[d + 1], censored[d + 1]: how many reached the target, or are still open, after d
//     months; closed: ended another way), in 5 grains: every subset of {country, office} and
//     filing month alone;
//   - stats_timeline_facts: one row per timeline (its counted fields and milestones), which is
//     both what the triggers last counted (it replaces stats_milestone_snapshots) and what the
//     filing-month queries with a country or office read (src/server/stats/queries).
// The counting rules are those of 2026_12_01_1300 and 1410 unchanged: the pairs, implied and
// closed steps, the office at the target step. `down` restores the previous functions from
// the definitions saved here, and stats_counts.
import { type Kysely, sql } from 'kysely';

const REPLACED_FUNCTIONS = [
  'stats_milestones_changed',
  'stats_timelines_updated',
  'stats_timeline_deleting',
  'stats_timelines_truncated',
  'stats_rebuild',
  'stats_rebuild_upserting',
];

export const KEY =
  'category, from_key, to_key, grain, country, office, filed_month, subcategory, premium, concurrent, is_demo';
const BASE = 'category, from_key, to_key, subcategory, premium, concurrent, is_demo, duration, outcome';

export const T_COLUMNS =
  'category, subcategory, country, office, later_office, premium, concurrent, filed_month, last_confirmed_month, provenance, moderation_state';

export const tcols = (alias: string) =>
  T_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/** Histogram arithmetic: dense int arrays indexed by months + 1, trailing zeros trimmed. */
const HISTOGRAM_FUNCTIONS = [
  `create or replace function stats_hist_put(h integer[], d integer, n integer) returns integer[]
   language plpgsql immutable as $fn$
   begin
     if d is null or n is null then return h; end if;
     if h is null or cardinality(h) = 0 then h := array_fill(0, array[d + 1]);
     elsif cardinality(h) < d + 1 then h := h || array_fill(0, array[d + 1 - cardinality(h)]);
     end if;
     h[d + 1] := h[d + 1] + n;
     return h;
   end $fn$`,
  `create or replace function stats_hist_add(a integer[], b integer[]) returns integer[]
   language plpgsql immutable as $fn$
   declare r integer[]; k integer;
   begin
     if b is null or cardinality(b) = 0 then return coalesce(a, '{}'); end if;
     if a is null or cardinality(a) = 0 then return b; end if;
     if cardinality(a) >= cardinality(b) then
       r := a; for i in 1 .. cardinality(b) loop r[i] := r[i] + b[i]; end loop;
     else
       r := b; for i in 1 .. cardinality(a) loop r[i] := r[i] + a[i]; end loop;
     end if;
     k := cardinality(r);
     while k > 0 and r[k] = 0 loop k := k - 1; end loop;
     return r[1:k];
   end $fn$`,
  // stats_hist(duration, n): the histogram of a group of signed counts.
  `create aggregate stats_hist(integer, integer) (sfunc = stats_hist_put, stype = integer[])`,
  // stats_hist_sum(histogram): the sum of histograms (readers add groups together).
  `create aggregate stats_hist_sum(integer[]) (sfunc = stats_hist_add, stype = integer[], initcond = '{}')`,
];

/**
 * Signed contributions of timeline versions (sign -1 before the statement, +1 after) to the
 * histograms: the pair rules of 2026_12_01_1300 with the office of 1410, then grouped in the 5
 * grains and folded into arrays. `versions` yields (tid, sign, T_COLUMNS), `vms` (tid, sign,
 * key, month). The rebuild inserts into an empty table, so it needs no ON CONFLICT.
 */
export function applySql(versions: string, vms: string, upsert = true): string {
  const attrs =
    'v.category, v.subcategory, v.country, v.office, v.later_office, v.premium, v.concurrent, v.filed_month, v.last_confirmed_month, v.provenance';
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
             coalesce(target_office, '') as office, premium, concurrent, filed_month,
             provenance = 'demo' as is_demo, from_key, to_key,
             case when to_month is not null then 1 when closed then 2 else 0 end as outcome,
             case when to_month is not null then to_month - from_month
                  when closed then 0
                  else greatest(last_confirmed_month - from_month, 0) end as duration
      from pt
      where case when to_month is not null then to_month >= from_month else not implied end
    ),
    cells as (
      select category, from_key, to_key,
             (1 - grouping(country)) + 2 * (1 - grouping(office)) + 4 * (1 - grouping(filed_month)) as grain,
             case when grouping(country) = 1 then '*' else country end as country,
             case when grouping(office) = 1 then '*' else office end as office,
             case when grouping(filed_month) = 1 then -1 else filed_month end as filed_month,
             subcategory, premium, concurrent, is_demo, duration, outcome, sum(sign)::integer as n
      from pairs
      group by grouping sets (
        (${BASE}), (${BASE}, country), (${BASE}, office), (${BASE}, country, office), (${BASE}, filed_month)
      )
      having sum(sign) <> 0
    ),
    delta as (
      select ${KEY},
             coalesce(stats_hist(duration, n) filter (where outcome = 1), '{}') as events,
             coalesce(stats_hist(duration, n) filter (where outcome = 0), '{}') as censored,
             coalesce(sum(n) filter (where outcome = 2), 0)::integer as closed
      from cells
      group by ${KEY}
    )
    insert into stats_histograms (${KEY}, events, censored, closed)
    select ${KEY}, events, censored, closed from delta
    ${
      upsert
        ? `order by ${KEY}
    on conflict (${KEY}) do update set
      events = stats_hist_add(stats_histograms.events, excluded.events),
      censored = stats_hist_add(stats_histograms.censored, excluded.censored),
      closed = stats_histograms.closed + excluded.closed`
        : ''
    }`;
}

/** Facts of the timelines in `where`: their counted fields and milestones as last counted. */
export const saveFacts = (where: string, upsert = true) => `
  insert into stats_timeline_facts (timeline_id, ${T_COLUMNS.replace('provenance, moderation_state', 'is_demo, moderation_excluded')}, keys, months)
  select t.id, ${tcols('t').replace('t.provenance, t.moderation_state', "t.provenance = 'demo', t.moderation_state = 'excluded'")},
         coalesce(array_agg(m.key order by m.key) filter (where m.key is not null), '{}'),
         coalesce(array_agg(m.month order by m.key) filter (where m.key is not null), '{}')
  from timelines t left join milestones m on m.timeline_id = t.id
  ${where}
  group by t.id
  ${
    upsert
      ? `on conflict (timeline_id) do update set ${T_COLUMNS.replace(
          'provenance, moderation_state',
          'is_demo, moderation_excluded',
        )
          .split(', ')
          .concat(['keys', 'months'])
          .map((c) => `${c} = excluded.${c}`)
          .join(', ')}`
      : ''
  }`;

/** What the histograms last counted for the affected timelines, milestone by milestone. */
export const countedMilestones = (sign: string) => `
  select f.timeline_id as tid, ${sign} as sign, u.key, u.month
  from stats_timeline_facts f cross join lateral unnest(f.keys, f.months) as u(key, month)
  where f.timeline_id = any(ids)`;

/**
 * A trigger function. It does nothing while the transaction has set casetrack.stats_bulk: a
 * large load (src/server/stats/bulk-load.ts) pauses the counting and calls stats_rebuild()
 * before it commits, in the same transaction.
 */
function fn(name: string, body: string, returns = 'null'): string {
  return `create or replace function ${name}() returns trigger language plpgsql as $fn$
    declare ids uuid[];
    begin
      if current_setting('casetrack.stats_bulk', true) = 'on' then return ${returns}; end if;
      ${body};
      return ${returns};
    end $fn$`;
}

export const FUNCTIONS = [
  // Any change to milestones: counted before = the facts, after = the table now; the facts
  // (not the transition tables) say what was counted, so INSERT … ON CONFLICT DO UPDATE, which
  // fires the insert and the update trigger, is still counted once.
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
       union all ${countedMilestones('-1')}`,
    )};
    ${saveFacts('where t.id = any(ids)')}`,
  ),
  // Counted fields of timelines changed (moderation, provenance, last_confirmed, group fields).
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
      `${countedMilestones('-1')} union all ${countedMilestones('1')}`,
    )};
    ${saveFacts('where t.id = any(ids)')}`,
  ),
  // A timeline about to be deleted: take out what was counted for it (its facts cascade).
  fn(
    'stats_timeline_deleting',
    `
    ids := array[OLD.id];
    ${applySql(`select OLD.id as tid, -1 as sign, ${tcols('OLD')}`, countedMilestones('-1'))}`,
    'OLD',
  ),
  // TRUNCATE timelines must cascade, which empties the facts too.
  `create or replace function stats_timelines_truncated() returns trigger language plpgsql as $fn$
    begin truncate stats_histograms; return null; end $fn$`,
  // Recounts everything from the raw tables (after bulk loads with the triggers off; repair).
  // The primary key is built once, by sorting, after a plain insert (docs/decisions/112).
  `create or replace function stats_rebuild() returns void language plpgsql as $fn$
    begin
      truncate stats_histograms, stats_timeline_facts;
      alter table stats_histograms drop constraint stats_histograms_pkey;
      ${applySql(
        `select t.id as tid, 1 as sign, ${tcols('t')} from timelines t`,
        'select m.timeline_id as tid, 1 as sign, m.key, m.month from milestones m',
        false,
      )};
      alter table stats_histograms add constraint stats_histograms_pkey primary key (${KEY});
      -- Facts in the order the filing-month queries read them (category, country, month).
      ${saveFacts('', false).replace('group by t.id', 'group by t.id order by t.category, t.country, t.filed_month')};
      -- Fresh planner statistics: PGlite has no autovacuum, and plans made on the emptied tables
      -- doubled a single write's time (100k PGlite: 15.6 ms before, 7.6 ms after).
      analyze stats_histograms;
      analyze stats_timeline_facts;
    end $fn$`,
];

/** One row per (pair, grain, group) and its durations, unfolded: what readers and tests count. */
const CELLS_VIEW = `
  create view stats_cells as
  select h.category, h.from_key, h.to_key, h.grain, h.country, h.office, h.filed_month, h.subcategory,
         h.premium, h.concurrent, h.is_demo, c.duration, c.outcome, c.n
  from stats_histograms h
  cross join lateral (
    select (e.i - 1)::integer as duration, 1::smallint as outcome, e.n
    from unnest(h.events) with ordinality as e(n, i) where e.n <> 0
    union all
    select (x.i - 1)::integer, 0::smallint, x.n
    from unnest(h.censored) with ordinality as x(n, i) where x.n <> 0
    union all
    select 0, 2::smallint, h.closed where h.closed <> 0
  ) c`;

const VERSION_TRIGGERS = (table: string) => [
  `create trigger stats_version_counts after insert or update or delete on ${table} for each statement execute function stats_bump_version()`,
  `create trigger stats_version_counts_trunc after truncate on ${table} for each statement execute function stats_bump_version()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_replaced_functions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .execute();
  for (const name of REPLACED_FUNCTIONS) {
    await sql`insert into stats_replaced_functions (name, definition)
              select ${name}, pg_get_functiondef(p.oid) from pg_proc p where p.proname = ${name}`.execute(db);
  }
  await sql`drop function if exists stats_rebuild_upserting()`.execute(db);
  await db.schema.dropTable('stats_counts').execute();
  await db.schema.dropTable('stats_milestone_snapshots').execute();

  for (const statement of HISTOGRAM_FUNCTIONS) await sql.raw(statement).execute(db);
  await db.schema
    .createTable('stats_histograms')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('from_key', 'text', (c) => c.notNull())
    .addColumn('to_key', 'text', (c) => c.notNull())
    .addColumn('grain', 'smallint', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('filed_month', 'integer', (c) => c.notNull())
    .addColumn('subcategory', 'text', (c) => c.notNull())
    .addColumn('premium', 'boolean', (c) => c.notNull())
    .addColumn('concurrent', 'boolean', (c) => c.notNull())
    .addColumn('is_demo', 'boolean', (c) => c.notNull())
    .addColumn('events', sql`integer[]`, (c) => c.notNull())
    .addColumn('censored', sql`integer[]`, (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_histograms_pkey', KEY.split(', ') as any)
    .execute();
  await db.schema
    .createTable('stats_timeline_facts')
    .addColumn('timeline_id', 'uuid', (c) => c.primaryKey().references('timelines.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('subcategory', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('office', 'text')
    .addColumn('later_office', 'text')
    .addColumn('premium', 'boolean', (c) => c.notNull())
    .addColumn('concurrent', 'boolean', (c) => c.notNull())
    .addColumn('filed_month', 'integer', (c) => c.notNull())
    .addColumn('last_confirmed_month', 'integer', (c) => c.notNull())
    .addColumn('is_demo', 'boolean', (c) => c.notNull())
    .addColumn('moderation_excluded', 'boolean', (c) => c.notNull())
    .addColumn('keys', sql`text[]`, (c) => c.notNull())
    .addColumn('months', sql`integer[]`, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stats_timeline_facts_by_filed_month')
    .on('stats_timeline_facts')
    .columns(['category', 'filed_month'])
    .execute();
  await db.schema
    .createIndex('stats_timeline_facts_by_country')
    .on('stats_timeline_facts')
    .columns(['category', 'country', 'filed_month'])
    .execute();
  await sql.raw(CELLS_VIEW).execute(db);
  for (const statement of VERSION_TRIGGERS('stats_histograms')) await sql.raw(statement).execute(db);
  for (const statement of FUNCTIONS) await sql.raw(statement).execute(db);
  await sql`select stats_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view stats_cells`.execute(db);
  await db.schema.dropTable('stats_timeline_facts').execute();
  await db.schema.dropTable('stats_histograms').execute();
  await sql`drop aggregate stats_hist_sum(integer[])`.execute(db);
  await sql`drop aggregate stats_hist(integer, integer)`.execute(db);
  await sql`drop function stats_hist_add(integer[], integer[])`.execute(db);
  await sql`drop function stats_hist_put(integer[], integer, integer)`.execute(db);
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
    .addPrimaryKeyConstraint('stats_counts_pkey', [
      'category',
      'from_key',
      'to_key',
      'grain',
      'country',
      'service_center',
      'filed_month',
      'subcategory',
      'premium',
      'concurrent',
      'is_demo',
      'duration',
      'outcome',
    ])
    .execute();
  await db.schema
    .createTable('stats_milestone_snapshots')
    .addColumn('timeline_id', 'uuid', (c) => c.primaryKey().references('timelines.id').onDelete('cascade'))
    .addColumn('keys', sql`text[]`, (c) => c.notNull())
    .addColumn('months', sql`integer[]`, (c) => c.notNull())
    .execute();
  for (const statement of VERSION_TRIGGERS('stats_counts')) await sql.raw(statement).execute(db);
  const { rows } = await sql<{ definition: string }>`
    select definition from stats_replaced_functions order by name`.execute(db);
  for (const { definition } of rows) await sql.raw(definition).execute(db);
  await db.schema.dropTable('stats_replaced_functions').execute();
  await sql`select stats_rebuild()`.execute(db);
}
