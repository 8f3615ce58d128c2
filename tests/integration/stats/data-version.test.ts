// The statistics data version changes in the writer's transaction with every write that can
// move a figure, and never otherwise: the Explore page cache relies on it (decision 111).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getStatsDataVersion } from '../../../src/server/stats/queries/data-version.ts';
import { explorePageKey } from '../../../src/server/stats/explore-page-cache.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

describe.each(DATABASE_KINDS)('statistics data version (%s)', (kind) => {
  const t = useTestDatabase(kind);

  it('reads do not change it', async () => {
    const before = await getStatsDataVersion(t.db);
    await t.db.selectFrom('stats_histograms').selectAll().execute();
    await t.db.selectFrom('stats_timeline_facts').selectAll().execute();
    expect(await getStatsDataVersion(t.db)).toEqual(before);
  });

  it('an insert, an update and a delete each make a newer version', async () => {
    let last = await getStatsDataVersion(t.db);
    const expectNewer = async () => {
      const now = await getStatsDataVersion(t.db);
      expect(now.key).not.toBe(last.key);
      expect(now.order).toBeGreaterThan(last.order);
      last = now;
    };
    await insertTimelines(t.db, [buildTimeline()]);
    await expectNewer();
    await t.db.updateTable('timelines').set({ moderation_state: 'excluded' }).execute();
    await expectNewer();
    await t.db.deleteFrom('timelines').execute();
    await expectNewer();
  });

  it('a rolled-back write leaves it as it was', async () => {
    const before = await getStatsDataVersion(t.db);
    await t.db
      .transaction()
      .execute(async (trx) => {
        await insertTimelines(trx, [buildTimeline()]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await getStatsDataVersion(t.db)).toEqual(before);
  });

  it('a rebuild after a bulk load with the triggers off changes it', async () => {
    await sql`alter table milestones disable trigger user`.execute(t.db);
    await sql`alter table timelines disable trigger user`.execute(t.db);
    await insertTimelines(t.db, [buildTimeline()]);
    await sql`alter table milestones enable trigger user`.execute(t.db);
    await sql`alter table timelines enable trigger user`.execute(t.db);
    const before = await getStatsDataVersion(t.db);
    await sql`select stats_rebuild()`.execute(t.db);
    expect((await getStatsDataVersion(t.db)).order).toBeGreaterThan(before.order);
  });
});

describe('explore page keys', () => {
  const key = (q: string) => explorePageKey(new URLSearchParams(q));

  it('the same question in another parameter order is the same page', () => {
    expect(key('category=i485&country=IN')).toBe(key('country=IN&category=i485'));
  });

  it.each([
    ['category=i485&country=IN', 'category=i485&country=CN'],
    ['category=i485', 'category=i130'],
    ['category=i485&premium=true', 'category=i485'],
    ['category=i485&filed_from=2023-01', 'category=i485&filed_from=2023-02'],
    ['category=i485&by=country', 'category=i485&by=service_center'],
    ['category=i485&my_start=2024-01', 'category=i485'],
  ])('%s and %s are different pages', (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('an invalid query has no key (never reused)', () => {
    expect(key('category=nope')).toBeNull();
  });
});
