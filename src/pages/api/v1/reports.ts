import type { APIRoute } from 'astro';
import { env } from '../../../env.ts';
import { appDatabase } from '../../../server/db/instance.ts';
import {
  bodyErrorResponse,
  issuesFromZod,
  json,
  jsonError,
  readJsonBody,
} from '../../../server/http/json.ts';
import { reportSchema, submitReportFrom } from '../../../server/moderation/reports.ts';
import { clientAddressFor } from '../../../server/http/proxy.ts';
import { otherMethods } from '../../../server/http/methods.ts';

/** POST {"item": "<ref from the feed>", "reason": "spam"} → 201 received, 200 already reported. */
export const POST: APIRoute = async (context) => {
  const { request } = context;
  let body: unknown;
  try {
    body = await readJsonBody(request, 2048);
  } catch (error) {
    return bodyErrorResponse(error);
  }
  const input = reportSchema.safeParse(body);
  if (!input.success) return jsonError(400, 'Invalid report', issuesFromZod(input.error));
  const settings = { limitPerHour: env().RATE_LIMIT_PER_HOUR, includeDemo: env().INCLUDE_DEMO_DATA };
  let outcome;
  try {
    outcome = await submitReportFrom(await appDatabase(), input.data, clientAddressFor(context), settings);
  } catch {
    return jsonError(503, 'Reports cannot be received right now; please try again in a minute');
  }
  switch (outcome.status) {
    case 'received':
      return json({ status: 'received' }, 201);
    case 'already_reported':
      return json({ status: 'already_reported' }, 200);
    case 'not_found':
      return jsonError(404, 'No such item in the feed');
    case 'rate_limited':
      return jsonError(429, 'Too many reports; try again later', undefined, {
        'retry-after': String(outcome.retryAfterSeconds),
      });
  }
};

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ POST });
