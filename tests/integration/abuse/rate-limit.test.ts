import { describe, expect, it } from 'vitest';
import { consumeRateLimit, expireRateLimitEvents } from '../../../src/server/abuse/rate-limit.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

describe.each(DATABASE_KINDS)('rate limit on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: ['rate_limit_events'] });

  it('allows the limit, then refuses with the seconds until the oldest attempt expires', async () => {
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
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50 * 60 });
    // A refusal records nothing: the window frees up when the first attempt is an hour old.
    expect(
      await consumeRateLimit(open.db, 'k1', 'submit', {
        limit: 3,
        now: new Date(t0.getTime() + 3600_000 + 1000),
      }),
    ).toMatchObject({ allowed: true });
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
    const results = await Promise.all(
      Array.from({ length: 12 }, () => consumeRateLimit(open.db, 'burst', 'edit', { limit: 5 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    const stored = await open.db
      .selectFrom('rate_limit_events')
      .selectAll()
      .where('client_key', '=', 'burst')
      .execute();
    expect(stored).toHaveLength(5);
  });

  it('expires old events', async () => {
    const old = new Date(Date.now() - 2 * 86_400_000);
    await consumeRateLimit(open.db, 'old', 'submit', { limit: 5, now: old });
    await consumeRateLimit(open.db, 'new', 'submit', { limit: 5 });
    expect(await expireRateLimitEvents(open.db)).toBe(1);
    const left = await open.db.selectFrom('rate_limit_events').select('client_key').execute();
    expect(left).toEqual([{ client_key: 'new' }]);
  });
});
