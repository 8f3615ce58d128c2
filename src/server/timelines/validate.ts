/**
 * The one gate every timeline passes, whether it comes from the web form, the JSON API, an
 * edit or the bulk import: shape (input-schema.ts), the identifier guard on free text, and
 * plausibility. Returns every problem at once so a person can fix them in one go.
 */
import { describeFinding, findIdentifiers } from '../privacy/identifier-guard.ts';
import { stepIndex } from './catalogue.ts';
import {
  issuesFromSchema,
  normaliseNote,
  type ParsedTimelineInput,
  type TimelineInput,
  timelineInputSchema,
  type ValidationIssue,
} from './input-schema.ts';
import { currentMonth, formatMonth, type MonthIndex, parseMonth } from './months.ts';
import { assessPlausibility, type PlausibilityNotice, type RefusalCode } from './plausibility.ts';
import type { TimelineFields } from './types.ts';

export type { TimelineFields };

export type TimelineValidation =
  | {
      ok: true;
      value: TimelineFields;
      /** Accepted, but worth a word: missing earlier steps, unusually long waits. */
      notices: PlausibilityNotice[];
    }
  | {
      ok: false;
      issues: ValidationIssue[];
      /** The distinct reasons behind the issues, for summaries. */
      reasons: RefusalCode[];
    };

export interface ValidateOptions {
  /** The moment of submission; decides which months are in the future. */
  now?: Date;
}

// A month is "in the future" only once it has begun nowhere on Earth (UTC+14 is the earliest).
const EARLIEST_TIME_ZONE_MS = 14 * 3600_000;

/** The latest month anyone could truthfully report at this moment. */
export function latestReportableMonth(now: Date): MonthIndex {
  return currentMonth(new Date(now.getTime() + EARLIEST_TIME_ZONE_MS));
}

/** Free-text fields of the input and the name people know them by. */
const FREE_TEXT_FIELDS = [{ path: 'note', name: 'The note' }] as const;

function guardFreeText(raw: unknown): ValidationIssue[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const issues: ValidationIssue[] = [];
  for (const { path, name } of FREE_TEXT_FIELDS) {
    const value = (raw as Record<string, unknown>)[path];
    if (typeof value !== 'string') continue;
    const text = normaliseNote(value);
    for (const finding of findIdentifiers(text))
      issues.push({ path, message: describeFinding(text, finding, name) });
  }
  return issues;
}

function toFields(input: ParsedTimelineInput, now: Date): TimelineFields {
  return {
    category: input.category,
    subcategory: input.subcategory,
    country: input.country,
    serviceCenter: input.service_center,
    premium: input.premium,
    concurrent: input.concurrent,
    filedMonth: parseMonth(input.filed)!,
    lastConfirmedMonth:
      input.last_confirmed === undefined ? currentMonth(now) : parseMonth(input.last_confirmed)!,
    note: input.note,
    milestones: input.milestones.map((m) => ({ key: m.key, month: parseMonth(m.month)! })),
  };
}

/**
 * Validates raw input (parsed JSON, a converted form, an import row). Without
 * `last_confirmed`, the case counts as confirmed in the current month.
 */
export function validateTimelineInput(
  raw: unknown,
  { now = new Date() }: ValidateOptions = {},
): TimelineValidation {
  const parsed = timelineInputSchema.safeParse(raw);
  // The guard runs even when other fields are wrong, so every problem is reported at once.
  const issues = guardFreeText(raw);
  const reasons = new Set<RefusalCode>(issues.length > 0 ? ['identifier'] : []);
  if (!parsed.success) {
    return {
      ok: false,
      issues: [...issuesFromSchema(parsed.error), ...issues],
      reasons: ['invalid_field', ...reasons],
    };
  }
  const assessment = assessPlausibility(parsed.data, latestReportableMonth(now));
  for (const { path, message, code } of assessment.issues) {
    issues.push({ path, message });
    reasons.add(code);
  }
  if (issues.length > 0) return { ok: false, issues, reasons: [...reasons] };
  const value = toFields(parsed.data, now);
  // A confirmation in the month of submission must not be refused as earlier than the filing.
  value.lastConfirmedMonth = Math.max(
    value.lastConfirmedMonth,
    value.filedMonth,
    ...value.milestones.map((m) => m.month),
  );
  return { ok: true, value, notices: assessment.notices };
}

/** The input shape of a stored timeline: what GET answers and what edits start from. */
export function fieldsToInput(t: TimelineFields): TimelineInput & { last_confirmed: string } {
  return {
    category: t.category,
    subcategory: t.subcategory,
    country: t.country,
    service_center: t.serviceCenter,
    filed: formatMonth(t.filedMonth),
    milestones: [...t.milestones]
      .sort((a, b) => a.month - b.month || stepIndex(t.category, a.key) - stepIndex(t.category, b.key))
      .map((m) => ({ key: m.key, month: formatMonth(m.month) })),
    premium: t.premium,
    concurrent: t.concurrent,
    note: t.note,
    last_confirmed: formatMonth(t.lastConfirmedMonth),
  };
}
