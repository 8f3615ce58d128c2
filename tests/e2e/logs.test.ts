import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../scripts/lib/server-process.ts';

// Its own server, so the log holds exactly what this test did.
describe('server logs after a submission, an edit and a deletion', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ct-logs-'));
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('are JSON lines with no note, token, address, user agent or body', async () => {
    const note = 'Interview at the Newark field office went quickly, zebra-marker-7731.';
    const userAgent = 'LogProbe/9.9 (unique-agent-marker)';
    const forwarded = '203.0.113.77';
    const headers = {
      'content-type': 'application/json',
      origin: server.baseUrl,
      'user-agent': userAgent,
      'x-forwarded-for': forwarded,
    };
    const created = await fetch(`${server.baseUrl}/api/v1/timelines`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        category: 'i485',
        subcategory: null,
        country: 'PH',
        service_center: 'NBC',
        filed: '2024-03',
        milestones: [{ key: 'biometrics', month: '2024-04' }],
        premium: false,
        concurrent: false,
        note,
      }),
    });
    expect(created.status).toBe(201);
    const { id, edit_url } = (await created.json()) as { id: string; edit_url: string };
    const token = edit_url.split('/')[2]!;
    const auth = { ...headers, authorization: `EditToken ${token}` };
    expect((await fetch(`${server.baseUrl}/api/v1/timelines/${id}`, { headers: auth })).status).toBe(200);
    expect(
      (await fetch(`${server.baseUrl}${edit_url}`, { headers: { 'user-agent': userAgent } })).status,
    ).toBe(200);
    const refused = await fetch(`${server.baseUrl}/api/v1/timelines`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ category: 'i485', note: 'my receipt IOE0912345678' }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(
      (await fetch(`${server.baseUrl}/api/v1/timelines/${id}`, { method: 'DELETE', headers: auth })).status,
    ).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 300));

    const lines = server
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = events.filter((e) => e['event'] === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expect(requests.map((e) => e['route'])).toContain('/t/[token]/edit');
    const text = lines.join('\n');
    for (const secret of [
      note,
      'zebra-marker-7731',
      token,
      id,
      userAgent,
      'unique-agent-marker',
      forwarded,
      '127.0.0.1',
      'IOE0912345678',
      'biometrics',
      '2024-03',
    ]) {
      expect(text, `log contains ${secret}`).not.toContain(secret);
    }
  });
});
