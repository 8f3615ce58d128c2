import { describe, expect, it } from 'vitest';
import { PUBLIC_CACHE_CONTROL, cacheableResponse, etagOf } from '../../../src/server/http/cache.ts';

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
