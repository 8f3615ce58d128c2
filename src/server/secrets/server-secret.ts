/**
 * Keys derived from SERVER_SECRET, one per purpose (HKDF-SHA256). The secret lives only in the
 * environment, never in the database: whoever holds a copy of the database cannot recompute a
 * client key, fingerprint or dedupe key from an address (docs/decisions/065). Every instance
 * given the same secret derives the same keys.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { env } from '../../env.ts';

export type KeyPurpose =
  | 'client-key'
  | 'duplicate-guard'
  | 'report-dedupe'
  | 'feed-references'
  | 'feed-cursors'
  | 'moderator-sessions'
  | 'stats-noise';

const cache = new Map<KeyPurpose, Buffer>();

/**
 * Local development only (env.ts refuses a reachable server without SERVER_SECRET): derived
 * from public facts, so `npm start` needs no configuration. Anyone can recompute it.
 */
export function developmentSecret(database: string): string {
  return createHash('sha256').update(`casetrack-development-secret\n${database}`).digest('base64url');
}

function secret(): string {
  const e = env();
  return e.SERVER_SECRET ?? developmentSecret(e.DATABASE_URL ?? e.DATA_DIR);
}

/** 32 key bytes for one purpose. */
export function serverKey(purpose: KeyPurpose): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret(), 'casetrack', purpose, 32));
    cache.set(purpose, key);
  }
  return key;
}
