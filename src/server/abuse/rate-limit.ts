/**
 * A sliding-window rate limit per client key and action, kept in the database so that
 * several app instances share it. Events expire; they never reference a timeline.
 */
import { sql } from 'kysely';
import type { Database } from '../db/client.ts';

export type RateLimitedAction = 'submit' | 'edit' | 'report' | 'moderator_sign_in';

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until one more attempt would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimitOptions {
  limit: number;
  windowSeconds?: number;
  now?: Date;
}

const DEFAULT_WINDOW_SECONDS = 3600;

/**
 * Records one attempt if it fits in the window and says whether it did. Concurrent attempts
 * by one key are serialised with a transaction-scoped advisory lock, so the limit holds.
 */
export async function consumeRateLimit(
  db: Database,
  clientKey: string,
  action: RateLimitedAction,
  { limit, windowSeconds = DEFAULT_WINDOW_SECONDS, now = new Date() }: RateLimitOptions,
): Promise<RateLimitDecision> {
  const windowStart = new Date(now.getTime() - windowSeconds * 1000);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`${action}:${clientKey}`}))`.execute(trx);
    await trx
      .deleteFrom('rate_limit_events')
      .where('client_key', '=', clientKey)
      .where('action', '=', action)
      .where('at', '<=', windowStart)
      .execute();
    const recent = await trx
      .selectFrom('rate_limit_events')
      .select('at')
      .where('client_key', '=', clientKey)
      .where('action', '=', action)
      .orderBy('at', 'asc')
      .execute();
    if (recent.length >= limit) {
      const oldest = new Date(recent[recent.length - limit]!.at).getTime();
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((oldest + windowSeconds * 1000 - now.getTime()) / 1000),
      );
      return { allowed: false, retryAfterSeconds };
    }
    await trx.insertInto('rate_limit_events').values({ client_key: clientKey, action, at: now }).execute();
    return { allowed: true, retryAfterSeconds: 0 };
  });
}

/** Deletes events older than the longest window; cheap to call now and then. */
export async function expireRateLimitEvents(
  db: Database,
  olderThanSeconds = 86_400,
  now: Date = new Date(),
): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_events')
    .where('at', '<', new Date(now.getTime() - olderThanSeconds * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
