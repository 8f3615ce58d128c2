import type { APIRoute } from 'astro';
import { currentAccount } from '../../server/auth/account.ts';
import { jsonError } from '../../server/http/json.ts';
import { moderationGate } from '../../server/moderation/request.ts';
import { SESSION_COOKIE, endModeratorSession } from '../../server/moderation/session.ts';
import { appDatabase } from '../../server/db/instance.ts';

export const POST: APIRoute = async (context) => {
  const { request, cookies, redirect } = context;
  const session = cookies.get(SESSION_COOKIE)?.value;
  const gate = await moderationGate(request, session, currentAccount(context));
  if (!gate.ok) return jsonError(gate.status, gate.message);
  // Ended on the server: a copy of the cookie opens nothing after this.
  if (session) await endModeratorSession(await appDatabase(), session);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/moderation', 303);
};
