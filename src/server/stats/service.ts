/**
 * The statistics a visitor or an API client asks for: one group, or one figure per group of a
 * breakdown. Reads only the rollup; knows K and whether demo data counts.
 */
import { env } from '../../env.ts';
import type { Database } from '../db/client.ts';
import { officeLabel } from '../offices/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import { type BreakdownDimension, type StatsFilter, groupEcho } from './filters.ts';
import { type CountOptions, type CountRow, quarterLabel } from './queries/counts.ts';
import { getRollupCounts } from './queries/rollup-counts.ts';
import { type GroupFigures, groupFigures } from './summary.ts';

export type CountSource = (db: Database, filter: StatsFilter, options: CountOptions) => Promise<CountRow[]>;

export interface StatsSettings {
  k: number;
  includeDemo: boolean;
}

export const settingsFromEnv = (): StatsSettings => ({
  k: env().STATS_MIN_GROUP_SIZE,
  includeDemo: env().INCLUDE_DEMO_DATA,
});

export interface StatsResult extends GroupFigures {
  group: ReturnType<typeof groupEcho>;
  from: string;
  to: string;
  k: number;
}

export async function getStats(
  db: Database,
  filter: StatsFilter,
  settings: StatsSettings = settingsFromEnv(),
  source: CountSource = getRollupCounts,
): Promise<StatsResult> {
  const rows = await source(db, filter, { includeDemo: settings.includeDemo });
  const figures = groupFigures(rows, settings.k);
  return { group: groupEcho(filter), from: filter.from, to: filter.to, k: settings.k, ...figures };
}

export interface BreakdownGroup extends Omit<GroupFigures, 'km'> {
  key: string;
  label: string;
  km: Omit<GroupFigures['km'], 'survival'>;
}

export interface BreakdownResult {
  group: ReturnType<typeof groupEcho>;
  by: BreakdownDimension;
  from: string;
  to: string;
  k: number;
  groups: BreakdownGroup[];
}

function groupKey(by: BreakdownDimension, group: CountRow['group']): { key: string; label: string } {
  if (by === 'filed_quarter') return { key: quarterLabel(Number(group)), label: quarterLabel(Number(group)) };
  const key = String(group ?? '');
  if (by === 'country') return { key, label: countryName(key) };
  return key === '' ? { key: 'not_given', label: 'Not given' } : { key, label: officeLabel(key) };
}

export async function getBreakdown(
  db: Database,
  filter: StatsFilter,
  by: BreakdownDimension,
  settings: StatsSettings = settingsFromEnv(),
  source: CountSource = getRollupCounts,
): Promise<BreakdownResult> {
  const rows = await source(db, filter, { includeDemo: settings.includeDemo, by });
  const byGroup = new Map<CountRow['group'], CountRow[]>();
  for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row]);
  const groups = [...byGroup.entries()].map(([group, groupRows]) => {
    const { km, ...figures } = groupFigures(groupRows, settings.k);
    const { survival: _survival, ...kmFigures } = km;
    return { ...groupKey(by, group), sortKey: group, ...figures, km: kmFigures };
  });
  groups.sort((a, b) =>
    by === 'filed_quarter'
      ? Number(a.sortKey) - Number(b.sortKey)
      : (b.n ?? -1) - (a.n ?? -1) || a.label.localeCompare(b.label),
  );
  return {
    group: groupEcho(filter),
    by,
    from: filter.from,
    to: filter.to,
    k: settings.k,
    groups: groups.map(({ sortKey: _sortKey, ...g }) => g),
  };
}
