/** Moderator identity for an incoming request, from its headers and session cookie. */
import { env } from '../../env.ts';
import { type ModerationConfig, type Moderator, authoriseModerator, bearerFrom, moderationEnabled } from './authorise.ts';

export function moderationConfig(): ModerationConfig {
  const e = env();
  return { adminToken: e.ADMIN_TOKEN, moderatorUserIds: e.MODERATOR_USER_IDS };
}

export function moderatorForRequest(request: Request, sessionCookie: string | undefined): Moderator | null {
  // Accounts (issue 6) will pass the verified user here as `user`.
  return authoriseModerator({ bearerToken: bearerFrom(request.headers.get('authorization')), session: sessionCookie }, moderationConfig());
}

export type ModerationGate = { ok: true; moderator: Moderator } | { ok: false; status: 403 | 404; message: string };

/**
 * The gate every moderation route passes first. Instances with no way to sign moderators in
 * answer 404 (the feature does not exist there); others refuse non-moderators with 403.
 */
export function moderationGate(request: Request, sessionCookie: string | undefined): ModerationGate {
  if (!moderationEnabled(moderationConfig())) return { ok: false, status: 404, message: 'Not found' };
  const moderator = moderatorForRequest(request, sessionCookie);
  return moderator ? { ok: true, moderator } : { ok: false, status: 403, message: 'Moderators only' };
}
