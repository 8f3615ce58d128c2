import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BASE_URL, useBrowser } from './browser.ts';
import { axeViolations, watchCsp } from './checks.ts';
import { E2E_ADMIN_TOKEN, LONG_NOTE, REPORT_FILTER, REPORT_NOTES } from './fixtures.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

type Who = 'anonymous' | 'wrong token' | 'moderator';
const WHO: Who[] = ['anonymous', 'wrong token', 'moderator'];

function headers(who: Who, extra: Record<string, string> = {}): Record<string, string> {
  const auth: Record<string, string> =
    who === 'anonymous'
      ? {}
      : {
          authorization: `Bearer ${who === 'moderator' ? E2E_ADMIN_TOKEN : 'not-the-admin-token-at-all-0000'}`,
        };
  return { origin: BASE_URL, ...auth, ...extra };
}

const form = (fields: Record<string, string>) => ({
  'content-type': 'application/x-www-form-urlencoded',
  body: new URLSearchParams(fields).toString(),
});

async function firstQueuedRef(): Promise<string> {
  const queue = (await (
    await fetch(`${BASE_URL}/api/v1/moderation/queue`, { headers: headers('moderator') })
  ).json()) as { entries: { ref: string }[] };
  return queue.entries[0]!.ref;
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/moderation`);
  await page.getByLabel('Admin token').fill(E2E_ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE_URL}/moderation`);
}

describe('moderation routes refuse everyone but moderators', () => {
  it.each(WHO)('GET /moderation as %s', async (who) => {
    const response = await fetch(`${BASE_URL}/moderation`, { headers: headers(who) });
    const html = await response.text();
    expect(response.status).toBe(who === 'moderator' ? 200 : 403);
    expect(html.includes('Reported items')).toBe(who === 'moderator');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each(WHO)('GET /api/v1/moderation/queue as %s', async (who) => {
    const response = await fetch(`${BASE_URL}/api/v1/moderation/queue`, { headers: headers(who) });
    const body = (await response.json()) as { error?: string; openReports?: number };
    if (who === 'moderator') {
      expect(response.status).toBe(200);
      expect(body.openReports).toBeGreaterThanOrEqual(50);
    } else {
      expect(response.status).toBe(403);
      expect(body).toEqual({ error: 'Moderators only' });
    }
  });

  it.each(WHO)('POST /api/v1/moderation/actions as %s', async (who) => {
    const item = await firstQueuedRef();
    const response = await fetch(`${BASE_URL}/api/v1/moderation/actions`, {
      method: 'POST',
      headers: headers(who, { 'content-type': 'application/json' }),
      body: JSON.stringify({ item, action: 'dismiss', reason: 'e2e: not abusive' }),
    });
    if (who === 'moderator') {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        action: 'dismiss',
        from: 'visible',
        to: 'visible',
        reportsResolved: 1,
      });
    } else {
      expect(response.status).toBe(403);
      expect(await firstQueuedRef()).toBe(item);
    }
  });

  it('POST /api/v1/moderation/actions names the problem in a bad request', async () => {
    const response = await fetch(`${BASE_URL}/api/v1/moderation/actions`, {
      method: 'POST',
      headers: headers('moderator', { 'content-type': 'application/json' }),
      body: JSON.stringify({ item: 'x', action: 'delete' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['action', 'item', 'reason']);
  });

  it.each(WHO)('POST /moderation/actions as %s', async (who) => {
    const item = await firstQueuedRef();
    const { body, ...type } = form({ item, action: 'dismiss', reason: 'e2e form' });
    const response = await fetch(`${BASE_URL}/moderation/actions`, {
      method: 'POST',
      headers: headers(who, type),
      body,
      redirect: 'manual',
    });
    if (who === 'moderator') {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/moderation?done=dismiss');
    } else {
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'Moderators only' });
    }
  });

  it.each(WHO)('POST /moderation/sign-out as %s', async (who) => {
    const response = await fetch(`${BASE_URL}/moderation/sign-out`, {
      method: 'POST',
      headers: headers(who, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: '',
      redirect: 'manual',
    });
    expect(response.status).toBe(who === 'moderator' ? 303 : 403);
  });

  it('POST /moderation signs in with the right token only, with a cookie that never holds it', async () => {
    const post = (token: string) => {
      const { body, ...type } = form({ token });
      return fetch(`${BASE_URL}/moderation`, {
        method: 'POST',
        headers: headers('anonymous', type),
        body,
        redirect: 'manual',
      });
    };
    const wrong = await post('not-the-admin-token-at-all-0000');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('not the admin token');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await post(E2E_ADMIN_TOKEN);
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ct_moderator=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(E2E_ADMIN_TOKEN);
    const withCookie = await fetch(`${BASE_URL}/moderation`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    const forged = await fetch(`${BASE_URL}/moderation`, {
      headers: { cookie: `${cookie.split(';')[0]!.slice(0, -3)}abc` },
    });
    expect(forged.status).toBe(403);
  });

  it('refuses a cross-site form post even from a moderator', async () => {
    const { body, ...type } = form({ item: 'A'.repeat(22), action: 'exclude', reason: 'csrf' });
    const response = await fetch(`${BASE_URL}/moderation/actions`, {
      method: 'POST',
      headers: { ...headers('moderator', type), origin: 'https://evil.example' },
      body,
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
  });
});

describe('moderation in Chromium', () => {
  const browser = useBrowser();

  it.each(['signed out', 'signed in'])('the moderation page (%s) passes axe and the CSP', async (state) => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    if (state === 'signed in') await signIn(page);
    else await page.goto(`${BASE_URL}/moderation`);
    expect(await axeViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('shows the reported XSS notes as text in the queue, running none', async () => {
    const page = await browser.newPage();
    const fired: string[] = [];
    page.on('dialog', async (d) => {
      fired.push(d.message());
      await d.dismiss();
    });
    await signIn(page);
    const notes = page.locator('.queue p.note');
    // Other tests may have queued ordinary notes too; the payloads must all show verbatim.
    const payloadsShown = (await notes.allTextContents()).filter((t) => XSS_PAYLOADS.includes(t));
    expect(payloadsShown.length).toBeGreaterThanOrEqual(50);
    expect(await notes.evaluateAll((els) => els.reduce((n, e) => n + e.childElementCount, 0))).toBe(0);
    const handlers = await page.evaluate(
      () =>
        [...document.querySelectorAll('*')].filter((el) =>
          [...el.attributes].some((a) => a.name.startsWith('on')),
        ).length,
    );
    expect(handlers).toBe(0);
    expect(fired).toEqual([]);
  });

  it('a reported note is hidden by a moderator and disappears from the feed', async () => {
    const note = REPORT_NOTES[0]!;
    const firstLine = note.split('\n')[0]!;
    const reader = await browser.newContext({ javaScriptEnabled: false });
    const feed = await reader.newPage();
    await feed.goto(`${BASE_URL}/feed?${new URLSearchParams(REPORT_FILTER)}`);
    const item = feed.locator('.feed-item', { hasText: firstLine });
    const itemId = await item.getAttribute('id');
    await item.locator('summary', { hasText: 'Report' }).click();
    await item.getByLabel('Identifying information').check();
    await item.getByRole('button', { name: 'Send report' }).click();
    await feed.waitForLoadState();
    expect(await feed.getByRole('status').textContent()).toContain('received');

    const moderator = await browser.newPage();
    await signIn(moderator);
    const entry = moderator.locator('.queue > li', { hasText: firstLine });
    expect(await entry.textContent()).toContain('Identifying information × 1');
    await entry.getByLabel('Why (kept in the audit log)').fill('names a service center employee');
    await entry.getByRole('button', { name: 'Hide note' }).click();
    await moderator.waitForURL(/done=hide_note/);
    expect(await moderator.getByRole('status').textContent()).toContain('hide note');
    expect(await moderator.locator('table tbody tr').first().textContent()).toContain(
      'names a service center employee',
    );
    expect(await moderator.locator('.queue > li', { hasText: firstLine }).count()).toBe(1); // now under "Hidden and excluded"

    await feed.goto(`${BASE_URL}/feed?${new URLSearchParams(REPORT_FILTER)}`);
    expect(await feed.locator('main').textContent()).not.toContain(firstLine);
    expect(await feed.locator(`[id="${itemId}"]`).count()).toBe(1);
    expect(await feed.locator(`[id="${itemId}"] .note`).count()).toBe(0);
  });
});

describe('report API', () => {
  it('takes JSON reports, once per reader, and names every problem', async () => {
    const page = await (await fetch(`${BASE_URL}/feed?${new URLSearchParams(REPORT_FILTER)}`)).text();
    // The long-note item: no other test reports it, so this reader has not reported it yet.
    const chunk = page.split('<li class="feed-item"').find((c) => c.includes(LONG_NOTE.split('\n')[0]!))!;
    const item = /name="item" value="([A-Za-z0-9_-]{22})"/.exec(chunk)![1]!;
    const post = (body: unknown, type = 'application/json') =>
      fetch(`${BASE_URL}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify(body),
      });
    const first = await post({ item, reason: 'implausible_dates' });
    expect([first.status, await first.json()]).toEqual([201, { status: 'received' }]);
    const again = await post({ item, reason: 'spam' });
    expect([again.status, await again.json()]).toEqual([200, { status: 'already_reported' }]);
    const unknown = await post({ item: 'A'.repeat(22), reason: 'spam' });
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'No such item in the feed' }]);
    const bad = await post({ item, reason: 'boring' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'reason',
    ]);
    expect((await post({ item, reason: 'spam' }, 'application/xml')).status).toBe(415);
    // Form-like bodies without a same-site Origin never reach the route (Astro's origin check).
    expect((await post({ item, reason: 'spam' }, 'text/plain')).status).toBe(403);
  });
});
