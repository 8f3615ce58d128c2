import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BASE_URL, useBrowser } from './browser.ts';
import { PHONE, sidewaysOverflow } from './checks.ts';
import { LONG_NOTE, RARE, REPORT_FILTER, REPORT_NOTES, XSS_FILTER } from './fixtures.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

const query = (q: Record<string, string>) => new URLSearchParams(q).toString();

/** Anything a payload could run would call alert, open a dialog or set this flag. */
async function armXssTraps(page: Page): Promise<string[]> {
  const fired: string[] = [];
  page.on('dialog', async (dialog) => {
    fired.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => fired.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    for (const name of ['alert', 'confirm', 'prompt'] as const) {
      (window as unknown as Record<string, unknown>)[name] = () =>
        ((window as unknown as { __xss: number }).__xss = 1);
    }
  });
  return fired;
}

/** Elements carrying inline handlers or script-capable tags that no CaseTrack page renders. */
function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter(
        (el) =>
          [...el.attributes].some((a) => a.name.startsWith('on')) ||
          ['IFRAME', 'OBJECT', 'EMBED', 'FRAMESET', 'BASE', 'IMG'].includes(el.tagName) ||
          (el.tagName === 'META' && el.getAttribute('http-equiv')),
      )
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

describe('community feed in Chromium', () => {
  const browser = useBrowser();

  it('reads its filters from the URL and keeps them in the form and the Atom link', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${BASE_URL}/feed?${query(REPORT_FILTER)}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Community feed: I-129F · New Zealand');
    expect(await page.locator('#f-category').inputValue()).toBe('i129f');
    expect(await page.locator('#f-country').inputValue()).toBe('NZ');
    const contexts = await page.locator('.feed-item .context').allTextContents();
    expect(contexts.length).toBe(REPORT_NOTES.length + 1);
    expect(contexts.every((c) => c === 'I-129F · New Zealand · VSC')).toBe(true);
    expect(
      await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    ).toBe(`/feed.atom?${query(REPORT_FILTER)}`);

    await page.locator('#f-milestone').selectOption('approved');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/milestone=approved/);
    expect(new URL(page.url()).searchParams.get('country')).toBe('NZ');
    expect(await page.locator('.feed-item').count()).toBe(0);
    expect(await page.locator('.notice').textContent()).toContain('No milestones match');
  });

  it('answers a bad filter with 400 and a message', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${BASE_URL}/feed?category=i999`);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Unknown category');
    const atom = await page.request.get(`${BASE_URL}/feed.atom?after=forged-cursor-${'x'.repeat(40)}`);
    expect(atom.status()).toBe(200);
    expect((await page.request.get(`${BASE_URL}/feed.atom?country=ZZ`)).status()).toBe(400);
  });

  it('pages with "Older events" through every item exactly once', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/feed?${query(XSS_FILTER)}`);
    const seen: string[] = [];
    for (let guard = 0; guard < 20; guard++) {
      seen.push(...(await page.locator('.feed-item').evaluateAll((els) => els.map((e) => e.id))));
      const older = page.getByRole('link', { name: 'Older events' });
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForLoadState();
      expect(new URL(page.url()).searchParams.get('country')).toBe('NZ');
    }
    expect(seen.length).toBe(XSS_PAYLOADS.length);
    expect(new Set(seen).size).toBe(seen.length);
    await page.getByRole('link', { name: 'Newest events' }).click();
    expect(await page.locator('.feed-item').first().getAttribute('id')).toBe(seen[0]);
  });

  it('never names a rare group’s country or service center', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/feed?${query({ category: RARE.category, country: RARE.country })}`);
    expect(await page.locator('.feed-item').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('none are listed by country');
    await page.goto(`${BASE_URL}/feed?${query({ category: RARE.category, milestone: 'filed' })}`);
    const contexts = await page.locator('.feed-item .context').allTextContents();
    expect(contexts.filter((c) => c === 'I-131 · another country').length).toBeGreaterThanOrEqual(2);
    // The context is exactly form and "another country": no center; and the page never says Australia.
    expect(await page.locator('.feed-list').innerHTML()).not.toMatch(/Australia|\bAU\b/);
  });

  it('collapses long notes and marks demo data', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${BASE_URL}/feed?${query(REPORT_FILTER)}`);
    const long = page.locator('details.note-long');
    expect(await long.count()).toBe(1);
    expect(await long.locator('p.note').isVisible()).toBe(false);
    await long.locator('summary').click();
    expect(await long.locator('p.note').isVisible()).toBe(true);
    expect(await long.locator('p.note').textContent()).toBe(LONG_NOTE);
    await page.goto(`${BASE_URL}/feed?category=i485`);
    expect(await page.locator('.feed-item .badge').first().textContent()).toBe('demo');
  });

  it('takes a report without JavaScript, and only once per reader', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${BASE_URL}/feed?${query(REPORT_FILTER)}`);
    const item = page.locator('.feed-item', { hasText: REPORT_NOTES[1]!.split('\n')[0]! });
    const id = await item.getAttribute('id');
    for (const expected of ['report was received', 'already reported']) {
      await item.locator('summary', { hasText: 'Report' }).click();
      await item.getByLabel('Spam').check();
      await item.getByRole('button', { name: 'Send report' }).click();
      await page.waitForLoadState();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/feed');
      expect(url.hash).toBe(`#${id}`);
      expect(url.searchParams.get('country')).toBe('NZ');
      expect(await page.locator(`[id="${id}"]`).getByRole('status').textContent()).toContain(expected);
    }
  });

  it(`renders ${XSS_PAYLOADS.length} OWASP filter-evasion payloads as text and runs none of them`, async () => {
    const page = await browser.newPage();
    const fired = await armXssTraps(page);
    await page.goto(`${BASE_URL}/feed?${query(XSS_FILTER)}`);
    const shown: string[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const notes = page.locator('.feed-item p.note');
      for (const note of await notes.all()) await note.hover();
      expect(await notes.evaluateAll((els) => els.reduce((n, e) => n + e.childElementCount, 0))).toBe(0);
      shown.push(...(await notes.allTextContents()));
      expect(await injectedElements(page)).toEqual([]);
      const older = page.getByRole('link', { name: 'Older events' });
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForLoadState();
    }
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(shown.sort()).toEqual(XSS_PAYLOADS.map((p) => p.trim()).sort());

    // The Atom feed: well-formed XML whose entries carry the payloads as text only.
    const atom = await page.evaluate(
      async (url) => {
        const text = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          contents: [...doc.getElementsByTagName('content')].map((c) => ({
            type: c.getAttribute('type'),
            children: c.childElementCount,
            text: c.textContent ?? '',
          })),
        };
      },
      `/feed.atom?${query(XSS_FILTER)}`,
    );
    expect(atom.error).toBe(0);
    expect(atom.contents.length).toBe(50);
    for (const content of atom.contents) {
      expect(content).toMatchObject({ type: 'text', children: 0 });
      expect(XSS_PAYLOADS.some((p) => content.text.endsWith(`\n\n${p.trim()}`))).toBe(true);
    }
    expect(fired).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await browser.newPage(PHONE);
    for (const path of [`/feed?${query(XSS_FILTER)}`, '/feed', '/moderation']) {
      await page.goto(`${BASE_URL}${path}`);
      for (const summary of await page.locator('.feed-item summary').all()) await summary.click();
      expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
    }
  });

  it.each([390, 1366])(
    'writes each item’s facts as one line of text that wraps naturally at %i px',
    async (width) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${BASE_URL}/feed?${query(REPORT_FILTER)}`);
      const facts = await page.locator('.feed-item .facts').evaluateAll((nodes) =>
        nodes.map((n) => ({
          children: n.children.length,
          text: n.textContent ?? '',
          lineHeight: parseFloat(getComputedStyle(n).lineHeight),
          height: n.getBoundingClientRect().height,
        })),
      );
      expect(facts.length).toBeGreaterThan(0);
      for (const f of facts) {
        // One text node: no separators stranded in their own grid cells.
        expect(f.children).toBe(0);
        expect(f.text).toMatch(/^[A-Z][a-z]{2} \d{4}( · [^·]+)*$/);
        // "Nov 2026 · the month of filing · …" fits on one line at desktop width.
        if (width === 1366) expect(f.height).toBeLessThan(f.lineHeight * 1.5);
      }
      await page.close();
    },
  );
});
