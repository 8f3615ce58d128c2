/**
 * Cacheable public responses: an ETag from the body, 304 on a matching If-None-Match, and a
 * shared-cache lifetime that keeps published figures at most a minute behind the database.
 */
import { createHash } from 'node:crypto';

/** s-maxage + stale-while-revalidate = the freshness bound documented in docs/decisions/021. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=30';

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export function cacheableResponse(
  request: Request,
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
): Response {
  const etag = etagOf(body);
  const headers = { etag, 'cache-control': PUBLIC_CACHE_CONTROL, vary: 'accept-encoding', ...extra };
  if (etagMatches(request.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { 'content-type': contentType, ...headers } });
}

/** Everything not marked public: no shared cache may keep it, and browsers do not store it. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/**
 * Public pages: shared caches keep them 30 s (nginx serves the stale copy while one request
 * refreshes it); browsers revalidate every time and never show a stale copy, not even offline,
 * so the installable app's offline page appears instead of old figures.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate, s-maxage=30';

/** Marks a page's response as public figures; finishCaching adds its ETag and keeps it public only if it may be. */
export function markPublic(headers: Headers): void {
  headers.set('cache-control', PUBLIC_PAGE_CACHE_CONTROL);
  headers.set('vary', 'accept-encoding');
}

function isPublic(cacheControl: string): boolean {
  return /(^|[\s,])(public|s-maxage=)/i.test(cacheControl);
}

/**
 * The last word on caching for every response the app renders. A response stays public only when
 * a route marked it so, it answers a GET or HEAD with 200 or 304, and it sets no cookie: then a
 * page gets an ETag from its body (and 304 on a match). Everything else is private, no-store,
 * unless its route chose another private policy. So a shared cache never keeps one visitor's
 * page for another, even when a route forgets to say so.
 */
export async function finishCaching(
  request: Request,
  response: Response,
  { setsCookie = false }: { setsCookie?: boolean } = {},
): Promise<Response> {
  const cacheControl = response.headers.get('cache-control');
  if (!cacheControl) {
    response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
    return response;
  }
  if (!isPublic(cacheControl)) return response;
  const mayBePublic =
    (request.method === 'GET' || request.method === 'HEAD') &&
    (response.status === 200 || response.status === 304) &&
    !setsCookie &&
    !response.headers.has('set-cookie');
  if (!mayBePublic) {
    response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
    response.headers.delete('etag');
    return response;
  }
  if (!/accept-encoding/i.test(response.headers.get('vary') ?? ''))
    response.headers.append('vary', 'accept-encoding');
  if (response.status !== 200 || response.headers.has('etag') || !response.body) return response;
  // Bytes, not text: a body may already be compressed (the Explore page cache replays its kept
  // brotli/gzip copy), and decoding it as UTF-8 would corrupt it.
  const body = new Uint8Array(await response.arrayBuffer());
  const etag = etagOf(body);
  const headers = new Headers(response.headers);
  headers.set('etag', etag);
  if (etagMatches(request.headers.get('if-none-match'), etag)) {
    headers.delete('content-type');
    headers.delete('content-length');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, statusText: response.statusText, headers });
}
