import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';

const VIEW = '/explore?category=i485&country=IN&filed_from=2021-01&from=filed&to=approved&by=office';

describe('Explore in Chromium', () => {
  const browser = useBrowser();

  it('loads the filters from the URL, draws every chart and keeps the tables', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto(`${BASE_URL}${VIEW}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('#category').inputValue()).toBe('i485');
    expect(await page.locator('#country').inputValue()).toBe('IN');
    expect(await page.locator('#filed_from').inputValue()).toBe('2021-01');
    expect(await page.getByTestId('headline').textContent()).toMatch(
      /^Half of I-485 cases from India filed since Jan 2021 were approved within [\d.]+ months/,
    );
    await expect.poll(() => page.locator('ct-chart[data-drawn="true"]').count()).toBe(3);
    // Every canvas has pixels on it.
    const painted = await page.locator('ct-chart canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
        return canvas.width > 0 && ink > 100;
      }),
    );
    expect(painted).toEqual([true, true, true]);
    // The data tables stay in the page, one click away, with captions.
    expect(await page.locator('ct-chart details table caption').count()).toBe(3);
    await page.locator('ct-chart details summary').first().click();
    expect(await page.locator('ct-chart details').first().locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByRole('heading', { name: 'By office' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('works without JavaScript: figures and tables, no charts needed', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${BASE_URL}${VIEW}`);
    expect(await page.getByTestId('headline').textContent()).toMatch(/within [\d.]+ months/);
    expect(await page.locator('ct-chart details[open] table').count()).toBe(3);
    expect(await page.locator('.chart-box').first().isVisible()).toBe(false);
    await page.locator('#my_start').fill('2025-01');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.waitForURL(/my_start=2025-01/);
    expect(await page.getByTestId('mycase-answer').textContent()).toMatch(
      /Chance of reaching|Insufficient data/,
    );
  });

  it('a small group shows no figure anywhere on the page', async () => {
    const page = await browser.newPage();
    // Iceland is in the demo data's long tail: a handful of timelines at most.
    await page.goto(`${BASE_URL}/explore?category=i485&country=IS&my_start=2025-01`);
    expect(await page.getByTestId('headline').textContent()).toMatch(/^Not enough timelines yet/);
    expect(await page.locator('ct-chart').count()).toBe(0);
    // Not even which filing quarters or countries have any timeline.
    expect(await page.locator('#trend-heading, #breakdown-heading').count()).toBe(0);
    // Labels such as "95% CI" are not figures.
    const main = (await page.locator('main').innerText()).replaceAll('95%', '');
    expect(main).not.toMatch(/\d+(\.\d)? mo\b/);
    expect(main).not.toMatch(/\d+(\.\d)?%/);
  });

  it('a bad filter answers 400 with the problem next to its field', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${BASE_URL}/explore?category=i485&filed_from=2024-13`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('#filed_from-error').textContent()).toMatch(/YYYY-MM/);
    expect(await page.locator('#filed_from').getAttribute('aria-describedby')).toBe('filed_from-error');
  });
});

describe('public statistics API', () => {
  it('answers the contract, with ETag and cache headers', async () => {
    const response = await fetch(`${BASE_URL}/api/v1/stats?category=i485&country=IN`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'group',
      'from',
      'to',
      'k',
      'n',
      'events',
      'censored',
      'closed_other',
      'suppressed',
      'km',
      'completed',
      'official',
    ]);
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${BASE_URL}/api/v1/stats?category=i485&country=IN`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it.each([
    ['/api/v1/stats?category=i485&colour=blue', /colour/],
    ['/api/v1/stats?category=i485&filed_from=2024-1', /filed_from/],
    ['/api/v1/stats?category=nope', /category/],
    ['/api/v1/stats', /category/],
    ['/api/v1/stats/breakdown?category=i485&by=planet', /by/],
    ['/api/v1/stats?category=i485&from=approved&to=filed', /to/],
  ])('%s → 400 JSON naming the problem', async (path, problem) => {
    const response = await fetch(`${BASE_URL}${path}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.stringify(await response.json())).toMatch(problem);
  });

  it('the breakdown comes as CSV: small groups pooled into one "other" row, never named', async () => {
    const response = await fetch(`${BASE_URL}/api/v1/stats/breakdown?category=i485&by=country&format=csv`);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^group,label,suppressed,n,/);
    const rows = lines.slice(1).map((l) => l.split(','));
    // Every named group is published; only the pooled row may be withheld, and it is last.
    for (const row of rows.filter((r) => r[0] !== 'other')) expect(row[2]).toBe('false');
    expect(rows.filter((r) => r[0] === 'other').length).toBeLessThanOrEqual(1);
    for (const row of rows.filter((r) => r[2] === 'true'))
      expect(row.slice(3).every((c) => c === '')).toBe(true);
  });
});
