import type { APIRoute } from 'astro';
import { appDatabase } from '../../../../server/db/instance.ts';
import { statsQuerySchema } from '../../../../server/stats/filters.ts';
import { parseQuery, respond } from '../../../../server/stats/http.ts';
import { getStats } from '../../../../server/stats/service.ts';
import { officialForFilter } from '../../../../server/official/service.ts';

/** GET /api/v1/stats: Kaplan–Meier and completed-only figures for one group, and the official figure when one applies. */
export const GET: APIRoute = ({ request, url }) => {
  const parsed = parseQuery(url, statsQuerySchema);
  if (!parsed.ok) return parsed.response;
  return respond(request, async () => ({
    body: JSON.stringify({
      ...(await getStats(await appDatabase(), parsed.value)),
      official: officialForFilter(parsed.value),
    }),
    type: 'application/json; charset=utf-8',
  }));
};
