import { describe, expect, it } from 'vitest';
import { headline } from '../../../src/server/stats/headline.ts';
import { groupFigures } from '../../../src/server/stats/summary.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import type { CountRow } from '../../../src/server/stats/queries/counts.ts';
import { buildStatsFilter } from '../../factories.ts';

const filter = buildStatsFilter({
  country: 'IN',
  filedFrom: monthIndex(2023, 1),
  filedTo: monthIndex(2024, 12),
});
const rows = (events: number[], censored: number[]): CountRow[] => [
  ...events.map((duration) => ({ group: null, duration, outcome: 1 as const, n: 1 })),
  ...censored.map((duration) => ({ group: null, duration, outcome: 0 as const, n: 1 })),
];

describe('headline', () => {
  it('says who, how long, how sure and based on what', () => {
    const events = Array.from({ length: 40 }, (_, i) => 8 + (i % 20));
    const figures = groupFigures(rows(events, [5, 25, 30, 30, 30]), 5);
    expect(figures.km.median_ci.every((v) => v !== null)).toBe(true);
    expect(headline(filter, figures, 5)).toBe(
      `Half of I-485 cases from India filed Jan 2023 – Dec 2024 were approved within ${figures.km.median} months` +
        ` (95% CI ${figures.km.median_ci[0]}–${figures.km.median_ci[1]}); 80% within ${figures.km.p80} months. Based on 45 timelines, 5 still pending.`,
    );
  });

  it('says so when the median is not reached yet', () => {
    expect(headline(filter, groupFigures(rows([10, 12], [20, 20, 20, 20, 20]), 5), 5)).toMatch(
      /^Fewer than half of I-485 cases from India .* have been approved so far.*Based on 7 timelines\.$/,
    );
  });

  it('leaves out the pending count when a part of the split is under K', () => {
    const figures = groupFigures(rows([8, 9, 10, 11, 12, 13], [20]), 5);
    expect(figures.censored).toBeNull();
    expect(headline(filter, figures, 5)).toMatch(/Based on 7 timelines\.$/);
  });

  it('says "not enough timelines yet" and no figure for a small group', () => {
    const text = headline(filter, groupFigures(rows([10, 12], [3]), 5), 5);
    expect(text).toMatch(/^Not enough timelines yet/);
    expect(
      text.replace('I-485', '').replace('2023', '').replace('2024', '').replace('5 timelines', ''),
    ).not.toMatch(/\d/);
  });
});
