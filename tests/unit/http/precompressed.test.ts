import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './raw-request.ts';
import {
  loadPrecompressedAssets,
  precompressDirectory,
  servePrecompressed,
} from '../../../src/server/http/precompressed.ts';

const SCRIPT = 'export const label = "median months to approval";\n'.repeat(100);

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ct-precompressed-'));
  mkdirSync(join(dir, '_astro'));
  writeFileSync(join(dir, '_astro', 'island.abc123.js'), SCRIPT);
  writeFileSync(
    join(dir, 'manifest.webmanifest'),
    JSON.stringify({
      name: 'CaseTrack',
      short_name: 'CaseTrack',
      description: 'Processing times. '.repeat(10),
    }),
  );
  writeFileSync(join(dir, 'icon.png'), Buffer.alloc(2048));
  precompressDirectory(dir);
  const assets = loadPrecompressedAssets(dir);
  server = createServer((req, res) => {
    if (servePrecompressed(assets, req, res)) return;
    res.setHeader('x-fell-through', '1');
    res.end('fallback');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(base + path, headers, method);

describe('pre-compressed static assets', () => {
  it('the build writes .br and .gz beside text files only', () => {
    expect(existsSync(join(dir, '_astro', 'island.abc123.js.br'))).toBe(true);
    expect(existsSync(join(dir, '_astro', 'island.abc123.js.gz'))).toBe(true);
    expect(existsSync(join(dir, 'manifest.webmanifest.br'))).toBe(true);
    expect(existsSync(join(dir, 'icon.png.br'))).toBe(false);
  });

  it('serves the brotli copy with its own ETag, length, type and long cache for hashed assets', async () => {
    const res = await get('/_astro/island.abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.byteLength);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
    expect(res.headers['etag']).toMatch(/-br"$/);
  });

  it('serves gzip to a client without brotli, with a different ETag', async () => {
    const br = await get('/_astro/island.abc123.js', { 'accept-encoding': 'br' });
    const gz = await get('/_astro/island.abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    expect(gz.headers['etag']).not.toBe(br.headers['etag']);
  });

  it('answers 304 to its ETag, weak or strong', async () => {
    const first = await get('/manifest.webmanifest', { 'accept-encoding': 'br' });
    const etag = String(first.headers['etag']);
    for (const tag of [etag, `W/${etag}`]) {
      const again = await get('/manifest.webmanifest', { 'accept-encoding': 'br', 'if-none-match': tag });
      expect(again.status).toBe(304);
      expect(again.body.byteLength).toBe(0);
    }
  });

  it.each([
    ['a client that accepts neither', '/_astro/island.abc123.js', {}],
    ['a file without copies', '/icon.png', { 'accept-encoding': 'br' }],
    ['an unknown path', '/explore', { 'accept-encoding': 'br' }],
    ['a Range request', '/_astro/island.abc123.js', { 'accept-encoding': 'br', range: 'bytes=0-10' }],
  ])('hands on %s', async (_name, path, headers) => {
    const res = await get(path, headers as Record<string, string>);
    expect(res.headers['x-fell-through']).toBe('1');
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/_astro/island.abc123.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.byteLength).toBe(0);
  });
});
