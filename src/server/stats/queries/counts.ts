/** The shape both count queries return: how many timelines ended how, at which duration, per group. */
import type { BreakdownDimension } from '../filters.ts';

/** 0 censored (still open), 1 event (reached the target), 2 closed_other (ended another way). */
export type Outcome = 0 | 1 | 2;
export const OUTCOME = { censored: 0, event: 1, closedOther: 2 } as const;

export interface CountRow {
  /** The breakdown group: a country code, a service center ('' when not given), or a quarter index. */
  group: string | number | null;
  duration: number;
  outcome: Outcome;
  n: number;
}

export interface CountOptions {
  includeDemo: boolean;
  by?: BreakdownDimension;
}

/** Quarter index of a month index: year * 4 + quarter - 1. */
export const quarterOfMonth = (month: number) => Math.floor(month / 3);

export function quarterLabel(quarter: number): string {
  return `${Math.floor(quarter / 4)}-Q${(quarter % 4) + 1}`;
}
