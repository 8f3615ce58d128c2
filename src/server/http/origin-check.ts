/**
 * Cross-site form posts are refused here, not by Astro's checkOrigin: Astro compares the Origin
 * with the URL it rebuilt from the Host header, which is wrong behind a TLS-terminating proxy
 * (https outside, http inside), and it refuses credential-header API calls that a browser form
 * could never make (docs/decisions/067).
 */
import { jsonError } from './json.ts';
import { expectedOrigin } from './proxy.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Our own credential schemes. A browser never attaches them by itself, so a request that
 * carries one was written by a script, and a cross-site script must pass a CORS preflight that
 * we never grant. Basic and other schemes a browser replays on its own do not count.
 */
const CREDENTIAL_SCHEME = /^\s*(EditToken|Bearer)\s+\S/i;

/** The refusal for a cross-site form-like request, or undefined when it may proceed. */
export function crossSiteRefusal(request: Request, url: URL): Response | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const api = url.pathname.startsWith('/api/');
  // API calls carrying our own credential get API behaviour; form and cookie routes keep the check.
  if (api && CREDENTIAL_SCHEME.test(request.headers.get('authorization') ?? '')) return undefined;
  const type = request.headers.get('content-type');
  // JSON and other non-form bodies cannot be sent cross-site without a preflight.
  if (type !== null && !FORM_TYPES.some((form) => type.toLowerCase().includes(form))) return undefined;
  if (request.headers.get('origin') === expectedOrigin(url)) return undefined;
  const message = `Cross-site ${request.method} refused: the Origin header must be this site's origin.`;
  if (api) return jsonError(403, message);
  return new Response(message, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
