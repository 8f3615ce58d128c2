import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, SCALE_SKIP, useCluster } from './cluster.ts';
import { postTimeline, submission } from './submissions.ts';

/** Everything nginx has stored in its cache, as one string. */
function cachedBytes(dir: string): string {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path];
  return walk(join(dir, 'cache'))
    .map((file) => readFileSync(file, 'latin1'))
    .join('\n');
}

// nginx's proxy cache in front of two instances reading from the replica: public figures are
// served from the cache, private pages never are, whoever asks.
describe.skipIf(SCALE_SKIP)('the load balancer cache', () => {
  const cluster = useCluster({
    instances: 2,
    replica: true,
    loadBalancer: true,
    cache: true,
    settings: { RATE_LIMIT_PER_HOUR: '1000' },
  });
  const lb = (path: string, init?: RequestInit) => fetch(`${cluster.lb!.baseUrl}${path}`, init);

  it('public reads come from the replica, and the instance says so', async () => {
    const health = (await (await lb('/healthz')).json()) as {
      reads_from: string;
      databases: { replica: { state: string; lag_seconds: number } };
    };
    expect(health.reads_from).toBe('replica');
    expect(health.databases.replica.state).toBe('ok');
    expect(typeof health.databases.replica.lag_seconds).toBe('number');
  });

  it.each(['/api/v1/stats?category=i485', '/explore?category=i485', '/feed', '/feed.atom'])(
    '%s is public: ETag, Vary, shared-cache lifetime, and the second request is a cache hit',
    async (path) => {
      const first = await lb(path);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/public.*s-maxage=\d+/);
      expect(first.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
      await first.arrayBuffer();
      const second = await lb(path);
      expect(second.headers.get('x-cache-status')).toBe('HIT');
      const etag = second.headers.get('etag')!;
      await second.arrayBuffer();
      const revalidated = await lb(path, { headers: { 'if-none-match': etag } });
      expect(revalidated.status).toBe(304);
    },
  );

  it('the Host a visitor sends is part of the cache key: a forged Host fills only its own entry', async () => {
    const path = '/feed.atom?category=i131';
    // fetch() will not send a Host of its own choosing; node:http will.
    const forged = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(new URL(`${cluster.lb!.baseUrl}${path}`), { headers: { host: 'evil.example' } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
    expect(forged.status).toBe(200);
    const honest = await lb(path);
    // Not served from the entry the forged request filled.
    expect(honest.headers.get('x-cache-status')).toBe('MISS');
    expect(await honest.text()).not.toContain('evil.example');
  });

  it('an edit page is never stored, and a second request reaches an instance again', async () => {
    const created = await postTimeline(cluster.lb!.baseUrl, {
      ...submission(7),
      note: 'Waiting on the card.',
    });
    expect(created.status).toBe(201);
    const { edit_url: editUrl } = (await created.json()) as { edit_url: string };
    for (let i = 0; i < 2; i++) {
      const page = await lb(editUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toMatch(/no-store/);
      expect(page.headers.get('x-cache-status')).not.toBe('HIT');
      await page.text();
    }
    expect(cachedBytes(cluster.lb!.dir)).not.toContain(editUrl.split('/')[2]!);
  });

  it("a moderator's page is never served to the next visitor", async () => {
    const signIn = await lb('/moderation', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: cluster.lb!.baseUrl },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    for (const path of ['/moderation', '/api/v1/moderation/queue']) {
      const moderator = await lb(path, { headers: { cookie } });
      expect(moderator.status).toBe(200);
      expect(moderator.headers.get('cache-control')).toMatch(/no-store/);
      await moderator.text();
      const visitor = await lb(path);
      expect(visitor.status).toBe(403);
      expect(visitor.headers.get('x-cache-status')).not.toBe('HIT');
      await visitor.text();
    }
    expect(cachedBytes(cluster.lb!.dir)).not.toMatch(/Audit log|"reports"/);
  });

  it('a timeline its author just shared is readable at once (edits read the primary)', async () => {
    const created = await postTimeline(cluster.lb!.baseUrl, submission(8));
    const { id, edit_url: editUrl } = (await created.json()) as { id: string; edit_url: string };
    const read = await lb(`/api/v1/timelines/${id}`, {
      headers: { authorization: `EditToken ${editUrl.split('/')[2]!}` },
    });
    expect(read.status).toBe(200);
  });
});
