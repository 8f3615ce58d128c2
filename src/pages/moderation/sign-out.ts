import type { APIRoute } from 'astro';
import { currentAccount } from '../../server/auth/account.ts';
import { jsonError } from '../../server/http/json.ts';
import { moderationGate } from '../../server/moderation/request.ts';
import { SESSION_COOKIE } from '../../server/moderation/session.ts';

export const POST: APIRoute = (context) => {
  const { request, cookies, redirect } = context;
  const gate = moderationGate(request, cookies.get(SESSION_COOKIE)?.value, currentAccount(context));
  if (!gate.ok) return jsonError(gate.status, gate.message);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/moderation', 303);
};
