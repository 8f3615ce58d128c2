import { describe, expect, it } from 'vitest';
import {
  countPublicTimelines,
  countTimelines,
  findTimelineById,
  insertTimelines,
} from '../../../src/server/timelines/repository.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';
import { buildDemoTimelines, buildTimeline } from '../../factories.ts';

describe.each(DATABASE_KINDS)('timeline repository on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: true });

  it('stores a timeline and reads back the same fields, with filed as a milestone row', async () => {
    const input = buildTimeline({
      category: 'i140',
      subcategory: 'eb2-niw',
      premium: true,
      concurrent: true,
      note: 'Line one\nline two',
      milestones: [
        { key: 'receipt', month: monthIndex(2024, 1) },
        { key: 'approved', month: monthIndex(2024, 3) },
      ],
    });
    const [id] = await insertTimelines(open.db, [input]);
    const stored = await findTimelineById(open.db, id!);
    expect(stored).toMatchObject({
      id,
      category: 'i140',
      subcategory: 'eb2-niw',
      country: 'IN',
      serviceCenter: 'NBC',
      premium: true,
      concurrent: true,
      filedMonth: input.filedMonth,
      lastConfirmedMonth: input.lastConfirmedMonth,
      note: 'Line one\nline two',
      provenance: 'web',
      ownerId: null,
      moderationState: 'visible',
    });
    expect(stored!.milestones).toEqual(input.milestones);
    const filed = await open.db
      .selectFrom('milestones')
      .select('month')
      .where('timeline_id', '=', id!)
      .where('key', '=', 'filed')
      .executeTakeFirst();
    expect(filed?.month).toBe(input.filedMonth);
  });

  it('returns counts as numbers on every driver', async () => {
    await insertTimelines(open.db, buildDemoTimelines(30));
    const n = await countTimelines(open.db);
    expect(n).toBe(30);
    expect(typeof n).toBe('number');
  });

  it.each([
    [
      'a month before 2000',
      { filedMonth: monthIndex(1999, 12), lastConfirmedMonth: monthIndex(2000, 1), milestones: [] },
    ],
    ['last confirmed before filing', { lastConfirmedMonth: monthIndex(2023, 12) }],
    ['an unknown category', { category: 'i999' as never }],
    ['a lower-case country', { country: 'in' }],
    ['a sub-category outside I-140', { subcategory: 'eb2' as const }],
    ['an unknown service center', { serviceCenter: 'XYZ' as never }],
    ['an unknown provenance', { provenance: 'scraped' as never }],
  ])('the database itself refuses %s', async (_label, overrides) => {
    await expect(insertTimelines(open.db, [buildTimeline(overrides)])).rejects.toThrow();
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('writes a batch whole or not at all inside a transaction', async () => {
    const batch = [buildTimeline(), buildTimeline(), buildTimeline({ country: 'bad' })];
    await expect(open.db.transaction().execute((trx) => insertTimelines(trx, batch))).rejects.toThrow();
    expect(await countTimelines(open.db)).toBe(0);
    expect(await open.db.selectFrom('milestones').selectAll().execute()).toEqual([]);
  });

  it('deletes milestones with their timeline', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline()]);
    await open.db.deleteFrom('timelines').where('id', '=', id!).execute();
    expect(await open.db.selectFrom('milestones').selectAll().execute()).toEqual([]);
  });

  it('leaves demo data and excluded timelines out of public counts unless demo is asked for', async () => {
    await insertTimelines(open.db, [
      buildTimeline(),
      buildTimeline({ provenance: 'import' }),
      buildTimeline({ provenance: 'demo' }),
    ]);
    const [hidden] = await insertTimelines(open.db, [buildTimeline()]);
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'excluded' })
      .where('id', '=', hidden!)
      .execute();
    expect(await countPublicTimelines(open.db, { includeDemo: false })).toBe(2);
    expect(await countPublicTimelines(open.db, { includeDemo: true })).toBe(3);
  });
});
