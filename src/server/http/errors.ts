/** What a request that failed unexpectedly gets: never a stack trace, SQL or internal path. */
import { isDatabaseUnavailable } from '../db/client.ts';
import { jsonError } from './json.ts';

const UNAVAILABLE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable · CaseTrack</title></head><body><main><h1>CaseTrack is temporarily unavailable</h1><p>We could not reach our database. Nothing you submitted was lost. Please try again in a minute.</p><p><a href="/">Home</a></p></main></body></html>`;

export function unavailableResponse(isApi: boolean): Response {
  const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
  if (isApi)
    return jsonError(
      503,
      'Service temporarily unavailable: the database cannot be reached. Try again shortly.',
      undefined,
      headers,
    );
  return new Response(UNAVAILABLE_HTML, {
    status: 503,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
  });
}

/** A response for an unexpected error on an API route, or undefined to let the 500 page render. */
export function errorResponse(error: unknown, isApi: boolean): Response | undefined {
  if (isDatabaseUnavailable(error)) return unavailableResponse(isApi);
  if (isApi) return jsonError(500, 'Internal error. It has been logged; please try again.');
  return undefined;
}
