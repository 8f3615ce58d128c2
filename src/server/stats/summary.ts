/**
 * Turns a group's counts into its published figures. The counts are first protected
 * (docs/decisions/050): a group with fewer than K settled timelines publishes nothing; otherwise
 * every figure comes from the cell-key perturbed table (the exact one in exact mode), the curve
 * is published at whole months only while at least K are at risk, and every count printed
 * (completed, still pending, ended another way) needs K too. Pure: the API, the page, the CSV
 * and /me all go through it.
 */
import { type Cell, perturbTable } from '../privacy/disclosure.ts';
import {
  type DurationCount,
  type KaplanMeier,
  completedOnly,
  kaplanMeier,
  kmQuantile,
  kmQuantileInterval,
  survivalAt,
} from './kaplan-meier.ts';
import { OUTCOME, type CountRow } from './queries/counts.ts';

/** The curve at whole month t: S(t) just after t, and how many were still waiting at the start of t. */
export interface SurvivalStep {
  t: number;
  s: number;
  at_risk: number;
}

export interface GroupFigures {
  n: number | null;
  events: number | null;
  censored: number | null;
  closed_other: number | null;
  suppressed: boolean;
  km: {
    median: number | null;
    median_ci: [number | null, number | null];
    p80: number | null;
    /** 95% CI of p80, beside USCIS's own "80% completed within" (offices, issue 14). */
    p80_ci: [number | null, number | null];
    p90: number | null;
    survival: SurvivalStep[];
  };
  completed: { n: number | null; mean: number | null; median: number | null; p80: number | null };
}

/** How a group's counts are protected before anything is computed from them. */
export interface Protection {
  k: number;
  /** Timelines of the group that count towards K (not written this month through the web form). */
  settled: number;
  /** The noise secret; null in exact mode. */
  secret: Buffer | null;
}

/** Durations with their event and censoring counts, from count rows of one group. */
export function durationCounts(
  rows: readonly Pick<CountRow, 'duration' | 'outcome' | 'n'>[],
): DurationCount[] {
  const byDuration = new Map<number, DurationCount>();
  for (const r of rows) {
    if (r.outcome === OUTCOME.closedOther) continue;
    const c = byDuration.get(r.duration) ?? { t: r.duration, events: 0, censored: 0 };
    if (r.outcome === OUTCOME.event) c.events += r.n;
    else c.censored += r.n;
    byDuration.set(r.duration, c);
  }
  return [...byDuration.values()];
}

export const closedOtherCount = (rows: readonly Pick<CountRow, 'outcome' | 'n'>[]) =>
  rows.filter((r) => r.outcome === OUTCOME.closedOther).reduce((sum, r) => sum + r.n, 0);

/** Timelines in a group's counts, whatever their outcome. */
export const timelineCount = (rows: readonly Pick<CountRow, 'n'>[]) => rows.reduce((sum, r) => sum + r.n, 0);

/** Rows of one or more groups as one table of cells (the groups are merged). */
export function cellsOf(rows: readonly CountRow[]): Cell[] {
  const byCell = new Map<string, Cell>();
  for (const r of rows) {
    const id = `${r.outcome}:${r.duration}`;
    const cell = byCell.get(id) ?? { duration: r.duration, outcome: r.outcome, n: 0 };
    cell.n += r.n;
    byCell.set(id, cell);
  }
  return [...byCell.values()];
}

/**
 * The table figures may be computed from, or null when the group may publish nothing: fewer
 * than K settled timelines, or fewer than K once perturbed. Any timeline count (including the
 * ones that ended another way) is the group's size for K, as the feed and breakdowns count it.
 */
export function protectedCells(rows: readonly CountRow[], p: Protection): Cell[] | null {
  if (p.settled < p.k) return null;
  const exact = cellsOf(rows);
  const published = p.secret ? perturbTable(exact, p.secret) : exact;
  const n = kaplanMeier(durationCounts(published)).n;
  return n < p.k ? null : published;
}

export function suppressedFigures(): GroupFigures {
  return {
    n: null,
    events: null,
    censored: null,
    closed_other: null,
    suppressed: true,
    km: { median: null, median_ci: [null, null], p80: null, p80_ci: [null, null], p90: null, survival: [] },
    completed: { n: null, mean: null, median: null, p80: null },
  };
}

/** How many were still waiting at the start of whole month t (duration t or longer). */
export function atRiskAt(km: KaplanMeier, t: number): number {
  return km.curve.filter((c) => c.t >= t).reduce((sum, c) => sum + c.events + c.censored, 0);
}

/** The last whole month with at least K at risk: the curve and its quantiles stop there. */
export function curveEnd(km: KaplanMeier, k: number): number | null {
  if (km.maxTime === null || km.n < k) return null;
  let end: number | null = null;
  for (let t = 0; t <= km.maxTime; t++) {
    if (atRiskAt(km, t) < k) break;
    end = t;
  }
  return end;
}

/** The published curve: whole months 0 … curveEnd, with no event counts (they were microdata). */
export function publishedCurve(km: KaplanMeier, k: number): SurvivalStep[] {
  const end = curveEnd(km, k);
  if (end === null) return [];
  const steps: SurvivalStep[] = [];
  for (let t = 0; t <= end; t++) steps.push({ t, s: survivalAt(km, t) ?? 1, at_risk: atRiskAt(km, t) });
  return steps;
}

/** Figures of a protected table (see protectedCells). */
export function groupFigures(cells: readonly Cell[], k: number): GroupFigures {
  const counts = durationCounts(cells);
  const km = kaplanMeier(counts);
  if (km.n < k) return suppressedFigures();
  const end = curveEnd(km, k);
  // A quantile beyond the end of the curve would rest on fewer than K cases.
  const within = (q: number | null) => (q !== null && end !== null && q <= end ? q : null);
  const completed = completedOnly(counts);
  // Completed and still-pending are sub-groups: printed only when neither has 1 … K-1 timelines
  // (either gives the other). An empty part names nobody.
  const part = (count: number) => count === 0 || count >= k;
  const split = part(km.events) && part(km.censored);
  const completedShown = km.events >= k;
  const closedOther = closedOtherCount(cells);
  const ci = kmQuantileInterval(km, 0.5);
  const ci80 = kmQuantileInterval(km, 0.8);
  return {
    n: km.n,
    events: split ? km.events : null,
    censored: split ? km.censored : null,
    closed_other: part(closedOther) ? closedOther : null,
    suppressed: false,
    km: {
      median: within(kmQuantile(km, 0.5)),
      median_ci: [within(ci[0]), within(ci[1])],
      p80: within(kmQuantile(km, 0.8)),
      p80_ci: [within(ci80[0]), within(ci80[1])],
      p90: within(kmQuantile(km, 0.9)),
      survival: publishedCurve(km, k),
    },
    completed: {
      n: split ? completed.n : null,
      mean: completedShown ? completed.mean : null,
      median: completedShown ? completed.median : null,
      p80: completedShown ? completed.p80 : null,
    },
  };
}

/** Protection and figures in one step. */
export function publishedFigures(rows: readonly CountRow[], p: Protection): GroupFigures {
  const cells = protectedCells(rows, p);
  return cells ? groupFigures(cells, p.k) : suppressedFigures();
}
