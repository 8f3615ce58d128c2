import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BodyError, issuesFromZod, jsonError, readJsonBody } from '../../../src/server/http/json.ts';

const post = (body: BodyInit | null, type = 'application/json') =>
  new Request('http://localhost/api', {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type } : {},
  });

describe('JSON request bodies', () => {
  it('parses a JSON object', async () => {
    expect(await readJsonBody(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(post('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 });
  });

  it.each([
    ['a wrong content type', post('{"a":1}', 'text/plain'), 415],
    ['no content type', post('{"a":1}', ''), 415],
    ['bad JSON', post('{"a":'), 400],
    ['an empty body', post(''), 400],
    ['invalid UTF-8', post(new Uint8Array([0x7b, 0xff, 0x7d])), 400],
    ['an oversized body', post(`{"a":"${'x'.repeat(20_000)}"}`), 413],
  ])('refuses %s with %i', async (_label, request, status) => {
    const error = await readJsonBody(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyError);
    expect((error as BodyError).status).toBe(status);
  });

  it('turns zod issues into path/message pairs', () => {
    const result = z
      .object({ milestones: z.array(z.object({ month: z.string() })) })
      .safeParse({ milestones: [{ month: 3 }] });
    expect(result.success).toBe(false);
    expect(issuesFromZod(result.error!)).toEqual([
      { path: 'milestones.0.month', message: expect.any(String) },
    ]);
  });

  it('answers errors as JSON that names the problem', async () => {
    const response = jsonError(422, 'Invalid timeline', [{ path: 'filed', message: 'Use YYYY-MM' }]);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      error: 'Invalid timeline',
      issues: [{ path: 'filed', message: 'Use YYYY-MM' }],
    });
  });
});
