/**
 * Rendered Explore pages, and the statistics API's answers, reused between visitors asking the
 * same question (docs/decisions/111). The key is the normalised query (for Explore, plus the raw
 * parameters the form echoes back, sorted), the statistics settings and the current month; the entry belongs to the statistics data version
 * read after the request arrived (reads are coalesced, never joined mid-flight; on the embedded
 * database, read again only after a commit changed it), so a page is never older than the last
 * write visible to the API. Only plain 200 pages without cookies are
 * shared, and each is compressed once.
 */
import type { MiddlewareHandler } from 'astro';
import { type Database, statsVersionCommitCounter } from '../db/client.ts';
import { etagMatches } from '../http/cache.ts';
import { chooseEncoding, compressWhole, type Encoding, weakenEtag } from '../http/compression.ts';
import { log } from '../log/logger.ts';
import { currentMonth } from '../timelines/months.ts';
import { parseExplore } from './explore.ts';
import { breakdownQuerySchema, statsQuerySchema } from './filters.ts';
import { parseQuery } from './http.ts';
import { type DataVersion, getStatsDataVersion } from './queries/data-version.ts';
import { settingsFromEnv } from './service.ts';
import { CoalescedRead, NotifiedRead, VersionedCache } from './versioned-cache.ts';

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Compressed once, on first demand, and kept with the page. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** Pages about 70 KB each, API answers a few KB: tens of MB at most. */
const MAX_PAGES = 500;

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortedKeys(v)]),
    );
  return value;
}

/** The cache key of an Explore URL, or null when it is not a valid query (those are not reused). */
export function explorePageKey(params: URLSearchParams, extra: Record<string, unknown> = {}): string | null {
  const { query } = parseExplore(params);
  if (!query) return null;
  const raw = [...params.entries()].sort(([a, x], [b, y]) =>
    a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  return JSON.stringify(sortedKeys({ query, raw, ...extra }));
}

/** The normalised query of a statistics API request (the routes' own parse), or null when refused. */
function apiQueryKey(schema: typeof statsQuerySchema | typeof breakdownQuerySchema) {
  return (url: URL): unknown => {
    const parsed = parseQuery(url, schema);
    return parsed.ok ? parsed.value : null;
  };
}

/** The paths whose GET answers are reused, and each one's normalised query. */
const REUSED: Record<string, (url: URL) => unknown> = {
  '/explore': (url) => explorePageKey(url.searchParams),
  '/api/v1/stats': apiQueryKey(statsQuerySchema),
  '/api/v1/stats/breakdown': apiQueryKey(breakdownQuerySchema),
};

/** The cache key of a GET, or null when its answer is not reused. */
export function reusedAnswerKey(url: URL, extra: Record<string, unknown>): string | null {
  const path = url.pathname;
  const route = path.length > 1 ? path.replace(/\/$/, '') : path;
  const normalise = REUSED[route];
  if (!normalise) return null;
  const query = normalise(url);
  if (query === null) return null;
  return JSON.stringify(sortedKeys({ route, query, ...extra }));
}

async function snapshot(response: Response): Promise<{ value: CachedPage; shareable: boolean }> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers = [...response.headers.entries()];
  const shareable = response.status === 200 && !response.headers.has('set-cookie');
  return { value: { status: response.status, headers, body, encoded: {} }, shareable };
}

/**
 * The page as this client can read it: the kept compressed copy when it accepts one. An answer
 * kept with its ETag (the statistics API's) still answers a matching If-None-Match with 304.
 */
async function replay(page: CachedPage, request: Request): Promise<Response> {
  const headers = new Headers(page.headers);
  headers.set('vary', 'Accept-Encoding');
  const encoding = chooseEncoding(request.headers.get('accept-encoding') ?? undefined);
  const etag = headers.get('etag');
  if (etag && encoding) headers.set('etag', weakenEtag(etag));
  if (etag && page.status === 200 && etagMatches(request.headers.get('if-none-match'), etag)) {
    headers.delete('content-type');
    headers.delete('content-length');
    return new Response(null, { status: 304, headers });
  }
  if (!encoding) return new Response(new Uint8Array(page.body), { status: page.status, headers });
  page.encoded[encoding] ??= compressWhole(page.body, encoding);
  headers.set('content-encoding', encoding);
  return new Response(new Uint8Array(await page.encoded[encoding]), { status: page.status, headers });
}

/**
 * The statistics data version, read after the caller arrived: from the embedded database's
 * in-process commit count when it has one (a database read only after a change), otherwise one
 * database read per wave of requests.
 */
export function statsVersionReader(database: () => Promise<Database>): () => Promise<DataVersion> {
  const polled = new CoalescedRead(async () => getStatsDataVersion(await database()));
  const notified = new WeakMap<Database, NotifiedRead<DataVersion>>();
  return async () => {
    const db = await database();
    const commits = statsVersionCommitCounter(db);
    if (!commits) return polled.get();
    let reader = notified.get(db);
    if (!reader) {
      reader = new NotifiedRead(
        () => getStatsDataVersion(db),
        () => commits.count,
      );
      notified.set(db, reader);
    }
    return reader.get();
  };
}

export function explorePageCache(database: () => Promise<Database>): MiddlewareHandler {
  // One per middleware (the app has one): its pages belong to the versions of its own database.
  const cache = new VersionedCache<CachedPage>(MAX_PAGES);
  const currentVersion = statsVersionReader(database);
  return async (context, next) => {
    if (context.request.method !== 'GET') return next();
    const key = reusedAnswerKey(context.url, {
      settings: settingsFromEnv(),
      month: currentMonth(),
    });
    if (key === null) return next();
    let version;
    try {
      version = await currentVersion();
    } catch (error) {
      // The page itself reports an unavailable database.
      log.warn('explore_cache_bypassed', { message: (error as Error).message });
      return next();
    }
    const page = await cache.get(version, key, async () => snapshot(await next()));
    return replay(page, context.request);
  };
}
