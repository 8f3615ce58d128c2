import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import type { OpenDatabase } from '../../../src/server/db/client.ts';
import { ReadRouter } from '../../../src/server/db/read-replica.ts';
import { log } from '../../../src/server/log/logger.ts';
import { useTestDatabase } from '../../setup/databases.ts';
import { TEST_DATABASE_URL } from '../../setup/test-env.ts';

// A real streaming replica is built by the scale suite (tests/scale); here the "replica" is a
// read-only pool on the same server (not in recovery: lag 0) or an address nobody listens on.
describe.runIf(TEST_DATABASE_URL)('read routing between the primary and a replica', () => {
  const fixture = useTestDatabase('postgres');
  let primary: OpenDatabase;
  let url: string;
  const routers: ReadRouter[] = [];
  const router = (replicaUrl: string | undefined, maxLagSeconds = 10) => {
    const created = new ReadRouter({
      primary: () => Promise.resolve(primary.db),
      replicaUrl,
      maxLagSeconds,
      poolSize: 2,
      probeIntervalMs: 50,
    });
    routers.push(created);
    return created;
  };
  const backendPid = async (db: OpenDatabase['db']) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;
  const readOnly = async (db: OpenDatabase['db']) =>
    (await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(db)).rows[0]!
      .ro;

  beforeAll(() => {
    primary = fixture.open;
    if (primary.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    url = primary.target.url;
  });
  afterAll(async () => {
    for (const r of routers) await r.close();
  });

  it('without a replica every read goes to the primary', async () => {
    const r = router(undefined);
    expect(await r.readDatabase()).toBe(primary.db);
    expect(await r.probe()).toEqual({ status: 'unconfigured', lagSeconds: null, servingReads: false });
  });

  it('sends reads to a usable replica through a pool that refuses writes', async () => {
    const r = router(url);
    const db = await r.readDatabase();
    expect(db).not.toBe(primary.db);
    expect(await readOnly(db)).toBe('on');
    expect(await readOnly(primary.db)).toBe('off');
    expect(await r.probe()).toEqual({ status: 'ok', lagSeconds: 0, servingReads: true });
  });

  it('a "read" that writes is refused by the read pool and run again on the primary', async () => {
    const info = vi.spyOn(log, 'info');
    const r = router(url);
    const result = await r.withRead(async (db) => {
      await sql`create table read_probe (a int)`.execute(db);
      return db === primary.db ? 'primary' : 'replica';
    });
    expect(result).toBe('primary');
    expect(info).toHaveBeenCalledWith('read_on_primary', { reason: 'needs_primary' });
    info.mockRestore();
  });

  it('falls back to the primary, and logs it without the address, when the replica cannot be reached', async () => {
    const warn = vi.spyOn(log, 'warn');
    const r = router('postgres://postgres@127.0.0.1:1/nothing');
    expect(await r.readDatabase()).toBe(primary.db);
    expect(r.state).toMatchObject({ status: 'unavailable', servingReads: false });
    const fields = warn.mock.calls.find(([event]) => event === 'read_replica_fallback')?.[1];
    expect(fields).toMatchObject({ reason: 'unavailable', code: 'connect_failed' });
    expect(JSON.stringify(fields)).not.toMatch(/127\.0\.0\.1|:1\b|postgres:/);
    warn.mockRestore();
  });

  it('when the replica dies under a read, the read is answered by the primary', async () => {
    const r = router(url);
    const result = await r.withRead(async (db) => {
      return db.connection().execute(async (connection) => {
        if (db !== primary.db) {
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          await admin.query('select pg_terminate_backend($1)', [await backendPid(connection)]);
          await admin.end();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return (await sql<{ n: number }>`select 41 + 1 as n`.execute(connection)).rows[0]!.n;
      });
    });
    expect(result).toBe(42);
    expect(r.state.status).toBe('unavailable');
    // The next check finds it healthy again and reads return to it.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await r.probe()).toMatchObject({ status: 'ok', servingReads: true });
  });

  it('errors that are not about the replica are not retried', async () => {
    const r = router(url);
    let calls = 0;
    await expect(
      r.withRead(async (db) => {
        calls++;
        await sql`select 1/0`.execute(db);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(calls).toBe(1);
  });
});
