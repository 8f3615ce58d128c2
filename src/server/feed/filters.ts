/** The feed's URL parameters: one schema for the page, the Atom feed and the JSON API. */
import { z } from 'zod';
import {
  CATEGORY_KEYS,
  type CategoryKey,
  MILESTONE_KEYS,
  type MilestoneKey,
} from '../timelines/catalogue.ts';
import { resolveOfficeCode } from '../offices/catalogue.ts';
import { isCountryCode } from '../timelines/countries.ts';

// An empty select submits "": treat it as "any".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const feedQuerySchema = z.object({
  category: optional(z.enum(CATEGORY_KEYS, { error: 'Unknown category' })),
  country: optional(
    z
      .string()
      .transform((v) => v.toUpperCase())
      .refine(isCountryCode, 'Unknown country code (use two letters, e.g. IN)'),
  ),
  milestone: optional(z.enum(MILESTONE_KEYS, { error: 'Unknown milestone' })),
  office: optional(
    z.string().transform((text, ctx) => {
      const code = resolveOfficeCode(text);
      if (code === undefined)
        ctx.addIssue({ code: 'custom', message: 'Unknown office (use a code, e.g. NEW)' });
      return code ?? '';
    }),
  ),
  after: optional(z.string().max(400, 'Cursor is too long')),
});

export interface FeedFilters {
  category?: CategoryKey | undefined;
  country?: string | undefined;
  milestone?: MilestoneKey | undefined;
  /** Timelines filed at, or ending at, this office (either of their offices). */
  office?: string | undefined;
}

export type FeedQuery = FeedFilters & { after?: string | undefined };

/** Parses URL search parameters; unknown parameters are ignored. */
export function parseFeedQuery(params: URLSearchParams) {
  return feedQuerySchema.safeParse({
    category: params.get('category'),
    country: params.get('country'),
    milestone: params.get('milestone'),
    office: params.get('office'),
    after: params.get('after'),
  });
}

/** The query string for filters (and a cursor), in a stable order; "" when empty. */
export function feedSearch(filters: FeedFilters, after?: string): string {
  const params = new URLSearchParams();
  if (filters.category) params.set('category', filters.category);
  if (filters.country) params.set('country', filters.country);
  if (filters.milestone) params.set('milestone', filters.milestone);
  if (filters.office) params.set('office', filters.office);
  if (after) params.set('after', after);
  const text = params.toString();
  return text ? `?${text}` : '';
}
