/**
 * Client keys: an HMAC of the client's address with a secret that rotates every UTC day.
 * The address itself is never stored or logged. Secrets live in the database so every app
 * instance derives the same key, and old secrets are deleted, after which yesterday's keys
 * can no longer be linked to an address.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../db/client.ts';

const KEEP_SECRET_DAYS = 2;

function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

async function secretForDay(db: Database, day: string): Promise<string> {
  await db
    .insertInto('client_key_secrets')
    .values({ day, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const row = await db
    .selectFrom('client_key_secrets')
    .select('secret')
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return row.secret;
}

const cache = new Map<string, string>();

/** The client key for an address today. */
export async function clientKey(db: Database, address: string, now: Date = new Date()): Promise<string> {
  const day = utcDay(now);
  let secret = cache.get(day);
  if (!secret) {
    secret = await secretForDay(db, day);
    cache.clear();
    cache.set(day, secret);
    const oldest = utcDay(new Date(now.getTime() - KEEP_SECRET_DAYS * 86_400_000));
    await db.deleteFrom('client_key_secrets').where('day', '<', oldest).execute();
  }
  return createHmac('sha256', secret).update(address).digest('base64url').slice(0, 32);
}

/** Forgets cached secrets (tests that use more than one database). */
export function forgetClientKeySecrets(): void {
  cache.clear();
}
