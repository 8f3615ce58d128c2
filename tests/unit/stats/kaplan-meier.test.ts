import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DurationCount,
  completedOnly,
  conditional,
  kaplanMeier,
  kmQuantile,
  kmQuantileInterval,
  logConfidenceBand,
  survivalAt,
  type7Quantile,
} from '../../../src/server/stats/kaplan-meier.ts';

interface FixtureCase {
  note: string;
  time: number[];
  event: number[];
  n: number;
  n_approved: number;
  n_pending: number;
  max_followup: number;
  km_quantiles_survfit: Record<'p50' | 'p80' | 'p90', number | null>;
  km_quantiles_strict: Record<'p50' | 'p80' | 'p90', number | null>;
  km_median_print: number | null;
  km_surv_at: Record<string, { surv: number; n_risk: number; within_followup: boolean }>;
  completed: { n: number; mean: number | null; type7: Record<'p50' | 'p80' | 'p90', number | null> };
  km_curve: { t: number; n_risk: number; n_event: number; n_censor: number; surv: number }[];
}

const fixtures = JSON.parse(readFileSync('/work/shared/fixtures/km-edge-cases.json', 'utf8')) as {
  cases: Record<string, FixtureCase>;
};
const cases = Object.entries(fixtures.cases);
const PROBS = { p50: 0.5, p80: 0.8, p90: 0.9 } as const;

function countsOf(time: number[], event: number[]): DurationCount[] {
  return time.map((t, i) => ({ t, events: event[i] === 1 ? 1 : 0, censored: event[i] === 1 ? 0 : 1 }));
}

const close = (actual: number | null, expected: number | null) =>
  expected === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(expected, 9);

describe.each(cases)('fixture %s (R survival 3.5-3)', (_name, c) => {
  const km = kaplanMeier(countsOf(c.time, c.event));

  it('counts the risk set', () => {
    expect([km.n, km.events, km.censored, km.maxTime]).toEqual([
      c.n,
      c.n_approved,
      c.n_pending,
      c.max_followup,
    ]);
  });

  it('reproduces the survfit curve: at risk, events, censored, S(t)', () => {
    expect(km.curve.map((p) => [p.t, p.atRisk, p.events, p.censored])).toEqual(
      c.km_curve.map((p) => [p.t, p.n_risk, p.n_event, p.n_censor]),
    );
    km.curve.forEach((p, i) => close(p.s, c.km_curve[i]!.surv));
  });

  it('follows km_quantiles_survfit', () => {
    for (const [key, p] of Object.entries(PROBS))
      close(kmQuantile(km, p), c.km_quantiles_survfit[key as keyof typeof PROBS]);
  });

  it('gives S(t) within follow-up and nothing beyond it', () => {
    for (const [t, expected] of Object.entries(c.km_surv_at)) {
      if (expected.within_followup) close(survivalAt(km, Number(t)), expected.surv);
      else expect(survivalAt(km, Number(t))).toBeNull();
    }
  });

  it('computes completed-only figures with type-7 interpolation', () => {
    const completed = completedOnly(countsOf(c.time, c.event));
    expect(completed.n).toBe(c.completed.n);
    close(completed.mean, c.completed.n === 0 ? null : c.completed.mean);
    close(completed.median, c.completed.type7.p50);
    close(completed.p80, c.completed.type7.p80);
  });
});

describe('the quantile rule is not another library’s', () => {
  // Every fixture where the rules disagree must side with survfit.
  const differing = cases.flatMap(([name, c]) =>
    Object.entries(PROBS)
      .filter(
        ([key]) =>
          c.km_quantiles_strict[key as keyof typeof PROBS] !==
          c.km_quantiles_survfit[key as keyof typeof PROBS],
      )
      .map(([key, p]) => [name, key, p, c] as const),
  );

  it('has fixtures where "first time strictly below" differs', () => {
    expect(differing.length).toBeGreaterThan(3);
  });

  it.each(differing)('%s %s is not the strict answer', (_name, key, p, c) => {
    const km = kaplanMeier(countsOf(c.time, c.event));
    expect(kmQuantile(km, p)).not.toBe(c.km_quantiles_strict[key as keyof typeof PROBS]);
  });

  it('the median is not print.survfit’s where they differ', () => {
    const disagree = cases.filter(([, c]) => c.km_median_print !== c.km_quantiles_survfit.p50);
    expect(disagree.length).toBeGreaterThan(0);
    for (const [, c] of disagree)
      expect(kmQuantile(kaplanMeier(countsOf(c.time, c.event)), 0.5)).not.toBe(c.km_median_print);
  });
});

describe('hand-worked cases', () => {
  it('ties: 2 events and 1 censoring at month 3 of 4 timelines', () => {
    // Events first: S(3) = 1 - 2/4 = 0.5 exactly; the censoring at 3 leaves after.
    const km = kaplanMeier([
      { t: 3, events: 2, censored: 1 },
      { t: 6, events: 1, censored: 0 },
    ]);
    expect(km.curve.map((p) => [p.t, p.atRisk, p.s])).toEqual([
      [3, 4, 0.5],
      [6, 1, 0],
    ]);
    // S = 0.5 exactly at 3: midpoint with the next event, 6.
    expect(kmQuantile(km, 0.5)).toBe(4.5);
    expect(kmQuantile(km, 0.8)).toBe(6);
  });

  it('all censored: no quantile, S = 1 within follow-up, undefined after', () => {
    const km = kaplanMeier([
      { t: 2, events: 0, censored: 3 },
      { t: 9, events: 0, censored: 2 },
    ]);
    expect([kmQuantile(km, 0.5), kmQuantile(km, 0.8)]).toEqual([null, null]);
    expect(kmQuantileInterval(km, 0.5)).toEqual([null, null]);
    expect(survivalAt(km, 9)).toBe(1);
    expect(survivalAt(km, 10)).toBeNull();
  });

  it('n = 1, one event: every quantile is that time', () => {
    const km = kaplanMeier([{ t: 7, events: 1, censored: 0 }]);
    expect([kmQuantile(km, 0.5), kmQuantile(km, 0.9)]).toEqual([7, 7]);
    expect(completedOnly([{ t: 7, events: 1, censored: 0 }])).toEqual({ n: 1, mean: 7, median: 7, p80: 7 });
  });

  it('n = 1, still open: nothing to say', () => {
    const km = kaplanMeier([{ t: 7, events: 0, censored: 1 }]);
    expect(kmQuantile(km, 0.5)).toBeNull();
    expect(completedOnly([{ t: 7, events: 0, censored: 1 }]).median).toBeNull();
  });

  it('duration 0: decided in the filing month', () => {
    const km = kaplanMeier([
      { t: 0, events: 3, censored: 0 },
      { t: 2, events: 1, censored: 0 },
    ]);
    expect(survivalAt(km, 0)).toBe(0.25);
    expect(kmQuantile(km, 0.5)).toBe(0);
  });

  it('S exactly 0.5 on a flat segment ending in censoring: midpoint with the last observed time', () => {
    const km = kaplanMeier([
      { t: 4, events: 2, censored: 0 },
      { t: 8, events: 0, censored: 1 },
      { t: 12, events: 0, censored: 1 },
    ]);
    expect(kmQuantile(km, 0.5)).toBe(8);
  });

  it('S is a product that misses 0.5 by rounding: the tolerance still sees the flat', () => {
    // The running product over 12 of 24 untied events is 0.5000000000000001 in doubles.
    const km = kaplanMeier(Array.from({ length: 24 }, (_, i) => ({ t: i + 1, events: 1, censored: 0 })));
    expect(km.curve[11]!.s).not.toBe(0.5);
    expect(kmQuantile(km, 0.5)).toBe(12.5);
  });

  it('median CI: Greenwood on the log scale, limits from the lower and upper curves', () => {
    // 10 untied events at 1..10: var log S(i) telescopes to i / (10 (10 - i)).
    const km = kaplanMeier(Array.from({ length: 10 }, (_, i) => ({ t: i + 1, events: 1, censored: 0 })));
    const band = logConfidenceBand(km);
    const z = 1.959963984540054;
    for (let i = 1; i < 10; i++) {
      const s = 1 - i / 10;
      const se = Math.sqrt(i / (10 * (10 - i)));
      expect(band[i - 1]!.lower).toBeCloseTo(s * Math.exp(-z * se), 12);
      expect(band[i - 1]!.upper).toBeCloseTo(Math.min(1, s * Math.exp(z * se)), 12);
    }
    // lower(i) = S e^{-z se}: 0.587 at i = 2, first <= 0.5 at i = 3 (0.7 e^{-z 0.2070} = 0.4666); the upper curve
    // 0.1 e^{z 0.9487} = 0.642 at i = 9 never gets to 0.5 and S(10) = 0 has no band: no upper limit.
    expect(kmQuantileInterval(km, 0.5)).toEqual([3, null]);
    expect(kmQuantile(km, 0.5)).toBe(5.5);
  });

  it('median CI on a larger sample brackets the median', () => {
    const counts = Array.from({ length: 30 }, (_, t) => ({ t, events: 10, censored: 3 }));
    const km = kaplanMeier(counts);
    const median = kmQuantile(km, 0.5)!;
    const [lo, hi] = kmQuantileInterval(km, 0.5);
    expect(lo).not.toBeNull();
    expect(hi).not.toBeNull();
    expect(lo!).toBeLessThanOrEqual(median);
    expect(hi!).toBeGreaterThanOrEqual(median);
    expect(hi! - lo!).toBeLessThan(8);
  });

  it('type 7 interpolates between order statistics', () => {
    // 1, 2, 2, 10: h = 3 * 0.5 = 1.5 → 2 + 0.5 * 0 = 2; p80: h = 2.4 → 2 + 0.4 * 8 = 5.2.
    const counts = [
      { t: 1, count: 1 },
      { t: 2, count: 2 },
      { t: 10, count: 1 },
    ];
    expect(type7Quantile(counts, 0.5)).toBe(2);
    expect(type7Quantile(counts, 0.8)).toBeCloseTo(5.2, 12);
  });

  it('conditional chances: 1 - S(w + d) / S(w), nothing beyond follow-up', () => {
    const km = kaplanMeier([
      { t: 2, events: 2, censored: 0 },
      { t: 4, events: 2, censored: 0 },
      { t: 6, events: 2, censored: 0 },
      { t: 8, events: 2, censored: 2 },
    ]);
    // S(2) = 0.8, S(4) = 0.6, S(6) = 0.4, S(8) = 0.2.
    const answer = conditional(km, 3, [1, 3, 6]);
    expect(answer.atRisk).toBe(8);
    expect(answer.within[0]!.chance).toBeCloseTo(1 - 0.6 / 0.8, 12);
    expect(answer.within[1]!.chance).toBeCloseTo(1 - 0.4 / 0.8, 12);
    expect(answer.within[2]!.chance).toBeNull();
    // Conditional curve after 3: 0.75 at +1, 0.5 at +3, 0.25 at +5 (the end). Both quartiles hit
    // a flat exactly: (1 + 3) / 2 and, at the end of the data, (5 + 5) / 2.
    expect(answer.remaining).toEqual([2, 5]);
  });

  it('refuses negative or fractional durations', () => {
    expect(() => kaplanMeier([{ t: -1, events: 1, censored: 0 }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ t: 1.5, events: 1, censored: 0 }])).toThrow(RangeError);
  });
});
