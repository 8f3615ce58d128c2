import { describe, expect, it } from 'vitest';
import {
  PRIVATE_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  PUBLIC_PAGE_CACHE_CONTROL,
  cacheableResponse,
  etagOf,
  finishCaching,
  markPublic,
} from '../../../src/server/http/cache.ts';

describe('cacheable responses', () => {
  it('carry an ETag of the body and shared-cache headers', async () => {
    const response = cacheableResponse(new Request('http://x/'), '{"a":1}', 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(etagOf('{"a":1}'));
    expect(response.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(PUBLIC_CACHE_CONTROL).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/);
    expect(await response.text()).toBe('{"a":1}');
  });

  it.each([
    [etagOf('{"a":1}'), 304],
    [`"other", ${etagOf('{"a":1}')}`, 304],
    [`W/${etagOf('{"a":1}')}`, 304],
    ['*', 304],
    ['"stale"', 200],
  ])('If-None-Match %s → %i', (header, status) => {
    const response = cacheableResponse(
      new Request('http://x/', { headers: { 'if-none-match': header } }),
      '{"a":1}',
      'application/json',
    );
    expect(response.status).toBe(status);
  });

  it('a different body has a different ETag', () => {
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
  });
});

describe('the last word on caching (every rendered response)', () => {
  const page = (status = 200, headers: Record<string, string> = {}) => {
    const response = new Response('<p>figures</p>', {
      status,
      headers: { 'content-type': 'text/html', ...headers },
    });
    return response;
  };
  const publicPage = (status = 200) => {
    const response = page(status);
    markPublic(response.headers);
    return response;
  };
  const get = (headers: Record<string, string> = {}) => new Request('http://x/explore', { headers });

  it('a response no route marked is private, no-store', async () => {
    const response = await finishCaching(get(), page());
    expect(response.headers.get('cache-control')).toBe(PRIVATE_CACHE_CONTROL);
    expect(response.headers.get('etag')).toBeNull();
  });

  it('a route that chose its own private policy keeps it', async () => {
    const response = await finishCaching(get(), page(200, { 'cache-control': 'no-store' }));
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('a public page gets an ETag of its body, Vary and a 304 on a match', async () => {
    const response = await finishCaching(get(), publicPage());
    expect(response.headers.get('cache-control')).toBe(PUBLIC_PAGE_CACHE_CONTROL);
    expect(response.headers.get('etag')).toBe(etagOf('<p>figures</p>'));
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await response.text()).toBe('<p>figures</p>');
    const again = await finishCaching(get({ 'if-none-match': etagOf('<p>figures</p>') }), publicPage());
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe(PUBLIC_PAGE_CACHE_CONTROL);
  });

  it.each([
    ['an error status', get(), () => publicPage(503), {}],
    ['a 400', get(), () => publicPage(400), {}],
    ['a POST', new Request('http://x/feed', { method: 'POST' }), () => publicPage(), {}],
    ['a response that sets a cookie', get(), () => publicPage(), { setsCookie: true }],
    [
      'a response with a Set-Cookie header',
      get(),
      () => {
        const response = publicPage();
        response.headers.append('set-cookie', 'a=b');
        return response;
      },
      {},
    ],
  ])('%s is never public', async (_name, request, make, options) => {
    const response = await finishCaching(request, make(), options);
    expect(response.headers.get('cache-control')).toBe(PRIVATE_CACHE_CONTROL);
    expect(response.headers.get('etag')).toBeNull();
  });

  it('keeps an ETag the route computed', async () => {
    const response = cacheableResponse(get(), '{"a":1}', 'application/json');
    const finished = await finishCaching(get(), response);
    expect(finished.headers.get('etag')).toBe(etagOf('{"a":1}'));
    expect(finished.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
  });
});
