import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { displayMonth, currentMonth } from '../../src/server/timelines/months.ts';
import { BASE_URL, useBrowser } from './browser.ts';
import { axeViolations, PHONE, sidewaysOverflow, watchCsp } from './checks.ts';

const EDIT_LINK = /^http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{43}\/edit$/;

async function chooseBasics(page: Page, category: string, year: string) {
  await page.selectOption('#category', category);
  await page.selectOption('#country', 'MX');
  await page.selectOption('#filed-month', '02');
  await page.selectOption('#filed-year', year);
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Submits the share form, waits for the thank-you page and returns its edit link. */
async function shareAndReadEditLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share timeline' }).click();
  await page.getByRole('heading', { name: 'Thank you: your timeline is shared' }).waitFor();
  const link = await page.locator('#edit-link').inputValue();
  expect(link).toMatch(EDIT_LINK);
  return link;
}

/** Deletes a timeline the way its owner would, so the suite leaves the shared server as it found it. */
async function deleteThroughEditLink(link: string) {
  const response = await fetch(new URL(link, BASE_URL), {
    method: 'POST',
    headers: { origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
    body: '_action=delete&confirm_delete=yes',
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('Your timeline is deleted');
}

describe('sharing and editing a timeline in Chromium', () => {
  const browser = useBrowser();

  it('shares with JavaScript on, then the edit link adds a milestone, says still pending, and deletes', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${BASE_URL}/share`);
    expect(await page.getByRole('button', { name: 'More milestone rows' }).count()).toBe(0);
    await chooseBasics(page, 'i485', '2024');
    // I-485 has no I-140 fields, and its rows offer only I-485 milestones.
    expect(await page.locator('#premium').isVisible()).toBe(false);
    expect(await page.locator('#milestone-0-key option[value="oath"]').count()).toBe(0);
    await page.selectOption('#milestone-0-key', 'receipt');
    await page.selectOption('#milestone-0-month', '02');
    await page.selectOption('#milestone-0-year', '2024');
    await page.getByRole('button', { name: 'Add a milestone' }).click();
    // The new row suggests the next step and takes the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('milestone-1-key');
    expect(await page.locator('#milestone-1-key').inputValue()).toBe('biometrics');
    await page.selectOption('#milestone-1-month', '04');
    await page.selectOption('#milestone-1-year', '2024');
    await page.fill('#note', 'Biometrics were quick. I got my EAD after 4 months.');
    const link = await shareAndReadEditLink(page);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.locator('.copy-status').textContent()).toContain('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Your timeline');
    expect(await page.locator('.timeline-summary').textContent()).toContain('Biometrics appointment');
    await page.getByRole('button', { name: 'Still pending' }).click();
    await page.getByText('marked as still pending this month').waitFor();
    expect(await page.locator('[data-last-confirmed]').textContent()).toBe(displayMonth(currentMonth()));

    await page.getByRole('button', { name: 'Add a milestone' }).click();
    await page.selectOption('#milestone-2-key', 'ead_ap_approved');
    await page.selectOption('#milestone-2-month', '06');
    await page.selectOption('#milestone-2-year', '2024');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your changes are saved.').waitFor();
    expect(await page.locator('.timeline-summary').textContent()).toContain('EAD/AP approved');

    await page.getByRole('button', { name: 'Delete note' }).click();
    await page.getByText('Your note is deleted.').waitFor();
    expect(await page.locator('.note-text').count()).toBe(0);

    await page.getByRole('button', { name: 'Delete timeline' }).click();
    expect(await page.locator('#confirm_delete-error').textContent()).toContain('Tick the box');
    await page.getByLabel('Yes, delete my timeline permanently').check();
    await page.getByRole('button', { name: 'Delete timeline' }).click();
    await page.getByRole('heading', { name: 'Your timeline is deleted' }).waitFor();
    const gone = await page.goto(link);
    expect(gone?.status()).toBe(404);
    expect(errors).toEqual([]);
  });

  it('works with JavaScript off: server-rendered errors keep the input, then the share succeeds', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${BASE_URL}/share`);
    expect(await page.getByRole('button', { name: 'More milestone rows' }).isVisible()).toBe(true);
    expect(await page.locator('[data-row]').count()).toBeGreaterThanOrEqual(6);
    await chooseBasics(page, 'n400', '2023');
    await page.selectOption('#milestone-0-key', 'biometrics');
    await page.selectOption('#milestone-0-month', '03');
    await page.selectOption('#milestone-0-year', '2023');
    // More rows come from the server, keeping what was chosen and showing no errors yet.
    const rows = await page.locator('[data-row]').count();
    await page.getByRole('button', { name: 'More milestone rows' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[data-row]').count()).toBe(rows + 4);
    expect(await page.locator('#milestone-0-key').inputValue()).toBe('biometrics');
    expect(await page.locator('.error-summary').count()).toBe(0);
    await page.selectOption('#milestone-1-key', 'interview');
    await page.selectOption('#milestone-1-month', '01');
    await page.selectOption('#milestone-1-year', '2023');
    const note = 'My receipt is IOE0912345678, interview was short.';
    await page.fill('#note', note);
    const [response] = await Promise.all([
      page.waitForResponse(`${BASE_URL}/share`),
      page.getByRole('button', { name: 'Share timeline' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState();

    const summary = await page.locator('.error-summary').textContent();
    expect(summary).toContain('a USCIS receipt number at character 15');
    expect(summary).toContain('“Interview” (Jan 2023) is before the filing month (Feb 2023).');
    expect(summary).not.toContain('0912345678');
    expect(await page.locator('#note').inputValue()).toBe(note);
    expect(await page.locator('#note').getAttribute('aria-describedby')).toContain('note-error');
    expect(await page.locator('#note').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#milestone-1-month').getAttribute('aria-describedby')).toBe(
      'milestone-1-when-error',
    );
    expect(await page.locator('#milestone-0-key').inputValue()).toBe('biometrics');
    expect(await page.locator('#category').inputValue()).toBe('n400');

    await page.fill('#note', 'Interview was short.');
    await page.selectOption('#milestone-1-year', '2024');
    const link = await shareAndReadEditLink(page);
    expect(await page.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(false);
    await deleteThroughEditLink(link);
  });

  it('marks a stale pending case as still pending this month', async () => {
    const created = await postJson('/api/v1/timelines', {
      category: 'i765',
      country: 'BR',
      filed: '2025-01',
      last_confirmed: '2025-03',
    });
    expect(created.status).toBe(201);
    const { edit_url } = (await created.json()) as { edit_url: string };
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}${edit_url}`);
    expect(await page.locator('[data-last-confirmed]').textContent()).toBe('Mar 2025');
    await page.getByRole('button', { name: 'Still pending' }).click();
    await page.getByText('marked as still pending this month').waitFor();
    expect(await page.locator('[data-last-confirmed]').textContent()).toBe(displayMonth(currentMonth()));
    await deleteThroughEditLink(edit_url);
  });

  it('removes a row with the keyboard and keeps focus in the list', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/share`);
    await page.selectOption('#category', 'i140');
    expect(await page.locator('#premium').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add a milestone' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('milestone-1-key');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Remove milestone 1',
    );
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-row]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('milestone-0-key');
    expect(await page.locator('legend', { hasText: 'Milestone 1' }).count()).toBe(1);
  });

  it('keeps the error, success and edit views accessible and within the CSP', async () => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    const axe = async (view: string) => expect(await axeViolations(page, view)).toEqual([]);
    await page.goto(`${BASE_URL}/share`);
    await chooseBasics(page, 'i130', '2022');
    await page.selectOption('#milestone-0-key', 'approved');
    await page.fill('#note', 'text me on +1 555 123 4567');
    await page.getByRole('button', { name: 'Share timeline' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await axe('errors');
    await page.getByRole('link', { name: /phone number/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
    await page.fill('#note', '');
    await page.selectOption('#milestone-0-month', '09');
    await page.selectOption('#milestone-0-year', '2023');
    await page.getByRole('button', { name: 'Share timeline' }).click();
    await page.locator('#edit-link').waitFor();
    await axe('success');
    const link = await page.locator('#edit-link').inputValue();
    await page.goto(link);
    await axe('edit');
    expect(violations).toEqual([]);
    await deleteThroughEditLink(link);
  });

  it('fits a phone screen: share form, success and edit pages', async () => {
    const page = await browser.newPage(PHONE);
    const overflow = () => sidewaysOverflow(page);
    await page.goto(`${BASE_URL}/share`);
    await chooseBasics(page, 'i140', '2025');
    await page.getByRole('button', { name: 'Add a milestone' }).click();
    await page.selectOption('#milestone-1-month', '03');
    await page.selectOption('#milestone-1-year', '2025');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Share timeline' }).click();
    await page.locator('#edit-link').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    const link = await page.locator('#edit-link').inputValue();
    await page.goto(link);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await deleteThroughEditLink(link);
  });

  it('refuses cross-site form posts and answers same-site ones', async () => {
    const form = 'category=i485&country=IN&filed_month=03&filed_year=2024';
    const crossSite = await fetch(`${BASE_URL}/share`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await fetch(`${BASE_URL}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(noOrigin.status).toBe(403);
    const sameSite = await fetch(`${BASE_URL}/share`, {
      method: 'POST',
      headers: { origin: BASE_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body: `${form}&website=spam`,
    });
    expect(sameSite.status).toBe(400);
    expect(await sameSite.text()).toContain('This submission could not be accepted.');
  });

  it('serves the JSON API from the built server', async () => {
    const created = await postJson('/api/v1/timelines', {
      category: 'i140',
      subcategory: 'eb2-niw',
      country: 'IN',
      filed: '2024-05',
      premium: true,
      milestones: [{ key: 'approved', month: '2024-06' }],
    });
    expect(created.status).toBe(201);
    const { id, edit_url } = (await created.json()) as { id: string; edit_url: string };
    const token = edit_url.split('/')[2]!;
    const auth = { authorization: `EditToken ${token}` };
    const read = await fetch(`${BASE_URL}/api/v1/timelines/${id}`, { headers: auth });
    expect(await read.json()).toMatchObject({
      id,
      category: 'i140',
      premium: true,
      milestones: [{ key: 'approved', month: '2024-06' }],
    });
    expect(
      (await fetch(`${BASE_URL}/api/v1/timelines/${id}`, { headers: { authorization: 'EditToken nope' } }))
        .status,
    ).toBe(404);
    const wrongType = await fetch(`${BASE_URL}/api/v1/timelines`, {
      method: 'POST',
      headers: { origin: BASE_URL, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toEqual({ error: 'Content-Type must be application/json' });
    const invalid = await postJson('/api/v1/timelines', {
      category: 'i140',
      country: 'IN',
      filed: '1999-01',
      note: 'see www.example.com',
    });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'note',
      'filed',
    ]);
    const deleted = await fetch(`${BASE_URL}/api/v1/timelines/${id}`, {
      method: 'DELETE',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(deleted.status).toBe(204);
  });
});
