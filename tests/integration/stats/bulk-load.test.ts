// Bulk loads count the statistics once, in the same transaction: by recounting everything
// (large loads) or by counting the noted timelines in one pass (src/server/stats/bulk-load.ts).
// Either way the figures must be the ones the per-statement triggers would have kept.
import { describe, expect, it } from 'vitest';
import { seedDemoTimelines } from '../../../src/server/demo/seed.ts';
import { type BulkCounting, prefersRecount, writeInBulk } from '../../../src/server/stats/bulk-load.ts';
import { deleteTimeline, replaceTimelineFields } from '../../../src/server/timelines/repository-edits.ts';
import { getNaiveCounts } from '../../../src/server/stats/queries/naive-counts.ts';
import { getRollupCounts } from '../../../src/server/stats/queries/rollup-counts.ts';
import type { CountOptions, CountRow } from '../../../src/server/stats/queries/counts.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { countTimelines, insertTimelines } from '../../../src/server/timelines/repository.ts';
import { buildStatsFilter, buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const AS_OF = monthIndex(2026, 6);
const sorted = (rows: CountRow[]) =>
  [...rows].sort(
    (a, b) =>
      String(a.group).localeCompare(String(b.group)) || a.duration - b.duration || a.outcome - b.outcome,
  );

const QUERIES: [Parameters<typeof buildStatsFilter>[0], CountOptions][] = [
  [{}, { includeDemo: true }],
  [{}, { includeDemo: true, by: 'country' }],
  [{ category: 'i130' }, { includeDemo: true, by: 'office' }],
  [{ category: 'i130' }, { includeDemo: true, by: 'country' }],
  [{ filedFrom: AS_OF - 36 }, { includeDemo: true, by: 'filed_quarter' }],
  [{ country: 'IN', filedFrom: AS_OF - 36 }, { includeDemo: true }],
  [
    { from: 'interview', to: 'approved' },
    { includeDemo: true, by: 'office' },
  ],
];

describe('when a load is recounted instead of counted row by row', () => {
  it('loads of at least a seventh of the result, and never empty ones', () => {
    expect(prefersRecount(0, 1)).toBe(true);
    expect(prefersRecount(0, 0)).toBe(false);
    expect(prefersRecount(6_999, 1_000)).toBe(true);
    expect(prefersRecount(7_000, 1_000)).toBe(false);
  });
});

describe.each(DATABASE_KINDS)('bulk loads counted once (%s)', (kind) => {
  const t = useTestDatabase(kind, { cleanEachTest: true });

  async function expectRollupEqualsRaw() {
    for (const [overrides, options] of QUERIES) {
      const filter = buildStatsFilter(overrides);
      expect(sorted(await getRollupCounts(t.db, filter, options))).toEqual(
        sorted(await getNaiveCounts(t.db, filter, options)),
      );
    }
  }

  it('seeding an empty database recounts, and gives the figures of the raw rows', async () => {
    const counted: BulkCounting[] = [];
    await seedDemoTimelines(t.db, {
      count: 400,
      seed: 3,
      asOf: AS_OF,
      batchSize: 150,
      onCount: (counting) => counted.push(counting),
    });
    expect(counted).toEqual(['recount']);
    expect(await countTimelines(t.db)).toBe(400);
    await expectRollupEqualsRaw();
    // The triggers count again once the load has committed.
    await insertTimelines(t.db, [buildTimeline({ country: 'IS' })]);
    const filter = buildStatsFilter({ country: 'IS' });
    expect(sorted(await getRollupCounts(t.db, filter, { includeDemo: true }))).toEqual(
      sorted(await getNaiveCounts(t.db, filter, { includeDemo: true })),
    );
  });

  it('the benchmark can ask for every batch to be counted by the triggers', async () => {
    const counted: BulkCounting[] = [];
    await seedDemoTimelines(t.db, {
      count: 200,
      seed: 4,
      asOf: AS_OF,
      countThroughTriggers: true,
      onCount: (counting) => counted.push(counting),
    });
    expect(counted).toEqual([]);
    const [overrides, options] = QUERIES[1]!;
    const filter = buildStatsFilter(overrides);
    expect(sorted(await getRollupCounts(t.db, filter, options))).toEqual(
      sorted(await getNaiveCounts(t.db, filter, options)),
    );
  });

  it('a small load into a larger database notes its timelines and counts them in one pass', async () => {
    await seedDemoTimelines(t.db, { count: 350, seed: 5, asOf: AS_OF, batchSize: 100 });
    const counted: BulkCounting[] = [];
    await seedDemoTimelines(t.db, {
      count: 40,
      seed: 6,
      asOf: AS_OF,
      batchSize: 15,
      onCount: (counting) => counted.push(counting),
    });
    expect(counted).toEqual(['deferred']);
    expect(await countTimelines(t.db)).toBe(390);
    await expectRollupEqualsRaw();
    expect(await t.db.selectFrom('stats_pending_timelines').selectAll().execute()).toEqual([]);
  });

  it('a deferred load that edits, moderates and deletes counted timelines keeps exact figures', async () => {
    const before = await insertTimelines(t.db, [
      buildTimeline({ country: 'IN' }),
      buildTimeline({ country: 'MX', premium: true }),
      buildTimeline({ country: 'IN', category: 'i130' }),
      buildTimeline({ country: 'PH' }),
    ]);
    await writeInBulk(t.db, 'deferred', async (trx) => {
      await insertTimelines(trx, [buildTimeline({ country: 'IN' }), buildTimeline({ country: 'BR' })]);
      const edited = buildTimeline({ country: 'CN', premium: false });
      await replaceTimelineFields(trx, before[0]!, edited, AS_OF);
      await trx
        .updateTable('timelines')
        .set({ moderation_state: 'excluded' })
        .where('id', '=', before[1]!)
        .execute();
      // Edited in this load, then deleted: what was counted before the edit comes out.
      await replaceTimelineFields(trx, before[2]!, buildTimeline({ country: 'FR', category: 'i130' }), AS_OF);
      await deleteTimeline(trx, before[2]!);
      await trx
        .updateTable('timelines')
        .set({ last_confirmed_month: AS_OF })
        .where('id', '=', before[3]!)
        .execute();
    });
    await expectRollupEqualsRaw();
    expect(await t.db.selectFrom('stats_pending_timelines').selectAll().execute()).toEqual([]);
  });

  it.each(['recount', 'deferred'] as const)(
    'a %s load that fails leaves neither timelines nor counts',
    async (counting) => {
      await expect(
        writeInBulk(t.db, counting, async (trx) => {
          await insertTimelines(trx, [buildTimeline()]);
          throw new Error('the file was cut short');
        }),
      ).rejects.toThrow('the file was cut short');
      expect(await countTimelines(t.db)).toBe(0);
      expect(await t.db.selectFrom('stats_cells').selectAll().execute()).toEqual([]);
      expect(await t.db.selectFrom('stats_pending_timelines').selectAll().execute()).toEqual([]);
      // The pause ended with the transaction: this write is counted.
      await insertTimelines(t.db, [buildTimeline()]);
      expect((await t.db.selectFrom('stats_cells').selectAll().execute()).length).toBeGreaterThan(0);
    },
  );
});
