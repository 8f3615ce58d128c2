// The Explore page cache against a real database (decision 111): a page read right after a write
// returns is the page the current data renders, never one kept from before the write, and two
// filters never share a page. The statistics API's answers are reused the same way. The "page" here is the Explore view's figures as JSON, loaded by
// the same loadExplore the page uses, so a stale reuse shows as a different body.
import type { APIContext } from 'astro';
import { beforeEach, describe, expect, it } from 'vitest';
import { statsVersionCommitCounter } from '../../../src/server/db/client.ts';
import { explorePageCache } from '../../../src/server/stats/explore-page-cache.ts';
import { loadExplore } from '../../../src/server/stats/explore.ts';
import { queryRecord, statsQuerySchema } from '../../../src/server/stats/filters.ts';
import { getStats } from '../../../src/server/stats/service.ts';
import { cacheableResponse } from '../../../src/server/http/cache.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import {
  changeTimeline,
  removeTimeline,
  shareTimeline,
  type WriteContext,
} from '../../../src/server/timelines/service.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';

const INDIA = '/explore?category=i485&country=IN';
const CHINA = '/explore?category=i485&country=CN';

const SHARE = {
  category: 'i485',
  country: 'IN',
  service_center: 'NBC',
  filed: '2024-01',
  milestones: [
    { key: 'biometrics', month: '2024-02' },
    { key: 'approved', month: '2024-05' },
  ],
};

describe.each(DATABASE_KINDS)('Explore page cache on %s', (kind) => {
  const t = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  let renders: number;
  let ctx: WriteContext;
  let handler: ReturnType<typeof explorePageCache>;

  /** What the page shows for this URL from the data as it is now, rendered without any reuse. */
  async function rendered(path: string): Promise<string> {
    const view = await loadExplore(t.db, new URL(path, 'http://localhost').searchParams);
    return JSON.stringify({ stats: view.stats, trend: view.trend, breakdown: view.breakdown });
  }

  /** A GET through the cache middleware, as the app serves it (no compression asked). */
  async function get(path: string): Promise<string> {
    const url = new URL(path, 'http://localhost');
    const context = { url, request: new Request(url) } as unknown as APIContext;
    const response = await handler(context, async () => {
      renders++;
      return new Response(await rendered(path), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    expect(response).toBeInstanceOf(Response);
    return (response as Response).text();
  }

  beforeEach(async () => {
    renders = 0;
    ctx = { clientKey: `key-${Math.random()}`, rateLimitPerHour: 1000, now: new Date() };
    // A fresh middleware per test: its pages belong to this test's data only.
    handler = explorePageCache(async () => t.db);
    // Enough alike imported timelines (settled: they count towards K) in both groups that their
    // figures are published; a share like SHARE joins India's one cell and changes its figures.
    const filed = monthIndex(2024, 1);
    const group = (country: string, months: number) =>
      Array.from({ length: 8 }, () =>
        buildTimeline({
          country,
          provenance: 'import',
          filedMonth: filed,
          milestones: [{ key: 'approved', month: filed + months }],
        }),
      );
    await insertTimelines(t.db, [...group('IN', 4), ...group('CN', 7)]);
  });

  it('reuses a page while nothing was written', async () => {
    const first = await get(INDIA);
    expect(await get(INDIA)).toBe(first);
    expect(await get(INDIA)).toBe(first);
    expect(renders).toBe(1);
    expect(first).toBe(await rendered(INDIA));
    expect((JSON.parse(first) as { stats: { suppressed: boolean } }).stats.suppressed).toBe(false);
  });

  it('never serves one filter the page of another', async () => {
    const india = await get(INDIA);
    const china = await get(CHINA);
    expect(india).not.toBe(china);
    expect(await get(INDIA)).toBe(india);
    expect(await get(CHINA)).toBe(china);
    expect(india).toBe(await rendered(INDIA));
    expect(china).toBe(await rendered(CHINA));
  });

  it('a page read right after a share, an edit or a removal returns shows that write', async () => {
    const before = await get(INDIA);
    const shared = await shareTimeline(t.db, SHARE, ctx);
    if (!shared.ok) throw new Error(`expected a share, got ${JSON.stringify(shared)}`);
    const afterShare = await get(INDIA);
    expect(afterShare).not.toBe(before);
    expect(afterShare).toBe(await rendered(INDIA));

    const changed = await changeTimeline(
      t.db,
      shared.id,
      {
        milestones: [
          { key: 'biometrics', month: '2024-02' },
          { key: 'approved', month: '2024-06' },
        ],
      },
      ctx,
    );
    expect(changed.ok).toBe(true);
    const afterEdit = await get(INDIA);
    expect(afterEdit).not.toBe(afterShare);
    expect(afterEdit).toBe(await rendered(INDIA));

    expect((await removeTimeline(t.db, shared.id)).ok).toBe(true);
    const afterRemoval = await get(INDIA);
    expect(afterRemoval).toBe(await rendered(INDIA));
    expect(afterRemoval).toBe(before);
  });

  it('a write to one group is seen by the page of that group and leaves the other exact', async () => {
    await get(INDIA);
    await get(CHINA);
    const shared = await shareTimeline(t.db, { ...SHARE, country: 'CN' }, ctx);
    expect(shared.ok).toBe(true);
    expect(await get(CHINA)).toBe(await rendered(CHINA));
    expect(await get(INDIA)).toBe(await rendered(INDIA));
  });

  it('a rolled-back write changes no page and is never shown', async () => {
    const before = await get(INDIA);
    await t.db
      .transaction()
      .execute(async (trx) => {
        await insertTimelines(trx, [buildTimeline({ country: 'IN' })]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await get(INDIA)).toBe(before);
    expect(before).toBe(await rendered(INDIA));
  });

  it('requests arriving together share one render, and pages after a write are fresh', async () => {
    const pages = await Promise.all(Array.from({ length: 10 }, () => get(INDIA)));
    expect(new Set(pages).size).toBe(1);
    expect(renders).toBe(1);
    const shared = await shareTimeline(t.db, SHARE, ctx);
    expect(shared.ok).toBe(true);
    const after = await Promise.all(Array.from({ length: 10 }, () => get(INDIA)));
    expect(new Set(after)).toEqual(new Set([await rendered(INDIA)]));
    expect(after[0]).not.toBe(pages[0]);
  });

  /** A statistics API GET through the same middleware; the route's answer computed from the data now. */
  async function apiGet(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; etag: string | null }> {
    const url = new URL(path, 'http://localhost');
    const request = new Request(url, { headers });
    const context = { url, request } as unknown as APIContext;
    const response = await handler(context, async () => {
      renders++;
      return apiAnswer(request);
    });
    const r = response as Response;
    return { status: r.status, body: await r.text(), etag: r.headers.get('etag') };
  }

  /** What the route answers (src/pages/api/v1/stats/index.ts, without the official block). */
  async function apiAnswer(request: Request): Promise<Response> {
    const parsed = statsQuerySchema.safeParse(queryRecord(new URL(request.url).searchParams));
    if (!parsed.success) return new Response('{"error":"Invalid query"}', { status: 400 });
    const body = JSON.stringify(await getStats(t.db, parsed.data));
    return cacheableResponse(request, body, 'application/json; charset=utf-8');
  }

  it('reuses statistics API answers per filter until a write changes them', async () => {
    const india = '/api/v1/stats?category=i485&country=IN';
    const china = '/api/v1/stats?category=i485&country=CN';
    const first = await apiGet(india);
    expect(first.status).toBe(200);
    expect((await apiGet(india)).body).toBe(first.body);
    expect((await apiGet(china)).body).not.toBe(first.body);
    expect(renders).toBe(2);
    // The same question asked in another order is the same answer.
    expect((await apiGet('/api/v1/stats?country=IN&category=i485')).body).toBe(first.body);
    expect(renders).toBe(2);
    const shared = await shareTimeline(t.db, SHARE, ctx);
    expect(shared.ok).toBe(true);
    const after = await apiGet(india);
    expect(after.body).not.toBe(first.body);
    expect(after.body).toBe(await (await apiAnswer(new Request(new URL(india, 'http://localhost')))).text());
    // A kept answer still honours the ETag the client holds.
    const again = await apiGet(india, { 'if-none-match': after.etag! });
    expect([again.status, again.body]).toEqual([304, '']);
    // A refused query is answered each time, never kept.
    const refusals = renders;
    expect((await apiGet('/api/v1/stats?category=nope')).status).toBe(400);
    expect((await apiGet('/api/v1/stats?category=nope')).status).toBe(400);
    expect(renders).toBe(refusals + 2);
  });

  it.runIf(kind === 'pglite')(
    'the embedded database counts, in process, each commit that changed the data version',
    async () => {
      const counter = statsVersionCommitCounter(t.db);
      expect(counter).toBeDefined();
      const start = counter!.count;
      await get(INDIA);
      await t.db.selectFrom('timelines').selectAll().execute();
      expect(counter!.count).toBe(start);
      const shared = await shareTimeline(t.db, SHARE, ctx);
      expect(shared.ok).toBe(true);
      // Counted before the writer's caller resumed: one transaction, one notification.
      expect(counter!.count).toBe(start + 1);
      await t.db
        .transaction()
        .execute(async (trx) => {
          await insertTimelines(trx, [buildTimeline()]);
          throw new Error('roll back');
        })
        .catch(() => {});
      expect(counter!.count).toBe(start + 1);
    },
  );

  it.runIf(kind === 'postgres')('PostgreSQL has no in-process count: other processes may write', () => {
    expect(statsVersionCommitCounter(t.db)).toBeUndefined();
  });
});
