import { describe, expect, it } from 'vitest';
import {
  consumeRateLimit,
  expireRateLimitCounters,
  hourIndex,
} from '../../../src/server/abuse/rate-limit.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

describe.each(DATABASE_KINDS)('rate limit on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: ['rate_limit_counters'] });

  it('allows the limit, then refuses until the next hour; a refusal records nothing', async () => {
    const t0 = new Date('2026-11-23T10:00:00Z');
    for (let i = 0; i < 3; i++) {
      const at = new Date(t0.getTime() + i * 60_000);
      expect(await consumeRateLimit(open.db, 'k1', 'submit', { limit: 3, now: at })).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    }
    const refused = await consumeRateLimit(open.db, 'k1', 'submit', {
      limit: 3,
      now: new Date(t0.getTime() + 10 * 60_000),
    });
    // 50 minutes to the next hour, then a third of it until the full hour has slid to 2 of 3.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50 * 60 + 20 * 60 });
    const counters = await open.db.selectFrom('rate_limit_counters').selectAll().execute();
    expect(counters).toEqual([{ client_key: 'k1', action: 'submit', hour: hourIndex(t0), count: 3 }]);
    expect(
      await consumeRateLimit(open.db, 'k1', 'submit', {
        limit: 3,
        now: new Date(t0.getTime() + 80 * 60_000),
      }),
    ).toMatchObject({ allowed: true });
  });

  it('lets the previous hour count in proportion to what is left of it', async () => {
    const t0 = new Date('2026-11-23T10:00:00Z');
    for (let i = 0; i < 4; i++) await consumeRateLimit(open.db, 'k2', 'edit', { limit: 4, now: t0 });
    // At 11:15, three quarters of 10:00–11:00 is inside the last 60 minutes: 3 of 4 used.
    const quarter = new Date('2026-11-23T11:15:00Z');
    expect(await consumeRateLimit(open.db, 'k2', 'edit', { limit: 4, now: quarter })).toMatchObject({
      allowed: true,
    });
    expect(await consumeRateLimit(open.db, 'k2', 'edit', { limit: 4, now: quarter })).toEqual({
      allowed: false,
      retryAfterSeconds: 15 * 60,
    });
  });

  it('keeps keys and actions apart', async () => {
    const now = new Date();
    expect(await consumeRateLimit(open.db, 'a', 'submit', { limit: 1, now })).toMatchObject({
      allowed: true,
    });
    expect(await consumeRateLimit(open.db, 'a', 'submit', { limit: 1, now })).toMatchObject({
      allowed: false,
    });
    expect(await consumeRateLimit(open.db, 'b', 'submit', { limit: 1, now })).toMatchObject({
      allowed: true,
    });
    expect(await consumeRateLimit(open.db, 'a', 'report', { limit: 1, now })).toMatchObject({
      allowed: true,
    });
  });

  it('holds under concurrent attempts from one key', async () => {
    const now = new Date('2026-11-23T10:30:00Z');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => consumeRateLimit(open.db, 'burst', 'edit', { limit: 5, now })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    const stored = await open.db
      .selectFrom('rate_limit_counters')
      .select('count')
      .where('client_key', '=', 'burst')
      .execute();
    expect(stored).toEqual([{ count: 5 }]);
  });

  it('expires counters no window needs', async () => {
    const now = new Date('2026-11-23T10:30:00Z');
    await consumeRateLimit(open.db, 'old', 'submit', {
      limit: 5,
      now: new Date(now.getTime() - 2 * 86_400_000),
    });
    await consumeRateLimit(open.db, 'new', 'submit', { limit: 5, now });
    expect(await expireRateLimitCounters(open.db, now)).toBe(1);
    const left = await open.db.selectFrom('rate_limit_counters').select('client_key').execute();
    expect(left).toEqual([{ client_key: 'new' }]);
  });
});
