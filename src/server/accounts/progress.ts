/** How long a case has been waiting, and whether its owner should confirm it is still pending. */
import { DECISION_KEYS, type DecisionKey } from '../timelines/catalogue.ts';
import { currentMonth, type MonthIndex } from '../timelines/months.ts';
import type { Timeline } from '../timelines/types.ts';

/** After this many months without a confirmation, /me asks the owner to confirm. */
export const CONFIRMATION_NUDGE_MONTHS = 3;

export interface CaseProgress {
  /** Months from filing to the decision, or to this month while pending. */
  waitedMonths: number;
  decision: { key: DecisionKey; month: MonthIndex } | null;
  /** Pending and last confirmed more than CONFIRMATION_NUDGE_MONTHS months ago. */
  needsConfirmation: boolean;
}

export function caseProgress(
  t: Pick<Timeline, 'filedMonth' | 'lastConfirmedMonth' | 'milestones'>,
  now: Date = new Date(),
): CaseProgress {
  const thisMonth = currentMonth(now);
  const decided = t.milestones.find((m) => (DECISION_KEYS as readonly string[]).includes(m.key));
  const decision = decided ? { key: decided.key as DecisionKey, month: decided.month } : null;
  return {
    waitedMonths: Math.max(0, (decision?.month ?? thisMonth) - t.filedMonth),
    decision,
    needsConfirmation: decision === null && thisMonth - t.lastConfirmedMonth > CONFIRMATION_NUDGE_MONTHS,
  };
}
