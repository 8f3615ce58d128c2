// Migrates one template database per run that every suite's database starts from, instead of
// running every migration again per suite:
// - PGlite: a migrated in-memory database dumped to a file, which suites load (loadDataDir);
// - PostgreSQL (when TEST_DATABASE_URL is set): a migrated database that suites copy with
//   CREATE DATABASE … TEMPLATE.
// Names this run's throw-away databases and removes them all at the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/server/db/client.ts';
import { bundledMigrations } from '../../src/server/db/bundled-migrations.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { TEST_DATABASE_URL } from './test-env.ts';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Dumps a migrated PGlite data directory to a file; returns its remover. */
async function pgliteTemplate(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-test-pglite-'));
  const file = join(dir, 'migrated.tar');
  // PGlite directly, not openDatabase: only the instance can dump its data directory.
  const pglite = await PGlite.create();
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  try {
    await migrateToLatest(db, bundledMigrations);
    const dump = await pglite.dumpDataDir('none');
    writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  } finally {
    await db.destroy();
    if (!pglite.closed) await pglite.close();
  }
  process.env['CT_TEST_PGLITE_TEMPLATE'] = file;
  return () => rmSync(dir, { recursive: true, force: true });
}

/** Creates and migrates this run's PostgreSQL template; returns what drops every database of the run. */
async function postgresTemplate(): Promise<() => Promise<void>> {
  const prefix = `ct_test_${Date.now().toString(36)}_${process.pid}_`;
  process.env['CT_TEST_DB_PREFIX'] = prefix;
  const template = `${prefix}template`;
  await admin((c) => c.query(`create database "${template}"`));
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${template}`;
  // Closed before any test runs: PostgreSQL copies a template only while nobody is connected to it.
  const open = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
  try {
    await migrateToLatest(open.db, bundledMigrations);
  } finally {
    await open.close();
  }
  process.env['CT_TEST_DB_TEMPLATE'] = template;
  return () =>
    admin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    });
}

export default async function setup(): Promise<() => Promise<void>> {
  const removePglite = await pgliteTemplate();
  if (!TEST_DATABASE_URL) {
    console.warn('\n[tests] TEST_DATABASE_URL is not set: integration tests run on embedded PGlite only.\n');
    return async () => removePglite();
  }
  const dropPostgres = await postgresTemplate();
  return async () => {
    removePglite();
    await dropPostgres();
  };
}
