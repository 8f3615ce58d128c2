/**
 * Turns counts into the published figures of one group, and withholds every figure of a
 * group smaller than K. Pure: the API, the page and the CSV all go through it.
 */
import {
  type DurationCount,
  completedOnly,
  kaplanMeier,
  kmQuantile,
  kmQuantileInterval,
  type KaplanMeier,
} from './kaplan-meier.ts';
import { OUTCOME, type CountRow } from './queries/counts.ts';

export interface SurvivalStep {
  t: number;
  s: number;
  at_risk: number;
  events: number;
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

/** Durations with their event and censoring counts, from count rows of one group. */
export function durationCounts(rows: readonly CountRow[]): DurationCount[] {
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

export const closedOtherCount = (rows: readonly CountRow[]) =>
  rows.filter((r) => r.outcome === OUTCOME.closedOther).reduce((sum, r) => sum + r.n, 0);

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

/** The KM estimate of a group, or null when the group is too small to publish anything. */
export function publishableCurve(rows: readonly CountRow[], k: number): KaplanMeier | null {
  const km = kaplanMeier(durationCounts(rows));
  return km.n < k ? null : km;
}

export function groupFigures(rows: readonly CountRow[], k: number): GroupFigures {
  const counts = durationCounts(rows);
  const km = kaplanMeier(counts);
  if (km.n < k) return suppressedFigures();
  const completed = completedOnly(counts);
  // The completed cases are a sub-group: their own figures need K of them too.
  const completedShown = completed.n >= k;
  return {
    n: km.n,
    events: km.events,
    censored: km.censored,
    closed_other: closedOtherCount(rows),
    suppressed: false,
    km: {
      median: kmQuantile(km, 0.5),
      median_ci: kmQuantileInterval(km, 0.5),
      p80: kmQuantile(km, 0.8),
      p80_ci: kmQuantileInterval(km, 0.8),
      p90: kmQuantile(km, 0.9),
      survival: km.curve
        .filter((c) => c.events > 0)
        .map((c) => ({ t: c.t, s: c.s, at_risk: c.atRisk, events: c.events })),
    },
    completed: {
      n: completed.n,
      mean: completedShown ? completed.mean : null,
      median: completedShown ? completed.median : null,
      p80: completedShown ? completed.p80 : null,
    },
  };
}
