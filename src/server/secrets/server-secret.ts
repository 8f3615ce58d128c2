/**
 * Named server secrets kept in the database, so every app instance derives the same opaque
 * references, cursors and dedupe keys without any configuration. Created on first use.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client.ts';

export type SecretName = 'feed-references' | 'feed-cursors' | 'report-dedupe';

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
  const stored = () =>
    db.selectFrom('server_secrets').select('secret').where('name', '=', name).executeTakeFirst();
  // Read first: on a read replica the secret is there once the primary has made it, and the
  // insert (refused there as read-only) is only needed on a brand-new database.
  let row = await stored();
  if (!row) {
    await db
      .insertInto('server_secrets')
      .values({ name, secret: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await stored();
  }
  if (!row) throw new Error(`server secret ${name} could not be created`);
  const secret = Buffer.from(row.secret, 'base64url');
  perDb.set(name, secret);
  return secret;
}
