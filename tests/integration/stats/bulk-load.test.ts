// Large loads pause the statistics triggers and recount once, in the same transaction
// (src/server/stats/bulk-load.ts): the figures must be the ones the triggers would have kept.
import { describe, expect, it } from 'vitest';
import { seedDemoTimelines } from '../../../src/server/demo/seed.ts';
import { prefersRecount, writeThenRecount } from '../../../src/server/stats/bulk-load.ts';
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

describe.each(DATABASE_KINDS)('bulk loads with one recount (%s)', (kind) => {
  const t = useTestDatabase(kind, { cleanEachTest: true });

  it('seeding an empty database recounts, and gives the figures of the raw rows', async () => {
    let recounts = 0;
    await seedDemoTimelines(t.db, {
      count: 400,
      seed: 3,
      asOf: AS_OF,
      batchSize: 150,
      onRecount: () => recounts++,
    });
    expect(recounts).toBe(1);
    expect(await countTimelines(t.db)).toBe(400);
    for (const [overrides, options] of QUERIES) {
      const filter = buildStatsFilter(overrides);
      expect(sorted(await getRollupCounts(t.db, filter, options))).toEqual(
        sorted(await getNaiveCounts(t.db, filter, options)),
      );
    }
    // The triggers count again once the load has committed.
    await insertTimelines(t.db, [buildTimeline({ country: 'IS' })]);
    const filter = buildStatsFilter({ country: 'IS' });
    expect(sorted(await getRollupCounts(t.db, filter, { includeDemo: true }))).toEqual(
      sorted(await getNaiveCounts(t.db, filter, { includeDemo: true })),
    );
  });

  it('the benchmark can ask for every batch to be counted by the triggers', async () => {
    let recounts = 0;
    await seedDemoTimelines(t.db, {
      count: 200,
      seed: 4,
      asOf: AS_OF,
      countThroughTriggers: true,
      onRecount: () => recounts++,
    });
    expect(recounts).toBe(0);
    const [overrides, options] = QUERIES[1]!;
    const filter = buildStatsFilter(overrides);
    expect(sorted(await getRollupCounts(t.db, filter, options))).toEqual(
      sorted(await getNaiveCounts(t.db, filter, options)),
    );
  });

  it('a load that fails leaves neither timelines nor counts', async () => {
    await expect(
      writeThenRecount(t.db, async (trx) => {
        await insertTimelines(trx, [buildTimeline()]);
        throw new Error('the file was cut short');
      }),
    ).rejects.toThrow('the file was cut short');
    expect(await countTimelines(t.db)).toBe(0);
    expect(await t.db.selectFrom('stats_cells').selectAll().execute()).toEqual([]);
    // The pause ended with the transaction: this write is counted.
    await insertTimelines(t.db, [buildTimeline()]);
    expect((await t.db.selectFrom('stats_cells').selectAll().execute()).length).toBeGreaterThan(0);
  });
});
