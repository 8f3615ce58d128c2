/**
 * Moderator sessions for admin-token sign-in: the cookie holds an expiry and an HMAC keyed by
 * the admin token, never the token itself. Rotating ADMIN_TOKEN signs every session out.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'ct_moderator';
export const SESSION_SECONDS = 12 * 3600;

function mac(adminToken: string, expires: number): string {
  return createHmac('sha256', adminToken)
    .update(`casetrack-moderator-session:${expires}`)
    .digest('base64url');
}

export function createSessionValue(adminToken: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
  return `${expires}.${mac(adminToken, expires)}`;
}

export function isValidSession(value: string, adminToken: string, now: Date = new Date()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires <= now.getTime() / 1000) return false;
  return safeEqual(match[2]!, mac(adminToken, expires));
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
