import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';
import { PHONE, sidewaysOverflow } from './checks.ts';
import { feedFixtures } from './fixtures.ts';

describe('site layout in Chromium', () => {
  const browser = useBrowser();

  it('home page has the header nav, the footer and the count of shared timelines', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${BASE_URL}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain('How long will my case take?');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Explore', 'Feed', 'Share your timeline']) {
      await expect.poll(() => nav.getByRole('link', { name }).count()).toBe(1);
    }
    const footer = page.locator('footer');
    expect(await footer.textContent()).toContain('Not legal advice');
    expect(await footer.getByRole('link', { name: 'Privacy' }).count()).toBe(1);
    expect(await footer.getByRole('link', { name: 'Methodology' }).count()).toBe(1);
    expect(await page.locator('.stat').textContent()).toBe(
      (2000 + feedFixtures(0).length).toLocaleString('en-US'),
    );
  });

  it('navigates to each section and marks the current page', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explore' }).click();
    await page.waitForURL('**/explore');
    expect(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').textContent()).toBe('Explore');
    await page.locator('footer').getByRole('link', { name: 'Methodology' }).click();
    await page.waitForURL('**/methodology');
    expect(await page.locator('h1').textContent()).toBe('Methodology');
  });

  it('skip link moves focus to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${BASE_URL}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await browser.newPage(PHONE);
    for (const path of ['/', '/explore', '/privacy', '/methodology']) {
      await page.goto(`${BASE_URL}${path}`);
      expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
    }
  });

  it('answers unknown pages with the 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${BASE_URL}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
  });
});
