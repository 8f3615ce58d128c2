/**
 * The Kaplan–Meier estimator and its quantiles, as R's survival::survfit computes them.
 * Pure: takes counts per duration (which is all the database produces), returns figures.
 * Times are whole months. docs/decisions/020 and /methodology give the definitions.
 */

/** Counts at one duration: timelines that reached the target then, and timelines still open then. */
export interface DurationCount {
  t: number;
  events: number;
  censored: number;
}

/** One point of the curve, at every distinct observed time (event or censoring). */
export interface CurvePoint {
  t: number;
  atRisk: number;
  events: number;
  censored: number;
  /** S(t): share still waiting just after t. */
  s: number;
  /** Cumulative Greenwood sum Σ d / (n (n - d)): the variance of log S(t). */
  varLog: number;
}

export interface KaplanMeier {
  n: number;
  events: number;
  censored: number;
  /** Largest observed time, event or censored: S is undefined beyond it. */
  maxTime: number | null;
  curve: CurvePoint[];
}

/** survfit's tolerance for "S equals 1 - p": sqrt(.Machine$double.eps). */
export const QUANTILE_TOLERANCE = Math.sqrt(Number.EPSILON);
/** Two-sided 95% normal quantile, qnorm(0.975), as survfit uses. */
const Z_95 = 1.959963984540054;

/** Merges counts of equal durations and sorts them. Negative or fractional times are refused. */
function normalise(counts: readonly DurationCount[]): DurationCount[] {
  const byTime = new Map<number, DurationCount>();
  for (const c of counts) {
    if (!Number.isInteger(c.t) || c.t < 0)
      throw new RangeError(`durations are whole months >= 0, got ${c.t}`);
    if (c.events < 0 || c.censored < 0) throw new RangeError('counts cannot be negative');
    const seen = byTime.get(c.t) ?? { t: c.t, events: 0, censored: 0 };
    seen.events += c.events;
    seen.censored += c.censored;
    byTime.set(c.t, seen);
  }
  return [...byTime.values()].filter((c) => c.events + c.censored > 0).sort((a, b) => a.t - b.t);
}

/** The estimator. Events at t count before censorings at t (both leave the risk set after t). */
export function kaplanMeier(counts: readonly DurationCount[]): KaplanMeier {
  const rows = normalise(counts);
  const n = rows.reduce((sum, r) => sum + r.events + r.censored, 0);
  let atRisk = n;
  let s = 1;
  let varLog = 0;
  const curve: CurvePoint[] = [];
  for (const r of rows) {
    if (r.events > 0) {
      s *= 1 - r.events / atRisk;
      varLog += atRisk === r.events ? Number.POSITIVE_INFINITY : r.events / (atRisk * (atRisk - r.events));
    }
    curve.push({ t: r.t, atRisk, events: r.events, censored: r.censored, s, varLog });
    atRisk -= r.events + r.censored;
  }
  return {
    n,
    events: rows.reduce((sum, r) => sum + r.events, 0),
    censored: rows.reduce((sum, r) => sum + r.censored, 0),
    maxTime: rows.length > 0 ? rows[rows.length - 1]!.t : null,
    curve,
  };
}

/** S(t) as a step function; null beyond the last observed time (no data says anything there). */
export function survivalAt(km: KaplanMeier, t: number): number | null {
  if (km.maxTime === null || t > km.maxTime) return null;
  let s = 1;
  for (const point of km.curve) {
    if (point.t > t) break;
    s = point.s;
  }
  return s;
}

/**
 * R's `approx(x, y, v, method = "constant", f = 1)` on index values: pairs with a NaN are
 * dropped, the rest sorted by x; v at a knot gives its y, v between knots the right one,
 * v outside the range null.
 */
function stepRight(x: readonly number[], v: number): number | null {
  const pairs = x
    .map((xi, i) => [xi, i] as const)
    .filter(([xi]) => !Number.isNaN(xi))
    .sort((a, b) => a[0] - b[0]);
  if (pairs.length === 0 || v < pairs[0]![0] || v > pairs[pairs.length - 1]![0]) return null;
  for (const [xi, i] of pairs) if (xi >= v) return i;
  return null;
}

/**
 * survfit's quantile rule (survival:::findq) on a curve given at every observed time: the
 * first time the curve is at or below 1 - p; when it equals 1 - p within tolerance, the
 * midpoint of that time and the next jump, or of that time and the largest observed time
 * when no jump follows. Null when the curve never gets there: never the last time instead.
 */
export function curveQuantile(
  times: readonly number[],
  values: readonly number[],
  p: number,
  tolerance = QUANTILE_TOLERANCE,
): number | null {
  if (times.length === 0) return null;
  // As survfit: the cumulative curve 1 - S, starting at (0, 0).
  let xs = [0, ...times];
  let ys = [0, ...values.map((v) => 1 - v)];
  const finite = ys.filter((y) => !Number.isNaN(y));
  // The same tolerance as the rest of the rule: a curve that ends flat at 0.2 computes as
  // 0.20000000000000007, and its p80 is still the midpoint (docs/decisions/073). survfit's own
  // early exit compares with the smallest probability asked for in the same call, so R gives
  // this answer whenever a smaller probability is asked alongside.
  if (finite.length === 0 || Math.max(...finite) < p - tolerance) return null;
  const xmax = xs[xs.length - 1]!;
  // Repeated values (censorings, flat stretches) are not jumps: keep the first of each.
  const keep = ys.map((y, i) => ys.findIndex((other) => Object.is(other, y) || other === y) === i);
  xs = xs.filter((_, i) => keep[i]);
  ys = ys.filter((_, i) => keep[i]);
  const i1 = stepRight(
    ys.map((y) => y + tolerance),
    p,
  );
  const i2 = stepRight(
    ys.map((y) => y - tolerance),
    p,
  );
  const last = ys[ys.length - 1]!;
  if (!Number.isNaN(last) && Math.abs(p - last) < tolerance) return i1 === null ? null : (xs[i1]! + xmax) / 2;
  if (i1 === null || i2 === null) return null;
  return (xs[i1]! + xs[i2]!) / 2;
}

/** KM quantile p (0.5 = median) by survfit's rule. */
export function kmQuantile(km: KaplanMeier, p: number): number | null {
  return curveQuantile(
    km.curve.map((c) => c.t),
    km.curve.map((c) => c.s),
    p,
  );
}

/**
 * Pointwise 95% band of S(t) on the log scale (survfit's conf.type = "log"), at every observed
 * time: S exp(±z se) with se² the Greenwood sum, the upper limit capped at 1; NaN where S = 0.
 */
export function logConfidenceBand(km: KaplanMeier): { t: number; lower: number; upper: number }[] {
  return km.curve.map((c) => {
    if (c.s === 0) return { t: c.t, lower: Number.NaN, upper: Number.NaN };
    const se = Math.sqrt(c.varLog);
    return { t: c.t, lower: c.s * Math.exp(-Z_95 * se), upper: Math.min(1, c.s * Math.exp(Z_95 * se)) };
  });
}

/**
 * 95% CI of quantile p as survfit's quantile() reports it: the lower limit is the quantile of
 * the lower confidence curve (it falls first), the upper limit the quantile of the upper
 * curve, by the same rule.
 */
export function kmQuantileInterval(km: KaplanMeier, p: number): [number | null, number | null] {
  const band = logConfidenceBand(km);
  const times = band.map((b) => b.t);
  return [
    curveQuantile(
      times,
      band.map((b) => b.lower),
      p,
    ),
    curveQuantile(
      times,
      band.map((b) => b.upper),
      p,
    ),
  ];
}

export interface Completed {
  n: number;
  mean: number | null;
  median: number | null;
  p80: number | null;
}

/**
 * Sample quantile with linear interpolation (R type 7, PostgreSQL percentile_cont) over counted
 * values, in R's own arithmetic: index 1 + (n - 1) p, its floor picks the order statistic, and
 * (1 - h) x[lo] + h x[hi] unless the two are equal. The same floating-point steps give the
 * same figure to the last bit (docs/decisions/073).
 */
export function type7Quantile(
  sortedCounts: readonly { t: number; count: number }[],
  p: number,
): number | null {
  const n = sortedCounts.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return null;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  /** The rank-th smallest value, 1-based. */
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const c of sortedCounts) {
      seen += c.count;
      if (rank <= seen) return c.t;
    }
    return sortedCounts[sortedCounts.length - 1]!.t;
  };
  const a = valueAt(lo);
  const b = valueAt(hi);
  if (!(index > lo) || b === a) return a;
  const h = index - lo;
  return (1 - h) * a + h * b;
}

/** Completed-only figures over event durations: what most sites show, biased while backlogs grow. */
export function completedOnly(counts: readonly DurationCount[]): Completed {
  const events = normalise(counts)
    .filter((c) => c.events > 0)
    .map((c) => ({ t: c.t, count: c.events }));
  const n = events.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return { n: 0, mean: null, median: null, p80: null };
  return {
    n,
    mean: events.reduce((sum, c) => sum + c.t * c.count, 0) / n,
    median: type7Quantile(events, 0.5),
    p80: type7Quantile(events, 0.8),
  };
}

export interface Conditional {
  /** Timelines still in the risk set after `waited` months: the sample behind the answer. */
  atRisk: number;
  /** Chance of reaching the target within d more months, by d; null beyond the data. */
  within: { months: number; chance: number | null }[];
  /** Middle half of the remaining wait (quartiles of the conditional curve), in more months. */
  remaining: [number | null, number | null];
}

/** Conditional KM for a case that has waited `waited` months: 1 - S(w + d) / S(w). */
export function conditional(km: KaplanMeier, waited: number, horizons: readonly number[]): Conditional {
  const atRisk = km.curve.filter((c) => c.t > waited).reduce((sum, c) => sum + c.events + c.censored, 0);
  const sw = survivalAt(km, waited);
  const within = horizons.map((months) => {
    const later = survivalAt(km, waited + months);
    return { months, chance: sw === null || sw === 0 || later === null ? null : 1 - later / sw };
  });
  let remaining: [number | null, number | null] = [null, null];
  if (sw !== null && sw > 0) {
    // The curve of a case still waiting at w, re-based to months after w.
    const later = km.curve.filter((c) => c.t > waited);
    const times = later.map((c) => c.t - waited);
    const values = later.map((c) => c.s / sw);
    remaining = [curveQuantile(times, values, 0.25), curveQuantile(times, values, 0.75)];
  }
  return { atRisk, within, remaining };
}
