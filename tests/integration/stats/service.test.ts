// The statistics service on real databases: definitions on hand-built timelines, what counts
// (demo, excluded, imported), small-group suppression everywhere, and freshness.
import { describe, expect, it } from 'vitest';
import { breakdownCsv } from '../../../src/server/stats/csv.ts';
import { loadExplore } from '../../../src/server/stats/explore.ts';
import { getBreakdown, getStats } from '../../../src/server/stats/service.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import type { NewTimeline } from '../../../src/server/timelines/types.ts';
import { buildStatsFilter, buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const JAN_2024 = monthIndex(2024, 1);
const base = buildStatsFilter();
const settings = { k: 5, includeDemo: false };
/** The estimator's definitions, checked without noise and with every sub-count shown. */
const exactly = (k = 1) => ({ k, includeDemo: false, exact: true });

/** An I-485 filed Jan 2024: approved after `approvedAfter` months, or pending until `pendingUntil`. */
function i485(
  o: {
    approvedAfter?: number;
    pendingUntil?: number;
    deniedAfter?: number;
    country?: string;
  } & Partial<NewTimeline>,
): NewTimeline {
  const { approvedAfter, pendingUntil, deniedAfter, country = 'IN', ...rest } = o;
  const decision =
    approvedAfter !== undefined
      ? { key: 'approved' as const, month: JAN_2024 + approvedAfter }
      : deniedAfter !== undefined
        ? { key: 'denied' as const, month: JAN_2024 + deniedAfter }
        : null;
  return buildTimeline({
    country,
    filedMonth: JAN_2024,
    lastConfirmedMonth: decision ? decision.month : JAN_2024 + (pendingUntil ?? 0),
    milestones: decision ? [decision] : [],
    ...rest,
  });
}

describe.each(DATABASE_KINDS)('statistics service on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: true });
  const insert = (timelines: NewTimeline[]) =>
    open.db.transaction().execute((trx) => insertTimelines(trx, timelines));

  it('computes the published figures from events, censored and closed_other', async () => {
    await insert([
      i485({ approvedAfter: 10 }),
      i485({ approvedAfter: 10 }),
      i485({ approvedAfter: 14 }),
      i485({ approvedAfter: 20 }),
      i485({ pendingUntil: 12 }),
      i485({ pendingUntil: 30 }),
      i485({ deniedAfter: 8 }),
    ]);
    const stats = await getStats(open.db, base, exactly());
    expect([stats.n, stats.events, stats.censored, stats.closed_other, stats.suppressed]).toEqual([
      6,
      4,
      2,
      1,
      false,
    ]);
    // S(10) = 4/6, S(14) = 4/6 * 2/3 = 4/9 (the censoring at 12 left first): median 14.
    expect(stats.km.median).toBe(14);
    // Whole months from 0 while at least K (here 1) are at risk; no per-month event counts.
    expect(stats.km.survival.map((p) => [p.t, p.at_risk])).toEqual(
      Array.from({ length: 31 }, (_, t) => [t, t <= 10 ? 6 : t <= 12 ? 4 : t <= 14 ? 3 : t <= 20 ? 2 : 1]),
    );
    expect(stats.km.survival[14]!.s).toBeCloseTo(4 / 9, 12);
    expect(stats.km.survival[13]!.s).toBeCloseTo(4 / 6, 12);
    expect(Object.keys(stats.km.survival[0]!)).toEqual(['t', 's', 'at_risk']);
    // Fewer than K completed: their own figures are withheld, and so is the pending count.
    const k5 = await getStats(open.db, base, exactly(5));
    expect(k5.completed).toEqual({ n: null, mean: null, median: null, p80: null });
    expect([k5.n, k5.events, k5.censored, k5.closed_other]).toEqual([6, null, null, null]);
    // The curve stops at the last month with K at risk, and so do the quantiles.
    expect(k5.km.survival.at(-1)!.t).toBe(10);
    expect(k5.km.median).toBeNull();
    const smallerK = await getStats(open.db, base, exactly(2));
    expect(smallerK.completed.n).toBe(4);
    expect(smallerK.completed.mean).toBe(13.5);
    expect(smallerK.completed.median).toBe(12);
    expect(smallerK.completed.p80).toBeCloseTo(16.4, 12);
  });

  it('a target passed over is closed_other; a case still waiting for it is censored', async () => {
    await insert([
      // Interview, then approved: event for filed → interview at 6.
      i485({
        approvedAfter: 9,
        milestones: [
          { key: 'interview', month: JAN_2024 + 6 },
          { key: 'approved', month: JAN_2024 + 9 },
        ],
      }),
      // Approved without an interview: the interview will never come.
      i485({ approvedAfter: 5 }),
      // Interview waived: same step as interview, so passed over.
      i485({ pendingUntil: 7, milestones: [{ key: 'interview_waived', month: JAN_2024 + 4 }] }),
      // Still waiting, biometrics done: censored at last_confirmed - filed = 11.
      i485({ pendingUntil: 11, milestones: [{ key: 'biometrics', month: JAN_2024 + 2 }] }),
      // Denied before any interview: closed.
      i485({ deniedAfter: 3 }),
    ]);
    const stats = await getStats(open.db, { ...base, to: 'interview' }, exactly());
    expect([stats.n, stats.events, stats.censored, stats.closed_other]).toEqual([2, 1, 1, 3]);
    const fromInterview = await getStats(open.db, { ...base, from: 'interview', to: 'approved' }, exactly());
    expect([fromInterview.n, fromInterview.events, fromInterview.km.median]).toEqual([1, 1, 3]);
  });

  it('demo counts only when asked; excluded never; imported and note-hidden always', async () => {
    const ids = await insert([
      ...Array.from({ length: 5 }, () => i485({ approvedAfter: 6, provenance: 'demo' })),
      ...Array.from({ length: 5 }, () => i485({ approvedAfter: 8, provenance: 'import' })),
      ...Array.from({ length: 3 }, () => i485({ approvedAfter: 9 })),
    ]);
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'excluded' })
      .where('id', '=', ids[12]!)
      .execute();
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'note_hidden' })
      .where('id', '=', ids[11]!)
      .execute();
    expect((await getStats(open.db, base, exactly(5))).n).toBe(7);
    expect((await getStats(open.db, base, { ...exactly(5), includeDemo: true })).n).toBe(12);
  });

  it('a write shows in the statistics as soon as it is acknowledged', async () => {
    await insert(Array.from({ length: 5 }, () => i485({ approvedAfter: 6 })));
    expect((await getStats(open.db, base, exactly(5))).n).toBe(5);
    const [id] = await insert([i485({ pendingUntil: 3 })]);
    expect((await getStats(open.db, base, exactly())).censored).toBe(1);
    await open.db
      .updateTable('timelines')
      .set({ last_confirmed_month: JAN_2024 + 9 })
      .where('id', '=', id!)
      .execute();
    await open.db
      .insertInto('milestones')
      .values({ timeline_id: id!, key: 'approved', month: JAN_2024 + 9 })
      .execute();
    const after = await getStats(open.db, base, exactly());
    expect([after.n, after.events, after.censored]).toEqual([6, 6, 0]);
    await open.db.deleteFrom('timelines').where('id', '=', id!).execute();
    expect((await getStats(open.db, base, exactly(5))).n).toBe(5);
  });
});

/** Every number anywhere in a response, except the echo of K itself. */
function figuresIn(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return path.endsWith('.k') ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => figuresIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => figuresIn(v, `${path}.${k}`));
  return [];
}

describe.each(DATABASE_KINDS)('no figure for a group under K on %s', (kind) => {
  const open = useTestDatabase(kind, {
    seed: async ({ db }) => {
      // India: 4 timelines (under K = 5); China: 6. Quarters: India alone in 2023-Q1.
      const timelines = [
        ...[3, 5, 7, 9].map((m) =>
          i485({
            approvedAfter: m,
            country: 'IN',
            filedMonth: monthIndex(2023, 2),
            lastConfirmedMonth: monthIndex(2023, 2) + m,
            milestones: [{ key: 'approved', month: monthIndex(2023, 2) + m }],
          }),
        ),
        ...[2, 4, 6, 8, 10].map((m) => i485({ approvedAfter: m, country: 'CN' })),
        i485({ pendingUntil: 12, country: 'CN' }),
      ];
      await db.transaction().execute((trx) => insertTimelines(trx, timelines));
    },
  });

  it('stats: a small group carries suppressed: true and no number but K', async () => {
    const stats = await getStats(open.db, { ...base, country: 'IN' }, settings);
    expect(stats.suppressed).toBe(true);
    expect(figuresIn(stats)).toEqual([]);
    const big = await getStats(open.db, { ...base, country: 'CN' }, exactly(5));
    expect(big.suppressed).toBe(false);
    expect(big.n).toBe(6);
  });

  it('breakdown JSON and CSV: a small group is never named, only pooled into "other"', async () => {
    for (const by of ['country', 'filed_quarter', 'service_center'] as const) {
      const result = await getBreakdown(open.db, base, by, settings);
      for (const group of result.groups) {
        if ((group.n ?? 0) < settings.k) {
          expect(group.suppressed).toBe(true);
          expect(figuresIn(group)).toEqual([]);
        }
      }
      const csv = breakdownCsv(result);
      for (const line of csv.trim().split('\r\n').slice(1)) {
        const cells = line.split(',');
        if (cells[2] === 'true') expect(cells.slice(3).every((c) => c === '')).toBe(true);
      }
    }
    // India (4) is under K; alone in "other" it would be total minus China, so China joins it.
    const byCountry = await getBreakdown(open.db, base, 'country', settings);
    expect(byCountry.groups.map((g) => [g.key, g.suppressed])).toEqual([['other', false]]);
    expect(breakdownCsv(byCountry)).not.toMatch(/\bIN\b|India|\bCN\b|China/);
  });

  it('explore page data: headline, curve, trend and my case for a small group say nothing', async () => {
    const params = new URLSearchParams({ category: 'i485', country: 'IN', my_start: '2023-02' });
    const view = await loadExplore(open.db, params, settings, monthIndex(2023, 8));
    expect(view.stats?.suppressed).toBe(true);
    expect(view.curve).toEqual([]);
    expect(view.headline).toMatch(/^Not enough timelines yet/);
    expect(view.headline!.replace('I-485', '').replace(`${settings.k} timelines`, '')).not.toMatch(/\d/);
    expect(view.trend?.groups.map((g) => [g.key, g.suppressed])).toEqual([['other', true]]);
    expect(view.trend?.groups.every((g) => figuresIn(g).length === 0)).toBe(true);
    expect(view.myCase?.status).toBe('insufficient');
  });
});
