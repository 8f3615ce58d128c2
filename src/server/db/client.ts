/**
 * Opens the database: real PostgreSQL through pg when a URL is given, otherwise the
 * embedded PGlite (on disk, or in memory for tests). One Kysely<DB> type for both.
 */
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema.ts';
import { lockDataDir } from './pglite-lock.ts';

export type Database = Kysely<DB>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number; readOnly?: boolean }
  | { kind: 'pglite'; dataDir: string }
  // loadDataDir: a dumped data directory to start from (tests copy one migrated database).
  | { kind: 'memory'; loadDataDir?: Blob };

export interface OpenDatabase {
  db: Database;
  target: DatabaseTarget;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

/**
 * The channel on which the embedded database announces a new statistics data version
 * (migration 2026_12_01_1700_stats_version_notify): one notification per committed transaction
 * that changed it, received by this process before the writer's own caller resumes.
 */
const STATS_VERSION_CHANNEL = 'stats_data_version';

/** How many commits have changed the statistics data version since the database was opened. */
export interface CommitCounter {
  readonly count: number;
}

const statsVersionCommits = new WeakMap<Database, CommitCounter>();

/**
 * The in-process count of commits that changed the statistics data version: only for the
 * embedded database, where every write goes through this process. Undefined otherwise (other
 * processes may write to PostgreSQL), and then the version must be read from the database.
 */
export function statsVersionCommitCounter(db: Database): CommitCounter | undefined {
  return statsVersionCommits.get(db);
}

// count(*) and sums come back as bigint/numeric: numbers everywhere, from both drivers.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const toNumber = (value: string) => Number(value);

/** The URL with any password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

function describeConnectionError(error: unknown, url: string): string {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL at ${where}: connection refused. Is the server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach PostgreSQL at ${where}: unknown host.`;
    case '3D000':
      return `PostgreSQL at ${where}: database does not exist.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where}: authentication failed.`;
    default:
      return `Cannot use PostgreSQL at ${where}: ${(e.message ?? String(error)).split('\n')[0]}`;
  }
}

async function openPostgres(url: string, poolSize = 10, readOnly = false): Promise<OpenDatabase> {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      // A read pool refuses writes even when its server is not a replica, so a write routed to
      // it by mistake fails in tests instead of succeeding on the wrong server.
      ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID
            ? toNumber
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
  } catch (error) {
    throw new DatabaseUnavailableError(describeConnectionError(error, url));
  }
  // A client losing its server (restart, failover) must not crash the process. Idle clients
  // report on the pool; checked-out ones on themselves, and their query fails on its own.
  // pg-pool drops a client that is no longer queryable when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(describeConnectionError(error, url));
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, target: { kind: 'postgres', url, poolSize, readOnly }, close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<OpenDatabase> {
  const lock = dataDir ? lockDataDir(dataDir) : undefined;
  try {
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
    });
    // Listening before anything else runs, so no write can commit unseen (LISTEN is not inside
    // any transaction). The count only grows; the notification's payload is not needed.
    const commits = { count: 0 };
    await pglite.listen(STATS_VERSION_CHANNEL, () => {
      commits.count++;
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
    statsVersionCommits.set(db, commits);
    let closed = false;
    return {
      db,
      target: dataDir ? { kind: 'pglite', dataDir } : { kind: 'memory' },
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database${dataDir ? ` in ${dataDir}` : ''}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

export function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  switch (target.kind) {
    case 'postgres':
      return openPostgres(target.url, target.poolSize, target.readOnly);
    case 'pglite':
      return openPglite(target.dataDir);
    case 'memory':
      return openPglite(undefined, target.loadDataDir);
  }
}

/** Where the app's database is, from DATABASE_URL or the embedded data directory. */
export function targetFromConfig(config: {
  DATABASE_URL?: string | undefined;
  DATA_DIR: string;
}): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: `${config.DATA_DIR}/pglite` };
}

export function describeTarget(target: DatabaseTarget): string {
  switch (target.kind) {
    case 'postgres':
      return `PostgreSQL at ${redactUrl(target.url)}`;
    case 'pglite':
      return `embedded PGlite in ${target.dataDir}`;
    case 'memory':
      return 'in-memory PGlite';
  }
}

// Connection-level failures (server down, restarting, refusing connections): answer 503, not 500.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Whether an error means the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    message,
  );
}
