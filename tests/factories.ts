/** Valid timelines for tests: state only what matters to the test. */
import { generateTimeline } from '../src/server/demo/generate.ts';
import { seededRandom } from '../src/server/demo/random.ts';
import type { StatsFilter } from '../src/server/stats/filters.ts';
import { monthIndex } from '../src/server/timelines/months.ts';
import type { NewTimeline } from '../src/server/timelines/types.ts';

/** An I-485 from India, filed Jan 2024, biometrics Feb 2024, still pending as of Jun 2024. */
export function buildTimeline(overrides: Partial<NewTimeline> = {}): NewTimeline {
  return {
    category: 'i485',
    subcategory: null,
    country: 'IN',
    serviceCenter: 'NBC',
    premium: false,
    concurrent: false,
    filedMonth: monthIndex(2024, 1),
    lastConfirmedMonth: monthIndex(2024, 6),
    note: null,
    provenance: 'web',
    ownerId: null,
    editTokenHash: null,
    milestones: [{ key: 'biometrics', month: monthIndex(2024, 2) }],
    ...overrides,
  };
}

/** n realistic synthetic timelines, the same for the same seed (what the seed command writes). */
export function buildDemoTimelines(n: number, seed = 1, asOf = monthIndex(2026, 11)): NewTimeline[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => generateTimeline(rng, { asOf }));
}

/** The documented example body of POST /api/v1/timelines (an I-485 filed Mar 2024), as a client sends it. */
export function buildTimelineBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'i485',
    subcategory: null,
    country: 'IN',
    service_center: 'NBC',
    filed: '2024-03',
    milestones: [{ key: 'biometrics', month: '2024-04' }],
    premium: false,
    concurrent: false,
    note: 'optional text',
    ...overrides,
  };
}

/** A statistics filter: filed → approved for I-485 with every other filter unset (the parser's defaults). */
export function buildStatsFilter(overrides: Partial<StatsFilter> = {}): StatsFilter {
  return {
    category: 'i485',
    subcategory: null,
    country: null,
    serviceCenter: null,
    filedFrom: null,
    filedTo: null,
    from: 'filed',
    to: 'approved',
    premium: null,
    concurrent: null,
    ...overrides,
  };
}
