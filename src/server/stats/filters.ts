/**
 * The one filter schema of the statistics: the public API and the Explore page both parse
 * their query string with it, so a URL means the same group everywhere.
 */
import { z } from 'zod';
import {
  CATEGORIES,
  CATEGORY_KEYS,
  I140_SUBCATEGORIES,
  MILESTONE_KEYS,
  SERVICE_CENTERS,
  type CategoryKey,
  type MilestoneKey,
  type Subcategory,
  stepIndex,
} from '../timelines/catalogue.ts';
import { resolveOfficeCode } from '../offices/catalogue.ts';
import { isCountryCode } from '../timelines/countries.ts';
import { type MonthIndex, formatMonth, parseMonth } from '../timelines/months.ts';

export interface StatsFilter {
  category: CategoryKey;
  subcategory: Subcategory | null;
  country: string | null;
  /** An office code; for a pair, the office the case was at for its target step. */
  office: string | null;
  filedFrom: MonthIndex | null;
  filedTo: MonthIndex | null;
  from: MilestoneKey;
  to: MilestoneKey;
  premium: boolean | null;
  concurrent: boolean | null;
}

export const BREAKDOWN_DIMENSIONS = ['country', 'office', 'filed_quarter'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

const month = (name: string) =>
  z.string().transform((text, ctx) => {
    const value = parseMonth(text);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a month as YYYY-MM, got "${text}"` });
      return z.NEVER;
    }
    return value;
  });

const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

const filterShape = {
  category: z.enum(CATEGORY_KEYS, { message: `must be one of ${CATEGORY_KEYS.join(', ')}` }),
  subcategory: z
    .enum(I140_SUBCATEGORIES, { message: `must be one of ${I140_SUBCATEGORIES.join(', ')}` })
    .optional(),
  country: z
    .string()
    .transform((c) => c.toUpperCase())
    .refine(isCountryCode, { message: 'must be an ISO 3166 two-letter country code' })
    .optional(),
  office: z
    .string()
    .transform((text, ctx) => {
      const code = resolveOfficeCode(text);
      if (code === undefined)
        ctx.addIssue({ code: 'custom', message: 'must be an office code such as NBC, NEW or ciudad-juarez' });
      return code ?? '';
    })
    .optional(),
  /** The older name of `office`, still accepted. */
  service_center: z
    .enum(SERVICE_CENTERS, { message: `must be one of ${SERVICE_CENTERS.join(', ')}` })
    .optional(),
  filed_from: month('filed_from').optional(),
  filed_to: month('filed_to').optional(),
  from: z.enum(MILESTONE_KEYS, { message: 'must be a milestone key' }).default('filed'),
  to: z.enum(MILESTONE_KEYS, { message: 'must be a milestone key' }).default('approved'),
  premium: flag.optional(),
  concurrent: flag.optional(),
};

/** `by`, with service_center (the older name of office) still accepted. */
function byDimension<T extends readonly [BreakdownDimension, ...BreakdownDimension[]]>(values: T) {
  return z.preprocess(
    (value) => (value === 'service_center' ? 'office' : value),
    z.enum(values, { message: `must be one of ${values.join(', ')}` }),
  );
}

type FilterInput = z.infer<z.ZodObject<typeof filterShape>>;

/** Rules across fields: the pair must exist in the category's order, months must be in order. */
function checkFilter(f: FilterInput, ctx: z.RefinementCtx): void {
  const category = CATEGORIES[f.category];
  if (f.subcategory && !category.subcategories.includes(f.subcategory)) {
    ctx.addIssue({
      code: 'custom',
      path: ['subcategory'],
      message: `${category.form} has no sub-categories`,
    });
  }
  for (const key of ['from', 'to'] as const) {
    if (stepIndex(f.category, f[key]) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${f[key]} is not a milestone of ${category.form}`,
      });
    }
  }
  if (
    stepIndex(f.category, f.from) >= 0 &&
    stepIndex(f.category, f.to) >= 0 &&
    stepIndex(f.category, f.to) <= stepIndex(f.category, f.from)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `${f.to} does not come after ${f.from} for ${category.form}`,
    });
  }
  if (f.office !== undefined && f.service_center !== undefined && f.office !== f.service_center) {
    ctx.addIssue({
      code: 'custom',
      path: ['service_center'],
      message: 'service_center is the older name of office: give one of them',
    });
  }
  if (f.filed_from !== undefined && f.filed_to !== undefined && f.filed_from > f.filed_to) {
    ctx.addIssue({ code: 'custom', path: ['filed_to'], message: 'filed_to is before filed_from' });
  }
}

function toFilter(f: FilterInput): StatsFilter {
  return {
    category: f.category,
    subcategory: f.subcategory ?? null,
    country: f.country ?? null,
    office: f.office ?? f.service_center ?? null,
    filedFrom: f.filed_from ?? null,
    filedTo: f.filed_to ?? null,
    from: f.from,
    to: f.to,
    premium: f.premium ?? null,
    concurrent: f.concurrent ?? null,
  };
}

/** The filter of /api/v1/stats; unknown keys are errors. */
export const statsQuerySchema = z.strictObject(filterShape).superRefine(checkFilter).transform(toFilter);

/** The breakdown adds `by` and `format`. */
export const breakdownQuerySchema = z
  .strictObject({
    ...filterShape,
    by: byDimension(BREAKDOWN_DIMENSIONS),
    format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json'),
  })
  .superRefine(checkFilter)
  .transform((q) => ({ filter: toFilter(q), by: q.by, format: q.format }));

export type QueryRecord = Record<string, string>;

export class QueryError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

/**
 * URLSearchParams → a plain record for the schemas. Empty values mean "not set" (a form
 * submitted with "any" selected); a repeated key is an error.
 */
export function queryRecord(
  params: URLSearchParams,
  keep: (key: string) => boolean = () => true,
): QueryRecord {
  const record: QueryRecord = {};
  for (const [key, value] of params) {
    if (!keep(key)) continue;
    if (Object.hasOwn(record, key)) throw new QueryError(key, `${key} is given more than once`);
    if (value.trim() !== '') record[key] = value.trim();
  }
  return record;
}

/** The filter as query parameters (defaults left out): for links, the echo and caches. */
export function filterParams(f: StatsFilter): Record<string, string> {
  const params: Record<string, string> = { category: f.category };
  if (f.subcategory) params['subcategory'] = f.subcategory;
  if (f.country) params['country'] = f.country;
  if (f.office) params['office'] = f.office;
  if (f.filedFrom !== null) params['filed_from'] = formatMonth(f.filedFrom);
  if (f.filedTo !== null) params['filed_to'] = formatMonth(f.filedTo);
  if (f.from !== 'filed') params['from'] = f.from;
  if (f.to !== 'approved') params['to'] = f.to;
  if (f.premium !== null) params['premium'] = String(f.premium);
  if (f.concurrent !== null) params['concurrent'] = String(f.concurrent);
  return params;
}

/** The group a figure describes, as the API echoes it: every filter, null when not set. */
export function groupEcho(f: StatsFilter) {
  return {
    category: f.category,
    subcategory: f.subcategory,
    country: f.country,
    office: f.office,
    /** The older name, kept for clients written before offices: set while the office is one. */
    service_center: (SERVICE_CENTERS as readonly (string | null)[]).includes(f.office) ? f.office : null,
    filed_from: f.filedFrom === null ? null : formatMonth(f.filedFrom),
    filed_to: f.filedTo === null ? null : formatMonth(f.filedTo),
    premium: f.premium,
    concurrent: f.concurrent,
  };
}

export const FILTER_KEYS = Object.keys(filterShape);

/** The Explore page: the same filter plus the breakdown it shows and the "my case" inputs. */
export const exploreQuerySchema = z
  .object({
    ...filterShape,
    category: filterShape.category.default('i485'),
    by: byDimension(['country', 'office'] as const).default('country'),
    my_start: month('my_start').optional(),
    my_step: z.enum(MILESTONE_KEYS, { message: 'must be a milestone key' }).optional(),
    my_step_month: month('my_step_month').optional(),
  })
  .superRefine(checkFilter)
  .superRefine((q, ctx) => {
    if (q.my_step !== undefined && q.my_step_month === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['my_step_month'],
        message: 'Give the month you reached that milestone',
      });
    }
    if (q.my_step !== undefined) {
      const step = stepIndex(q.category, q.my_step);
      if (step < 0 || step >= stepIndex(q.category, q.to)) {
        ctx.addIssue({
          code: 'custom',
          path: ['my_step'],
          message: `Pick a milestone that comes before ${q.to} for this form`,
        });
      }
    }
  })
  .transform((q) => ({
    filter: toFilter(q),
    by: q.by,
    myCase:
      q.my_start === undefined && q.my_step_month === undefined
        ? null
        : { start: q.my_start ?? null, step: q.my_step ?? null, stepMonth: q.my_step_month ?? null },
  }));

export type ExploreQuery = z.output<typeof exploreQuerySchema>;
export const EXPLORE_KEYS = [...Object.keys(filterShape), 'by', 'my_start', 'my_step', 'my_step_month'];
