import type { APIRoute } from 'astro';
import { withReadDb } from '../../../../server/db/read-replica.ts';
import { statsQuerySchema } from '../../../../server/stats/filters.ts';
import { parseQuery, respond } from '../../../../server/stats/http.ts';
import { getStats } from '../../../../server/stats/service.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

/** GET /api/v1/stats: Kaplan–Meier and completed-only figures for one group. */
export const GET: APIRoute = ({ request, url }) => {
  const parsed = parseQuery(url, statsQuerySchema);
  if (!parsed.ok) return parsed.response;
  return respond(request, async () => ({
    body: JSON.stringify(await withReadDb((db) => getStats(db, parsed.value))),
    type: 'application/json; charset=utf-8',
  }));
};

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ GET });
