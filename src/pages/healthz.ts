import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { appDatabase } from '../server/db/instance.ts';

/** Process and database status, for load balancers. */
export const GET: APIRoute = async () => {
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  try {
    const db = await appDatabase();
    await sql`select 1`.execute(db);
    return new Response(JSON.stringify({ status: 'ok', database: 'ok' }), { status: 200, headers });
  } catch {
    return new Response(JSON.stringify({ status: 'degraded', database: 'unavailable' }), {
      status: 503,
      headers,
    });
  }
};
