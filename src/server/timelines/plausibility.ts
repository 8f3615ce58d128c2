/**
 * Whether a timeline's dates and milestones make sense for its category: the checks that
 * the community trackers skip (approvals before filing, future months, impossible orders).
 * Pure: the current month is passed in. Each refusal names the field and says what is wrong.
 */
import { CATEGORIES, CLOSING_KEYS, MILESTONE_LABELS, type MilestoneKey, stepIndex } from './catalogue.ts';
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

/** Every plausibility problem of a schema-valid input; empty when it all makes sense. */
export function checkPlausibility(input: ParsedTimelineInput, latestMonth: MonthIndex): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const category = CATEGORIES[input.category];
  const filed = parseMonth(input.filed)!;

  if (filed < FIRST_FILING_MONTH) {
    issues.push({ path: 'filed', message: 'The filing month cannot be before January 2000.' });
  } else if (filed > latestMonth) {
    issues.push({ path: 'filed', message: `The filing month (${displayMonth(filed)}) is in the future.` });
  }
  if (input.subcategory !== null && !category.subcategories.includes(input.subcategory)) {
    issues.push({
      path: 'subcategory',
      message: `Only I-140 timelines have a sub-category; ${category.form} does not.`,
    });
  }
  if (!category.hasFlags) {
    if (input.premium)
      issues.push({
        path: 'premium',
        message: `Premium processing is recorded for I-140 timelines only, not ${category.form}.`,
      });
    if (input.concurrent)
      issues.push({
        path: 'concurrent',
        message: `Concurrent filing is recorded for I-140 timelines only, not ${category.form}.`,
      });
  }

  const placed = placeMilestones(input, filed, latestMonth, issues);
  const consistent = checkCombinations(input.category, placed, issues);
  checkOrderAndGaps(input.category, consistent, filed, issues);
  checkLastConfirmed(input, filed, placed, latestMonth, issues);
  return issues;
}

/** Milestones that belong to the category, once each; refuses the others. */
function placeMilestones(
  input: ParsedTimelineInput,
  filed: MonthIndex,
  latestMonth: MonthIndex,
  issues: ValidationIssue[],
): Placed[] {
  const form = CATEGORIES[input.category].form;
  const seen = new Set<MilestoneKey>();
  const placed: Placed[] = [];
  input.milestones.forEach(({ key, month: text }, index) => {
    const month = parseMonth(text)!;
    if (key === 'filed') {
      issues.push({
        path: path(index, 'key'),
        message: 'The filing month has its own field; do not list “Filed” as a milestone.',
      });
      return;
    }
    const step = stepIndex(input.category, key);
    if (step < 0) {
      issues.push({ path: path(index, 'key'), message: `${label(key)} is not a step of an ${form} case.` });
      return;
    }
    if (seen.has(key)) {
      issues.push({ path: path(index, 'key'), message: `${label(key)} is listed more than once; keep one.` });
      return;
    }
    seen.add(key);
    if (month > latestMonth) {
      issues.push({
        path: path(index, 'month'),
        message: `${label(key)} (${displayMonth(month)}) is in the future.`,
      });
    } else if (month < filed) {
      issues.push({
        path: path(index, 'month'),
        message: `${label(key)} (${displayMonth(month)}) is before the filing month (${displayMonth(filed)}).`,
      });
    }
    placed.push({ index, key, month, step });
  });
  return placed;
}

/**
 * Alternatives exclude each other, requirements are met, post-approval steps follow an
 * approval. Returns the milestones left once the second of two alternatives is set aside.
 */
function checkCombinations(
  categoryKey: ParsedTimelineInput['category'],
  placed: Placed[],
  issues: ValidationIssue[],
): Placed[] {
  const steps = CATEGORIES[categoryKey].steps;
  const keys = new Set(placed.map((m) => m.key));
  const closing = placed.find((m) => CLOSING_KEYS.includes(m.key));
  const firstAtStep = new Map<number, Placed>();
  const kept: Placed[] = [];
  for (const m of placed) {
    const step = steps[m.step]!;
    const other = firstAtStep.get(m.step);
    if (other) {
      const message = step.keys.includes('approved')
        ? `${label(other.key)} and ${label(m.key)} exclude each other: a case has only one decision.`
        : `${label(other.key)} and ${label(m.key)} cannot both happen; keep the one that did.`;
      issues.push({ path: path(m.index, 'key'), message });
      continue;
    }
    firstAtStep.set(m.step, m);
    kept.push(m);
    if (step.requires && !keys.has(step.requires)) {
      issues.push({
        path: path(m.index, 'key'),
        message: `${label(m.key)} needs ${label(step.requires)} first; add that milestone too.`,
      });
    }
    if (step.afterApproval && !keys.has('approved')) {
      const message = closing
        ? `${label(m.key)} cannot follow ${label(closing.key)}: a ${closing.key === 'denied' ? 'denied' : 'withdrawn'} case ends there.`
        : `${label(m.key)} comes only after ${label('approved')}; add the approval first.`;
      issues.push({ path: path(m.index, 'key'), message });
    }
  }
  return kept;
}

/** Catalogue order (a later step never precedes an earlier one) and no implausibly long gaps. */
function checkOrderAndGaps(
  categoryKey: ParsedTimelineInput['category'],
  placed: Placed[],
  filed: MonthIndex,
  issues: ValidationIssue[],
): void {
  const category = CATEGORIES[categoryKey];
  const chain = [...placed].sort((a, b) => a.step - b.step || a.index - b.index);
  let latest: { key: MilestoneKey; month: MonthIndex } = { key: 'filed', month: filed };
  for (const m of chain) {
    if (m.month < latest.month) {
      // Months before filing were refused already; only order among milestones is left.
      if (latest.key !== 'filed') {
        issues.push({
          path: path(m.index, 'month'),
          message: `${label(m.key)} (${displayMonth(m.month)}) is before ${label(latest.key)} (${displayMonth(latest.month)}), which comes earlier in a case.`,
        });
      }
      continue;
    }
    if (m.month - latest.month > category.maxGapMonths) {
      issues.push({
        path: path(m.index, 'month'),
        message: `${m.month - latest.month} months between ${label(latest.key)} and ${label(m.key)} is longer than the ${category.maxGapMonths} months we accept for ${category.form}; check the years.`,
      });
    }
    latest = m;
  }
}

function checkLastConfirmed(
  input: ParsedTimelineInput,
  filed: MonthIndex,
  placed: Placed[],
  latestMonth: MonthIndex,
  issues: ValidationIssue[],
): void {
  if (input.last_confirmed === undefined) return;
  const confirmed = parseMonth(input.last_confirmed)!;
  const last = placed.reduce<Placed | undefined>(
    (acc, m) => (!acc || m.month > acc.month ? m : acc),
    undefined,
  );
  if (confirmed > latestMonth) {
    issues.push({
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is in the future.`,
    });
  } else if (confirmed < filed) {
    issues.push({
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is before the filing month (${displayMonth(filed)}).`,
    });
  } else if (last && confirmed < last.month) {
    issues.push({
      path: 'last_confirmed',
      message: `The last-confirmed month (${displayMonth(confirmed)}) is before the latest milestone, ${label(last.key)} (${displayMonth(last.month)}).`,
    });
  }
}
