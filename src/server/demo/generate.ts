/**
 * Deterministic synthetic timelines for demos, tests and benchmarks. Every timeline it
 * makes follows its category's milestone order, has no future month, and is marked demo
 * unless a caller says otherwise.
 */
import { CATEGORIES, type MilestoneKey, type MilestoneStep } from '../timelines/catalogue.ts';
import { monthIndex, type MonthIndex } from '../timelines/months.ts';
import type { Milestone, NewTimeline } from '../timelines/types.ts';
import type { Random } from './random.ts';
import {
  CATEGORY_WEIGHTS,
  COUNTRY_FACTOR,
  COUNTRY_WEIGHTS,
  I140_SUBCATEGORY_WEIGHTS,
  MEDIAN_DECISION_MONTHS,
  NOTES,
  SERVICE_CENTER_FACTOR,
  SERVICE_CENTER_WEIGHTS,
} from './distributions.ts';

/** How likely a case passes through an optional pre-decision milestone. */
const PRE_DECISION_CHANCE: Partial<Record<MilestoneKey, number>> = {
  receipt: 0.95,
  premium_upgrade: 0,
  biometrics: 0.85,
  rfe_issued: 0.2,
  rfe_responded: 0.9,
  transferred: 0.08,
  ead_ap_approved: 0.8,
  interview_scheduled: 0.55,
  continued: 0.08,
};
const POST_APPROVAL_CHANCE = 0.8;
const HORIZON_MONTHS = 72;

function chooseAlternative(rng: Random, step: MilestoneStep, category: string): MilestoneKey | undefined {
  if (step.keys.length === 1) {
    const key = step.keys[0]!;
    return rng.chance(PRE_DECISION_CHANCE[key] ?? 0.9) ? key : undefined;
  }
  // interview | interview_waived
  if (category === 'n400') return 'interview';
  if (category === 'i751') return rng.chance(0.3) ? 'interview' : undefined;
  return rng.chance(0.6) ? 'interview' : 'interview_waived';
}

export interface GenerateOptions {
  asOf: MonthIndex;
  provenance?: NewTimeline['provenance'];
}

export function generateTimeline(rng: Random, { asOf, provenance = 'demo' }: GenerateOptions): NewTimeline {
  const category = rng.pick(CATEGORY_WEIGHTS);
  const catalogue = CATEGORIES[category];
  const country = rng.pick(COUNTRY_WEIGHTS);
  const serviceCenter = rng.pick(SERVICE_CENTER_WEIGHTS[category]);
  const isI140 = category === 'i140';
  const subcategory = isI140 ? rng.pick(I140_SUBCATEGORY_WEIGHTS) : null;
  const premium = isI140 && rng.chance(0.35);
  const concurrent = isI140 && rng.chance(0.3);
  const filed = asOf - Math.floor(HORIZON_MONTHS * rng.next() ** 1.4);

  // Later cohorts wait longer: backlogs grew.
  const cohortYears = (filed - monthIndex(2021, 1)) / 12;
  const median = premium
    ? 1
    : MEDIAN_DECISION_MONTHS[category] *
      (COUNTRY_FACTOR[country] ?? 1) *
      (serviceCenter ? (SERVICE_CENTER_FACTOR[serviceCenter] ?? 1) : 1) *
      Math.max(0.7, 1 + 0.06 * cohortYears);
  const decisionAfter = Math.min(
    catalogue.limits.flagMonths - 1,
    Math.max(0, Math.round(rng.logNormal(median, 0.45))),
  );
  const decisionMonth = filed + decisionAfter;
  const decision = rng.pick<MilestoneKey>([
    ['approved', 94.5],
    ['denied', 4],
    ['withdrawn', 1.5],
  ]);
  const decided = decisionMonth <= asOf;

  const decisionStep = catalogue.steps.findIndex((s) => s.keys.includes('approved'));
  const preSteps = catalogue.steps.slice(1, decisionStep);
  const chosen: MilestoneKey[] = [];
  for (const step of preSteps) {
    // Only an RFE answer needs its notice here. Other steps keep their own chances, so a demo
    // interview may lack its scheduling month, as real timelines do (docs/decisions/070).
    if (step.keys[0] === 'rfe_responded' && !chosen.includes('rfe_issued')) continue;
    const key = step.keys.includes('premium_upgrade') ? undefined : chooseAlternative(rng, step, category);
    if (key) chosen.push(key);
  }
  const span = decisionMonth - filed;
  const offsets = chosen.map(() => rng.next()).sort((a, b) => a - b);
  const milestones: Milestone[] = [];
  let previous = filed;
  chosen.forEach((key, i) => {
    const month =
      key === 'receipt'
        ? filed + (span > 0 && rng.chance(0.4) ? 1 : 0)
        : filed + Math.round(offsets[i]! * span);
    previous = Math.min(decisionMonth, Math.max(previous, month));
    milestones.push({ key, month: previous });
  });

  let lastConfirmed: MonthIndex;
  if (decided) {
    milestones.push({ key: decision, month: decisionMonth });
    let month = decisionMonth;
    if (decision === 'approved') {
      for (const step of catalogue.steps.slice(decisionStep + 1)) {
        month += rng.int(0, 3);
        if (month > asOf || !rng.chance(POST_APPROVAL_CHANCE)) break;
        milestones.push({ key: step.keys[0]!, month });
      }
    }
    lastConfirmed = Math.max(...milestones.map((m) => m.month));
  } else {
    // Most owners keep confirming; some abandon their entry, which then stays censored early.
    lastConfirmed = rng.chance(0.7) ? Math.max(filed, asOf - rng.int(0, 1)) : rng.int(filed, asOf);
  }

  return {
    category,
    subcategory,
    country,
    serviceCenter,
    premium,
    concurrent,
    filedMonth: filed,
    lastConfirmedMonth: lastConfirmed,
    note: rng.chance(0.15) ? rng.pick(NOTES.map((n) => [n, 1] as const)) : null,
    provenance,
    ownerId: null,
    editTokenHash: null,
    milestones: milestones.filter((m) => m.month <= lastConfirmed),
  };
}
