// The estimator against figures R's survival package computed for the same data
// (tests/fixtures/km-r-cases.R writes tests/fixtures/km-r-cases.json; docs/decisions/073).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  completedOnly,
  conditional,
  type DurationCount,
  kaplanMeier,
  kmQuantile,
  kmQuantileInterval,
  logConfidenceBand,
  survivalAt,
  type7Quantile,
} from '../../../src/server/stats/kaplan-meier.ts';

type Figure = number | null;
type ByProb = Record<string, Figure>;

interface RCase {
  note: string;
  time: number[];
  event: number[];
  n: number;
  n_approved: number;
  n_pending: number;
  max_followup: number;
  km_curve: {
    t: number;
    n_risk: number;
    n_event: number;
    n_censor: number;
    surv: number;
    lower: Figure;
    upper: Figure;
  }[];
  quantiles: { quantile: ByProb; lower: ByProb; upper: ByProb };
  surv_at: Record<string, { surv: Figure; n_risk: number; within_followup: boolean }>;
  conditional: {
    waited: number;
    at_risk: number;
    within?: Record<string, Figure>;
    remaining?: [Figure, Figure];
  }[];
  completed: { n: number; mean: Figure; type7: ByProb | null };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/km-r-cases.json', import.meta.url), 'utf8'),
) as {
  meta: { survival_version: string };
  type7: { values: number[]; p50: number; p80: number; p90: number }[];
  cases: Record<string, RCase>;
};
const PROBS = { p25: 0.25, p50: 0.5, p75: 0.75, p80: 0.8, p90: 0.9 } as const;

const countsOf = (c: RCase): DurationCount[] =>
  c.time.map((t, i) => ({ t, events: c.event[i] === 1 ? 1 : 0, censored: c.event[i] === 1 ? 0 : 1 }));

/** R's NA and our null or NaN are the same answer: no figure. */
function same(actual: number | null, expected: Figure, what: string) {
  if (expected === null) expect(actual === null || Number.isNaN(actual), `${what}: ${actual}`).toBe(true);
  else expect(actual, what).toBeCloseTo(expected, 9);
}

describe.each(Object.entries(fixture.cases))(
  `R survival ${fixture.meta.survival_version}: %s`,
  (_name, c) => {
    const km = kaplanMeier(countsOf(c));

    it('builds the same curve and the same log-scale band', () => {
      expect([km.n, km.events, km.censored, km.maxTime]).toEqual([
        c.n,
        c.n_approved,
        c.n_pending,
        c.max_followup,
      ]);
      expect(km.curve.map((p) => [p.t, p.atRisk, p.events, p.censored])).toEqual(
        c.km_curve.map((p) => [p.t, p.n_risk, p.n_event, p.n_censor]),
      );
      const band = logConfidenceBand(km);
      c.km_curve.forEach((p, i) => {
        same(km.curve[i]!.s, p.surv, `S(${p.t})`);
        same(band[i]!.lower, p.lower, `lower(${p.t})`);
        same(band[i]!.upper, p.upper, `upper(${p.t})`);
      });
    });

    it.each(Object.entries(PROBS))('gives R’s %s and its confidence interval', (name, p) => {
      same(kmQuantile(km, p), c.quantiles.quantile[name]!, name);
      const [lower, upper] = kmQuantileInterval(km, p);
      same(lower, c.quantiles.lower[name]!, `${name} lower`);
      same(upper, c.quantiles.upper[name]!, `${name} upper`);
    });

    it('gives S(t) within follow-up and nothing beyond it', () => {
      for (const [t, at] of Object.entries(c.surv_at)) {
        if (at.within_followup) same(survivalAt(km, Number(t)), at.surv, `S(${t})`);
        else expect(survivalAt(km, Number(t))).toBeNull();
      }
    });

    it('gives the conditional outlook R gives with start.time', () => {
      for (const w of c.conditional) {
        const outlook = conditional(km, w.waited, [1, 3, 6, 12]);
        expect(outlook.atRisk).toBe(w.at_risk);
        if (!w.within || !w.remaining) continue;
        for (const { months, chance } of outlook.within)
          same(chance, w.within[String(months)]!, `within ${months}`);
        same(outlook.remaining[0], w.remaining[0], 'remaining p25');
        same(outlook.remaining[1], w.remaining[1], 'remaining p75');
      }
    });

    it('gives the completed-only figures R’s quantile(type = 7) gives', () => {
      const done = completedOnly(countsOf(c));
      expect(done.n).toBe(c.completed.n);
      same(done.mean, c.completed.mean, 'mean');
      same(done.median, c.completed.type7?.p50 ?? null, 'median');
      same(done.p80, c.completed.type7?.p80 ?? null, 'p80');
      const sortedEvents = c.time
        .filter((_, i) => c.event[i] === 1)
        .sort((a, b) => a - b)
        .map((t) => ({ t, count: 1 }));
      same(type7Quantile(sortedEvents, 0.9), c.completed.type7?.p90 ?? null, 'p90');
      // R's arithmetic, step by step: equal to the last bit, not just close.
      for (const [name, p] of [
        ['p50', 0.5],
        ['p80', 0.8],
        ['p90', 0.9],
      ] as const) {
        expect(type7Quantile(sortedEvents, p)).toBe(c.completed.type7?.[name] ?? null);
      }
    });
  },
);

describe('completed-only quantiles at every sample size from 1 to 60 (R quantile, type 7)', () => {
  it.each(fixture.type7.map((c) => [c.values.length, c] as const))('n = %i', (_n, c) => {
    const counts = c.values.map((t) => ({ t, count: 1 }));
    for (const [name, p] of [
      ['p50', 0.5],
      ['p80', 0.8],
      ['p90', 0.9],
    ] as const) {
      expect(type7Quantile(counts, p), name).toBe(c[name]);
    }
  });
});
