/** Valid timelines for tests: state only what matters to the test. */
import { generateTimeline } from '../src/server/demo/generate.ts';
import { seededRandom } from '../src/server/demo/random.ts';
import { monthIndex } from '../src/server/timelines/months.ts';
import type { NewTimeline } from '../src/server/timelines/types.ts';

/** An I-485 from India, filed Jan 2024, biometrics Feb 2024, still pending as of Jun 2024. */
export function buildTimeline(overrides: Partial<NewTimeline> = {}): NewTimeline {
  return {
    category: 'i485',
    subcategory: null,
    country: 'IN',
    office: 'NBC',
    laterOffice: null,
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
