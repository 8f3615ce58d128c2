import type { APIRoute } from 'astro';
import { env } from '../env.ts';
import { settledBefore } from '../server/privacy/disclosure.ts';
import { withReadDb } from '../server/db/read-replica.ts';
import { renderAtom } from '../server/feed/atom.ts';
import { feedSearch, parseFeedQuery } from '../server/feed/filters.ts';
import { loadFeedPage } from '../server/feed/service.ts';
import { filterTitle } from '../server/feed/title.ts';
import { cacheableResponse } from '../server/http/cache.ts';
import { issuesFromZod, jsonError } from '../server/http/json.ts';
import { siteOrigin } from '../server/http/proxy.ts';
import { currentMonth } from '../server/timelines/months.ts';

/**
 * The newest page of the feed for a filter, as Atom. Readers poll (with If-None-Match); no
 * cursor. Shared caches keep it for a minute at most (s-maxage + stale-while-revalidate), so a
 * note a moderator hides leaves them within a minute.
 */
export const GET: APIRoute = async ({ request, url }) => {
  // Links and ids name the canonical origin, never the Host header of whoever asked first.
  const origin = siteOrigin(url);
  const parsed = parseFeedQuery(url.searchParams);
  if (!parsed.success) return jsonError(400, 'Invalid feed filter', issuesFromZod(parsed.error));
  const filters = {
    category: parsed.data.category,
    country: parsed.data.country,
    milestone: parsed.data.milestone,
  };
  let result;
  try {
    result = await withReadDb((db) =>
      loadFeedPage(db, filters, {
        minGroupSize: env().STATS_MIN_GROUP_SIZE,
        includeDemo: env().INCLUDE_DEMO_DATA,
        settledBefore: settledBefore(),
        pageSize: 50,
      }),
    );
  } catch {
    return jsonError(503, 'The feed is unavailable right now');
  }
  if (!result.ok) return jsonError(400, result.error);
  const body = renderAtom(result.page, {
    self: `${origin}/feed.atom${feedSearch(filters)}`,
    html: `${origin}/feed${feedSearch(filters)}`,
    site: origin,
    title: `${filterTitle(filters)} · CaseTrack`,
    currentMonth: currentMonth(),
  });
  return cacheableResponse(request, body, 'application/atom+xml; charset=utf-8');
};
