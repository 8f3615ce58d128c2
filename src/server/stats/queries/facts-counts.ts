/**
 * Counts for the queries the histograms do not pre-aggregate: a filing-month range or quarter
 * together with a country or an office (docs/decisions/113). Read from stats_timeline_facts,
 * one row per timeline as the triggers last counted it, through the (category, filing month)
 * and (category, country, filing month) indexes: cost grows with the timelines in the range,
 * not with the table. The pair rules are the triggers' (stats_milestone_steps), row by row.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import type { StatsFilter } from '../filters.ts';
import type { CountOptions, CountRow, Outcome } from './counts.ts';

export async function getFactsCounts(
  db: Database,
  filter: StatsFilter,
  options: CountOptions,
): Promise<CountRow[]> {
  // The target step's rules, read once: the same rows the triggers read.
  const step = await db
    .selectFrom('stats_milestone_steps')
    .select(['implied_by', 'closed_by', 'at_later_office'])
    .where('category', '=', filter.category)
    .where('key', '=', filter.to)
    .executeTakeFirst();
  if (!step) return [];
  const office = step.at_later_office
    ? sql<string | null>`coalesce(f.later_office, f.office)`
    : sql<string | null>`f.office`;
  const groupExpr: RawBuilder<string | number | null> =
    options.by === 'country'
      ? sql<string>`f.country`
      : options.by === 'office'
        ? sql<string>`coalesce(${office}, '')`
        : options.by === 'filed_quarter'
          ? sql<number>`f.filed_month / 3`
          : sql<null>`null`;
  let query = db
    .selectFrom('stats_timeline_facts as f')
    .where('f.category', '=', filter.category)
    .where('f.moderation_excluded', '=', false)
    .where(sql<boolean>`${filter.from}::text = any(f.keys)`);
  if (filter.subcategory !== null) query = query.where('f.subcategory', '=', filter.subcategory);
  if (filter.country !== null) query = query.where('f.country', '=', filter.country);
  if (filter.office !== null) query = query.where(office, '=', filter.office);
  if (filter.filedFrom !== null) query = query.where('f.filed_month', '>=', filter.filedFrom);
  if (filter.filedTo !== null) query = query.where('f.filed_month', '<=', filter.filedTo);
  if (filter.premium !== null) query = query.where('f.premium', '=', filter.premium);
  if (filter.concurrent !== null) query = query.where('f.concurrent', '=', filter.concurrent);
  if (!options.includeDemo) query = query.where('f.is_demo', '=', false);

  const perTimeline = query
    .select([
      groupExpr.as('grp'),
      sql<number>`f.months[array_position(f.keys, ${filter.from}::text)]`.as('start'),
      sql<number | null>`f.months[array_position(f.keys, ${filter.to}::text)]`.as('target'),
      sql<boolean>`f.keys && ${step.implied_by}::text[]`.as('implied'),
      sql<boolean>`f.keys && ${step.closed_by}::text[]`.as('closed'),
      'f.last_confirmed_month',
    ])
    // A fence: without it the planner inlines `start` and `target` into every use below, and
    // array_position (a third of a microsecond per call) ran about eight times per timeline.
    .offset(0)
    .as('x');
  const outcome = sql<number>`case when x.target is not null then 1 when x.closed then 2 else 0 end`;
  const duration = sql<number>`case when x.target is not null then x.target - x.start
    when x.closed then 0 else greatest(x.last_confirmed_month - x.start, 0) end`;
  const rows = await db
    .selectFrom(perTimeline)
    .where(sql<boolean>`case when x.target is not null then x.target >= x.start else not x.implied end`)
    .select([
      'x.grp',
      outcome.as('outcome'),
      duration.as('duration'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['x.grp', 'outcome', 'duration'])
    .execute();
  return rows.map((r) => ({
    group: r.grp === null ? null : typeof r.grp === 'string' ? r.grp : Number(r.grp),
    duration: Number(r.duration),
    outcome: Number(r.outcome) as Outcome,
    n: Number(r.n),
  }));
}
