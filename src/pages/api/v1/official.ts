import type { APIRoute } from 'astro';
import { officialQuerySchema } from '../../../server/official/query.ts';
import { officialFor } from '../../../server/official/service.ts';
import { parseQuery, respond } from '../../../server/stats/http.ts';

/** GET /api/v1/official?form=n400&office=NEW: USCIS's (and NVC's) own figures, with source and date. */
export const GET: APIRoute = ({ request, url }) => {
  const parsed = parseQuery(url, officialQuerySchema);
  if (!parsed.ok) return parsed.response;
  const { form, subcategory, office } = parsed.value;
  return respond(request, async () => ({
    body: JSON.stringify({
      form,
      office: office ?? null,
      official: officialFor(form, subcategory ?? null, office ?? null),
    }),
    type: 'application/json; charset=utf-8',
  }));
};
