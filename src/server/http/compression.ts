/**
 * On-the-fly compression of text responses at the Node HTTP layer, so pages, API answers and
 * any static file without a pre-compressed copy leave the server as brotli (or gzip) whatever
 * route produced them. Streaming responses stay streaming: what was written in one turn of
 * the event loop is flushed at its end, so a page's first bytes are not held back.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import {
  brotliCompress,
  constants,
  createBrotliCompress,
  createGzip,
  gzip,
  type BrotliCompress,
  type Gzip,
} from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this size a dynamic body is sent as it is: the framing would cost about what it saves. */
export const MIN_COMPRESS_BYTES = 256;

// Low-CPU levels for dynamic answers (build-time assets use the maximum, see precompressed.ts).
// Brotli 4 is about as fast as gzip 6 and smaller on HTML and JSON.
export const DYNAMIC_BROTLI_QUALITY = 4;
export const DYNAMIC_GZIP_LEVEL = 6;

const TEXT_TYPE =
  /^(text\/|image\/svg\+xml|application\/(json|javascript|ecmascript|xml|manifest\+json|x-ndjson|[\w.-]+\+(json|xml)))/i;

export function isCompressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPE.test(contentType.trim());
}

/**
 * The encoding to send for an Accept-Encoding header: the highest q-value among those we
 * offer, brotli on a tie; none when the client names neither (nor `*`) or refuses them (q=0).
 */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  offered: readonly Encoding[] = ['br', 'gzip'],
): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!Number.isFinite(q)) continue;
    weights.set(name.trim(), q);
  }
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const encoding of offered) {
    const q =
      weights.get(encoding) ??
      (encoding === 'gzip' ? weights.get('x-gzip') : undefined) ??
      weights.get('*') ??
      0;
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

/** Adds Accept-Encoding to the Vary header once, keeping what is already there. */
export function addVary(res: ServerResponse): void {
  const current = res.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.includes('*') || list.some((v) => v.toLowerCase() === 'accept-encoding')) return;
  res.setHeader('vary', [...list, 'Accept-Encoding'].join(', '));
}

/** A strong ETag names exact bytes; after compressing on the fly only a weak one stays true. */
export function weakenEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * A whole body compressed off the event loop, for responses kept and sent many times (the
 * Explore page cache): compressed once, at a higher level than a one-off response gets.
 */
export function compressWhole(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: constants.Z_BEST_COMPRESSION });
  return brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

function compressor(encoding: Encoding, sizeHint: number | undefined): BrotliCompress | Gzip {
  if (encoding === 'gzip') return createGzip({ level: DYNAMIC_GZIP_LEVEL });
  const params: Record<number, number> = {
    [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  };
  if (sizeHint) params[constants.BROTLI_PARAM_SIZE_HINT] = sizeHint;
  return createBrotliCompress({ params });
}

function headerString(res: ServerResponse, name: string): string | undefined {
  const value = res.getHeader(name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Whether this response, with its headers as they are now, should be compressed. */
function shouldCompress(req: IncomingMessage, res: ServerResponse): boolean {
  const status = res.statusCode;
  if (req.method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304)
    return false;
  if (res.getHeader('content-encoding') !== undefined) return false;
  if (/\bno-transform\b/i.test(headerString(res, 'cache-control') ?? '')) return false;
  const length = headerString(res, 'content-length');
  if (length !== undefined && Number(length) < MIN_COMPRESS_BYTES) return false;
  return true;
}

type WriteCallback = (error?: Error | null) => void;
type Chunk = string | Uint8Array;

/**
 * Makes `res` compress its body when the request accepts brotli or gzip and the response is
 * text. Call before handing `res` to the application. The decision is taken when the head is
 * written, from the final status and headers.
 */
export function compressResponses(req: IncomingMessage, res: ServerResponse): void {
  const accepted = chooseEncoding(req.headers['accept-encoding']);
  const originalWrite = res.write;
  const originalEnd = res.end;
  const write = (chunk: Chunk): boolean => (originalWrite as (c: Chunk) => boolean).call(res, chunk);
  const writeHead = res.writeHead.bind(res) as (status: number, message?: string) => ServerResponse;
  let decided = false;
  let stream: BrotliCompress | Gzip | undefined;
  let flushScheduled = false;

  const decide = (): void => {
    decided = true;
    if (!isCompressibleType(headerString(res, 'content-type'))) return;
    // Caches must key text responses on Accept-Encoding whether or not this one is compressed.
    addVary(res);
    if (!accepted || !shouldCompress(req, res)) return;
    const length = headerString(res, 'content-length');
    res.removeHeader('content-length');
    res.removeHeader('accept-ranges');
    res.setHeader('content-encoding', accepted);
    const etag = headerString(res, 'etag');
    if (etag) res.setHeader('etag', weakenEtag(etag));
    stream = compressor(accepted, length === undefined ? undefined : Number(length));
    const out = stream;
    out.on('data', (chunk: Buffer) => {
      if (!write(chunk)) {
        out.pause();
        res.once('drain', () => out.resume());
      }
    });
    out.on('drain', () => res.emit('drain'));
    out.on('error', (error) => res.destroy(error));
    res.once('close', () => out.destroy());
  };

  res.writeHead = function patchedWriteHead(
    this: ServerResponse,
    status: number,
    ...rest: unknown[]
  ): ServerResponse {
    const message = typeof rest[0] === 'string' ? rest[0] : undefined;
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as
      OutgoingHttpHeaders | readonly string[] | undefined;
    res.statusCode = status;
    if (Array.isArray(headers)) {
      const flat = headers as readonly string[];
      for (let i = 0; i + 1 < flat.length; i += 2) res.setHeader(flat[i] as string, flat[i + 1] as string);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers))
        if (value !== undefined) res.setHeader(name, value);
    }
    if (!decided) decide();
    return writeHead(status, message);
  } as ServerResponse['writeHead'];

  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      if (stream && !stream.destroyed && !stream.writableEnded) stream.flush();
    });
  };

  res.write = function patchedWrite(this: ServerResponse, chunk: Chunk, ...rest: unknown[]): boolean {
    if (!decided && !res.headersSent) res.writeHead(res.statusCode);
    const encoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
    const callback = (typeof rest[0] === 'function' ? rest[0] : rest[1]) as WriteCallback | undefined;
    if (!stream) return (originalWrite as (...a: unknown[]) => boolean).call(res, chunk, ...rest);
    scheduleFlush();
    return stream.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, callback);
  } as ServerResponse['write'];

  res.end = function patchedEnd(this: ServerResponse, ...args: unknown[]): ServerResponse {
    const callback = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    const chunk = typeof args[0] === 'function' ? undefined : (args[0] as Chunk | undefined | null);
    const encoding = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
    const body = chunk == null ? undefined : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    if (!decided && !res.headersSent) {
      // A body given whole has a known length: small ones are not worth compressing.
      if (res.getHeader('content-length') === undefined)
        res.setHeader('content-length', body?.byteLength ?? 0);
      res.writeHead(res.statusCode);
    }
    const out = stream;
    if (!out) return (originalEnd as (...a: unknown[]) => ServerResponse).call(res, ...args);
    out.once('end', () => (originalEnd as (cb?: () => void) => ServerResponse).call(res, callback));
    if (body) out.end(body);
    else out.end();
    return res;
  } as ServerResponse['end'];
}
