/**
 * Counts from the pre-aggregated rollup: cost grows with the number of groups, never with the
 * number of timelines. The histograms (stats_cells unfolds them) hold 5 grains: every subset of
 * {country, office}, and the filing month alone; a query reads the one grain that keeps exactly
 * the dimensions it filters or groups by, so it sums only rows that match. A filing month
 * together with a country or an office reads the per-timeline facts instead (decision 113).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.ts';
import type { StatsFilter } from '../filters.ts';
import type { CountOptions, CountRow, Outcome } from './counts.ts';
import { getFactsCounts } from './facts-counts.ts';

const GRAIN = { country: 1, office: 2, filedMonth: 4 } as const;

/** The dimensions the query constrains or groups by, as a grain bit set (0–7). */
export function grainFor(filter: StatsFilter, by: CountOptions['by']): number {
  let mask = 0;
  if (filter.country !== null || by === 'country') mask |= GRAIN.country;
  if (filter.office !== null || by === 'office') mask |= GRAIN.office;
  if (filter.filedFrom !== null || filter.filedTo !== null || by === 'filed_quarter')
    mask |= GRAIN.filedMonth;
  return mask;
}

/** Grains 5–7 (filing month with a country or an office) are not kept as histograms. */
const isHistogramGrain = (grain: number) => grain <= GRAIN.filedMonth;

export async function getRollupCounts(
  db: Database,
  filter: StatsFilter,
  options: CountOptions,
): Promise<CountRow[]> {
  const grain = grainFor(filter, options.by);
  if (!isHistogramGrain(grain)) return getFactsCounts(db, filter, options);
  const groupExpr: RawBuilder<string | number | null> =
    options.by === 'country'
      ? sql<string>`country`
      : options.by === 'office'
        ? sql<string>`office`
        : options.by === 'filed_quarter'
          ? sql<number>`filed_month / 3`
          : sql<null>`null`;
  let query = db
    .selectFrom('stats_cells')
    .select([groupExpr.as('grp'), 'duration', 'outcome', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('category', '=', filter.category)
    .where('from_key', '=', filter.from)
    .where('to_key', '=', filter.to)
    .where('grain', '=', grain);
  if (filter.country !== null) query = query.where('country', '=', filter.country);
  if (filter.office !== null) query = query.where('office', '=', filter.office);
  if (filter.filedFrom !== null) query = query.where('filed_month', '>=', filter.filedFrom);
  if (filter.filedTo !== null) query = query.where('filed_month', '<=', filter.filedTo);
  if (filter.subcategory !== null) query = query.where('subcategory', '=', filter.subcategory);
  if (filter.premium !== null) query = query.where('premium', '=', filter.premium);
  if (filter.concurrent !== null) query = query.where('concurrent', '=', filter.concurrent);
  if (!options.includeDemo) query = query.where('is_demo', '=', false);
  const rows = await query
    .groupBy(['grp', 'duration', 'outcome'])
    .having((eb) => eb.fn.sum('n'), '>', 0)
    .execute();
  return rows.map((r) => ({
    group: r.grp === null ? null : typeof r.grp === 'string' ? r.grp : Number(r.grp),
    duration: r.duration,
    outcome: r.outcome as Outcome,
    n: Number(r.n),
  }));
}
