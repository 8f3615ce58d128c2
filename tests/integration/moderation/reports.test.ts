import { describe, expect, it } from 'vitest';
import { referenceCodec } from '../../../src/server/feed/references.ts';
import { submitReport, submitReportFrom } from '../../../src/server/moderation/reports.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const settings = { limitPerHour: 3, includeDemo: false };

describe.each(DATABASE_KINDS)('reports on %s', (kind) => {
  let refs: ReturnType<typeof referenceCodec>;
  const open = useTestDatabase(kind, {
    cleanEachTest: ['timelines', 'rate_limit_counters'],
    seed: async () => {
      refs = referenceCodec();
    },
  });

  it('files a report once per client key and timeline, keeping no address', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline({ note: 'my note' })]);
    const item = refs.toRef(id!);
    expect(await submitReportFrom(open.db, { item, reason: 'spam' }, '203.0.113.9', settings)).toEqual({
      status: 'received',
    });
    expect(await submitReportFrom(open.db, { item, reason: 'abusive' }, '203.0.113.9', settings)).toEqual({
      status: 'already_reported',
    });
    expect(await submitReportFrom(open.db, { item, reason: 'abusive' }, '198.51.100.7', settings)).toEqual({
      status: 'received',
    });
    const rows = await open.db.selectFrom('reports').selectAll().orderBy('reason', 'desc').execute();
    expect(rows.map((r) => [r.timeline_id, r.reason])).toEqual([
      [id, 'spam'],
      [id, 'abusive'],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|198\.51\.100/);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(2);
  });

  it('rate-limits reports per client key, duplicates and misses included', async () => {
    const ids = await insertTimelines(open.db, [
      buildTimeline(),
      buildTimeline(),
      buildTimeline(),
      buildTimeline(),
    ]);
    const outcomes = [];
    for (const id of ids)
      outcomes.push(
        await submitReport(open.db, { item: refs.toRef(id), reason: 'spam' }, 'client-a', settings),
      );
    expect(outcomes.map((o) => o.status)).toEqual(['received', 'received', 'received', 'rate_limited']);
    expect(outcomes[3]).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(
      await submitReport(open.db, { item: refs.toRef(ids[3]!), reason: 'spam' }, 'client-b', settings),
    ).toEqual({ status: 'received' });
    expect(await open.db.selectFrom('reports').select('id').execute()).toHaveLength(4);
  });

  it('refuses items that are not in the public feed', async () => {
    const [excluded, demo] = await insertTimelines(open.db, [
      buildTimeline(),
      buildTimeline({ provenance: 'demo' }),
    ]);
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'excluded' })
      .where('id', '=', excluded!)
      .execute();
    const unknown = refs.toRef('00000000-0000-4000-8000-000000000000');
    for (const [item, key] of [
      [refs.toRef(excluded!), 'a'],
      [refs.toRef(demo!), 'b'],
      [unknown, 'c'],
    ] as const) {
      expect(await submitReport(open.db, { item, reason: 'spam' }, key, settings)).toEqual({
        status: 'not_found',
      });
    }
    expect(
      await submitReport(open.db, { item: refs.toRef(demo!), reason: 'spam' }, 'd', {
        ...settings,
        includeDemo: true,
      }),
    ).toEqual({ status: 'received' });
  });
});
