import { beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../../src/server/db/client.ts';
import {
  type ApiContext,
  createTimelineResponse,
  deleteTimelineResponse,
  patchTimelineResponse,
  readTimelineResponse,
} from '../../../src/server/timelines/api.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';
import { buildTimelineBody } from '../../factories.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const EXAMPLE = buildTimelineBody();
const URL_BASE = 'http://localhost/api/v1/timelines';

function post(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Request {
  return new Request(URL_BASE, { method: 'POST', headers, body });
}
function withToken(method: string, id: string, token: string | undefined, body?: unknown): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers['authorization'] = `EditToken ${token}`;
  return new Request(`${URL_BASE}/${id}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe.each(DATABASE_KINDS)('timeline JSON API on %s', (kind) => {
  let ctx: ApiContext;
  const open = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  beforeEach(() => {
    ctx = { database: async () => open.db, clientAddress: '203.0.113.7', rateLimitPerHour: 100, now: NOW };
  });

  async function create(body: unknown = EXAMPLE): Promise<{ id: string; token: string }> {
    const response = await createTimelineResponse(post(JSON.stringify(body)), ctx);
    expect(response.status).toBe(201);
    const { id, edit_url } = (await response.json()) as { id: string; edit_url: string };
    return { id, token: /^\/t\/([^/]+)\/edit$/.exec(edit_url)![1]! };
  }

  it('keeps missing earlier steps and long waits, says so, and flags the wait for moderators', async () => {
    // Issue 13: an RFE answer without its notice, an empty service center, an 82-month I-140 wait.
    const response = await createTimelineResponse(
      post(
        JSON.stringify({
          category: 'i140',
          subcategory: 'eb3',
          country: 'IN',
          service_center: '',
          filed: '2006-02',
          milestones: [
            { key: 'receipt', month: '2006-03' },
            { key: 'rfe_responded', month: '2007-05' },
            { key: 'approved', month: '2013-09' },
          ],
        }),
      ),
      ctx,
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; notices: { kind: string; path: string }[] };
    expect(body.notices.map((n) => [n.kind, n.path])).toEqual([
      ['missing_step', 'milestones.1.key'],
      ['long_wait', 'milestones.2.month'],
    ]);
    const reports = await open.db.selectFrom('reports').select(['timeline_id', 'reason']).execute();
    expect(reports).toEqual([{ timeline_id: body.id, reason: 'implausible_dates' }]);
  });

  it('creates the documented example: 201 { id, edit_url }, token stored only as a hash', async () => {
    const response = await createTimelineResponse(post(JSON.stringify(EXAMPLE)), ctx);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { id: string; edit_url: string };
    expect(Object.keys(body).sort()).toEqual(['edit_url', 'id']);
    expect(body.edit_url).toMatch(/^\/t\/[A-Za-z0-9_-]{43}\/edit$/);
    expect(response.headers.get('location')).toBe(`/api/v1/timelines/${body.id}`);
    const row = await open.db
      .selectFrom('timelines')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    const token = body.edit_url.split('/')[2]!;
    expect(row.edit_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.provenance).toBe('web');
  });

  it.each([
    ['not JSON', post('{"category":'), 400],
    ['empty', post(''), 400],
    ['wrong content type', post(JSON.stringify(EXAMPLE), { 'content-type': 'text/plain' }), 415],
    ['a form post', post('category=i485', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['oversized', post(JSON.stringify({ ...EXAMPLE, note: 'x'.repeat(20_000) })), 413],
  ])('answers %s with a 4xx JSON error and writes nothing', async (_name, request, status) => {
    const response = await createTimelineResponse(request, ctx);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('answers an invalid timeline with 422 and every issue, with paths', async () => {
    const response = await createTimelineResponse(
      post(
        JSON.stringify({
          ...EXAMPLE,
          filed: '2027-01',
          note: 'email me at jo@example.com',
          milestones: [{ key: 'oath', month: '2024-01' }],
        }),
      ),
      ctx,
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('The timeline was not accepted; see issues.');
    expect(body.issues.map((i) => i.path)).toEqual(['note', 'filed', 'milestones.0.key']);
    expect(JSON.stringify(body)).not.toContain('jo@example.com');
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('refuses the same timeline from the same client within a day (409), not from another client', async () => {
    await create();
    const again = await createTimelineResponse(
      post(JSON.stringify({ ...EXAMPLE, note: 'different note' })),
      ctx,
    );
    expect(again.status).toBe(409);
    const other = await createTimelineResponse(post(JSON.stringify(EXAMPLE)), {
      ...ctx,
      clientAddress: '198.51.100.1',
    });
    expect(other.status).toBe(201);
    const tomorrow = await createTimelineResponse(post(JSON.stringify(EXAMPLE)), {
      ...ctx,
      now: new Date(NOW.getTime() + 24 * 3600_000 + 1000),
    });
    expect(tomorrow.status).toBe(201);
    expect(await countTimelines(open.db)).toBe(3);
  });

  it('rate-limits writes per client: 429 with Retry-After, nothing written', async () => {
    ctx.rateLimitPerHour = 2;
    await create({ ...EXAMPLE, filed: '2024-01', milestones: [] });
    await create({ ...EXAMPLE, filed: '2024-02', milestones: [] });
    const refused = await createTimelineResponse(
      post(JSON.stringify({ ...EXAMPLE, filed: '2024-05', milestones: [] })),
      ctx,
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Try again in \d+ minutes/);
    expect(await countTimelines(open.db)).toBe(2);
  });

  it('reads, patches and deletes with the edit token', async () => {
    const { id, token } = await create();
    const read = await readTimelineResponse(withToken('GET', id, token), id, ctx);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id, ...EXAMPLE, last_confirmed: '2026-11' });

    const patched = await patchTimelineResponse(
      withToken('PATCH', id, token, {
        note: null,
        milestones: [
          { key: 'biometrics', month: '2024-04' },
          { key: 'approved', month: '2025-01' },
        ],
      }),
      id,
      ctx,
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      id,
      note: null,
      filed: '2024-03',
      milestones: [{ key: 'biometrics' }, { key: 'approved', month: '2025-01' }],
    });

    const deleted = await deleteTimelineResponse(withToken('DELETE', id, token), id, ctx);
    expect(deleted.status).toBe(204);
    expect(await countTimelines(open.db)).toBe(0);
    expect(await open.db.selectFrom('milestones').selectAll().execute()).toEqual([]);
    expect((await readTimelineResponse(withToken('GET', id, token), id, ctx)).status).toBe(404);
  });

  it('answers wrong, malformed or missing tokens without detail', async () => {
    const { id, token } = await create();
    const other = await create({ ...EXAMPLE, filed: '2023-01', milestones: [] });
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const [targetId, presented] of [
      [id, wrong],
      [id, 'short'],
      [id, other.token],
      ['not-a-uuid', token],
      ['00000000-0000-4000-8000-000000000000', token],
    ] as const) {
      const response = await readTimelineResponse(withToken('GET', targetId, presented), targetId, ctx);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'Not found' });
    }
    const missing = await patchTimelineResponse(withToken('PATCH', id, undefined, { note: 'x' }), id, ctx);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('EditToken');
    const deleted = await deleteTimelineResponse(withToken('DELETE', id, wrong), id, ctx);
    expect(deleted.status).toBe(404);
    expect(await countTimelines(open.db)).toBe(2);
  });

  it('re-runs validation and the guard on every patch', async () => {
    const { id, token } = await create();
    const guarded = await patchTimelineResponse(
      withToken('PATCH', id, token, { note: 'receipt IOE0912345678' }),
      id,
      ctx,
    );
    expect(guarded.status).toBe(422);
    const implausible = await patchTimelineResponse(
      withToken('PATCH', id, token, { filed: '2024-05' }),
      id,
      ctx,
    );
    expect(implausible.status).toBe(422);
    expect(((await implausible.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'milestones.0.month',
    ]);
    for (const body of [[1], 'text', null]) {
      expect((await patchTimelineResponse(withToken('PATCH', id, token, body), id, ctx)).status).toBe(422);
    }
    const stored = (await (await readTimelineResponse(withToken('GET', id, token), id, ctx)).json()) as {
      note: string;
    };
    expect(stored.note).toBe('optional text');
  });

  it('answers 503 when the database is unreachable and 500 on other failures, with no detail', async () => {
    const unreachable = await createTimelineResponse(post(JSON.stringify(EXAMPLE)), {
      ...ctx,
      database: () => Promise.reject(new DatabaseUnavailableError('Cannot reach PostgreSQL at 10.0.0.1')),
    });
    expect(unreachable.status).toBe(503);
    expect(JSON.stringify(await unreachable.json())).not.toContain('10.0.0.1');
    const broken = await createTimelineResponse(post(JSON.stringify(EXAMPLE)), {
      ...ctx,
      database: () => Promise.reject(new Error('secret detail')),
    });
    expect(broken.status).toBe(500);
    expect(JSON.stringify(await broken.json())).not.toContain('secret detail');
  });
});
