/** Moderator identity for an incoming request, from its headers and session cookie. */
import { env } from '../../env.ts';
import type { Account } from '../auth/account.ts';
import { accountsEnabled } from '../auth/middleware.ts';
import type { Database } from '../db/client.ts';
import { appDatabase } from '../db/instance.ts';
import {
  type ModerationConfig,
  type Moderator,
  authoriseModerator,
  bearerFrom,
  moderationEnabled,
} from './authorise.ts';
import { isOpenModeratorSession } from './session.ts';

export function moderationConfig(): ModerationConfig {
  const e = env();
  return { adminToken: e.ADMIN_TOKEN, moderatorUserIds: e.MODERATOR_USER_IDS };
}

/** `account` is the verified signed-in account (src/server/auth), never anything the client asserts. */
export async function moderatorForRequest(
  request: Request,
  sessionCookie: string | undefined,
  account: Account | null = null,
  database: () => Promise<Database> = appDatabase,
): Promise<Moderator | null> {
  const config = moderationConfig();
  const user = account
    ? { id: account.userId, publicMetadata: account.role ? { role: account.role } : undefined }
    : undefined;
  // The database is asked only when there is a cookie and a token it could have been made with.
  const openSession =
    sessionCookie !== undefined && config.adminToken !== undefined
      ? await isOpenModeratorSession(await database(), sessionCookie, config.adminToken)
      : false;
  return authoriseModerator(
    { bearerToken: bearerFrom(request.headers.get('authorization')), openSession, user },
    config,
  );
}

export type ModerationGate =
  { ok: true; moderator: Moderator } | { ok: false; status: 403 | 404; message: string };

/**
 * The gate every moderation route passes first. Instances with no way to sign moderators in
 * answer 404 (the feature does not exist there); others refuse non-moderators with 403.
 */
export async function moderationGate(
  request: Request,
  sessionCookie: string | undefined,
  account: Account | null = null,
): Promise<ModerationGate> {
  // With accounts on, a moderator may come from the account's role alone.
  if (!moderationEnabled(moderationConfig()) && !accountsEnabled())
    return { ok: false, status: 404, message: 'Not found' };
  const moderator = await moderatorForRequest(request, sessionCookie, account);
  return moderator ? { ok: true, moderator } : { ok: false, status: 403, message: 'Moderators only' };
}
