import { describe, expect, it } from 'vitest';
import { BASE_URL, useBrowser } from './browser.ts';
import { PUBLIC_PAGES } from './pages.ts';

const KB = 1024;
const BUDGET: Record<string, number> = { '/explore': 90 * KB };
const DEFAULT_BUDGET = 15 * KB;

interface Transfer {
  type: string;
  url: string;
  status: number;
  encoding: string | undefined;
  bytes: number;
}

describe('page weight budgets (bytes Chromium actually receives)', () => {
  const browser = useBrowser();

  it.each(PUBLIC_PAGES)(
    '%s stays within its JavaScript budget on the wire and loads no web fonts',
    async (path) => {
      const page = await browser.newPage();
      // The DevTools protocol reports what crossed the network for each request
      // (encodedDataLength: compressed body plus response headers), not what the page decoded.
      const cdp = await page.context().newCDPSession(page);
      const seen = new Map<string, Omit<Transfer, 'bytes'>>();
      const transfers: Transfer[] = [];
      cdp.on('Network.responseReceived', (e) => {
        const encoding = Object.entries(e.response.headers).find(
          ([k]) => k.toLowerCase() === 'content-encoding',
        )?.[1];
        seen.set(e.requestId, { type: e.type, url: e.response.url, status: e.response.status, encoding });
      });
      cdp.on('Network.loadingFinished', (e) => {
        const info = seen.get(e.requestId);
        if (info) transfers.push({ ...info, bytes: e.encodedDataLength });
      });
      await cdp.send('Network.enable');
      await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
      // Inline scripts travel inside the (compressed) HTML; their raw length is an upper bound.
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll('script:not([src])')].reduce(
          (n, s) => n + (s.textContent ?? '').length,
          0,
        ),
      );
      const scripts = transfers.filter((t) => t.type === 'Script');
      const total = scripts.reduce((n, t) => n + t.bytes, 0) + inline;
      const document_ = transfers.find((t) => t.type === 'Document');
      const all = transfers.reduce((n, t) => n + t.bytes, 0);
      console.log(
        `page weight ${path}: ${(total / KB).toFixed(1)} KB JavaScript on the wire ` +
          `(${scripts.length} files + ${inline} B inline); HTML ${((document_?.bytes ?? 0) / KB).toFixed(1)} KB ` +
          `${document_?.encoding ?? 'uncompressed'}; everything ${(all / KB).toFixed(1)} KB`,
      );
      expect(total).toBeLessThanOrEqual(BUDGET[path.split('?')[0]!] ?? DEFAULT_BUDGET);
      // Every text response on the page arrives compressed (Chromium sends gzip, deflate, br, zstd).
      for (const t of transfers.filter((x) => ['Document', 'Script', 'Stylesheet'].includes(x.type)))
        if (t.status === 200) expect(t.encoding, t.url).toBe('br');
      expect(transfers.filter((t) => t.type === 'Font')).toEqual([]);
      await cdp.detach();
    },
  );
});
