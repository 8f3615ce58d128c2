/**
 * Cacheable public responses: an ETag from the body, 304 on a matching If-None-Match, and a
 * shared-cache lifetime that keeps published figures at most a minute behind the database.
 */
import { createHash } from 'node:crypto';

/** s-maxage + stale-while-revalidate = the freshness bound documented in docs/decisions/021. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=30';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
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
  if (matches(request.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { 'content-type': contentType, ...headers } });
}
