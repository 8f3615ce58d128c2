import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';
import { axeViolations } from './checks.ts';
import { ERROR_PAGES, PUBLIC_PAGES } from './pages.ts';

describe('accessibility (axe-core in Chromium)', () => {
  const browser = useBrowser();

  // Desktop and a 390 px phone: layouts differ (scrolling tables, collapsed filters).
  const VIEWPORTS = [
    { name: 'desktop', viewport: { width: 1280, height: 800 } },
    { name: '390 px', viewport: { width: 390, height: 844 } },
  ];
  const cases = VIEWPORTS.flatMap((v) => [...PUBLIC_PAGES, ...ERROR_PAGES].map((path) => [path, v] as const));

  it.each(cases)('%s has no axe violations (%o)', async (path, { viewport }) => {
    const page = await browser.newPage({ viewport });
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    expect(await axeViolations(page)).toEqual([]);
  });
});
