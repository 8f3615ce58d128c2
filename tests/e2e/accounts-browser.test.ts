// Accounts in Chromium: with session cookies set as Clerk would, a person walks through /me,
// claims a timeline, shares a read-only link, exports and deletes their data. Pages must
// run without a CSP violation with Clerk's hosts in the policy (Clerk's own script cannot
// load offline; the server side and the page must still work). Without keys, no Clerk at all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { BASE_URL, type BrowserFixture, useBrowser } from './browser.ts';
import { axeViolations, watchCsp } from './checks.ts';
import { ACCOUNTS_BASE_URL, api, bearer, clerk, timelineInput } from './accounts.ts';
import { sessionCookies } from '../setup/clerk-keys.ts';

const USER = 'user_e2e_walker';

async function signedInContext(browser: BrowserFixture, userId: string): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true });
  const cookies = sessionCookies(clerk.sessionToken(userId));
  await context.addCookies(
    Object.entries(cookies).map(([name, value]) => ({ name, value, url: ACCOUNTS_BASE_URL })),
  );
  return context;
}

describe('accounts without Clerk keys', () => {
  it.each(['/me', '/sign-in', '/sign-up'])(
    '%s says sign-in is not configured and loads no Clerk script',
    async (path) => {
      const response = await fetch(`${BASE_URL}${path}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Sign-in is not configured on this instance');
      expect(html.toLowerCase()).not.toContain('clerk');
      expect(response.headers.get('content-security-policy')).not.toContain('clerk');
    },
  );

  it('shows no account link and refuses the account API with 401', async () => {
    expect(await (await fetch(`${BASE_URL}/`)).text()).not.toContain('href="/me"');
    const response = await fetch(`${BASE_URL}/api/v1/me/timelines`, {
      headers: bearer(clerk.sessionToken(USER)),
    });
    expect(response.status).toBe(401);
  });
});

describe('accounts with Clerk keys, in Chromium', () => {
  const browser = useBrowser();

  it('names Clerk’s Frontend API host in the page policy, and only on pages', async () => {
    const page = await fetch(`${ACCOUNTS_BASE_URL}/privacy`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src [^;]*https:\/\/clerk\.casetrack\.test/);
    expect(policy).toMatch(/connect-src [^;]*https:\/\/clerk\.casetrack\.test/);
    expect(policy).not.toContain("'unsafe-inline'");
    expect((await fetch(`${ACCOUNTS_BASE_URL}/sign-in`)).headers.get('content-security-policy')).toMatch(
      /style-src-elem [^;]*'unsafe-inline'/,
    );
    expect(
      (await fetch(`${ACCOUNTS_BASE_URL}/api/v1/me/timelines`)).headers.get('content-security-policy'),
    ).not.toContain('clerk');
  });

  it.each(['/', '/privacy', '/me', '/sign-in', '/sign-up'])(
    '%s runs signed out without a CSP violation',
    async (path) => {
      const page = await browser.newPage();
      const violations = await watchCsp(page);
      const response = await page.goto(`${ACCOUNTS_BASE_URL}${path}`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(violations).toEqual([]);
    },
  );

  it('walks through /me: claim, share link, export, delete', async () => {
    const owned = await api(
      'POST',
      '/api/v1/timelines',
      bearer(clerk.sessionToken(USER)),
      timelineInput({ last_confirmed: '2025-01', country: 'MX' }),
    );
    expect(owned.status).toBe(201);
    const anonymous = await api(
      'POST',
      '/api/v1/timelines',
      {},
      timelineInput({ note: 'Shared before I had an account', country: 'BR' }),
    );
    const { id: anonymousId, edit_url } = (await anonymous.json()) as { id: string; edit_url: string };
    const oldToken = { authorization: `EditToken ${edit_url.split('/')[2]}` };
    expect((await api('GET', `/api/v1/timelines/${anonymousId}`, oldToken)).status).toBe(200);

    const context = await signedInContext(browser, USER);
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${ACCOUNTS_BASE_URL}/me`);
    await expect(page.locator('h1').textContent()).resolves.toBe('My timelines');
    await expect(page.locator('article.owned').count()).resolves.toBe(1);
    await expect(page.locator('[data-nudge]').count()).resolves.toBe(1);
    await expect(page.locator('.waited').first().textContent()).resolves.toMatch(
      /You have waited \d+ months so far/,
    );
    // This server's database holds only a handful of timelines: the small-group rule applies.
    await expect(page.locator('.standing').first().textContent()).resolves.toMatch(
      /Not enough similar timelines yet .* at least 5/,
    );

    // Claim the anonymous timeline by opening its edit link while signed in.
    await page.goto(`${ACCOUNTS_BASE_URL}${edit_url}`);
    await Promise.all([
      page.waitForURL('**/me?claimed=1'),
      page.click('button[name="_action"][value="claim"]'),
    ]);
    await expect(page.locator('article.owned').count()).resolves.toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    // The edit link is spent: it opens nothing any more.
    expect((await api('GET', `/api/v1/timelines/${anonymousId}`, oldToken)).status).toBe(404);
    expect((await fetch(`${ACCOUNTS_BASE_URL}${edit_url}`)).status).toBe(404);

    // Or paste an edit link into /me.
    const another = await api('POST', '/api/v1/timelines', {}, timelineInput({ country: 'PE' }));
    await page.fill(
      '#claim-link',
      `${ACCOUNTS_BASE_URL}${((await another.json()) as { edit_url: string }).edit_url}`,
    );
    await Promise.all([
      page.waitForEvent('load'),
      page.click('form[data-action="claim"] button[type="submit"]'),
    ]);
    await expect(page.locator('article.owned').count()).resolves.toBe(3);

    // A read-only share link for the claimed timeline, showing its note but not its country.
    const claimed = page.locator('article.owned', { hasText: 'Brazil' });
    await claimed.locator('details.share summary').click();
    await claimed.locator('input[value="note"]').check();
    await claimed.locator('form[data-action="share-link"] button[type="submit"]').click();
    const shareField = claimed.locator('[data-share-url]');
    await shareField.waitFor({ state: 'visible' });
    const shareUrl = await shareField.inputValue();
    expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

    const shared = await browser.newPage();
    const sharedViolations = await watchCsp(shared);
    const sharedResponse = await shared.goto(shareUrl);
    expect(sharedResponse?.status()).toBe(200);
    expect(sharedResponse?.headers()['cache-control']).toContain('no-store');
    await expect(shared.locator('meta[name="robots"]').getAttribute('content')).resolves.toContain('noindex');
    const text = (await shared.locator('main').textContent()) ?? '';
    expect(text).toContain('Shared before I had an account');
    expect(text).not.toContain('Brazil');
    expect(await shared.content()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(sharedViolations).toEqual([]);
    expect(await axeViolations(shared)).toEqual([]);

    // Export: the download holds both timelines and the account id, nothing else about the person.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href="/api/v1/me/export"]'),
    ]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      account: { clerk_user_id: string };
      timelines: unknown[];
    };
    expect(exported.account.clerk_user_id).toBe(USER);
    expect(exported.timelines).toHaveLength(3);

    // Delete everything, after typing the confirmation; the share link dies with it.
    await page.locator('details', { hasText: 'Delete all my data' }).locator('summary').click();
    await page.fill('#delete-confirm', 'delete my data');
    await Promise.all([
      page.waitForEvent('load'),
      page.click('form[data-action="delete-all"] button[type="submit"]'),
    ]);
    await expect(page.locator('article.owned').count()).resolves.toBe(0);
    expect((await shared.goto(shareUrl))?.status()).toBe(404);
    expect(violations).toEqual([]);
  });
});
