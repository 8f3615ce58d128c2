/** Debian's Chromium through playwright-core, with the flags that work offline as root. */
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  chromium,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const BASE_URL = process.env['E2E_BASE_URL'] ?? 'http://127.0.0.1:4321';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The one end-to-end browser fixture: one Chromium for the enclosing describe block, and a
 * fresh context per `newPage` / `newContext` call, closed after each test (passed or not), so
 * tests never share cookies and never leak a window.
 */
export function useBrowser(): {
  newPage: (options?: BrowserContextOptions) => Promise<Page>;
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  readonly browser: Browser;
} {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  const running = (): Browser => {
    if (!browser) throw new Error('useBrowser: the browser is only running inside tests');
    return browser;
  };
  const newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await running().newContext(options);
    contexts.push(context);
    return context;
  };
  return {
    newContext,
    async newPage(options) {
      return (await newContext(options)).newPage();
    },
    get browser() {
      return running();
    },
  };
}

export type BrowserFixture = ReturnType<typeof useBrowser>;
