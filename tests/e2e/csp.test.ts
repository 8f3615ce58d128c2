import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';
import { watchCsp } from './checks.ts';
import { ERROR_PAGES, PUBLIC_PAGES } from './pages.ts';

describe('Content-Security-Policy in Chromium', () => {
  const browser = useBrowser();

  it.each([...PUBLIC_PAGES, ...ERROR_PAGES])('%s runs without a single CSP violation', async (path) => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
    expect(violations).toEqual([]);
  });

  it('the violation listener does report a blocked resource (control)', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/privacy`);
    const directive = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective));
          const img = document.createElement('img');
          img.src = 'https://tracker.invalid/pixel.png';
          document.body.append(img);
        }),
    );
    expect(directive).toBe('img-src');
  });

  it('a page cannot be framed', async () => {
    const response = await fetch(`${BASE_URL}/`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
