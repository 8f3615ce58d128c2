import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { BASE_URL, useBrowser } from './browser.ts';
import { ERROR_PAGES, PUBLIC_PAGES } from './pages.ts';

describe('accessibility (axe-core in Chromium)', () => {
  const browser = useBrowser();

  it.each([...PUBLIC_PAGES, ...ERROR_PAGES])('%s has no axe violations', async (path) => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary).toEqual([]);
  });
});
