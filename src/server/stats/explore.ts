/**
 * Everything the Explore page shows for one URL: the group's figures and headline, the
 * curve, the histogram, the cohort trend, the breakdown and the "my case" answer. Every
 * figure passes the small-group rule before it reaches the page.
 */
import type { Database } from '../db/client.ts';
import { issuesFromZod, type ErrorIssue } from '../http/json.ts';
import { currentMonth, type MonthIndex } from '../timelines/months.ts';
import type { MilestoneKey } from '../timelines/catalogue.ts';
import {
  EXPLORE_KEYS,
  type ExploreQuery,
  type StatsFilter,
  QueryError,
  exploreQuerySchema,
  queryRecord,
} from './filters.ts';
import { headline } from './headline.ts';
import { type Conditional, conditional, kaplanMeier, logConfidenceBand } from './kaplan-meier.ts';
import { OUTCOME } from './queries/counts.ts';
import { getRollupCounts } from './queries/rollup-counts.ts';
import {
  type BreakdownResult,
  type StatsResult,
  type StatsSettings,
  getBreakdown,
  protectionFor,
  settingsFromEnv,
} from './service.ts';
import { type Cell } from '../privacy/disclosure.ts';
import { durationCounts, groupFigures, protectedCells, suppressedFigures } from './summary.ts';
import { groupEcho } from './filters.ts';

export const MY_CASE_HORIZONS = [1, 3, 6, 12] as const;

/** The published curve at whole months, with its 95% band; no per-month event counts. */
export interface CurvePoint {
  t: number;
  s: number;
  lower: number | null;
  upper: number | null;
  atRisk: number;
}

export type MyCaseAnswer =
  | { status: 'answer'; startKey: MilestoneKey; waited: number; answer: Conditional }
  | { status: 'insufficient'; startKey: MilestoneKey; waited: number; reason: string }
  | { status: 'invalid'; reason: string };

export interface ExploreView {
  query: ExploreQuery | null;
  errors: ErrorIssue[];
  stats: StatsResult | null;
  headline: string | null;
  curve: CurvePoint[];
  /** Completed cases by months taken, from the same protected counts as every other figure. */
  histogram: { t: number; n: number }[];
  trend: BreakdownResult | null;
  breakdown: BreakdownResult | null;
  myCase: MyCaseAnswer | null;
}

export function parseExplore(params: URLSearchParams): { query: ExploreQuery | null; errors: ErrorIssue[] } {
  try {
    const result = exploreQuerySchema.safeParse(queryRecord(params, (key) => EXPLORE_KEYS.includes(key)));
    return result.success
      ? { query: result.data, errors: [] }
      : { query: null, errors: issuesFromZod(result.error) };
  } catch (error) {
    if (error instanceof QueryError)
      return { query: null, errors: [{ path: error.path, message: error.message }] };
    throw error;
  }
}

function curveOf(stats: StatsResult, band: ReturnType<typeof logConfidenceBand>): CurvePoint[] {
  return stats.km.survival.map((p) => {
    // The band is a step function too: its value at t is the last one at or before t.
    const b = band.filter((x) => x.t <= p.t).at(-1);
    return {
      t: p.t,
      s: p.s,
      atRisk: p.at_risk,
      lower: b && Number.isFinite(b.lower) ? b.lower : null,
      upper: b && Number.isFinite(b.upper) ? b.upper : null,
    };
  });
}

/** Completed cases per month taken, from protected cells. */
function histogramOf(cells: readonly Cell[]): { t: number; n: number }[] {
  return cells
    .filter((c) => c.outcome === OUTCOME.event)
    .map((c) => ({ t: c.duration, n: c.n }))
    .sort((a, b) => a.t - b.t);
}

async function answerMyCase(
  db: Database,
  filter: StatsFilter,
  input: NonNullable<ExploreQuery['myCase']>,
  settings: StatsSettings,
  now: MonthIndex,
): Promise<MyCaseAnswer> {
  const startKey = input.step ?? filter.from;
  const startMonth = input.step ? input.stepMonth : input.start;
  if (startMonth === null)
    return { status: 'invalid', reason: 'Give the month your case reached its starting milestone.' };
  const waited = now - startMonth;
  if (waited < 0) return { status: 'invalid', reason: 'That month is in the future.' };
  const startFilter = { ...filter, from: startKey };
  const rows = await getRollupCounts(db, startFilter, { includeDemo: settings.includeDemo });
  const cells = protectedCells(rows, await protectionFor(db, startFilter, rows, settings));
  const km = kaplanMeier(durationCounts(cells ?? []));
  const answer = conditional(km, waited, MY_CASE_HORIZONS);
  if (cells === null || answer.atRisk < settings.k) {
    return {
      status: 'insufficient',
      startKey,
      waited,
      reason: `Fewer than ${settings.k} similar timelines were still waiting after ${waited} months, so there is not enough data to say.`,
    };
  }
  return { status: 'answer', startKey, waited, answer };
}

export async function loadExplore(
  db: Database,
  params: URLSearchParams,
  settings: StatsSettings = settingsFromEnv(),
  now: MonthIndex = currentMonth(),
): Promise<ExploreView> {
  const { query, errors } = parseExplore(params);
  if (!query)
    return {
      query,
      errors,
      stats: null,
      headline: null,
      curve: [],
      histogram: [],
      trend: null,
      breakdown: null,
      myCase: null,
    };
  const { filter } = query;
  const [rows, trend, breakdown] = await Promise.all([
    getRollupCounts(db, filter, { includeDemo: settings.includeDemo }),
    getBreakdown(db, filter, 'filed_quarter', settings),
    getBreakdown(db, filter, query.by, settings),
  ]);
  const cells = protectedCells(rows, await protectionFor(db, filter, rows, settings));
  const figures = cells ? groupFigures(cells, settings.k) : suppressedFigures();
  const stats: StatsResult = {
    group: groupEcho(filter),
    from: filter.from,
    to: filter.to,
    k: settings.k,
    ...figures,
  };
  const curve = cells ? curveOf(stats, logConfidenceBand(kaplanMeier(durationCounts(cells)))) : [];
  const histogram = cells && stats.completed.mean !== null ? histogramOf(cells) : [];
  const myCase = query.myCase ? await answerMyCase(db, filter, query.myCase, settings, now) : null;
  return {
    query,
    errors,
    stats,
    headline: headline(filter, stats, settings.k),
    curve,
    histogram,
    trend,
    breakdown,
    myCase,
  };
}
