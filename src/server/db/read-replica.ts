/**
 * Which database a query goes to. Writes, edit pages and /me use the primary (DATABASE_URL), so a
 * person sees their own change at once. Public read-only traffic (statistics, breakdowns, Explore,
 * feed, Atom, official figures) uses the streaming replica in DATABASE_READ_URL while it answers
 * and is at most READ_REPLICA_MAX_LAG_SECONDS behind; otherwise the primary, and every switch is
 * logged (never with an address). See docs/decisions/090.
 */
import { sql } from 'kysely';
import { env } from '../../env.ts';
import { onShutdown } from '../http/lifecycle.ts';
import { log } from '../log/logger.ts';
import {
  type Database,
  DatabaseUnavailableError,
  type OpenDatabase,
  isDatabaseUnavailable,
  openDatabase,
} from './client.ts';
import { appDatabase } from './instance.ts';

export type ReplicaStatus = 'unconfigured' | 'unknown' | 'ok' | 'lagging' | 'unavailable';

export interface ReplicaState {
  status: ReplicaStatus;
  /** Seconds the replica's replay is behind the primary; null when it cannot be measured. */
  lagSeconds: number | null;
  /** Whether public reads go to the replica right now. */
  servingReads: boolean;
}

export interface ReadRouterOptions {
  primary: () => Promise<Database>;
  replicaUrl?: string | undefined;
  maxLagSeconds: number;
  /** The replica's state is re-checked at most this often, in the background of requests. */
  probeIntervalMs?: number;
  /** A probe that takes longer counts as "unavailable". */
  probeTimeoutMs?: number;
  poolSize?: number;
}

// SQLSTATEs after which a read is retried on the primary: a write reached the read-only pool
// (25006), or the replica cancelled a query that conflicted with replay (40001).
const RETRY_ON_PRIMARY = new Set(['25006', '40001']);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What went wrong, without the message: pg's messages can name the server's address. */
function failureCode(error: unknown): string {
  if (error instanceof DatabaseUnavailableError) return 'connect_failed';
  return sqlState(error) ?? 'probe_failed';
}

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('probe timed out'), { code: 'ETIMEDOUT' })),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Routes reads between a primary and an optional streaming replica. One per process in the app. */
export class ReadRouter {
  private readonly options: Required<Omit<ReadRouterOptions, 'replicaUrl'>> & {
    replicaUrl: string | undefined;
  };
  private replica: OpenDatabase | undefined;
  private opening: Promise<OpenDatabase> | undefined;
  private probing: Promise<void> | undefined;
  private checkedAt = 0;
  private closed = false;
  private current: { status: ReplicaStatus; lagSeconds: number | null };

  constructor(options: ReadRouterOptions) {
    this.options = {
      probeIntervalMs: 1_000,
      probeTimeoutMs: 2_000,
      poolSize: 10,
      ...options,
      replicaUrl: options.replicaUrl,
    };
    this.current = { status: options.replicaUrl ? 'unknown' : 'unconfigured', lagSeconds: null };
  }

  get state(): ReplicaState {
    return { ...this.current, servingReads: this.current.status === 'ok' };
  }

  /** The database for a public read: the replica when it is usable, otherwise the primary. */
  async readDatabase(): Promise<Database> {
    if (!this.options.replicaUrl || this.closed) return this.options.primary();
    if (this.current.status === 'unknown') await this.refresh();
    else if (Date.now() - this.checkedAt >= this.options.probeIntervalMs) void this.refresh();
    if (this.current.status === 'ok' && this.replica) return this.replica.db;
    return this.options.primary();
  }

  /**
   * Runs a read on the replica when usable; if the replica fails under it (connection lost, a
   * write that needs the primary, a replay conflict), runs it again on the primary.
   */
  async withRead<T>(read: (db: Database) => Promise<T>): Promise<T> {
    const db = await this.readDatabase();
    if (!this.replica || db !== this.replica.db) return read(db);
    try {
      return await read(db);
    } catch (error) {
      const code = sqlState(error);
      if (code !== undefined && RETRY_ON_PRIMARY.has(code)) {
        log.info('read_on_primary', { reason: code === '25006' ? 'needs_primary' : 'replay_conflict' });
      } else if (isDatabaseUnavailable(error)) {
        this.record({ status: 'unavailable', lagSeconds: null }, code ?? 'query_failed');
      } else {
        throw error;
      }
      return read(await this.options.primary());
    }
  }

  /** Checks the replica now (shared with any probe already running) and returns its state. */
  async probe(): Promise<ReplicaState> {
    if (this.options.replicaUrl && !this.closed) await this.refresh();
    return this.state;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.probing;
    const replica = this.replica ?? (await this.opening?.catch(() => undefined));
    this.replica = undefined;
    await replica?.close();
  }

  private refresh(): Promise<void> {
    this.probing ??= this.measure()
      .then(
        (measured) => this.record(measured),
        (error: unknown) => this.record({ status: 'unavailable', lagSeconds: null }, failureCode(error)),
      )
      .finally(() => {
        this.checkedAt = Date.now();
        this.probing = undefined;
      });
    return this.probing;
  }

  private async openReplica(): Promise<OpenDatabase> {
    if (this.replica) return this.replica;
    this.opening ??= openDatabase({
      kind: 'postgres',
      url: this.options.replicaUrl!,
      poolSize: this.options.poolSize,
      readOnly: true,
    }).finally(() => {
      this.opening = undefined;
    });
    const opened = await this.opening;
    if (this.closed) {
      await opened.close();
      throw new Error('closed');
    }
    this.replica = opened;
    return opened;
  }

  /**
   * Lag = how far the replica's replay is behind the primary's current WAL position, in time:
   * zero when it has replayed everything the primary had written just before, otherwise the age
   * of the last transaction it replayed (an upper bound). A server that is not in recovery is
   * taken to be the primary itself (lag 0). When the primary cannot be asked, the replica keeps
   * serving reads with an unknown lag: falling back to a primary that is down would help nobody.
   */
  private async measure(): Promise<{ status: ReplicaStatus; lagSeconds: number | null }> {
    const run = async () => {
      const replica = await this.openReplica();
      const primaryLsn = await this.options
        .primary()
        .then((db) => sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db))
        .then(
          (r) => r.rows[0]?.lsn ?? null,
          () => null,
        );
      const { rows } = await sql<{ recovery: boolean; behind: number | null; since: number | null }>`
        select pg_is_in_recovery() as recovery,
               case when pg_is_in_recovery() and ${primaryLsn}::text is not null
                    then pg_wal_lsn_diff(${primaryLsn}::pg_lsn, pg_last_wal_replay_lsn()) end as behind,
               extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as since`.execute(
        replica.db,
      );
      const row = rows[0]!;
      if (!row.recovery) return { status: 'ok' as const, lagSeconds: 0 };
      if (primaryLsn === null) return { status: 'ok' as const, lagSeconds: null };
      const behind = Number(row.behind ?? 0);
      const lagSeconds = behind <= 0 ? 0 : row.since === null ? null : Math.max(0, Number(row.since));
      const lagging = lagSeconds === null || lagSeconds > this.options.maxLagSeconds;
      return { status: lagging ? ('lagging' as const) : ('ok' as const), lagSeconds };
    };
    return timeout(run(), this.options.probeTimeoutMs);
  }

  private record(next: { status: ReplicaStatus; lagSeconds: number | null }, cause?: string): void {
    const before = this.current.status;
    this.current = next;
    if (before === next.status) return;
    const lag = next.lagSeconds === null ? null : Math.round(next.lagSeconds * 10) / 10;
    if (next.status === 'ok') log.info('read_replica_serving', { lag_seconds: lag });
    else
      log.warn('read_replica_fallback', {
        reason: next.status,
        lag_seconds: lag,
        max_lag_seconds: this.options.maxLagSeconds,
        code: cause,
      });
  }
}

let router: ReadRouter | undefined;

function appRouter(): ReadRouter {
  if (!router) {
    const config = env();
    const created = new ReadRouter({
      primary: appDatabase,
      replicaUrl: config.DATABASE_READ_URL,
      maxLagSeconds: config.READ_REPLICA_MAX_LAG_SECONDS,
    });
    onShutdown(() => created.close());
    router = created;
  }
  return router;
}

/** The primary: every write, edit pages, /me, moderation. */
export function writeDb(): Promise<Database> {
  return appDatabase();
}

/** The database for one public read-only query; prefer withReadDb for anything larger. */
export function readDb(): Promise<Database> {
  return appRouter().readDatabase();
}

/** Runs a public read on the replica when usable, again on the primary if the replica fails under it. */
export function withReadDb<T>(read: (db: Database) => Promise<T>): Promise<T> {
  return appRouter().withRead(read);
}

/** The replica's state after a fresh check, for /healthz. */
export function readReplicaHealth(): Promise<ReplicaState> {
  return appRouter().probe();
}
