/**
 * Timelines that do not yet count towards K: written through the web form since the start of
 * the current month (docs/decisions/050, padding). Read from the raw tables, because the rollup
 * does not know when a timeline was written; the created_month index bounds the read to this
 * month's submissions, whatever the table's size.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import { currentMonth } from '../../timelines/months.ts';
import type { StatsFilter } from '../filters.ts';
import type { CountOptions, CountRow } from './counts.ts';
import { officeAtTarget } from './office-at-target.ts';

/** Fresh timelines per breakdown group (the key null when there is no breakdown). */
export async function getFreshCounts(
  db: Database,
  filter: StatsFilter,
  options: CountOptions,
  since: Date,
): Promise<Map<CountRow['group'], number>> {
  const office = officeAtTarget(filter);
  const groupExpr: RawBuilder<string | number | null> =
    options.by === 'country'
      ? sql<string>`t.country`
      : options.by === 'office'
        ? sql<string>`coalesce(${office}, '')`
        : options.by === 'filed_quarter'
          ? sql<number>`t.filed_month / 3`
          : sql<null>`null`;
  let query = db
    .selectFrom('timelines as t')
    .innerJoin('milestones as s', (j) => j.onRef('s.timeline_id', '=', 't.id').on('s.key', '=', filter.from))
    .where('t.created_month', '>=', currentMonth(since))
    .where('t.provenance', '=', 'web')
    .where('t.category', '=', filter.category)
    .where('t.moderation_state', '!=', 'excluded');
  if (filter.subcategory !== null) query = query.where('t.subcategory', '=', filter.subcategory);
  if (filter.country !== null) query = query.where('t.country', '=', filter.country);
  if (filter.office !== null) query = query.where(office, '=', filter.office);
  if (filter.filedFrom !== null) query = query.where('t.filed_month', '>=', filter.filedFrom);
  if (filter.filedTo !== null) query = query.where('t.filed_month', '<=', filter.filedTo);
  if (filter.premium !== null) query = query.where('t.premium', '=', filter.premium);
  if (filter.concurrent !== null) query = query.where('t.concurrent', '=', filter.concurrent);
  const rows = await query
    .select([groupExpr.as('grp'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('grp')
    .execute();
  return new Map(
    rows.map((r) => [r.grp === null ? null : typeof r.grp === 'string' ? r.grp : Number(r.grp), Number(r.n)]),
  );
}
