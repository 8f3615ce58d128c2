// Names this run's throw-away PostgreSQL databases, migrates one template database that every
// suite's database is copied from (CREATE DATABASE … TEMPLATE: a file copy instead of running
// every migration again per suite), and drops them all at the end.
import pg from 'pg';
import { openDatabase } from '../../src/server/db/client.ts';
import { bundledMigrations } from '../../src/server/db/bundled-migrations.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
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

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (!TEST_DATABASE_URL) {
    console.warn('\n[tests] TEST_DATABASE_URL is not set: integration tests run on embedded PGlite only.\n');
    return;
  }
  const prefix = `ct_test_${Date.now().toString(36)}_${process.pid}_`;
  process.env['CT_TEST_DB_PREFIX'] = prefix;

  const template = `${prefix}template`;
  await admin((c) => c.query(`create database "${template}"`));
  const url = new URL(TEST_DATABASE_URL);
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
