/**
 * Security headers on every response. Pages get their Content-Security-Policy from Astro
 * (script and style hashes plus the directives in astro.config.mjs); every other response
 * (API, static errors) gets a policy that allows nothing to run.
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'interest-cohort=()',
  'browsing-topics=()',
].join(', ');

export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(headers: Headers, { https }: { https: boolean }): void {
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  headers.set('x-frame-options', 'DENY');
  // The legacy XSS auditor is off on purpose (it could be abused); the CSP does that job.
  headers.set('x-xss-protection', '0');
  headers.set('cross-origin-opener-policy', 'same-origin');
  headers.set('cross-origin-resource-policy', 'same-origin');
  if (https) headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
}

/** The same headers for a response Astro never sees (static files), set before it is written. */
export function baselineSecurityHeaders({
  https,
  path,
}: {
  https: boolean;
  path: string;
}): [string, string][] {
  const headers = new Headers();
  // A worker's own fetches obey its script's policy: the service worker must reach 'self'.
  if (path === '/sw.js') headers.set('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
  applySecurityHeaders(headers, { https });
  return [...headers.entries()];
}
