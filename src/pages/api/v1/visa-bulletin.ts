import type { APIRoute } from 'astro';
import { parseQuery, respond } from '../../../server/stats/http.ts';
import { type Preference, bulletinAnswer } from '../../../server/visa-bulletin/bulletin.ts';
import { bulletinQuerySchema } from '../../../server/visa-bulletin/query.ts';

/** GET /api/v1/visa-bulletin?category=EB2&country=IN&priority_date=2013-06: where a priority date stands. */
export const GET: APIRoute = ({ request, url }) => {
  const parsed = parseQuery(url, bulletinQuerySchema);
  if (!parsed.ok) return parsed.response;
  const q = parsed.value;
  return respond(request, async () => ({
    body: JSON.stringify(bulletinAnswer(q.category as Preference, q.country, q.priority_date ?? null)),
    type: 'application/json; charset=utf-8',
  }));
};
