import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';

// Everything the service worker may ever store: hashed build assets, icons, the manifest
// and the offline page. Nothing with data: no HTML page, no /api/, /me, edit or share link.
const ALLOWED = [
  /^\/_astro\/[\w.-]+\.(js|css|svg|png|woff2?)$/,
  /^\/offline\.html$/,
  /^\/favicon\.svg$/,
  /^\/icons\/icon-\d+\.png$/,
  /^\/manifest\.webmanifest$/,
];

describe('installable app', () => {
  const browser = useBrowser();

  it('has a manifest with icons and a theme colour', async () => {
    const manifest = await (await fetch(`${BASE_URL}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({
      name: expect.any(String),
      short_name: 'CaseTrack',
      start_url: '/',
      display: 'standalone',
      theme_color: '#1d4e89',
    });
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons)
      expect((await fetch(`${BASE_URL}${icon.src}`)).headers.get('content-type')).toBe('image/png');
  });

  it('caches only static assets, never pages or data, and serves the offline page offline', async () => {
    const page = await browser.newPage();
    const assets = new Set<string>();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/_astro/')) assets.add(path);
    });
    await page.goto(`${BASE_URL}/`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Visit data pages and the API while the worker is in control.
    await page.reload();
    for (const path of [
      '/explore',
      '/feed',
      '/share',
      '/methodology',
      '/privacy',
      '/healthz',
      '/api/v1/does-not-exist',
    ]) {
      await page.goto(`${BASE_URL}${path}`);
    }
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/offline.html');
    // Build assets the pages loaded are kept for next time (when a page has any).
    for (const asset of assets) expect(cached).toContain(asset);
    for (const path of cached)
      expect(
        ALLOWED.some((re) => re.test(path)),
        `cached ${path}`,
      ).toBe(true);

    await page.context().setOffline(true);
    await page.goto(`${BASE_URL}/explore`).catch(() => undefined);
    expect(await page.locator('h1').textContent()).toBe('You are offline');
  });
});
