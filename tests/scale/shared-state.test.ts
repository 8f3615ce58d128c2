import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/client.ts';
import { insertTimelines } from '../../src/server/timelines/repository.ts';
import { buildDemoTimelines } from '../factories.ts';
import { ADMIN_TOKEN, SCALE_SKIP, useCluster } from './cluster.ts';
import { postTimeline, submission } from './submissions.ts';

const LIMIT = 6;

// Three instances started at the same moment on one fresh database, addressed directly: whatever
// one instance decides, another must honour, because the database is all they share.
describe.skipIf(SCALE_SKIP)('instances share nothing but the database', () => {
  const cluster = useCluster({ instances: 3, settings: { RATE_LIMIT_PER_HOUR: String(LIMIT) } });
  const at = (i: number) => cluster.instances.servers[i % cluster.instances.servers.length]!.baseUrl;

  it('runs the migrations once when all instances start together', async () => {
    const files = readdirSync(new URL('../../db/migrations', import.meta.url)).filter((f) =>
      f.endsWith('.ts'),
    );
    const rows = await cluster.query<{ name: string; n: number }>(
      'select name, count(*)::int as n from kysely_migration group by name order by name',
    );
    expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    for (let i = 0; i < 3; i++) expect((await fetch(`${at(i)}/healthz`)).status).toBe(200);
  });

  it('an edit link minted by one instance works on the others', async () => {
    const created = await postTimeline(at(0), submission(1));
    expect(created.status).toBe(201);
    const { id, edit_url: editUrl } = (await created.json()) as { id: string; edit_url: string };
    const token = editUrl.split('/')[2]!;
    const page = await fetch(`${at(1)}${editUrl}`);
    expect(page.status).toBe(200);
    const api = await fetch(`${at(2)}/api/v1/timelines/${id}`, {
      headers: { authorization: `EditToken ${token}` },
    });
    expect(api.status).toBe(200);
    const patched = await fetch(`${at(1)}/api/v1/timelines/${id}`, {
      method: 'PATCH',
      headers: { authorization: `EditToken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ service_center: 'NBC' }),
    });
    expect(patched.status).toBe(200);
    const read = await fetch(`${at(0)}/api/v1/timelines/${id}`, {
      headers: { authorization: `EditToken ${token}` },
    });
    expect(((await read.json()) as { service_center: string }).service_center).toBe('NBC');
  });

  it('a feed cursor minted by one instance opens the next page on another', async () => {
    const open = await openDatabase({ kind: 'postgres', url: cluster.primaryUrl, poolSize: 1 });
    try {
      await insertTimelines(
        open.db,
        buildDemoTimelines(40, 7).map((t) => ({ ...t, provenance: 'web' as const, note: null })),
      );
    } finally {
      await open.close();
    }
    const first = await (await fetch(`${at(0)}/feed`)).text();
    const next = /rel="next" href="([^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/after=/);
    const onB = await fetch(`${at(1)}${next!}`);
    expect(onB.status).toBe(200);
    const second = await onB.text();
    expect(second.includes('cursor is not valid')).toBe(false);
    const items = (html: string) => [...html.matchAll(/class="feed-item" id="([^"]+)"/g)].map((m) => m[1]);
    expect(items(second).length).toBeGreaterThan(0);
    expect(items(second).some((id) => items(first).includes(id))).toBe(false);
    // And a third instance opens it to the same items.
    expect(items(await (await fetch(`${at(2)}${next!}`)).text())).toEqual(items(second));
  });

  it('a moderator session started on one instance is valid on the others', async () => {
    const signIn = await fetch(`${at(0)}/moderation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: at(0) },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    for (const i of [1, 2]) {
      expect((await fetch(`${at(i)}/api/v1/moderation/queue`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${at(i)}/api/v1/moderation/queue`)).status).toBe(403);
    }
  });

  it('the duplicate guard refuses on one instance what another accepted', async () => {
    const body = submission(2);
    expect((await postTimeline(at(1), body)).status).toBe(201);
    const again = await postTimeline(at(2), body);
    expect(again.status).toBe(409);
  });

  // Last: it uses up the hour's submissions for this client. Two of them went to the tests above.
  it('one rate limit across instances, not one per instance', async () => {
    let accepted = 0;
    for (let i = 0; i < LIMIT * 3; i++) {
      const status = (await postTimeline(at(i), submission(100 + i))).status;
      if (status === 429) break;
      expect(status).toBe(201);
      accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
    // Limits kept per instance would have let about three times as many through, round-robin.
    expect(accepted).toBeLessThanOrEqual(LIMIT - 2);
    for (let i = 0; i < 3; i++) expect((await postTimeline(at(i), submission(200 + i))).status).toBe(429);
  });
});
