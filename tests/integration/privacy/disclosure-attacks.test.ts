// The six attacks of issue 11, replayed with the exact requests on a dataset whose every
// timeline is known. Each shows that the attack no longer yields a single timeline's month, wait,
// center, country or note with certainty (docs/decisions/050).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { accountOverview } from '../../../src/server/accounts/overview.ts';
import type { Database } from '../../../src/server/db/client.ts';
import { renderAtom } from '../../../src/server/feed/atom.ts';
import { parseFeedQuery } from '../../../src/server/feed/filters.ts';
import {
  type FeedItem,
  type FeedSettings,
  itemContext,
  loadFeedPage,
} from '../../../src/server/feed/service.ts';
import { settledBefore } from '../../../src/server/privacy/disclosure.ts';
import { breakdownCsv } from '../../../src/server/stats/csv.ts';
import { loadExplore } from '../../../src/server/stats/explore.ts';
import {
  type StatsFilter,
  breakdownQuerySchema,
  statsQuerySchema,
} from '../../../src/server/stats/filters.ts';
import { parseQuery } from '../../../src/server/stats/http.ts';
import { getRollupCounts } from '../../../src/server/stats/queries/rollup-counts.ts';
import {
  type BreakdownResult,
  OTHER_KEY,
  type StatsSettings,
  getBreakdown,
  getStats,
} from '../../../src/server/stats/service.ts';
import { type SurvivalStep, groupFigures, protectedCells } from '../../../src/server/stats/summary.ts';
import { monthIndex, parseMonth } from '../../../src/server/timelines/months.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import type { NewTimeline } from '../../../src/server/timelines/types.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const K = 5;
const NOW = new Date();

const FEED: FeedSettings = {
  minGroupSize: K,
  includeDemo: false,
  pageSize: 200,
  settledBefore: settledBefore(NOW),
};
/** Before this month: when the dataset's timelines were written (they are not fresh). */
const LONG_AGO = monthIndex(2025, 1);
const m = (text: string) => parseMonth(text)!;

/** An I-485 (or any form) approved `after` months after filing, or pending until `pending` months. */
function timeline(
  o: { filed: string; after?: number; pending?: number } & Partial<NewTimeline>,
): NewTimeline {
  const { filed, after, pending, ...rest } = o;
  const filedMonth = m(filed);
  return buildTimeline({
    filedMonth,
    lastConfirmedMonth: after !== undefined ? filedMonth + after : filedMonth + (pending ?? 0),
    milestones: after !== undefined ? [{ key: 'approved', month: filedMonth + after }] : [],
    office: 'NBC',
    provenance: 'web',
    ...rest,
  });
}

const FILED = ['2023-10', '2023-11', '2023-12', '2024-01', '2024-02'];
/** The known dataset. Nepal's one I-485 is the only case filed 2024-03: approved after 8 months, at NSC. */
const DATASET: NewTimeline[] = [
  ...Array.from({ length: 20 }, (_, i) =>
    timeline({
      country: 'IN',
      filed: FILED[i % 5]!,
      after: 6 + (i % 11),
      office: i % 2 ? 'NBC' : 'TSC',
    }),
  ),
  ...Array.from({ length: 4 }, (_, i) => timeline({ country: 'IN', filed: FILED[i]!, pending: 20 })),
  ...Array.from({ length: 15 }, (_, i) =>
    timeline({ country: 'CN', filed: FILED[i % 5]!, after: 9 + (i % 7) }),
  ),
  ...Array.from({ length: 10 }, (_, i) =>
    timeline({ country: 'MX', filed: FILED[i % 5]!, after: 10 + (i % 5) }),
  ),
  // Mexico at NSC: 2 timelines (the "I-485 · Mexico · NSC").
  ...[0, 1].map((i) => timeline({ country: 'MX', filed: FILED[i]!, after: 12, office: 'NSC' })),
  timeline({
    country: 'NP',
    filed: '2024-03',
    after: 8,
    office: 'NSC',
    note: 'We waited in Kathmandu',
  }),
  // I-140 EB-2 India: 9 without premium processing at TSC, and one premium case (1 month) at NSC.
  ...Array.from({ length: 9 }, (_, i) =>
    timeline({
      category: 'i140',
      subcategory: 'eb2',
      country: 'IN',
      filed: FILED[i % 5]!,
      after: 5 + i,
      office: 'TSC',
      milestones: [],
    }),
  ),
  timeline({
    category: 'i140',
    subcategory: 'eb2',
    country: 'IN',
    filed: '2024-01',
    after: 1,
    premium: true,
    office: 'NSC',
  }),
].map((t) =>
  t.category === 'i140' && t.milestones.length === 0
    ? { ...t, milestones: [{ key: 'approved' as const, month: t.lastConfirmedMonth }] }
    : t,
);

/** A fixed noise secret, so every run publishes the same figures. */
const FIXED_SECRET = createHash('sha256').update('disclosure-attacks').digest();
const SETTINGS: StatsSettings = {
  k: K,
  includeDemo: false,
  settledBefore: settledBefore(NOW),
  secret: FIXED_SECRET,
};
/** Fifty other deployments' secrets: how often would the attack work? */
const SECRETS = Array.from({ length: 50 }, (_, i) => createHash('sha256').update(`deployment-${i}`).digest());

async function seed({ db }: { db: Database }) {
  await db.transaction().execute((trx) => insertTimelines(trx, DATASET));
  // The column is read-only to the app; the fixture back-dates it directly.
  await sql`update timelines set created_month = ${LONG_AGO}`.execute(db);
}

const statsRequest = (query: string) => {
  const parsed = parseQuery(new URL(`http://x/api/v1/stats?${query}`), statsQuerySchema);
  if (!parsed.ok) throw new Error(`bad request ${query}`);
  return parsed.value;
};
const breakdownRequest = (query: string) => {
  const parsed = parseQuery(new URL(`http://x/api/v1/stats/breakdown?${query}`), breakdownQuerySchema);
  if (!parsed.ok) throw new Error(`bad request ${query}`);
  return parsed.value;
};

/** What a visitor reads off a published curve: how many reached the target in each month. */
function impliedEvents(curve: readonly SurvivalStep[]): Map<number, number> {
  const events = new Map<number, number>();
  let previous = 1;
  for (const p of curve) {
    const d = Math.round(p.at_risk * (1 - p.s / previous));
    if (d !== 0) events.set(p.t, d);
    previous = p.s;
  }
  return events;
}

/** The differencing attack: the one month in which A has exactly one more event than B, if that is all that differs. */
function differencedWait(a: readonly SurvivalStep[], b: readonly SurvivalStep[]): number | null {
  const ea = impliedEvents(a);
  const eb = impliedEvents(b);
  const months = new Set([...ea.keys(), ...eb.keys()]);
  const diffs = [...months]
    .map((t) => [t, (ea.get(t) ?? 0) - (eb.get(t) ?? 0)] as const)
    .filter(([, d]) => d);
  return diffs.length === 1 && diffs[0]![1] === 1 ? diffs[0]![0] : null;
}

/** The published curve of a filter under another deployment's secret. */
async function curveUnder(db: Database, filter: StatsFilter, secret: Buffer): Promise<SurvivalStep[]> {
  const rows = await getRollupCounts(db, filter, { includeDemo: false });
  const settled = rows.filter((r) => r.outcome !== 2).reduce((sum, r) => sum + r.n, 0);
  const cells = protectedCells(rows, { k: K, settled, secret });
  return cells ? groupFigures(cells, K).km.survival : [];
}

/** Share of 50 deployments in which the differencing attack names the victim's true wait. */
async function attackSuccess(db: Database, a: StatsFilter, b: StatsFilter, truth: number): Promise<number> {
  let hits = 0;
  for (const secret of SECRETS) {
    if (differencedWait(await curveUnder(db, a, secret), await curveUnder(db, b, secret)) === truth) hits++;
  }
  return hits / SECRETS.length;
}

/** Every group key in a breakdown, except the pooled row. */
const namedKeys = (b: BreakdownResult) => b.groups.filter((g) => g.key !== OTHER_KEY).map((g) => g.key);

async function exactGroupSize(db: Database, filter: StatsFilter, by: BreakdownResult['by'], key: string) {
  const exact = await getBreakdown(db, filter, by, { k: 1, includeDemo: false, exact: true });
  return exact.groups.find((g) => g.key === key)?.n ?? 0;
}

async function feedItems(db: Database, query = ''): Promise<FeedItem[]> {
  const parsed = parseFeedQuery(new URLSearchParams(query));
  if (!parsed.success) throw new Error('bad feed query');
  const result = await loadFeedPage(db, parsed.data, FEED);
  if (!result.ok) throw new Error(result.error);
  return result.page.items;
}

describe.each(DATABASE_KINDS)('the six attacks of issue 11, on %s', (kind) => {
  const open = useTestDatabase(kind, { seed });

  it('1: suppressed groups are never listed by key, however the filter is narrowed', async () => {
    const requests = [
      'category=i485&by=country',
      'category=i485&by=filed_quarter&country=NP',
      'category=i485&by=country&filed_from=2024-03&filed_to=2024-03',
      'category=i485&by=service_center&country=NP',
      ...['service_center', 'filed_quarter', 'country'].map(
        (by) => `category=i140&subcategory=eb2&premium=true&by=${by}`,
      ),
    ];
    for (const query of requests) {
      const { filter, by } = breakdownRequest(query);
      const result = await getBreakdown(open.db, filter, by, SETTINGS);
      // The rows, not the echo of the visitor's own filter.
      const text = JSON.stringify(result.groups) + breakdownCsv(result);
      expect(text, query).not.toMatch(/"NP"|Nepal|\bNP\b/);
      // Every row named is a group of at least K; at most one pooled row stands for the rest.
      for (const key of namedKeys(result))
        expect(await exactGroupSize(open.db, filter, by, key), `${query} ${key}`).toBeGreaterThanOrEqual(K);
      expect(result.groups.filter((g) => g.key === OTHER_KEY).length).toBeLessThanOrEqual(1);
    }
    // /explore prints the same rows as the API.
    const view = await loadExplore(open.db, new URLSearchParams('category=i485&by=country'), SETTINGS);
    const api = await getBreakdown(
      open.db,
      breakdownRequest('category=i485&by=country').filter,
      'country',
      SETTINGS,
    );
    expect(view.breakdown?.groups).toEqual(api.groups);
    expect(JSON.stringify(view)).not.toMatch(/Nepal|"NP"/);
  });

  it('2: total minus the shown rows is never a group under K', async () => {
    const total = await getStats(open.db, statsRequest('category=i485'), SETTINGS);
    const { filter } = breakdownRequest('category=i485&by=country');
    const breakdown = await getBreakdown(open.db, filter, 'country', SETTINGS);
    // Nepal alone would be total minus the shown rows: the smallest shown group joins it.
    expect(namedKeys(breakdown)).toEqual(['IN', 'CN']);
    const other = breakdown.groups.find((g) => g.key === OTHER_KEY)!;
    expect(other.suppressed).toBe(false);
    const exactCovered =
      (await exactGroupSize(open.db, filter, 'country', 'IN')) +
      (await exactGroupSize(open.db, filter, 'country', 'CN'));
    const exactTotal = (await getStats(open.db, filter, { k: 1, includeDemo: false, exact: true })).n!;
    expect(exactTotal - exactCovered).toBeGreaterThanOrEqual(K); // Mexico's 12 and Nepal's 1
    // The arithmetic (total minus the shown rows) now leaves at least K timelines.
    const shown = breakdown.groups.filter((g) => g.key !== OTHER_KEY).reduce((sum, g) => sum + g.n!, 0);
    expect(total.n! - shown).toBeGreaterThanOrEqual(K);
  });

  it('3: overlapping windows and flags difference to noise, not to a person', async () => {
    const pairs = [
      // The only case filed 2024-03 (Nepal, 8 months).
      [
        'category=i485&filed_from=2023-10&filed_to=2024-03',
        'category=i485&filed_from=2023-10&filed_to=2024-02',
        8,
      ],
      // The one premium EB-2 case from India (1 month).
      [
        'category=i140&subcategory=eb2&country=IN',
        'category=i140&subcategory=eb2&country=IN&premium=false',
        1,
      ],
    ] as const;
    for (const [a, b, truth] of pairs) {
      const [sa, sb] = [
        await getStats(open.db, statsRequest(a), SETTINGS),
        await getStats(open.db, statsRequest(b), SETTINGS),
      ];
      expect(differencedWait(sa.km.survival, sb.km.survival), a).not.toBe(truth);
      // And across fifty deployments the attack is no better than a guess that is often wrong.
      const success = await attackSuccess(open.db, statsRequest(a), statsRequest(b), truth);
      expect(success, a).toBeLessThan(0.5);
    }
    // Exact mode (a private research deployment) would give the person away: the noise is what protects.
    const exact = { ...SETTINGS, exact: true };
    const [ea, eb] = [
      await getStats(open.db, statsRequest(pairs[1][0]), exact),
      await getStats(open.db, statsRequest(pairs[1][1]), exact),
    ];
    expect(differencedWait(ea.km.survival, eb.km.survival)).toBe(1);
  });

  it('4: the curve carries no per-step events, stops under K at risk, and completed.n needs K', async () => {
    // A group of exactly K: I-485 from India filed 2023-10 (4 approved, 1 pending).
    const stats = await getStats(
      open.db,
      statsRequest('category=i485&country=IN&filed_from=2023-10&filed_to=2023-10'),
      SETTINGS,
    );
    expect(stats.suppressed).toBe(false);
    for (const step of stats.km.survival) {
      expect(Object.keys(step)).toEqual(['t', 's', 'at_risk']);
      expect(step.at_risk).toBeGreaterThanOrEqual(K);
    }
    expect(stats.completed.n === null || stats.completed.n >= K).toBe(true);
    // Other milestone pairs follow the same rules.
    const pair = await getStats(
      open.db,
      statsRequest('category=i485&country=IN&from=filed&to=biometrics'),
      SETTINGS,
    );
    for (const step of pair.km.survival) expect(step.at_risk).toBeGreaterThanOrEqual(K);
    // The exact one-event steps cannot be read back: implied events differ from the exact ones.
    const exact = await getStats(open.db, statsRequest('category=i485&country=IN'), {
      k: K,
      includeDemo: false,
      exact: true,
    });
    const noisy = await getStats(open.db, statsRequest('category=i485&country=IN'), SETTINGS);
    expect(impliedEvents(noisy.km.survival)).not.toEqual(impliedEvents(exact.km.survival));
  });

  it('5: padding: made-up submissions this month do not lift a group of one', async () => {
    // Four pending submissions for Nepal through the web form, well under the rate limit.
    const fakes = Array.from({ length: 4 }, (_, i) =>
      // One of them signed in, to read /me's "where it stands" for the group.
      timeline({
        country: 'NP',
        filed: '2024-03',
        pending: 30,
        office: 'NSC',
        ownerId: i ? null : 'attacker',
      }),
    );
    await open.db.transaction().execute((trx) => insertTimelines(trx, fakes));
    const [mine] = await accountOverview(open.db, 'attacker', NOW, SETTINGS);
    expect(mine!.standing).toMatchObject({ status: 'insufficient' });
    const stats = await getStats(open.db, statsRequest('category=i485&country=NP'), SETTINGS);
    expect(stats.suppressed).toBe(true);
    const breakdown = await getBreakdown(open.db, statsRequest('category=i485'), 'country', SETTINGS);
    expect(JSON.stringify(breakdown)).not.toMatch(/Nepal|"NP"/);
    // The feed does not name the applicant's country or center, with or without a country filter.
    const items = await feedItems(open.db, 'category=i485');
    const kathmandu = items.filter((i) => i.note?.text.includes('Kathmandu'));
    expect(kathmandu.length).toBeGreaterThan(0);
    for (const item of kathmandu) expect([item.country, item.office]).toEqual([null, null]);
    expect(await feedItems(open.db, 'country=NP')).toEqual([]);
    // My-case and the explore page say nothing for the group either.
    const view = await loadExplore(
      open.db,
      new URLSearchParams('category=i485&country=NP&my_start=2024-03'),
      SETTINGS,
    );
    expect(view.stats?.suppressed).toBe(true);
    expect(view.myCase?.status).toBe('insufficient');

    // A month later the fakes count, and the group is published, with noise. The attacker knows
    // its own four (pending, 30 months) and reads the one real wait off the curve: across fifty
    // deployments that reading is right only sometimes, never with certainty.
    const nepal = statsRequest('category=i485&country=NP');
    let right = 0;
    for (const secret of SECRETS) {
      const events = impliedEvents(await curveUnder(open.db, nepal, secret));
      const guesses = [...events].filter(([, d]) => d === 1);
      if (guesses.length === 1 && events.size === 1 && guesses[0]![0] === 8) right++;
    }
    expect(right / SECRETS.length).toBeLessThan(1);
    expect(right / SECRETS.length).toBeGreaterThan(0); // the limit 050 states: time and noise, not secrecy
    await open.db
      .deleteFrom('timelines')
      .where('country', '=', 'NP')
      .where('created_month', '>', LONG_AGO)
      .execute();
  });

  it('6: feed and statistics together: every item shows only what K settled timelines share', async () => {
    const items = await feedItems(open.db);
    const contexts = items.map(itemContext);
    // The items: I-485 · Mexico · NSC (2 timelines) and I-140 EB-2 · India · NSC (1).
    expect(contexts).not.toContain('I-485 · Mexico · NSC');
    expect(contexts.some((c) => c.startsWith('I-140') && c.includes('NSC'))).toBe(false);
    expect(contexts).toContain('I-485 · Mexico');
    // Nepal is never named, in the page or the Atom feed; its item says "another country".
    const atom = renderAtom(
      { filters: {}, items, countryWithheld: false },
      {
        self: 'http://x/feed.atom',
        html: 'http://x/feed',
        site: 'http://x',
        title: 'Feed',
        currentMonth: monthIndex(2026, 12),
      },
    );
    expect(JSON.stringify(items) + atom).not.toMatch(/Nepal|\bNP\b/);
    const nepal = items.find((i) => i.note?.text.includes('Kathmandu'))!;
    expect(itemContext(nepal)).toBe('I-485 · another country');
    // Every shown combination (form, sub-category, country, center) has K settled timelines.
    for (const item of items) {
      let q = open.db.selectFrom('timelines').where('category', '=', item.category);
      if (item.country) q = q.where('country', '=', item.country);
      if (item.office) q = q.where('office', '=', item.office);
      const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n), itemContext(item)).toBeGreaterThanOrEqual(K);
    }
    // And the statistics no longer tie the "another country" item to Nepal (attacks 1–3).
    const breakdown = await getBreakdown(open.db, statsRequest('category=i485'), 'country', SETTINGS);
    expect(namedKeys(breakdown)).not.toContain('NP');
  });
});
