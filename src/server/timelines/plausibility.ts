/**
 * Whether a timeline's dates and milestones make sense for its category: the checks that
 * the community trackers skip (approvals before filing, future months, impossible orders).
 * Pure: the current month is passed in. Each refusal names the field and says what is wrong.
 * Missing earlier steps and unusually long waits are not refusals: they come back as notices
 * (docs/decisions/070, 072), so sound real data is kept whole.
 */
import {
  CATEGORIES,
  CLOSING_KEYS,
  isEitherOrder,
  MILESTONE_LABELS,
  type MilestoneKey,
  predecessorOf,
  stepIndex,
} from './catalogue.ts';
import type { ParsedTimelineInput, ValidationIssue } from './input-schema.ts';
import { displayMonth, FIRST_FILING_MONTH, type MonthIndex, parseMonth } from './months.ts';

interface Placed {
  index: number;
  key: MilestoneKey;
  month: MonthIndex;
  step: number;
}

const label = (key: MilestoneKey) => `“${MILESTONE_LABELS[key]}”`;
const path = (index: number, field: 'key' | 'month') => `milestones.${index}.${field}`;

/**
 * Something about an accepted timeline worth saying: a missing earlier step (the form may
 * suggest adding it) or a wait longer than most (moderators get a look).
 */
export type PlausibilityNotice =
  | { kind: 'missing_step'; path: string; missing: MilestoneKey; message: string }
  | {
      kind: 'long_wait';
      path: string;
      from: MilestoneKey;
      to: MilestoneKey;
      months: number;
      message: string;
    };

/** Why a timeline is refused, for summaries (an import's refusals by reason). */
export const REFUSAL_CODES = [
  'invalid_field',
  'identifier',
  'before_2000',
  'future_month',
  'before_filing',
  'not_for_category',
  'duplicate_milestone',
  'two_decisions',
  'exclusive_steps',
  'after_closing',
  'out_of_order',
  'wait_too_long',
  'confirmed_before_milestone',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export const REFUSAL_LABELS: Record<RefusalCode, string> = {
  invalid_field: 'a field is missing or not in the expected form',
  identifier: 'the note holds something that looks like an identifier',
  before_2000: 'filed before January 2000',
  future_month: 'a month in the future',
  before_filing: 'a month before the filing month',
  not_for_category: 'a field or milestone that does not belong to the form',
  duplicate_milestone: 'a milestone listed twice',
  two_decisions: 'two final decisions',
  exclusive_steps: 'two steps that exclude each other',
  after_closing: 'a step after a denial or withdrawal',
  out_of_order: 'steps in an impossible order',
  wait_too_long: 'a wait beyond the refusal limit (a mistyped year?)',
  confirmed_before_milestone: 'last confirmed before the latest milestone',
};

export interface CodedIssue extends ValidationIssue {
  code: RefusalCode;
}

export interface PlausibilityAssessment {
  /** Refusals: contradictions and impossible dates. */
  issues: CodedIssue[];
  /** Accepted, but worth a word. */
  notices: PlausibilityNotice[];
}

/** Every plausibility problem of a schema-valid input; empty when it all makes sense. */
export function checkPlausibility(input: ParsedTimelineInput, latestMonth: MonthIndex): ValidationIssue[] {
  return assessPlausibility(input, latestMonth).issues.map(({ path, message }) => ({ path, message }));
}

/** Refusals and notices of a schema-valid input. */
export function assessPlausibility(
  input: ParsedTimelineInput,
  latestMonth: MonthIndex,
): PlausibilityAssessment {
  const issues: CodedIssue[] = [];
  const notices: PlausibilityNotice[] = [];
  const category = CATEGORIES[input.category];
  const filed = parseMonth(input.filed)!;

  if (filed < FIRST_FILING_MONTH) {
    issues.push({
      code: 'before_2000',
      path: 'filed',
      message: 'The filing month cannot be before January 2000.',
    });
  } else if (filed > latestMonth) {
    issues.push({
      code: 'future_month',
      path: 'filed',
      message: `The filing month (${displayMonth(filed)}) is in the future.`,
    });
  }
  if (input.subcategory !== null && !category.subcategories.includes(input.subcategory)) {
    issues.push({
      code: 'not_for_category',
      path: 'subcategory',
      message: `Only I-140 timelines have a sub-category; ${category.form} does not.`,
    });
  }
  if (!category.hasFlags) {
    if (input.premium)
      issues.push({
        code: 'not_for_category',
        path: 'premium',
        message: `Premium processing is recorded for I-140 timelines only, not ${category.form}.`,
      });
    if (input.concurrent)
      issues.push({
        code: 'not_for_category',
        path: 'concurrent',
        message: `Concurrent filing is recorded for I-140 timelines only, not ${category.form}.`,
      });
  }

  const placed = placeMilestones(input, filed, latestMonth, issues);
  const consistent = checkCombinations(input.category, placed, issues, notices);
  checkOrder(input.category, consistent, issues);
  checkGaps(input.category, consistent, filed, issues, notices);
  checkLastConfirmed(input, filed, placed, latestMonth, issues);
  return { issues, notices };
}

/** Milestones that belong to the category, once each; refuses the others. */
function placeMilestones(
  input: ParsedTimelineInput,
  filed: MonthIndex,
  latestMonth: MonthIndex,
  issues: CodedIssue[],
): Placed[] {
  const form = CATEGORIES[input.category].form;
  const seen = new Set<MilestoneKey>();
  const placed: Placed[] = [];
  input.milestones.forEach(({ key, month: text }, index) => {
    const month = parseMonth(text)!;
    if (key === 'filed') {
      issues.push({
        code: 'not_for_category',
        path: path(index, 'key'),
        message: 'The filing month has its own field; do not list “Filed” as a milestone.',
      });
      return;
    }
    const step = stepIndex(input.category, key);
    if (step < 0) {
      issues.push({
        code: 'not_for_category',
        path: path(index, 'key'),
        message: `${label(key)} is not a step of an ${form} case.`,
      });
      return;
    }
    if (seen.has(key)) {
      issues.push({
        code: 'duplicate_milestone',
        path: path(index, 'key'),
        message: `${label(key)} is listed more than once; keep one.`,
      });
      return;
    }
    seen.add(key);
    if (month > latestMonth) {
      issues.push({
        code: 'future_month',
        path: path(index, 'month'),
        message: `${label(key)} (${displayMonth(month)}) is in the future.`,
      });
    } else if (month < filed) {
      issues.push({
        code: 'before_filing',
        path: path(index, 'month'),
        message: `${label(key)} (${displayMonth(month)}) is before the filing month (${displayMonth(filed)}).`,
      });
    }
    placed.push({ index, key, month, step });
  });
  return placed;
}

/**
 * Alternatives exclude each other and nothing follows a closing decision: those are
 * contradictions. A milestone without its predecessor (or a post-approval step without the
 * approval) is missing data: a notice, not a refusal. Returns the milestones left once the
 * second of two alternatives is set aside.
 */
function checkCombinations(
  categoryKey: ParsedTimelineInput['category'],
  placed: Placed[],
  issues: CodedIssue[],
  notices: PlausibilityNotice[],
): Placed[] {
  const steps = CATEGORIES[categoryKey].steps;
  const keys = new Set(placed.map((m) => m.key));
  const closing = placed.find((m) => CLOSING_KEYS.includes(m.key));
  const firstAtStep = new Map<number, Placed>();
  const kept: Placed[] = [];
  let approvalSuggested = false;
  for (const m of placed) {
    const step = steps[m.step]!;
    const other = firstAtStep.get(m.step);
    if (other) {
      const message = step.keys.includes('approved')
        ? `${label(other.key)} and ${label(m.key)} exclude each other: a case has only one decision.`
        : `${label(other.key)} and ${label(m.key)} cannot both happen; keep the one that did.`;
      const code = step.keys.includes('approved') ? 'two_decisions' : 'exclusive_steps';
      issues.push({ code, path: path(m.index, 'key'), message });
      continue;
    }
    firstAtStep.set(m.step, m);
    kept.push(m);
    const before = predecessorOf(categoryKey, m.key);
    if (before !== undefined && !keys.has(before)) {
      notices.push({
        kind: 'missing_step',
        path: path(m.index, 'key'),
        missing: before,
        message: `${label(m.key)} usually follows ${label(before)}; add its month if you know it.`,
      });
    }
    if (step.afterApproval && !keys.has('approved')) {
      if (closing) {
        issues.push({
          code: 'after_closing',
          path: path(m.index, 'key'),
          message: `${label(m.key)} cannot follow ${label(closing.key)}: a ${closing.key === 'denied' ? 'denied' : 'withdrawn'} case ends there.`,
        });
      } else if (!approvalSuggested) {
        approvalSuggested = true;
        notices.push({
          kind: 'missing_step',
          path: path(m.index, 'key'),
          missing: 'approved',
          message: `${label(m.key)} comes after ${label('approved')}; add the approval month if you know it.`,
        });
      }
    }
  }
  return kept;
}

/**
 * Catalogue order: a later step never precedes an earlier one, except pairs that real cases
 * reach in either order (docs/decisions/071). One refusal per milestone, naming the latest
 * earlier step it precedes.
 */
function checkOrder(
  categoryKey: ParsedTimelineInput['category'],
  placed: Placed[],
  issues: CodedIssue[],
): void {
  for (const m of placed) {
    const violated = placed
      .filter((p) => p.step < m.step && p.month > m.month && !isEitherOrder(categoryKey, p.key, m.key))
      .sort((a, b) => b.month - a.month || b.step - a.step)[0];
    if (violated) {
      issues.push({
        code: 'out_of_order',
        path: path(m.index, 'month'),
        message: `${label(m.key)} (${displayMonth(m.month)}) is before ${label(violated.key)} (${displayMonth(violated.month)}), which comes earlier in a case.`,
      });
    }
  }
}

/**
 * Waits between consecutive milestones, in the order they happened: beyond the category's
 * refusal limit a mistyped year, beyond its flag limit unusual but kept (docs/decisions/072).
 * Months before filing were refused already and are left out here.
 */
function checkGaps(
  categoryKey: ParsedTimelineInput['category'],
  placed: Placed[],
  filed: MonthIndex,
  issues: CodedIssue[],
  notices: PlausibilityNotice[],
): void {
  const category = CATEGORIES[categoryKey];
  const { flagMonths, refuseMonths } = category.limits;
  const chain = placed.filter((m) => m.month >= filed).sort((a, b) => a.month - b.month || a.step - b.step);
  let previous: { key: MilestoneKey; month: MonthIndex } = { key: 'filed', month: filed };
  for (const m of chain) {
    const gap = m.month - previous.month;
    if (gap > refuseMonths) {
      issues.push({
        code: 'wait_too_long',
        path: path(m.index, 'month'),
        message: `${gap} months between ${label(previous.key)} and ${label(m.key)} is longer than the ${refuseMonths} months we accept for ${category.form}; check the years.`,
      });
    } else if (gap > flagMonths) {
      notices.push({
        kind: 'long_wait',
        path: path(m.index, 'month'),
        from: previous.key,
        to: m.key,
        months: gap,
        message: `${gap} months between ${label(previous.key)} and ${label(m.key)} is longer than most ${category.form} waits (${flagMonths} months); it is kept, and a moderator may look at it.`,
      });
    }
    previous = m;
  }
}

function checkLastConfirmed(
  input: ParsedTimelineInput,
  filed: MonthIndex,
  placed: Placed[],
  latestMonth: MonthIndex,
  issues: CodedIssue[],
): void {
  if (input.last_confirmed === undefined) return;
  const confirmed = parseMonth(input.last_confirmed)!;
  const last = placed.reduce<Placed | undefined>(
    (acc, m) => (!acc || m.month > acc.month ? m : acc),
    undefined,
  );
  if (confirmed > latestMonth) {
    issues.push({
      code: 'future_month',
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is in the future.`,
    });
  } else if (confirmed < filed) {
    issues.push({
      code: 'before_filing',
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is before the filing month (${displayMonth(filed)}).`,
    });
  } else if (last && confirmed < last.month) {
    issues.push({
      code: 'confirmed_before_milestone',
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is before the latest milestone, ${label(last.key)} (${displayMonth(last.month)}).`,
    });
  }
}
