/** The query of the Visa Bulletin page and API: category, country of chargeability, priority date. */
import { z } from 'zod';
import { isCountryCode } from '../timelines/countries.ts';
import { isMonthText } from '../timelines/months.ts';
import { AREA_KEYS, PREFERENCE_KEYS } from './bulletin.ts';

export const bulletinQuerySchema = z.strictObject({
  category: z.enum(PREFERENCE_KEYS as [string, ...string[]], {
    message: `must be one of ${PREFERENCE_KEYS.join(', ')}`,
  }),
  country: z
    .string()
    .transform((c) => c.trim().toUpperCase())
    .refine((c) => (AREA_KEYS as string[]).includes(c) || isCountryCode(c), {
      message: 'must be a two-letter country code (or ALL)',
    })
    .default('ALL'),
  priority_date: z
    .string()
    .refine(isMonthText, { message: 'must be a month as YYYY-MM, e.g. 2019-04' })
    .optional(),
});
