// Issue 14's "done means" in Chromium: N-400 at Newark NJ with community and USCIS figures side
// by side, and the Visa Bulletin answer for a priority date, with JavaScript on and off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE_URL, launchBrowser } from './browser.ts';

describe('offices, official figures and the Visa Bulletin in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each([true, false])(
    'N-400 at Newark NJ, picked in the grouped office list (JavaScript %s)',
    async (js) => {
      const context = await browser.newContext({ javaScriptEnabled: js });
      const page = await context.newPage();
      await page.goto(`${BASE_URL}/explore?category=n400`);
      if (js) {
        // The island's search box narrows the list to the office.
        await page.locator('#office-search').fill('newark');
        expect(await page.locator('#office option').count()).toBeLessThan(5);
      }
      await page.locator('#office').selectOption('NEW');
      await page
        .getByRole('button', { name: /show|apply|update/i })
        .first()
        .click();
      await page.waitForURL(/office=NEW/);
      expect(await page.getByTestId('headline').textContent()).toContain('Newark NJ field office');
      const table = page.getByTestId('official-table');
      expect(await table.textContent()).toMatch(/N-400 naturalization/);
      expect(await page.getByTestId('official-p80').first().textContent()).toMatch(
        /11 mo\s*as of Sep 3, 2026/,
      );
      expect(await table.textContent()).toMatch(/CaseTrack community/);
      expect(await page.locator('#official-heading ~ p a[href="/methodology#official"]').count()).toBe(1);
      await context.close();
    },
  );

  it.each([true, false])('the Visa Bulletin answers a priority date (JavaScript %s)', async (js) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/visa-bulletin`);
    await page.locator('#category').selectOption('F4');
    await page.locator('#country').selectOption('PH');
    await page.locator('#priority_date').fill('2010-01');
    await page.getByRole('button', { name: 'Show where it stands' }).click();
    await page.waitForURL(/priority_date=2010-01/);
    expect(await page.getByTestId('standing-final_action').textContent()).toMatch(/Not current yet/);
    expect(await page.getByTestId('bulletin-estimate').textContent()).toMatch(
      /Between|Not before|No estimate/,
    );
    expect(await page.locator('svg.cutoff-chart').count()).toBe(2);
    await context.close();
  });

  it('Explore at 390 px leads with the answer; the filters are one tap away', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/explore?category=n400&office=NEW`);
    const headline = await page.getByTestId('headline').boundingBox();
    expect(headline!.y).toBeLessThan(844);
    expect(await page.locator('#category').isVisible()).toBe(false);
    await page.getByText('Change the filters').click();
    expect(await page.locator('#category').isVisible()).toBe(true);
    await context.close();
  });
});
