import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';
import { axeViolations } from './checks.ts';
import { ERROR_PAGES, PUBLIC_PAGES } from './pages.ts';

describe('accessibility (axe-core in Chromium)', () => {
  const browser = useBrowser();

  it.each([...PUBLIC_PAGES, ...ERROR_PAGES])('%s has no axe violations', async (path) => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    expect(await axeViolations(page)).toEqual([]);
  });
});
