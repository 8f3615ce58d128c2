/**
 * Edit tokens: the private link that lets an anonymous owner come back. 256 bits from the
 * CSPRNG, shown once, stored only as a SHA-256 hash (a slow hash adds nothing for tokens
 * this random). Lookups go by hash, so timing can reveal nothing about a token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
/** base64url of 32 bytes: 43 characters. Anything else is not a token and is never looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newEditToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function isWellFormedEditToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function hashEditToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a presented token hashes to the stored hash, compared in constant time. */
export function editTokenMatches(token: string, storedHash: string | null): boolean {
  if (!storedHash || !isWellFormedEditToken(token)) return false;
  const presented = Buffer.from(hashEditToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Where the owner edits a timeline. */
export function editPath(token: string): string {
  return `/t/${token}/edit`;
}
