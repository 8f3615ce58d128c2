import { describe, expect, it } from 'vitest';
import { CoalescedRead, NotifiedRead, VersionedCache } from '../../../src/server/stats/versioned-cache.ts';

const v = (order: number) => ({ key: `k${order}`, order });

function counter() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    compute:
      (value: string, shareable = true) =>
      async () => {
        calls++;
        return { value, shareable };
      },
  };
}

describe('VersionedCache', () => {
  it('reuses a value within one version and never mixes keys', async () => {
    const cache = new VersionedCache<string>(10);
    const c = counter();
    expect(await cache.get(v(1), 'IN', c.compute('india'))).toBe('india');
    expect(await cache.get(v(1), 'IN', c.compute('other'))).toBe('india');
    expect(await cache.get(v(1), 'CN', c.compute('china'))).toBe('china');
    expect(c.calls).toBe(2);
  });

  it('a newer version drops every older entry', async () => {
    const cache = new VersionedCache<string>(10);
    await cache.get(v(1), 'IN', async () => ({ value: 'before', shareable: true }));
    expect(await cache.get(v(2), 'IN', async () => ({ value: 'after', shareable: true }))).toBe('after');
    expect(cache.size).toBe(1);
  });

  it('a request that read an older version computes its own answer and stores nothing', async () => {
    const cache = new VersionedCache<string>(10);
    await cache.get(v(2), 'IN', async () => ({ value: 'new', shareable: true }));
    expect(await cache.get(v(1), 'IN', async () => ({ value: 'old', shareable: true }))).toBe('old');
    expect(await cache.get(v(2), 'IN', async () => ({ value: 'x', shareable: true }))).toBe('new');
  });

  it('concurrent requests share one computation', async () => {
    const cache = new VersionedCache<string>(10);
    const c = counter();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => cache.get(v(1), 'IN', c.compute('india'))),
    );
    expect(new Set(results)).toEqual(new Set(['india']));
    expect(c.calls).toBe(1);
  });

  it('an unshareable value goes only to its own request; waiters compute their own', async () => {
    const cache = new VersionedCache<string>(10);
    let n = 0;
    const compute = async () => ({ value: `private-${++n}`, shareable: false });
    const [a, b] = await Promise.all([cache.get(v(1), 'IN', compute), cache.get(v(1), 'IN', compute)]);
    expect(a).not.toBe(b);
    expect(cache.size).toBe(0);
  });

  it('a failed computation is not kept', async () => {
    const cache = new VersionedCache<string>(10);
    await expect(
      cache.get(v(1), 'IN', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await cache.get(v(1), 'IN', async () => ({ value: 'ok', shareable: true }))).toBe('ok');
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const cache = new VersionedCache<string>(2);
    const c = counter();
    await cache.get(v(1), 'a', c.compute('a'));
    await cache.get(v(1), 'b', c.compute('b'));
    await cache.get(v(1), 'a', c.compute('a'));
    await cache.get(v(1), 'c', c.compute('c'));
    expect(cache.size).toBe(2);
    await cache.get(v(1), 'a', c.compute('a'));
    expect(c.calls).toBe(3);
  });
});

describe('CoalescedRead', () => {
  it('callers arriving during a read wait for the next one, which starts after they arrived', async () => {
    let reads = 0;
    const releases: (() => void)[] = [];
    const reader = new CoalescedRead(
      () =>
        new Promise<number>((resolve) => {
          const n = ++reads;
          releases.push(() => resolve(n));
        }),
    );
    const first = reader.get();
    const late = [reader.get(), reader.get(), reader.get()];
    expect(reads).toBe(1);
    releases[0]!();
    expect(await first).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(reads).toBe(2);
    releases[1]!();
    expect(await Promise.all(late)).toEqual([2, 2, 2]);
  });
});

describe('NotifiedRead', () => {
  /** A database stand-in: a value, a commit counter, and reads that finish when told. */
  function source() {
    const state = { value: 1, commits: 0, reads: 0 };
    const pending: (() => void)[] = [];
    const reader = new NotifiedRead(
      () =>
        new Promise<number>((resolve) => {
          state.reads++;
          const seen = state.value;
          pending.push(() => resolve(seen));
        }),
      () => state.commits,
    );
    const commit = (value: number) => {
      state.value = value;
      state.commits++;
    };
    const finish = async () => {
      while (pending.length) pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { state, reader, commit, finish };
  }

  it('reads once, then answers from memory while no commit changed the value', async () => {
    const s = source();
    const first = s.reader.get();
    await s.finish();
    expect(await first).toBe(1);
    expect(await s.reader.get()).toBe(1);
    expect(await s.reader.get()).toBe(1);
    expect(s.state.reads).toBe(1);
  });

  it('a caller arriving after a commit reads again and gets the committed value', async () => {
    const s = source();
    const first = s.reader.get();
    await s.finish();
    await first;
    s.commit(2);
    const after = s.reader.get();
    await s.finish();
    expect(await after).toBe(2);
    expect(s.state.reads).toBe(2);
    expect(await s.reader.get()).toBe(2);
    expect(s.state.reads).toBe(2);
  });

  it('a value read while a commit landed is not trusted afterwards', async () => {
    const s = source();
    const first = s.reader.get();
    // The read has started (and saw value 1); a commit lands before it returns.
    s.commit(2);
    await s.finish();
    expect(await first).toBe(1);
    const next = s.reader.get();
    await s.finish();
    expect(await next).toBe(2);
    expect(s.state.reads).toBe(2);
  });

  it('callers arriving during a read wait for one that starts after they arrived', async () => {
    const s = source();
    const first = s.reader.get();
    s.commit(2);
    const late = s.reader.get();
    expect(s.state.reads).toBe(1);
    await s.finish();
    await s.finish();
    expect(await first).toBe(1);
    expect(await late).toBe(2);
  });
});
