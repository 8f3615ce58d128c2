import { describe, expect, it } from 'vitest';
import {
  type CutoffPoint,
  areaOf,
  bulletinAnswer,
  cutoffSeries,
  estimate,
} from '../../../src/server/visa-bulletin/bulletin.ts';
import { bulletinQuerySchema } from '../../../src/server/visa-bulletin/query.ts';

const m = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
/** A made-up history: one point a month from `start`, the cut-off moving `pace` months a month. */
function history(start: string, months: number, firstCutoff: string, pace: number): CutoffPoint[] {
  return Array.from({ length: months }, (_, i) => {
    const b = m(start) + i;
    const c = m(firstCutoff) + Math.round(i * pace);
    const text = (x: number) => `${Math.floor(x / 12)}-${String((x % 12) + 1).padStart(2, '0')}`;
    return { bulletin: text(b), cutoff: `${text(c)}-01`, month: c };
  });
}

describe('Visa Bulletin', () => {
  it('maps a country of chargeability to its bulletin column', () => {
    expect(areaOf('IN')).toBe('IN');
    expect(areaOf('GT')).toBe('SV');
    expect(areaOf('DE')).toBe('ALL');
  });

  it('answers the real tables: F4 Philippines in the July 2026 bulletin', () => {
    const answer = bulletinAnswer('F4', 'PH', '2010-01');
    expect(answer.latestBulletin).toBe('2026-07');
    const finalAction = answer.charts.find((c) => c.chart === 'final_action')!;
    expect(finalAction.cutoff).toBe('2007-08-01');
    expect(finalAction.standing).toBe('not_current');
    expect(finalAction.history).toHaveLength(37);
    expect(answer.estimate?.status).toBe('range');
    // An older date is current.
    expect(bulletinAnswer('F4', 'PH', '2005-01').charts[0]!.standing).toBe('current');
  });

  it('falls back to "all chargeability areas" in a month that does not list the country', () => {
    const vietnam = cutoffSeries('final_action', 'EB3', 'VN');
    const all = cutoffSeries('final_action', 'EB3', 'ALL');
    expect(vietnam.map((p) => p.bulletin)).toEqual(all.map((p) => p.bulletin));
  });

  it.each([
    // [case, history, priority, expected status, earliest, latest]
    ['steady pace', history('2021-01', 61, '2010-01', 0.5), '2016-01', 'range', '2033-03', '2033-03'],
    ['already current', history('2021-01', 61, '2010-01', 0.5), '2011-01', 'current', null, null],
    ['no movement', history('2021-01', 61, '2010-01', 0), '2016-01', 'no_estimate', null, null],
    ['too far', history('2021-01', 61, '2010-01', 0.05), '2030-01', 'range', expect.any(String), null],
  ] as const)('estimate: %s', (_name, points, priority, status, earliest, latest) => {
    const result = estimate([...points], m(priority));
    expect(result).toMatchObject({ status, earliest, latest });
  });

  it('parses the query and refuses what it does not know', () => {
    expect(bulletinQuerySchema.parse({ category: 'EB2', country: 'in', priority_date: '2013-06' })).toEqual({
      category: 'EB2',
      country: 'IN',
      priority_date: '2013-06',
    });
    expect(bulletinQuerySchema.safeParse({ category: 'EB9' }).success).toBe(false);
    expect(bulletinQuerySchema.safeParse({ category: 'EB2', priority_date: '2013-6' }).success).toBe(false);
  });
});
