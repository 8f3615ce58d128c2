/**
 * The HTML form's view of a timeline: flat fields (month and year picked separately,
 * milestone rows repeated) to and from the input contract, and validation issues mapped
 * back onto the form's own fields so each can show its message.
 */
import { MILESTONE_LABELS, type MilestoneKey, isMilestoneKey } from './catalogue.ts';
import type { TimelineInput, ValidationIssue } from './input-schema.ts';

export interface MilestoneRowValues {
  key: string;
  month: string;
  year: string;
}

export interface TimelineFormValues {
  category: string;
  subcategory: string;
  country: string;
  office: string;
  later_office: string;
  filed_month: string;
  filed_year: string;
  milestones: MilestoneRowValues[];
  premium: boolean;
  concurrent: boolean;
  note: string;
}

/** Messages per form field id ("" for the form as a whole). */
export type FieldErrors = Record<string, string[]>;

/** Rows a form shows at least: enough for most cases without JavaScript. */
export const MIN_FORM_ROWS = 6;
export const MAX_FORM_ROWS = 40;

export const EMPTY_FORM: TimelineFormValues = {
  category: '',
  subcategory: '',
  country: '',
  office: '',
  later_office: '',
  filed_month: '',
  filed_year: '',
  milestones: [],
  premium: false,
  concurrent: false,
  note: '',
};

const text = (data: URLSearchParams, name: string) => (data.get(name) ?? '').trim();

/** What the person sent, as they sent it, so an error page can show it back. */
export function formValuesFromBody(data: URLSearchParams): TimelineFormValues {
  const keys = data.getAll('milestone_key');
  const months = data.getAll('milestone_month');
  const years = data.getAll('milestone_year');
  const rows = Math.min(MAX_FORM_ROWS, Math.max(keys.length, months.length, years.length));
  return {
    category: text(data, 'category'),
    subcategory: text(data, 'subcategory'),
    country: text(data, 'country'),
    // service_center: the field's name before offices; a form from an old page still works.
    office: text(data, 'office') || text(data, 'service_center'),
    later_office: text(data, 'later_office'),
    filed_month: text(data, 'filed_month'),
    filed_year: text(data, 'filed_year'),
    milestones: Array.from({ length: rows }, (_, i) => ({
      key: keys[i]?.trim() ?? '',
      month: months[i]?.trim() ?? '',
      year: years[i]?.trim() ?? '',
    })),
    premium: data.has('premium'),
    concurrent: data.has('concurrent'),
    note: data.get('note') ?? '',
  };
}

const splitMonth = (month: string) => ({ year: month.slice(0, 4), month: month.slice(5, 7) });

/** A stored timeline (in the input shape) as form values, for the edit page. */
export function formValuesFromInput(input: TimelineInput): TimelineFormValues {
  const filed = splitMonth(input.filed);
  return {
    category: input.category,
    subcategory: input.subcategory ?? '',
    country: input.country,
    office: input.office ?? input.service_center ?? '',
    later_office: input.later_office ?? '',
    filed_month: filed.month,
    filed_year: filed.year,
    milestones: (input.milestones ?? []).map((m) => ({ key: m.key, ...splitMonth(m.month) })),
    premium: input.premium ?? false,
    concurrent: input.concurrent ?? false,
    note: input.note ?? '',
  };
}

export interface FormSubmission {
  /** The input contract, for validateTimelineInput. */
  raw: Record<string, unknown>;
  /** Problems only a form can have (half-filled dates and rows), by contract path. */
  issues: ValidationIssue[];
  /** For each milestone in `raw`, the form row it came from. */
  rowOf: number[];
}

function monthOf(month: string, year: string): string | undefined {
  return month && year ? `${year}-${month}` : undefined;
}

const milestoneName = (key: string) =>
  isMilestoneKey(key) ? `“${MILESTONE_LABELS[key as MilestoneKey]}”` : 'this milestone';

/** Form values as the input contract; empty rows are skipped, half-filled ones reported. */
export function formSubmission(values: TimelineFormValues): FormSubmission {
  const issues: ValidationIssue[] = [];
  const filed = monthOf(values.filed_month, values.filed_year);
  if (!filed) issues.push({ path: 'filed', message: 'Choose the month and the year you filed.' });
  const milestones: { key: string | undefined; month: string | undefined }[] = [];
  const rowOf: number[] = [];
  values.milestones.forEach((row, rowIndex) => {
    if (!row.key && !row.month && !row.year) return;
    const index = milestones.length;
    const month = monthOf(row.month, row.year);
    if (!row.key)
      issues.push({
        path: `milestones.${index}.key`,
        message: 'Choose which milestone this is, or clear the row.',
      });
    if (!month)
      issues.push({
        path: `milestones.${index}.month`,
        message: `Choose the month and the year of ${milestoneName(row.key)}.`,
      });
    milestones.push({ key: row.key || undefined, month });
    rowOf.push(rowIndex);
  });
  const raw: Record<string, unknown> = {
    category: values.category || undefined,
    subcategory: values.subcategory || null,
    country: values.country || undefined,
    office: values.office || null,
    later_office: values.later_office || null,
    filed,
    milestones,
    premium: values.premium,
    concurrent: values.concurrent,
    note: values.note.trim() === '' ? null : values.note,
  };
  return { raw, issues, rowOf };
}

/** Form-level issues first; the validator's only where the form has not said it better. */
export function mergeIssues(
  formIssues: ValidationIssue[],
  validatorIssues: ValidationIssue[],
): ValidationIssue[] {
  const covered = new Set(formIssues.map((i) => i.path));
  return [...formIssues, ...validatorIssues.filter((i) => !covered.has(i.path))];
}

const FORM_FIELDS = [
  'category',
  'subcategory',
  'country',
  'office',
  'later_office',
  'filed',
  'premium',
  'concurrent',
  'note',
  'confirm_delete',
];

/** The form field id an issue belongs to. */
export function fieldIdFor(path: string, rowOf: readonly number[]): string {
  const milestone = /^milestones\.(\d+)(?:\.(key|month))?$/.exec(path);
  if (milestone) {
    const row = rowOf[Number(milestone[1])] ?? 0;
    return milestone[2] === 'month' ? `milestone-${row}-when` : `milestone-${row}-key`;
  }
  if (path === 'milestones') return 'milestones';
  if (path === 'service_center') return 'office';
  return FORM_FIELDS.includes(path) ? path : '';
}

/** The element an error summary link should move focus to. */
export function focusTargetFor(fieldId: string): string {
  if (fieldId === 'filed') return 'filed-month';
  return fieldId.endsWith('-when') ? fieldId.replace(/-when$/, '-month') : fieldId;
}

export function fieldErrors(issues: readonly ValidationIssue[], rowOf: readonly number[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) (errors[fieldIdFor(issue.path, rowOf)] ??= []).push(issue.message);
  return errors;
}

/** Rows to render: what was sent (or stored), then blanks up to a comfortable minimum. */
export function rowsToRender(values: TimelineFormValues, extra = 0): MilestoneRowValues[] {
  // Trailing blank rows carry nothing (and no errors): count only up to the last used row.
  const used = values.milestones.findLastIndex((r) => r.key || r.month || r.year) + 1;
  const wanted = Math.min(MAX_FORM_ROWS, Math.max(MIN_FORM_ROWS, used + 1) + extra);
  const rows = values.milestones.slice(0, used);
  while (rows.length < wanted) rows.push({ key: '', month: '', year: '' });
  return rows;
}
