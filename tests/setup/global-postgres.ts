// Names this run's throw-away PostgreSQL databases and drops any left behind at the end.
import pg from 'pg';
import { TEST_DATABASE_URL } from './test-env.ts';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (!TEST_DATABASE_URL) {
    console.warn('\n[tests] TEST_DATABASE_URL is not set: integration tests run on embedded PGlite only.\n');
    return;
  }
  const prefix = `ct_test_${Date.now().toString(36)}_${process.pid}_`;
  process.env['CT_TEST_DB_PREFIX'] = prefix;
  return async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await client.end();
    }
  };
}
