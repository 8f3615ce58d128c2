/**
 * Named server secrets kept in the database, so every app instance derives the same opaque
 * references, cursors and dedupe keys without any configuration. Created on first use.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.ts';

export type SecretName = 'feed-references' | 'feed-cursors' | 'report-dedupe' | 'stats-noise';

const cache = new WeakMap<Database, Map<SecretName, Buffer>>();

/** 32 secret bytes for this purpose, the same in every instance sharing the database. */
export async function serverSecret(db: Database, name: SecretName): Promise<Buffer> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const cached = perDb.get(name);
  if (cached) return cached;
  await db
    .insertInto('server_secrets')
    .values({ name, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('secret')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  const secret = Buffer.from(row.secret, 'base64url');
  perDb.set(name, secret);
  return secret;
}
