/**
 * A rate limit per client key and action, kept in the database so that several app instances
 * share it. Only counters per whole hour are stored, never an attempt's exact time, so they
 * cannot be lined up with anything else a database copy holds (docs/decisions/066). The hourly
 * window slides approximately: the previous hour counts in proportion to how much of it is
 * still inside the last 60 minutes.
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
  now?: Date;
}

const HOUR_MS = 3600_000;

/** Whole hours since the epoch. */
export function hourIndex(now: Date): number {
  return Math.floor(now.getTime() / HOUR_MS);
}

/** Attempts in the last 60 minutes, estimated from two hourly counters. */
function estimate(previous: number, current: number, elapsed: number): number {
  return previous * (1 - elapsed) + current;
}

/** Seconds until `estimate` falls below the limit, assuming no further attempts. */
function secondsUntilAllowed(previous: number, current: number, elapsed: number, limit: number): number {
  if (current < limit) {
    // Within this hour: wait until enough of the previous hour has slid out.
    const until = 1 - (limit - current - 1) / previous;
    return Math.max(1, Math.ceil((until - elapsed) * 3600));
  }
  // This hour alone is full: wait for the next, then for enough of this one to slide out.
  const intoNext = Math.max(0, 1 - (limit - 1) / current);
  return Math.max(1, Math.ceil((1 - elapsed + intoNext) * 3600));
}

/**
 * Records one attempt if it fits and says whether it did. Concurrent attempts by one key are
 * serialised with a transaction-scoped advisory lock, so the limit holds.
 */
export async function consumeRateLimit(
  db: Database,
  clientKey: string,
  action: RateLimitedAction,
  { limit, now = new Date() }: RateLimitOptions,
): Promise<RateLimitDecision> {
  const hour = hourIndex(now);
  const elapsed = (now.getTime() - hour * HOUR_MS) / HOUR_MS;
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`${action}:${clientKey}`}))`.execute(trx);
    await trx
      .deleteFrom('rate_limit_counters')
      .where('client_key', '=', clientKey)
      .where('action', '=', action)
      .where('hour', '<', hour - 1)
      .execute();
    const rows = await trx
      .selectFrom('rate_limit_counters')
      .select(['hour', 'count'])
      .where('client_key', '=', clientKey)
      .where('action', '=', action)
      .where('hour', 'in', [hour - 1, hour])
      .execute();
    const previous = rows.find((r) => r.hour === hour - 1)?.count ?? 0;
    const current = rows.find((r) => r.hour === hour)?.count ?? 0;
    if (estimate(previous, current, elapsed) + 1 > limit) {
      return { allowed: false, retryAfterSeconds: secondsUntilAllowed(previous, current, elapsed, limit) };
    }
    await trx
      .insertInto('rate_limit_counters')
      .values({ client_key: clientKey, action, hour, count: 1 })
      .onConflict((oc) =>
        oc
          .columns(['client_key', 'action', 'hour'])
          .doUpdateSet((eb) => ({ count: eb('rate_limit_counters.count', '+', 1) })),
      )
      .execute();
    return { allowed: true, retryAfterSeconds: 0 };
  });
}

/** Deletes counters no window needs any more (older than the previous hour); cheap now and then. */
export async function expireRateLimitCounters(db: Database, now: Date = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counters')
    .where('hour', '<', hourIndex(now) - 1)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
