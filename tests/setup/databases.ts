/**
 * Real databases for integration tests: in-memory PGlite always, and a fresh PostgreSQL
 * database per suite when TEST_DATABASE_URL is set (dropped again on close).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../src/server/db/client.ts';
import { bundledMigrations } from '../../src/server/db/bundled-migrations.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { RUN_DATABASE_PREFIX, TEST_DATABASE_URL } from './test-env.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export type TableName = keyof DB & string;

/** The kinds every integration suite runs on. */
export const DATABASE_KINDS: DatabaseKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** What sharing a timeline writes: emptied before each test by suites that share timelines. */
export const SHARING_TABLES: readonly TableName[] = [
  'timelines',
  'submission_fingerprints',
  'rate_limit_counters',
];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database: its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${RUN_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists "${name}" with (force)`) };
}

/** An empty database of the given kind, migrated unless told otherwise. */
async function openTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<OpenDatabase> {
  let open: OpenDatabase;
  if (kind === 'pglite') {
    open = await openDatabase({ kind: 'memory' });
  } else {
    const created = await createPostgresDatabase();
    const inner = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 4 });
    open = {
      ...inner,
      close: async () => {
        await inner.close();
        await created.drop();
      },
    };
  }
  if (options.migrate !== false) await migrateToLatest(open.db, bundledMigrations);
  return open;
}

/**
 * The one integration-test database fixture: opens a migrated database of `kind` before the
 * enclosing describe block and closes (for PostgreSQL: drops) it afterwards. `cleanEachTest`
 * empties tables before each test: `true` means the timelines (and what cascades from them),
 * a list names the tables. Read `.db` / `.open` inside tests and hooks, never at collection.
 */
export function useTestDatabase(
  kind: DatabaseKind,
  options: {
    migrate?: boolean;
    cleanEachTest?: boolean | readonly TableName[];
    /** Runs once after the database opens (and migrates), for suites that share one dataset. */
    seed?: (open: OpenDatabase) => Promise<unknown>;
  } = {},
): { readonly db: OpenDatabase['db']; readonly open: OpenDatabase } {
  let current: OpenDatabase | undefined;
  const opened = (): OpenDatabase => {
    if (!current) throw new Error('useTestDatabase: the database is only open inside tests');
    return current;
  };
  beforeAll(async () => {
    current = await openTestDatabase(kind, { migrate: options.migrate ?? true });
    await options.seed?.(current);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  const clean = options.cleanEachTest === true ? ['timelines' as const] : options.cleanEachTest || [];
  if (clean.length > 0) {
    beforeEach(async () => {
      // DELETE, not TRUNCATE: row triggers keep the statistics rollups exact, as in the app,
      // and on a handful of rows it is the cheaper of the two.
      for (const table of clean) await opened().db.deleteFrom(table).execute();
    });
  }
  return {
    get db() {
      return opened().db;
    },
    get open() {
      return opened();
    },
  };
}
