import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE_URL, launchBrowser } from './browser.ts';
import { PUBLIC_PAGES } from './pages.ts';

const KB = 1024;
const BUDGET: Record<string, number> = { '/explore': 90 * KB };
const DEFAULT_BUDGET = 15 * KB;

describe('page weight budgets (what Chromium actually loads)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(PUBLIC_PAGES)('%s stays within its JavaScript budget and loads no web fonts', async (path) => {
    const page = await browser.newPage();
    const scripts: Promise<number>[] = [];
    const fonts: string[] = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'script')
        scripts.push(
          response.body().then(
            (b) => gzipSync(b).length,
            () => 0,
          ),
        );
      if (type === 'font') fonts.push(response.url());
    });
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join(''),
    );
    const total = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) + gzipSync(inline).length;
    console.log(`page weight ${path}: ${(total / KB).toFixed(1)} KB gzip JavaScript`);
    expect(total).toBeLessThanOrEqual(BUDGET[path.split('?')[0]!] ?? DEFAULT_BUDGET);
    expect(fonts).toEqual([]);
    await page.close();
  });
});
