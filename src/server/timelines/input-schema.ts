/**
 * The shape of a timeline as people and programs send it: the JSON contract of
 * POST /api/v1/timelines, which the web form and the bulk import produce too. This file
 * checks shape and vocabulary only; whether the dates make sense is plausibility.ts.
 */
import { z } from 'zod';
import { CATEGORY_KEYS, I140_SUBCATEGORIES, MILESTONE_KEYS, SERVICE_CENTERS } from './catalogue.ts';
import { isCountryCode } from './countries.ts';
import { isMonthText } from './months.ts';

/** The longest note we keep, in characters (after normalisation). */
export const NOTE_MAX_LENGTH = 1000;
/** More milestones than any catalogue has steps: anything longer is not a timeline. */
export const MAX_MILESTONES = 40;

export interface ValidationIssue {
  /** Dotted path into the input, e.g. "milestones.2.month"; "" for the whole input. */
  path: string;
  message: string;
}

const monthText = (what: string) =>
  z.string({ error: `${what} must be a month written as YYYY-MM, e.g. 2024-03.` }).refine(isMonthText, {
    error: `${what} must be a month written as YYYY-MM, e.g. 2024-03.`,
  });

/**
 * An empty or blank string means "not given" for every optional field, in JSON bodies as in
 * spreadsheet cells: `"service_center": ""` is the same as leaving it out.
 */
const blankIsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
// Typed as the inner schema: the contract's input type stays what callers should send.
const optional = <T extends z.ZodType>(schema: T): T => z.preprocess(blankIsAbsent, schema) as unknown as T;

const flag = (what: string) =>
  optional(z.boolean({ error: `${what} must be true or false.` }).default(false));

// Zero-width and soft-hyphen characters can hide an identifier from the guard ("IOE\u200b012…").
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
// Control characters other than tab and newline have no place in a plain-text note.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A note as we store it: NFKC-normalised (so full-width digits are digits for the guard),
 * invisible characters removed, line endings unified, trimmed; empty means no note.
 */
export function normaliseNote(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();
}

const noteSchema = z
  .string({ error: 'The note must be text.' })
  .nullable()
  .default(null)
  .transform((value) => (value === null ? null : normaliseNote(value) || null))
  .superRefine((value, ctx) => {
    if (value === null) return;
    if (value.length > NOTE_MAX_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `The note is ${value.length} characters long; keep it to ${NOTE_MAX_LENGTH}.`,
      });
    }
    if (CONTROL.test(value))
      ctx.addIssue({ code: 'custom', message: 'The note contains control characters; use plain text.' });
  });

const milestoneSchema = z.strictObject(
  {
    key: z.enum(MILESTONE_KEYS, { error: 'Choose a milestone from the list.' }),
    month: monthText('The milestone month'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field: ${issue.keys.join(', ')}.`
        : 'Each milestone must be {"key": …, "month": "YYYY-MM"}.',
  },
);

export const timelineInputSchema = z.strictObject(
  {
    category: z.enum(CATEGORY_KEYS, { error: 'Choose the form your case is about.' }),
    subcategory: optional(
      z
        .enum(I140_SUBCATEGORIES, { error: 'Choose an I-140 category from the list.' })
        .nullable()
        .default(null),
    ),
    country: z
      .string({ error: 'Choose your country of birth.' })
      .transform((code) => code.trim().toUpperCase())
      .refine(isCountryCode, { error: 'Choose your country of birth from the list.' }),
    service_center: optional(
      z
        .enum(SERVICE_CENTERS, { error: 'Choose a service center from the list, or leave it empty.' })
        .nullable()
        .default(null),
    ),
    filed: monthText('The filing month'),
    milestones: z
      .array(milestoneSchema, { error: 'Milestones must be a list.' })
      .max(MAX_MILESTONES, { error: `A timeline has at most ${MAX_MILESTONES} milestones.` })
      .default([]),
    premium: flag('Premium processing'),
    concurrent: flag('Concurrent filing'),
    note: noteSchema,
    /** When the owner last confirmed the case's status; a web submission means "now". */
    last_confirmed: optional(monthText('The last-confirmed month').optional()),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field: ${issue.keys.join(', ')}.`
        : 'Send a JSON object describing the timeline.',
  },
);

export type TimelineInput = z.input<typeof timelineInputSchema>;
export type ParsedTimelineInput = z.output<typeof timelineInputSchema>;

/** Zod issues as { path, message } pairs with dotted paths. */
export function issuesFromSchema(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
