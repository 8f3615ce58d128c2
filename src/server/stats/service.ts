/**
 * The statistics a visitor or an API client asks for: one group, or one figure per group of a
 * breakdown. Reads only the rollup (and this month's web submissions, which do not count towards
 * K); every figure goes through disclosure control (docs/decisions/050).
 */
import { env } from '../../env.ts';
import type { Database } from '../db/client.ts';
import { type PoolCandidate, planPooling, settledBefore } from '../privacy/disclosure.ts';
import { serverKey } from '../secrets/server-secret.ts';
import { SERVICE_CENTER_LABELS, type ServiceCenter } from '../timelines/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import { type BreakdownDimension, type StatsFilter, groupEcho } from './filters.ts';
import { type CountOptions, type CountRow, OUTCOME, quarterLabel } from './queries/counts.ts';
import { getFreshCounts } from './queries/fresh-counts.ts';
import { getRollupCounts } from './queries/rollup-counts.ts';
import {
  type GroupFigures,
  type Protection,
  groupFigures,
  protectedCells,
  suppressedFigures,
  timelineCount,
} from './summary.ts';

export type CountSource = (db: Database, filter: StatsFilter, options: CountOptions) => Promise<CountRow[]>;

export interface StatsSettings {
  k: number;
  includeDemo: boolean;
  /** Exact figures, no noise (STATS_EXACT, for research deployments and estimator checks); K still applies. */
  exact?: boolean;
  /** Web timelines written at or after this instant do not count towards K; null or unset: all do. */
  settledBefore?: Date | null;
  /** The noise secret; unset: the server's own ('stats-noise'). Tests fix it to get fixed figures. */
  secret?: Buffer;
}

export const settingsFromEnv = (now: Date = new Date()): StatsSettings => ({
  k: env().STATS_MIN_GROUP_SIZE,
  includeDemo: env().INCLUDE_DEMO_DATA,
  exact: env().STATS_EXACT,
  settledBefore: settledBefore(now),
});

export interface StatsResult extends GroupFigures {
  group: ReturnType<typeof groupEcho>;
  from: string;
  to: string;
  k: number;
}

/** Timelines in rows that K counts: reached the target or still waiting (not ended another way). */
export const exactTimelines = (rows: readonly CountRow[]) =>
  timelineCount(rows.filter((r) => r.outcome !== OUTCOME.closedOther));

/** The noise secret, or null in exact mode. */
export async function noiseSecret(settings: StatsSettings): Promise<Buffer | null> {
  if (settings.exact) return null;
  return settings.secret ?? serverKey('stats-noise');
}

/** This month's web timelines per group (empty when every timeline counts). */
export async function freshTimelines(
  db: Database,
  filter: StatsFilter,
  settings: StatsSettings,
  by?: BreakdownDimension,
): Promise<Map<CountRow['group'], number>> {
  if (!settings.settledBefore) return new Map();
  const options: CountOptions = by
    ? { includeDemo: settings.includeDemo, by }
    : { includeDemo: settings.includeDemo };
  return getFreshCounts(db, filter, options, settings.settledBefore);
}

/** How one group's counts are protected: K, its settled size, and the secret. */
export async function protectionFor(
  db: Database,
  filter: StatsFilter,
  rows: readonly CountRow[],
  settings: StatsSettings,
): Promise<Protection> {
  const [fresh, secret] = await Promise.all([freshTimelines(db, filter, settings), noiseSecret(settings)]);
  return { k: settings.k, settled: exactTimelines(rows) - (fresh.get(null) ?? 0), secret };
}

export async function getStats(
  db: Database,
  filter: StatsFilter,
  settings: StatsSettings = settingsFromEnv(),
  source: CountSource = getRollupCounts,
): Promise<StatsResult> {
  const rows = await source(db, filter, { includeDemo: settings.includeDemo });
  const cells = protectedCells(rows, await protectionFor(db, filter, rows, settings));
  const figures = cells ? groupFigures(cells, settings.k) : suppressedFigures();
  return { group: groupEcho(filter), from: filter.from, to: filter.to, k: settings.k, ...figures };
}

export interface BreakdownGroup extends Omit<GroupFigures, 'km'> {
  /** The group's key, or "other" for the one row that pools every group too small to show. */
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

export const OTHER_KEY = 'other';
const OTHER_LABELS: Record<BreakdownDimension, string> = {
  country: 'Other countries',
  service_center: 'Other offices',
  filed_quarter: 'Other quarters',
};

function groupKey(by: BreakdownDimension, group: CountRow['group']): { key: string; label: string } {
  if (by === 'filed_quarter') return { key: quarterLabel(Number(group)), label: quarterLabel(Number(group)) };
  const key = String(group ?? '');
  if (by === 'country') return { key, label: countryName(key) };
  return key === ''
    ? { key: 'not_given', label: 'Not given' }
    : { key, label: SERVICE_CENTER_LABELS[key as ServiceCenter] ?? key };
}

function breakdownRow(key: { key: string; label: string }, figures: GroupFigures): BreakdownGroup {
  const { km, ...rest } = figures;
  const { survival: _survival, ...kmFigures } = km;
  return { ...key, ...rest, km: kmFigures };
}

/**
 * One row per group large enough to publish, and at most one "other" row pooling the rest
 * (with secondary suppression: see planPooling). No hidden group is ever named.
 */
export async function getBreakdown(
  db: Database,
  filter: StatsFilter,
  by: BreakdownDimension,
  settings: StatsSettings = settingsFromEnv(),
  source: CountSource = getRollupCounts,
): Promise<BreakdownResult> {
  const [rows, fresh, secret] = await Promise.all([
    source(db, filter, { includeDemo: settings.includeDemo, by }),
    freshTimelines(db, filter, settings, by),
    noiseSecret(settings),
  ]);
  const byGroup = new Map<CountRow['group'], CountRow[]>();
  for (const row of rows) byGroup.set(row.group, [...(byGroup.get(row.group) ?? []), row]);
  const candidates = [...byGroup.entries()].map(([group, groupRows]) => {
    const settled = exactTimelines(groupRows) - (fresh.get(group) ?? 0);
    const cells = protectedCells(groupRows, { k: settings.k, settled, secret });
    const published = cells ? timelineCount(cells.filter((c) => c.outcome !== OUTCOME.closedOther)) : 0;
    return { id: String(group), group, groupRows, settled, cells, published };
  });
  const plan = planPooling(
    candidates.map((c): PoolCandidate => ({ key: c.id, settled: c.settled, published: c.published })),
    settings.k,
  );
  const shown = candidates
    .filter((c) => plan.shown.includes(c.id))
    .map((c) => ({
      sortKey: c.group,
      row: breakdownRow(groupKey(by, c.group), groupFigures(c.cells!, settings.k)),
    }));
  shown.sort((a, b) =>
    by === 'filed_quarter'
      ? Number(a.sortKey) - Number(b.sortKey)
      : (b.row.n ?? -1) - (a.row.n ?? -1) || a.row.label.localeCompare(b.row.label),
  );
  const groups = shown.map((s) => s.row);
  if (plan.pooled.length > 0) {
    const pooled = candidates.filter((c) => plan.pooled.includes(c.id));
    const cells = protectedCells(
      pooled.flatMap((c) => c.groupRows),
      { k: settings.k, settled: pooled.reduce((sum, c) => sum + c.settled, 0), secret },
    );
    const figures = cells ? groupFigures(cells, settings.k) : suppressedFigures();
    groups.push(breakdownRow({ key: OTHER_KEY, label: OTHER_LABELS[by] }, figures));
  }
  return { group: groupEcho(filter), by, from: filter.from, to: filter.to, k: settings.k, groups };
}
