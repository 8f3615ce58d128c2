/**
 * Static build assets compressed once, at build time, at the maximum level (the build hook in
 * astro.config.mjs calls `precompressDirectory`), and served from those `.br`/`.gz` copies
 * when the client accepts them. Anything else falls through to the application, where
 * compression.ts compresses on the fly.
 */
import { createReadStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { addVary, chooseEncoding, type Encoding } from './compression.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.map': 'application/json; charset=utf-8',
};

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Files under this folder have content hashes in their names (Astro's assetsDir). */
const IMMUTABLE_PREFIX = '/_astro/';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

/**
 * Writes `file.br` and `file.gz` beside every text file, however small; a copy that would not
 * be smaller is not written. Returns the byte counts for the build log.
 */
export function precompressDirectory(dir: string): { files: number; bytes: number; brotliBytes: number } {
  let files = 0;
  let bytes = 0;
  let brotliBytes = 0;
  for (const file of listFiles(dir)) {
    if (!(extname(file) in CONTENT_TYPES)) continue;
    const body = readFileSync(file);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    });
    const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    if (br.byteLength < body.byteLength) writeFileSync(file + SUFFIX.br, br);
    if (gz.byteLength < body.byteLength) writeFileSync(file + SUFFIX.gzip, gz);
    files++;
    bytes += body.byteLength;
    brotliBytes += Math.min(br.byteLength, body.byteLength);
  }
  return { files, bytes, brotliBytes };
}

interface Variant {
  file: string;
  size: number;
  etag: string;
}

export interface StaticAsset {
  contentType: string;
  cacheControl: string;
  lastModified: string;
  variants: Partial<Record<Encoding, Variant>>;
}

/** URL path → its pre-compressed copies, read once at start-up (a rebuild restarts the server). */
export function loadPrecompressedAssets(clientDir: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  let files: string[];
  try {
    files = listFiles(clientDir);
  } catch {
    return assets;
  }
  const present = new Set(files);
  for (const file of files) {
    const contentType = CONTENT_TYPES[extname(file)];
    if (!contentType) continue;
    const variants: Partial<Record<Encoding, Variant>> = {};
    for (const encoding of ['br', 'gzip'] as const) {
      const copy = file + SUFFIX[encoding];
      if (!present.has(copy)) continue;
      const stat = statSync(copy);
      // One ETag per representation: each copy is its own exact bytes.
      variants[encoding] = {
        file: copy,
        size: stat.size,
        etag: `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}-${encoding}"`,
      };
    }
    if (!variants.br && !variants.gzip) continue;
    const path = '/' + relative(clientDir, file).split(sep).join('/');
    assets.set(path, {
      contentType,
      cacheControl: path.startsWith(IMMUTABLE_PREFIX)
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0',
      lastModified: statSync(file).mtime.toUTCString(),
      variants,
    });
  }
  return assets;
}

function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === etag);
}

/**
 * Answers a GET or HEAD for a pre-compressed asset the client can decode; returns false (and
 * writes nothing) when the request is not one, so the caller hands it on.
 */
export function servePrecompressed(
  assets: ReadonlyMap<string, StaticAsset>,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (assets.size === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  // A Range request gets the identity bytes from the ordinary static handler.
  if (req.headers.range) return false;
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const asset = assets.get(decoded);
  if (!asset) return false;
  const offered = (['br', 'gzip'] as const).filter((e) => asset.variants[e]);
  const encoding = chooseEncoding(req.headers['accept-encoding'], offered);
  const variant = encoding && asset.variants[encoding];
  if (!encoding || !variant) {
    addVary(res);
    return false;
  }
  res.setHeader('content-type', asset.contentType);
  res.setHeader('cache-control', asset.cacheControl);
  res.setHeader('last-modified', asset.lastModified);
  res.setHeader('etag', variant.etag);
  addVary(res);
  if (ifNoneMatchHits(req.headers['if-none-match'], variant.etag)) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', variant.size);
  res.statusCode = 200;
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(variant.file);
  stream.on('error', (error) => res.destroy(error));
  stream.pipe(res);
  return true;
}
