import { describe, expect, it } from 'vitest';
import { BASE_URL } from './browser.ts';

const PAGES = ['/', '/explore', '/feed', '/share', '/methodology', '/privacy'];

describe('security headers', () => {
  it.each([...PAGES, '/no-such-page'])('page %s has a strict CSP and the standard headers', async (path) => {
    const response = await fetch(`${BASE_URL}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(['/healthz', '/favicon.svg', '/manifest.webmanifest', '/sw.js', '/offline.html'])(
    'non-page response %s has them too',
    async (path) => {
      const response = await fetch(`${BASE_URL}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    },
  );

  it('believes X-Forwarded-Proto only from a trusted proxy (HSTS behind nginx: proxy.test.ts)', async () => {
    // This server trusts no proxy, so a client claiming https gets no HSTS.
    const response = await fetch(`${BASE_URL}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers an unknown API route with a JSON 404 and no internals', async () => {
    const response = await fetch(`${BASE_URL}/api/v1/does-not-exist`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toMatch(/\/work\/|node_modules|at .*\.(ts|js|mjs):\d+/);
  });
});
