/** The query of GET /api/v1/official: a form (our key or USCIS's name), optional sub-category and office. */
import { z } from 'zod';
import { resolveOfficeCode } from '../offices/catalogue.ts';
import { CATEGORIES, CATEGORY_KEYS, type CategoryKey, I140_SUBCATEGORIES } from '../timelines/catalogue.ts';

const byForm = new Map<string, CategoryKey>(
  CATEGORY_KEYS.flatMap((key) => [
    [key, key],
    [CATEGORIES[key].form.toLowerCase(), key],
  ]),
);

export const officialQuerySchema = z
  .strictObject({
    form: z.string().transform((text, ctx) => {
      const key = byForm.get(text.trim().toLowerCase());
      if (!key)
        ctx.addIssue({
          code: 'custom',
          message: `must be one of ${CATEGORY_KEYS.join(', ')} (or I-485, N-400, …)`,
        });
      return key ?? 'i485';
    }),
    subcategory: z
      .enum(I140_SUBCATEGORIES, { message: `must be one of ${I140_SUBCATEGORIES.join(', ')}` })
      .optional(),
    office: z
      .string()
      .transform((text, ctx) => {
        const code = resolveOfficeCode(text);
        if (code === undefined)
          ctx.addIssue({
            code: 'custom',
            message: 'must be an office code such as NBC, NEW or ciudad-juarez',
          });
        return code ?? '';
      })
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.subcategory && q.form !== 'i140')
      ctx.addIssue({ code: 'custom', path: ['subcategory'], message: 'only I-140 has sub-categories' });
  });
