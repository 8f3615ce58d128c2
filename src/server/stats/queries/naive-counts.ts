/**
 * The same counts straight from the raw tables, one pass over every matching timeline. Used to
 * check the rollup (property test) and as the benchmark's baseline; never on a request path.
 * The definitions are written out again here, from the catalogue, on purpose: a second,
 * independent reading of the rules.
 */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import { closedBy, impliedBy } from '../../timelines/catalogue.ts';
import type { StatsFilter } from '../filters.ts';
import type { CountOptions, CountRow, Outcome } from './counts.ts';

export async function getNaiveCounts(
  db: Database,
  filter: StatsFilter,
  options: CountOptions,
): Promise<CountRow[]> {
  // Absent target + any of these present = the target happened in a month nobody gave: the
  // timeline leaves this pair (docs/decisions/070).
  const impliedKeys = impliedBy(filter.category, filter.to);
  // Absent target + any of these present (and none of the above) = the target can no longer come.
  const endedKeys = closedBy(filter.category, filter.to);

  const groupExpr: RawBuilder<string | number | null> =
    options.by === 'country'
      ? sql<string>`t.country`
      : options.by === 'service_center'
        ? sql<string>`coalesce(t.service_center, '')`
        : options.by === 'filed_quarter'
          ? sql<number>`t.filed_month / 3`
          : sql<null>`null`;

  let query = db
    .selectFrom('timelines as t')
    .innerJoin('milestones as s', (j) => j.onRef('s.timeline_id', '=', 't.id').on('s.key', '=', filter.from))
    .leftJoin('milestones as e', (j) => j.onRef('e.timeline_id', '=', 't.id').on('e.key', '=', filter.to))
    .where('t.category', '=', filter.category)
    .where('t.moderation_state', '!=', 'excluded')
    .where((eb) => eb.or([eb('e.month', 'is', null), eb('e.month', '>=', eb.ref('s.month'))]));
  if (impliedKeys.length > 0) {
    query = query.where(
      (eb) => sql<boolean>`(${eb.ref('e.month')} is not null or not exists (
        select 1 from milestones y where y.timeline_id = t.id and y.key in (${sql.join(impliedKeys)})))`,
    );
  }
  if (filter.subcategory !== null) query = query.where('t.subcategory', '=', filter.subcategory);
  if (filter.country !== null) query = query.where('t.country', '=', filter.country);
  if (filter.serviceCenter !== null) query = query.where('t.service_center', '=', filter.serviceCenter);
  if (filter.filedFrom !== null) query = query.where('t.filed_month', '>=', filter.filedFrom);
  if (filter.filedTo !== null) query = query.where('t.filed_month', '<=', filter.filedTo);
  if (filter.premium !== null) query = query.where('t.premium', '=', filter.premium);
  if (filter.concurrent !== null) query = query.where('t.concurrent', '=', filter.concurrent);
  if (!options.includeDemo) query = query.where('t.provenance', '!=', 'demo');

  const ended: Expression<SqlBool> =
    endedKeys.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`exists (
    select 1 from milestones x where x.timeline_id = t.id and x.key in (${sql.join(endedKeys)}))`;
  const outcome = sql<number>`case when e.month is not null then 1 when ${ended} then 2 else 0 end`;
  const duration = sql<number>`case when e.month is not null then e.month - s.month
    when ${ended} then 0 else greatest(t.last_confirmed_month - s.month, 0) end`;

  const rows = await db
    .selectFrom(
      query.select([groupExpr.as('grp'), outcome.as('outcome'), duration.as('duration')]).as('per_timeline'),
    )
    .select(['grp', 'duration', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['grp', 'duration', 'outcome'])
    .execute();
  return rows.map((r) => ({
    group: r.grp === null ? null : typeof r.grp === 'string' ? r.grp : Number(r.grp),
    duration: Number(r.duration),
    outcome: Number(r.outcome) as Outcome,
    n: Number(r.n),
  }));
}
