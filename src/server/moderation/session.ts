/**
 * Moderator sessions for admin-token sign-in, kept in the database so that signing out ends
 * them (docs/decisions/069). The cookie holds a random value; the database holds only its keyed
 * hash, the keyed hash of the admin token it was opened with (rotating ADMIN_TOKEN signs every
 * session out) and when it expires. The key comes from SERVER_SECRET, never from the database.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { serverKey } from '../secrets/server-secret.ts';

export const SESSION_COOKIE = 'ct_moderator';
export const SESSION_SECONDS = 12 * 3600;

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

function keyed(label: string, value: string): string {
  return createHmac('sha256', serverKey('moderator-sessions')).update(`${label}\n${value}`).digest('hex');
}

/** Opens a session for whoever just presented the admin token; returns the cookie value. */
export async function openModeratorSession(
  db: Database,
  adminToken: string,
  now: Date = new Date(),
): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('moderator_sessions').where('expires_at', '<=', now).execute();
    await trx
      .insertInto('moderator_sessions')
      .values({
        token_hash: keyed('session', value),
        credential: keyed('admin-token', adminToken),
        expires_at: new Date(now.getTime() + SESSION_SECONDS * 1000),
      })
      .execute();
  });
  return value;
}

/** Whether a cookie value is an open, unexpired session made with the current admin token. */
export async function isOpenModeratorSession(
  db: Database,
  value: string,
  adminToken: string,
  now: Date = new Date(),
): Promise<boolean> {
  if (!COOKIE_VALUE.test(value)) return false;
  const row = await db
    .selectFrom('moderator_sessions')
    .select('credential')
    .where('token_hash', '=', keyed('session', value))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined && safeEqual(row.credential, keyed('admin-token', adminToken));
}

/** Ends a session: its cookie opens nothing any more, wherever it was copied to. */
export async function endModeratorSession(db: Database, value: string): Promise<void> {
  if (!COOKIE_VALUE.test(value)) return;
  await db.deleteFrom('moderator_sessions').where('token_hash', '=', keyed('session', value)).execute();
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHmac('sha256', 'compare').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/** Cookie attributes: Secure whenever the site is reached over https (directly or via a trusted TLS proxy). */
export function sessionCookieOptions(https: boolean): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: https, path: '/', maxAge: SESSION_SECONDS };
}
