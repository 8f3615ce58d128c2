import type { APIRoute } from 'astro';
import { withReadDb } from '../../../../server/db/read-replica.ts';
import { breakdownCsv } from '../../../../server/stats/csv.ts';
import { breakdownQuerySchema } from '../../../../server/stats/filters.ts';
import { parseQuery, respond } from '../../../../server/stats/http.ts';
import { getBreakdown } from '../../../../server/stats/service.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

/** GET /api/v1/stats/breakdown: the same figures per country, service center or filing quarter (JSON or CSV). */
export const GET: APIRoute = ({ request, url }) => {
  const parsed = parseQuery(url, breakdownQuerySchema);
  if (!parsed.ok) return parsed.response;
  const { filter, by, format } = parsed.value;
  return respond(request, async () => {
    const result = await withReadDb((db) => getBreakdown(db, filter, by));
    return format === 'csv'
      ? {
          body: breakdownCsv(result),
          type: 'text/csv; charset=utf-8',
          extra: {
            'content-disposition': `attachment; filename="casetrack-${filter.category}-by-${by}.csv"`,
          },
        }
      : { body: JSON.stringify(result), type: 'application/json; charset=utf-8' };
  });
};

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ GET });
