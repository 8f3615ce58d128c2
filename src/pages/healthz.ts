import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { readReplicaHealth, writeDb } from '../server/db/read-replica.ts';

/**
 * Process and database status, for load balancers: 200 while the primary answers (a replica that
 * is down or lagging only moves reads to the primary), 503 when it does not. No addresses.
 */
export const GET: APIRoute = async () => {
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  const [primary, replica] = await Promise.all([
    writeDb()
      .then((db) => sql`select 1`.execute(db))
      .then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      ),
    readReplicaHealth(),
  ]);
  const body = {
    status:
      primary !== 'ok'
        ? 'unavailable'
        : replica.status === 'ok' || replica.status === 'unconfigured'
          ? 'ok'
          : 'degraded',
    database: primary,
    databases: {
      primary: { state: primary },
      replica: {
        state: replica.status,
        lag_seconds: replica.lagSeconds === null ? null : Math.round(replica.lagSeconds * 1000) / 1000,
        serving_reads: replica.servingReads,
      },
    },
    reads_from: replica.servingReads ? 'replica' : 'primary',
  };
  return new Response(JSON.stringify(body), { status: primary === 'ok' ? 200 : 503, headers });
};
