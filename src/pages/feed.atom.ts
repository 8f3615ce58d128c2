import type { APIRoute } from 'astro';
import { env } from '../env.ts';
import { settledBefore } from '../server/privacy/disclosure.ts';
import { appDatabase } from '../server/db/instance.ts';
import { renderAtom } from '../server/feed/atom.ts';
import { feedSearch, parseFeedQuery } from '../server/feed/filters.ts';
import { loadFeedPage } from '../server/feed/service.ts';
import { filterTitle } from '../server/feed/title.ts';
import { issuesFromZod, jsonError } from '../server/http/json.ts';
import { siteOrigin } from '../server/http/proxy.ts';
import { currentMonth } from '../server/timelines/months.ts';

/**
 * The newest page of the feed for a filter, as Atom. Readers poll; no cursor. Cached for a
 * minute at most, so a note a moderator hides leaves shared caches within a minute.
 */
export const GET: APIRoute = async ({ url }) => {
  // Links and ids name the canonical origin, never the Host header of whoever asked first.
  const origin = siteOrigin(url);
  const parsed = parseFeedQuery(url.searchParams);
  if (!parsed.success) return jsonError(400, 'Invalid feed filter', issuesFromZod(parsed.error));
  const filters = {
    category: parsed.data.category,
    country: parsed.data.country,
    milestone: parsed.data.milestone,
  };
  let db;
  try {
    db = await appDatabase();
  } catch {
    return jsonError(503, 'The feed is unavailable right now');
  }
  const result = await loadFeedPage(db, filters, {
    minGroupSize: env().STATS_MIN_GROUP_SIZE,
    includeDemo: env().INCLUDE_DEMO_DATA,
    settledBefore: settledBefore(),
    pageSize: 50,
  });
  if (!result.ok) return jsonError(400, result.error);
  const body = renderAtom(result.page, {
    self: `${origin}/feed.atom${feedSearch(filters)}`,
    html: `${origin}/feed${feedSearch(filters)}`,
    site: origin,
    title: `${filterTitle(filters)} · CaseTrack`,
    currentMonth: currentMonth(),
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/atom+xml; charset=utf-8',
      'cache-control': 'public, max-age=60',
      'x-content-type-options': 'nosniff',
    },
  });
};
