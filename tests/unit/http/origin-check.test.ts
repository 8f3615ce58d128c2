import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from '../../../src/server/http/origin-check.ts';
import { otherMethods } from '../../../src/server/http/methods.ts';
import type { APIContext } from 'astro';

const SITE = 'http://localhost:4321';

function request(method: string, path: string, headers: Record<string, string> = {}): [Request, URL] {
  const url = new URL(path, SITE);
  return [new Request(url, { method, headers }), url];
}

describe('cross-site refusal', () => {
  it.each([
    ['GET page', request('GET', '/feed'), false],
    [
      'same-origin form',
      request('POST', '/share', { 'content-type': 'application/x-www-form-urlencoded', origin: SITE }),
      false,
    ],
    [
      'cross-site form',
      request('POST', '/share', {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      }),
      true,
    ],
    [
      'form without Origin',
      request('POST', '/feed/report', { 'content-type': 'multipart/form-data; boundary=x' }),
      true,
    ],
    [
      'JSON (a browser preflights it cross-site)',
      request('POST', '/api/v1/timelines', { 'content-type': 'application/json' }),
      false,
    ],
    ['body-less DELETE with a cookie only', request('DELETE', '/api/v1/me'), true],
    [
      'body-less DELETE with an edit token',
      request('DELETE', '/api/v1/timelines/x', { authorization: 'EditToken abc' }),
      false,
    ],
    [
      'body-less DELETE with a bearer session',
      request('DELETE', '/api/v1/timelines/x', { authorization: 'Bearer abc' }),
      false,
    ],
    // Form routes keep the check whatever the headers say.
    [
      'form route with a bearer token',
      request('POST', '/moderation/actions', {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Bearer abc',
        origin: 'https://evil.example',
      }),
      true,
    ],
    // A browser replays Basic credentials on its own: they prove nothing.
    [
      'form with Basic credentials',
      request('POST', '/api/v1/reports', { 'content-type': 'text/plain', authorization: 'Basic YTpi' }),
      true,
    ],
  ] as const)('%s', (_name, [req, url], refused) => {
    expect(crossSiteRefusal(req, url) !== undefined).toBe(refused);
  });

  it('answers API refusals as JSON with a named problem', async () => {
    const [req, url] = request('DELETE', '/api/v1/me');
    const response = crossSiteRefusal(req, url)!;
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { error: string }).error).toMatch(/Origin/);
  });
});

describe('other methods on API routes', () => {
  const GET = () =>
    new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  const ALL = otherMethods({ GET, DELETE: GET });
  const call = (method: string) =>
    ALL({ request: new Request(SITE, { method }) } as APIContext) as Promise<Response>;

  it.each(['OPTIONS', 'PUT', 'POST'])('%s → JSON 405 with Allow', async (method) => {
    const response = await call(method);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, DELETE, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers HEAD from GET, without a body', async () => {
    const response = await call('HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
