import { describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../src/server/db/client.ts';
import {
  type FeedSettings,
  type FeedItem,
  ANOTHER_COUNTRY,
  loadFeedPage,
} from '../../../src/server/feed/service.ts';
import type { FeedQuery } from '../../../src/server/feed/filters.ts';
import { findFeedEvents } from '../../../src/server/feed/repository.ts';
import { CURSOR_LENGTH, referenceCodec } from '../../../src/server/feed/references.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import type { NewTimeline } from '../../../src/server/timelines/types.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const K = 5;
const settings: FeedSettings = { minGroupSize: K, includeDemo: false, pageSize: 7 };

async function allPages(
  open: Pick<OpenDatabase, 'db'>,
  query: FeedQuery,
  s: FeedSettings = settings,
): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let after = query.after;
  for (let guard = 0; guard < 1000; guard++) {
    const result = await loadFeedPage(open.db, { ...query, after }, s);
    if (!result.ok) throw new Error(result.error);
    items.push(...result.page.items);
    after = result.page.next;
    if (!after) return items;
  }
  throw new Error('pagination did not end');
}

/** Same-month milestones, including two in one month of one timeline, so ties need every key column. */
function tiedTimeline(i: number, overrides: Partial<NewTimeline> = {}): NewTimeline {
  return buildTimeline({
    filedMonth: monthIndex(2025, 1),
    lastConfirmedMonth: monthIndex(2025, 6),
    milestones: [
      { key: 'receipt', month: monthIndex(2025, 1) },
      { key: 'biometrics', month: monthIndex(2025, 2 + (i % 3)) },
    ],
    ...overrides,
  });
}

describe.each(DATABASE_KINDS)('feed on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: true });

  it('walks every public event exactly once, newest month first, across ties in write time', async () => {
    // One insert: every milestone row gets the same write time, so ties are broken by the key.
    await open.db.transaction().execute((trx) =>
      insertTimelines(
        trx,
        Array.from({ length: 12 }, (_, i) => tiedTimeline(i)),
      ),
    );
    const stored = await open.db.selectFrom('milestones').select(['timeline_id', 'key']).execute();
    const items = await allPages(open, {});
    expect(items).toHaveLength(stored.length);
    expect(new Set(items.map((i) => i.anchor)).size).toBe(stored.length);
    const months = items.map((i) => i.month);
    expect(months).toEqual([...months].sort((a, b) => b - a));
    // The pages concatenate to exactly the database's own single ordered read.
    const single = await findFeedEvents(open.db, { filters: {}, limit: 1000, includeDemo: false });
    const refs = referenceCodec();
    expect(items.map((i) => i.anchor)).toEqual(single.map((r) => `e-${refs.toRef(r.timelineId)}-${r.key}`));
  });

  it('keeps later pages stable while newer events arrive', async () => {
    await insertTimelines(
      open.db,
      Array.from({ length: 6 }, (_, i) => tiedTimeline(i)),
    );
    const first = await loadFeedPage(open.db, {}, settings);
    if (!first.ok) throw new Error(first.error);
    const before = await allPages(open, {});
    await insertTimelines(open.db, [
      tiedTimeline(0, {
        filedMonth: monthIndex(2026, 1),
        lastConfirmedMonth: monthIndex(2026, 2),
        milestones: [],
      }),
    ]);
    const rest = await allPages(open, { after: first.page.next });
    expect([...first.page.items, ...rest].map((i) => i.anchor)).toEqual(before.map((i) => i.anchor));
  });

  it('refuses cursors it did not make; every cursor has one length', async () => {
    await insertTimelines(
      open.db,
      Array.from({ length: 5 }, (_, i) => tiedTimeline(i)),
    );
    const first = await loadFeedPage(open.db, {}, settings);
    if (!first.ok || !first.page.next) throw new Error('expected a next page');
    const cursor = first.page.next;
    expect(cursor).toHaveLength(CURSOR_LENGTH);
    const second = await loadFeedPage(open.db, { after: cursor }, settings);
    if (second.ok && second.page.next) expect(second.page.next).toHaveLength(CURSOR_LENGTH);
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}A`;
    for (const bad of [tampered, 'not-a-cursor', 'x'.repeat(60)]) {
      expect(await loadFeedPage(open.db, { after: bad }, settings)).toMatchObject({ ok: false });
    }
  });

  it('filters by category, country and milestone', async () => {
    const many = (n: number, o: Partial<NewTimeline>) =>
      Array.from({ length: n }, (_, i) => tiedTimeline(i, o));
    await insertTimelines(open.db, [
      ...many(5, { category: 'i485', country: 'IN' }),
      ...many(5, { category: 'i485', country: 'MX' }),
      ...many(5, { category: 'i765', country: 'IN', serviceCenter: null }),
    ]);
    const byCategory = await allPages(open, { category: 'i765' });
    expect(byCategory.length).toBe(15);
    expect(byCategory.every((i) => i.category === 'i765')).toBe(true);
    const byCountry = await allPages(open, { country: 'MX' });
    expect(byCountry.length).toBe(15);
    expect(byCountry.every((i) => i.country === 'MX')).toBe(true);
    const byMilestone = await allPages(open, { milestone: 'biometrics' });
    expect(byMilestone.length).toBe(15);
    expect(byMilestone.every((i) => i.milestone === 'biometrics')).toBe(true);
    const combined = await allPages(open, { category: 'i485', country: 'IN', milestone: 'receipt' });
    expect(combined.map((i) => [i.category, i.country, i.milestone])).toEqual(
      Array(5).fill(['i485', 'IN', 'receipt']),
    );
  });

  it('shows a country and service center only for groups of at least K public timelines', async () => {
    await insertTimelines(open.db, [
      ...Array.from({ length: K }, (_, i) =>
        tiedTimeline(i, { category: 'i485', country: 'IN', serviceCenter: 'NBC' }),
      ),
      ...Array.from({ length: K - 1 }, (_, i) =>
        tiedTimeline(i, { category: 'i485', country: 'LI', serviceCenter: 'TSC' }),
      ),
      // Demo and excluded timelines do not make a group large enough.
      tiedTimeline(0, { category: 'i485', country: 'LI', provenance: 'demo' }),
    ]);
    const [excludedId] = await insertTimelines(open.db, [
      tiedTimeline(0, { category: 'i485', country: 'LI' }),
    ]);
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'excluded' })
      .where('id', '=', excludedId!)
      .execute();

    const items = await allPages(open, {});
    const rare = items.filter((i) => i.country === null);
    expect(rare).toHaveLength((K - 1) * 3);
    for (const item of rare) {
      expect(item.countryText).toBe(ANOTHER_COUNTRY);
      expect(item.serviceCenter).toBeNull();
      // The opaque ref and anchor are random base64url and may contain any letters: check the rest.
      const { ref: _ref, anchor: _anchor, ...shown } = item;
      expect(JSON.stringify(shown)).not.toMatch(/LI|Liechtenstein|TSC/);
    }
    expect(items.filter((i) => i.country === 'IN').every((i) => i.serviceCenterText === 'NBC')).toBe(true);

    // Filtering by the rare country would name it: nothing is listed for it.
    const filtered = await loadFeedPage(open.db, { country: 'LI' }, settings);
    expect(filtered).toMatchObject({ ok: true, page: { items: [], countryWithheld: true } });
    // One more public timeline makes the group large enough, and it is shown everywhere.
    await insertTimelines(open.db, [tiedTimeline(0, { category: 'i485', country: 'LI' })]);
    const now = await allPages(open, { country: 'LI' });
    expect(now.length).toBe(K * 3);
    expect(now.every((i) => i.countryText === 'Liechtenstein')).toBe(true);
  });

  it('leaves out excluded timelines and hidden notes', async () => {
    const ids = await insertTimelines(open.db, [
      tiedTimeline(0, { note: 'visible note' }),
      tiedTimeline(1, { note: 'hidden note' }),
      tiedTimeline(2, { note: 'excluded note' }),
    ]);
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'note_hidden' })
      .where('id', '=', ids[1]!)
      .execute();
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'excluded' })
      .where('id', '=', ids[2]!)
      .execute();
    // K = 1 here: what is tested is moderation, not group sizes.
    const items = await allPages(open, {}, { ...settings, minGroupSize: 1 });
    const refs = referenceCodec();
    const of = (id: string) => items.filter((i) => i.ref === refs.toRef(id));
    expect(of(ids[0]!).every((i) => i.note?.text === 'visible note')).toBe(true);
    expect(of(ids[1]!).length).toBe(3);
    expect(of(ids[1]!).every((i) => i.note === null)).toBe(true);
    expect(of(ids[2]!)).toEqual([]);
    expect(JSON.stringify(items)).not.toMatch(/hidden note|excluded note/);
  });

  it('shows demo data only when the demo flag is on, and marks it', async () => {
    await insertTimelines(open.db, [tiedTimeline(0), tiedTimeline(1, { provenance: 'demo' })]);
    const off = await allPages(open, {}, { ...settings, minGroupSize: 1 });
    expect(off.length).toBe(3);
    expect(off.some((i) => i.demo)).toBe(false);
    const on = await allPages(open, {}, { ...settings, minGroupSize: 1, includeDemo: true });
    expect(on.length).toBe(6);
    expect(on.filter((i) => i.demo).length).toBe(3);
  });

  it('gives months since filing and the step before each event', async () => {
    await insertTimelines(
      open.db,
      Array.from({ length: K }, () =>
        buildTimeline({
          filedMonth: monthIndex(2024, 1),
          lastConfirmedMonth: monthIndex(2025, 3),
          milestones: [
            { key: 'interview', month: monthIndex(2025, 1) },
            { key: 'approved', month: monthIndex(2025, 3) },
          ],
        }),
      ),
    );
    const items = await allPages(open, { milestone: 'approved' });
    expect(items[0]).toMatchObject({
      monthsSinceFiling: 14,
      monthText: 'Mar 2025',
      previousText: 'Interview',
      countryText: 'India',
    });
  });

  it('reads a small country first with the same result as walking the feed index', async () => {
    await insertTimelines(open.db, [
      ...Array.from({ length: 8 }, (_, i) => tiedTimeline(i, { country: 'MX' })),
      ...Array.from({ length: 8 }, (_, i) => tiedTimeline(i, { country: 'IN' })),
    ]);
    const base = { filters: { country: 'MX' }, includeDemo: false, limit: 1000 };
    const walked = await findFeedEvents(open.db, base);
    const countryFirst = await findFeedEvents(open.db, { ...base, countryFirst: 4000 });
    expect(countryFirst).toEqual(walked);
    expect(walked.length).toBe(24);
    const middle = walked[10]!;
    const after = {
      month: middle.month,
      writtenMonth: middle.writtenMonth,
      timelineId: middle.timelineId,
      key: middle.key,
    };
    expect(await findFeedEvents(open.db, { ...base, after, countryFirst: 4000 })).toEqual(walked.slice(11));
  });
});
