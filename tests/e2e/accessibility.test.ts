import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { BASE_URL, launchBrowser } from './browser.ts';
import { ERROR_PAGES, PUBLIC_PAGES } from './pages.ts';

describe('accessibility (axe-core in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  // Desktop and a 390 px phone: layouts differ (scrolling tables, collapsed filters).
  const VIEWPORTS = [
    { name: 'desktop', viewport: { width: 1280, height: 800 } },
    { name: '390 px', viewport: { width: 390, height: 844 } },
  ];
  const cases = VIEWPORTS.flatMap((v) => [...PUBLIC_PAGES, ...ERROR_PAGES].map((path) => [path, v] as const));

  it.each(cases)('%s has no axe violations (%o)', async (path, { viewport }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary).toEqual([]);
    await context.close();
  });
});
