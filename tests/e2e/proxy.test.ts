/**
 * The built server behind a real TLS-terminating nginx on loopback (tests/setup/nginx.ts), as the
 * README's deployment section configures it: forms work over https, every visitor has their own
 * rate-limit budget and duplicate guard, nobody can pick another's by writing X-Forwarded-For,
 * the origin check holds against SITE_ORIGIN, and the feed never reflects the Host header.
 * Visitors are loopback addresses 127.0.0.2–127.0.0.9.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, freePort, startServer } from '../../scripts/lib/server-process.ts';
import { type RunningProxy, proxyRequest, startNginx } from '../setup/nginx.ts';

const LIMIT = 3;

function timeline(filedMonth: number, country = 'MX') {
  return {
    category: 'i485',
    subcategory: null,
    country,
    service_center: 'NBC',
    filed: `2024-${String(filedMonth).padStart(2, '0')}`,
    milestones: [],
    premium: false,
    concurrent: false,
    note: null,
  };
}

describe('behind nginx terminating TLS', () => {
  let app: RunningServer;
  let proxy: RunningProxy;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ct-proxy-'));
    const port = await freePort();
    app = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PUBLIC_CLERK_PUBLISHABLE_KEY: '',
      CLERK_SECRET_KEY: '',
      CLERK_JWT_KEY: '',
      SITE_ORIGIN: `https://localhost:${port}`,
      TRUSTED_PROXIES: '127.0.0.1,::1',
      SERVER_SECRET: 'proxy-test-secret-0123456789-abcdefghijklmnop',
      RATE_LIMIT_PER_HOUR: String(LIMIT),
      LOG_LEVEL: 'warn',
    });
    proxy = await startNginx(app.port, port);
  });
  afterAll(async () => {
    await proxy?.stop();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const postJson = (body: unknown, from: string, headers: Record<string, string> = {}) =>
    proxyRequest(proxy, '/api/v1/timelines', {
      method: 'POST',
      from,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('serves pages over https with HSTS, as the proxy says the scheme is https', async () => {
    const page = await proxyRequest(proxy, '/share', { from: '127.0.0.2' });
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('accepts a same-site form post and answers the edit link on the public https origin', async () => {
    const form = new URLSearchParams({
      category: 'i485',
      country: 'IN',
      filed_month: '03',
      filed_year: '2024',
      note: '',
    });
    const shared = await proxyRequest(proxy, '/share', {
      method: 'POST',
      from: '127.0.0.2',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: proxy.origin },
      body: form.toString(),
    });
    expect(shared.status).toBe(200);
    expect(shared.body).toContain(`${proxy.origin}/t/`);
    expect(shared.body).not.toContain('http://localhost');
  });

  it('refuses cross-site and Origin-less form posts (the origin check holds behind the proxy)', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${proxy.port}`, undefined]) {
      const refused = await proxyRequest(proxy, '/share', {
        method: 'POST',
        from: '127.0.0.2',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(origin ? { origin } : {}),
        },
        body: 'category=i485',
      });
      expect(refused.status).toBe(403);
    }
  });

  it('gives each visitor their own rate limit; X-Forwarded-For written by a client changes nothing', async () => {
    for (let i = 1; i <= LIMIT; i++) expect((await postJson(timeline(i), '127.0.0.3')).status).toBe(201);
    const limited = await postJson(timeline(9), '127.0.0.3');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/json/);
    // Claiming to be someone else does not buy a new budget: nginx appends the real address.
    const spoofed = await postJson(timeline(10), '127.0.0.3', { 'x-forwarded-for': '203.0.113.99' });
    expect(spoofed.status).toBe(429);
    // Another visitor behind the same proxy is not affected.
    expect((await postJson(timeline(9), '127.0.0.4')).status).toBe(201);
  });

  it('keeps the duplicate guard per visitor: the same timeline from two visitors is two', async () => {
    expect((await postJson(timeline(5, 'PH'), '127.0.0.5')).status).toBe(201);
    expect((await postJson(timeline(5, 'PH'), '127.0.0.5')).status).toBe(409);
    expect((await postJson(timeline(5, 'PH'), '127.0.0.6')).status).toBe(201);
  });

  it('deletes with an edit token and no Origin (an API client is not a form)', async () => {
    const created = await postJson(timeline(7, 'BR'), '127.0.0.7');
    const { id, edit_url } = JSON.parse(created.body) as { id: string; edit_url: string };
    const token = /^\/t\/([^/]+)\/edit$/.exec(edit_url)![1]!;
    const deleted = await proxyRequest(proxy, `/api/v1/timelines/${id}`, {
      method: 'DELETE',
      from: '127.0.0.7',
      headers: { authorization: `EditToken ${token}` },
    });
    expect(deleted.status).toBe(204);
    const options = await proxyRequest(proxy, `/api/v1/timelines/${id}`, {
      method: 'OPTIONS',
      from: '127.0.0.7',
    });
    expect(options.status).toBe(405);
    expect(options.headers['content-type']).toMatch(/^application\/json/);
  });

  it('writes the canonical origin into the Atom feed whatever Host the request names', async () => {
    const feed = await proxyRequest(proxy, '/feed.atom', {
      from: '127.0.0.8',
      headers: { host: 'evil.example' },
    });
    expect(feed.status).toBe(200);
    expect(feed.body).toContain(`${proxy.origin}/feed`);
    expect(feed.body).not.toContain('evil.example');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    // Straight to the app from 127.0.0.9 (not in TRUSTED_PROXIES), claiming a new address each time.
    const direct = (n: number) =>
      plainPost(app.port, '/api/v1/timelines', JSON.stringify(timeline(n, 'NG')), {
        from: '127.0.0.9',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${n}` },
      });
    for (let i = 1; i <= LIMIT; i++) expect(await direct(i)).toBe(201);
    expect(await direct(LIMIT + 1)).toBe(429);
  });
});

/** A plain-http POST from a chosen loopback address; resolves to the status. */
function plainPost(
  port: number,
  path: string,
  body: string,
  options: { from: string; headers: Record<string, string> },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: options.headers,
        localAddress: options.from,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
