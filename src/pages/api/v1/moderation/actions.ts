import type { APIRoute } from 'astro';
import { currentAccount } from '../../../../server/auth/account.ts';
import { appDatabase } from '../../../../server/db/instance.ts';
import {
  bodyErrorResponse,
  issuesFromZod,
  json,
  jsonError,
  readJsonBody,
} from '../../../../server/http/json.ts';
import { applyModerationActionToRef, moderationActionSchema } from '../../../../server/moderation/actions.ts';
import { moderationGate } from '../../../../server/moderation/request.ts';
import { SESSION_COOKIE } from '../../../../server/moderation/session.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

/** POST {"item", "action": "hide_note" | "exclude" | "restore" | "dismiss", "reason"}. */
export const POST: APIRoute = async (context) => {
  const { request, cookies } = context;
  const gate = moderationGate(request, cookies.get(SESSION_COOKIE)?.value, currentAccount(context));
  if (!gate.ok) return jsonError(gate.status, gate.message);
  let body: unknown;
  try {
    body = await readJsonBody(request, 4096);
  } catch (error) {
    return bodyErrorResponse(error);
  }
  const input = moderationActionSchema.safeParse(body);
  if (!input.success) return jsonError(400, 'Invalid moderation action', issuesFromZod(input.error));
  try {
    const outcome = await applyModerationActionToRef(await appDatabase(), input.data, gate.moderator);
    if (!outcome.ok) return jsonError(outcome.error === 'not_found' ? 404 : 409, outcome.message);
    return json({
      action: input.data.action,
      from: outcome.from,
      to: outcome.to,
      reportsResolved: outcome.reportsResolved,
    });
  } catch {
    return jsonError(503, 'The database is unavailable; nothing was changed');
  }
};

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ POST });
