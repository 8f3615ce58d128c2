import type { APIRoute } from 'astro';
import { currentAccount } from '../../server/auth/account.ts';
import { appDatabase } from '../../server/db/instance.ts';
import { jsonError } from '../../server/http/json.ts';
import { applyModerationActionToRef, moderationActionSchema } from '../../server/moderation/actions.ts';
import { moderationGate } from '../../server/moderation/request.ts';
import { SESSION_COOKIE } from '../../server/moderation/session.ts';

/** The moderation page's action forms; answers with a redirect back to the queue. */
export const POST: APIRoute = async (context) => {
  const { request, cookies, redirect } = context;
  const gate = await moderationGate(request, cookies.get(SESSION_COOKIE)?.value, currentAccount(context));
  if (!gate.ok) return jsonError(gate.status, gate.message);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return jsonError(415, 'Send the action as a form');
  }
  const input = moderationActionSchema.safeParse(
    Object.fromEntries([...form].filter(([, v]) => typeof v === 'string')),
  );
  if (!input.success) return redirect('/moderation?problem=invalid', 303);
  try {
    const outcome = await applyModerationActionToRef(await appDatabase(), input.data, gate.moderator);
    return redirect(
      outcome.ok ? `/moderation?done=${input.data.action}` : `/moderation?problem=${outcome.error}`,
      303,
    );
  } catch {
    return jsonError(503, 'The database is unavailable; nothing was changed');
  }
};
