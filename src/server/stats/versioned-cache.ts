/**
 * Values reused between requests for as long as the data they came from is unchanged: each
 * entry belongs to one data version, and a newer version drops every older entry. Concurrent
 * requests for a missing key share one computation. A request that read an older version than
 * the newest seen (a write landed in between) computes on its own and stores nothing.
 */
import type { DataVersion } from './queries/data-version.ts';

export class VersionedCache<T> {
  private version: DataVersion | null = null;
  private readonly entries = new Map<string, Promise<T | null>>();
  private readonly maxEntries: number;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value for `key` at `version`. `compute` returns the value and whether it may be shared
   * with other requests; an unshareable value goes only to the request that computed it
   * (waiters then compute their own), and is never stored.
   */
  async get(
    version: DataVersion,
    key: string,
    compute: () => Promise<{ value: T; shareable: boolean }>,
  ): Promise<T> {
    if (this.version === null || version.order > this.version.order) {
      this.version = version;
      this.entries.clear();
    } else if (version.key !== this.version.key) {
      return (await compute()).value;
    }
    const existing = this.entries.get(key);
    if (existing) {
      // Most recently used goes last; the first entry is the one evicted.
      this.entries.delete(key);
      this.entries.set(key, existing);
      const shared = await existing;
      if (shared !== null) return shared;
      return (await compute()).value;
    }
    let own: T | undefined;
    const pending = compute().then(
      (result) => {
        own = result.value;
        if (!result.shareable && this.entries.get(key) === pending) this.entries.delete(key);
        return result.shareable ? result.value : null;
      },
      (error: unknown) => {
        if (this.entries.get(key) === pending) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, pending);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    await pending;
    return own as T;
  }
}

/**
 * One read of a value at a time, shared by every caller that arrived before it started. A
 * caller never joins a read already in flight (it may have started before a write the caller
 * has seen); it waits for the next one, which starts when the current one ends. Under load
 * that is one database round trip per wave of requests instead of one per request.
 */
export class CoalescedRead<T> {
  private inFlight: Promise<T> | null = null;
  private queued: Promise<T> | null = null;
  private readonly read: () => Promise<T>;

  constructor(read: () => Promise<T>) {
    this.read = read;
  }

  get(): Promise<T> {
    if (!this.inFlight) return this.launch();
    this.queued ??= this.inFlight.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<T> {
    this.queued = null;
    return this.launch();
  }

  private launch(): Promise<T> {
    const started: Promise<T> = this.read().finally(() => {
      if (this.inFlight === started) this.inFlight = null;
    });
    this.inFlight = started;
    return started;
  }
}

/**
 * A value that can only change when a counter moves: the embedded database counts, in process,
 * every commit that changed the statistics data version, before the writer's caller resumes. A
 * value read while the counter stood at n is current for as long as it still stands at n, so it
 * is read from the database once per change instead of once per wave of requests. The counter is
 * taken when a read starts: a commit during the read moves it, and the next caller reads again.
 */
export class NotifiedRead<T> {
  private known: { value: T; count: number } | null = null;
  private readonly reads: CoalescedRead<{ value: T; count: number }>;
  private readonly count: () => number;

  constructor(read: () => Promise<T>, count: () => number) {
    this.count = count;
    this.reads = new CoalescedRead(async () => {
      const at = count();
      return { value: await read(), count: at };
    });
  }

  async get(): Promise<T> {
    const known = this.known;
    if (known && known.count === this.count()) return known.value;
    const fresh = await this.reads.get();
    if (!this.known || fresh.count >= this.known.count) this.known = fresh;
    return fresh.value;
  }
}
