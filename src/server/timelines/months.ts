/**
 * Month values. A month is stored and computed as one integer, year * 12 + (month - 1),
 * so a duration in whole months is a subtraction. "YYYY-MM" is the only text form.
 */

export type MonthIndex = number;

export const FIRST_FILING_MONTH = monthIndex(2000, 1);
export const LAST_SUPPORTED_MONTH = monthIndex(2100, 12);

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthIndex(year: number, month: number): MonthIndex {
  return year * 12 + (month - 1);
}

export function isMonthText(text: string): boolean {
  return MONTH_PATTERN.test(text);
}

/** "2024-03" → month index; undefined for anything that is not a valid YYYY-MM. */
export function parseMonth(text: string): MonthIndex | undefined {
  const match = MONTH_PATTERN.exec(text);
  if (!match) return undefined;
  return monthIndex(Number(match[1]), Number(match[2]));
}

export function formatMonth(index: MonthIndex): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The current month in UTC. */
export function currentMonth(now: Date = new Date()): MonthIndex {
  return monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
}

const monthNames = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Mar 2024", for people. */
export function displayMonth(index: MonthIndex): string {
  const year = Math.floor(index / 12);
  return monthNames.format(new Date(Date.UTC(year, index % 12, 1)));
}
