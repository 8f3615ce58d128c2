import { describe, expect, it } from 'vitest';
import {
  currentMonth,
  displayMonth,
  formatMonth,
  isMonthText,
  monthIndex,
  parseMonth,
} from '../../../src/server/timelines/months.ts';

describe('month values', () => {
  it('a duration is a subtraction of month indexes', () => {
    expect(parseMonth('2025-02')! - parseMonth('2024-03')!).toBe(11);
    expect(parseMonth('2024-03')! - parseMonth('2024-03')!).toBe(0);
  });

  it.each([
    ['2024-01', monthIndex(2024, 1)],
    ['2000-12', monthIndex(2000, 12)],
    ['2099-06', monthIndex(2099, 6)],
  ])('parses %s and formats it back', (text, index) => {
    expect(parseMonth(text)).toBe(index);
    expect(formatMonth(index)).toBe(text);
  });

  it.each(['2024-13', '2024-00', '2024-1', '24-01', '2024-01-05', ' 2024-01', '2024/01', ''])(
    'refuses %j',
    (text) => {
      expect(parseMonth(text)).toBeUndefined();
      expect(isMonthText(text)).toBe(false);
    },
  );

  it('takes the current month in UTC', () => {
    expect(currentMonth(new Date('2026-11-30T23:30:00-05:00'))).toBe(monthIndex(2026, 12));
    expect(currentMonth(new Date('2026-01-01T00:00:00Z'))).toBe(monthIndex(2026, 1));
  });

  it('displays months for people', () => {
    expect(displayMonth(monthIndex(2024, 3))).toBe('Mar 2024');
  });
});
