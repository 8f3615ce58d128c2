import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, createBrotliDecompress, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type RawResponse, rawRequest } from './raw-request.ts';
import {
  chooseEncoding,
  compressResponses,
  isCompressibleType,
  weakenEtag,
} from '../../../src/server/http/compression.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(app: RequestListener): Promise<string> {
  const server = createServer((req, res) => {
    compressResponses(req, res);
    app(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Raw = RawResponse;
const get = rawRequest;

function decode(raw: Raw): string {
  const encoding = raw.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw.body).toString();
  if (encoding === 'gzip') return gunzipSync(raw.body).toString();
  return raw.body.toString();
}

const PAGE = '<!doctype html><p>' + 'processing times by filing month '.repeat(200) + '</p>';

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'], // what Chromium sends
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'], // the client's preference wins
    ['br;q=0.8, gzip;q=0.8', 'br'], // a tie goes to brotli
    ['*', 'br'],
    ['*;q=0', undefined],
    ['identity', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('only picks what is offered', () => {
    expect(chooseEncoding('br, gzip', ['gzip'])).toBe('gzip');
  });
});

describe('isCompressibleType', () => {
  it.each([
    ['text/html; charset=utf-8', true],
    ['text/csv; charset=utf-8', true],
    ['application/json; charset=utf-8', true],
    ['application/atom+xml; charset=utf-8', true],
    ['application/manifest+json', true],
    ['image/svg+xml', true],
    ['text/javascript', true],
    ['image/png', false],
    ['application/octet-stream', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isCompressibleType(type)).toBe(expected);
  });
});

describe('compressResponses', () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
  ])('Accept-Encoding %s → Content-Encoding %s, same text, Vary set', async (accept, encoding) => {
    const base = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(PAGE),
      });
      res.end(PAGE);
    });
    const raw = await get(base, { 'accept-encoding': accept });
    expect(raw.headers['content-encoding']).toBe(encoding);
    expect(raw.headers['vary']).toBe('Accept-Encoding');
    expect(decode(raw)).toBe(PAGE);
    if (encoding) {
      expect(raw.headers['content-length']).toBeUndefined();
      expect(raw.body.byteLength).toBeLessThan(Buffer.byteLength(PAGE) / 5);
    }
  });

  it('keeps an existing Vary and weakens a strong ETag when it compresses', async () => {
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('etag', '"abc"');
      res.setHeader('vary', 'Cookie');
      res.end(JSON.stringify({ rows: PAGE }));
    });
    const raw = await get(base, { 'accept-encoding': 'br' });
    expect(raw.headers['etag']).toBe('W/"abc"');
    expect(raw.headers['vary']).toBe('Cookie, Accept-Encoding');
    const plain = await get(base);
    expect(plain.headers['etag']).toBe('"abc"');
    expect(weakenEtag('W/"abc"')).toBe('W/"abc"');
  });

  it.each([
    ['a small body', (res: Parameters<RequestListener>[1]) => res.end('{"error":"x"}')],
    ['a 304', (res: Parameters<RequestListener>[1]) => res.writeHead(304).end()],
    [
      'an already encoded body',
      (res: Parameters<RequestListener>[1]) => {
        res.setHeader('content-encoding', 'gzip');
        res.end(PAGE);
      },
    ],
    [
      'no-transform',
      (res: Parameters<RequestListener>[1]) => {
        res.setHeader('cache-control', 'no-transform');
        res.end(PAGE);
      },
    ],
  ])('leaves %s alone', async (_name, send) => {
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      send(res);
    });
    const raw = await get(base, { 'accept-encoding': 'br' });
    expect(raw.headers['content-encoding'] ?? 'none').not.toBe('br');
  });

  it('never compresses images and does not vary them', async () => {
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'image/png');
      res.end(Buffer.alloc(4096));
    });
    const raw = await get(base, { 'accept-encoding': 'br' });
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers['vary']).toBeUndefined();
    expect(raw.body.byteLength).toBe(4096);
  });

  it('answers HEAD with the headers only', async () => {
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(PAGE);
    });
    const raw = await get(base, { 'accept-encoding': 'br' }, 'HEAD');
    expect(raw.status).toBe(200);
    expect(raw.body.byteLength).toBe(0);
  });

  it('streams: the first part arrives, decoded, before the response ends', async () => {
    let release: () => void = () => {};
    const secondPart = new Promise<void>((r) => (release = r));
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<header>first part</header>');
      // The rest is written only once the client has decoded the first part: without a flush
      // per write this test would never finish.
      void secondPart.then(() => res.end('<main>rest</main>'));
    });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(base, { headers: { 'accept-encoding': 'br' } }, (res) => {
        expect(res.headers['content-encoding']).toBe('br');
        let seen = '';
        const decoder = res.pipe(createBrotliDecompress());
        decoder.on('data', (c: Buffer) => {
          seen += c.toString();
          if (seen.includes('first part')) release();
        });
        decoder.on('end', () => resolve(seen));
        decoder.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(text).toBe('<header>first part</header><main>rest</main>');
  });

  it('respects backpressure on large streamed bodies', async () => {
    const part = PAGE.repeat(20);
    const base = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain');
      let left = 40;
      const pump = (): void => {
        while (left > 0) {
          left--;
          if (!res.write(part + left)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const raw = await get(base, { 'accept-encoding': 'gzip' });
    const text = decode(raw);
    expect(text.length).toBe(Array.from({ length: 40 }, (_, i) => part + (39 - i)).join('').length);
  });
});
