import type { APIRoute } from 'astro';
import { currentAccount } from '../../../../server/auth/account.ts';
import { appDatabase } from '../../../../server/db/instance.ts';
import { json, jsonError } from '../../../../server/http/json.ts';
import { loadModerationQueue } from '../../../../server/moderation/queue.ts';
import { moderationGate } from '../../../../server/moderation/request.ts';
import { SESSION_COOKIE } from '../../../../server/moderation/session.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

/** Open reports grouped per item, moderated items and the latest audit entries. */
export const GET: APIRoute = async (context) => {
  const { request, cookies } = context;
  const gate = moderationGate(request, cookies.get(SESSION_COOKIE)?.value, currentAccount(context));
  if (!gate.ok) return jsonError(gate.status, gate.message);
  try {
    return json(await loadModerationQueue(await appDatabase()));
  } catch {
    return jsonError(503, 'The database is unavailable');
  }
};

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ GET });
