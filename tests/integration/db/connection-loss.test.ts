import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from '../../../src/server/db/client.ts';
import { useTestDatabase } from '../../setup/databases.ts';
import { TEST_DATABASE_URL } from '../../setup/test-env.ts';

// A restart or failover kills server connections, including ones a request has checked out.
describe.runIf(TEST_DATABASE_URL)('losing PostgreSQL connections', () => {
  const open = useTestDatabase('postgres');
  it('fails the affected query as "unavailable", keeps the process alive, and serves the next query', async () => {
    {
      const failure = await open.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
          await admin.connect();
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await admin.end();
          await new Promise((r) => setTimeout(r, 200)); // the 'error' event arrives while checked out
          await sql`select 1`.execute(trx);
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeDefined();
      expect(isDatabaseUnavailable(failure)).toBe(true);
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(open.db);
      expect(rows).toEqual([{ ok: 1 }]);
    }
  });
});
