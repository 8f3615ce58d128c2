import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { timelineIdForEditToken } from '../../../src/server/timelines/authorize.ts';
import { hashEditToken } from '../../../src/server/timelines/edit-token.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { countTimelines, findTimelineById } from '../../../src/server/timelines/repository.ts';
import {
  changeTimeline,
  confirmStillPending,
  removeTimeline,
  shareTimeline,
  type WriteContext,
} from '../../../src/server/timelines/service.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const INPUT = {
  category: 'i485',
  country: 'IN',
  service_center: 'NBC',
  filed: '2024-03',
  milestones: [
    { key: 'receipt', month: '2024-03' },
    { key: 'biometrics', month: '2024-04' },
  ],
  note: 'Got my EAD after 4 months',
};

describe.each(DATABASE_KINDS)('timeline service on %s', (kind) => {
  let ctx: WriteContext;
  const open = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  beforeEach(async () => {
    await sql`drop trigger if exists fail_on_approved on milestones`.execute(open.db);
    ctx = { clientKey: `key-${Math.random()}`, rateLimitPerHour: 100, now: NOW };
  });

  async function share(input: object = INPUT) {
    const result = await shareTimeline(open.db, input, ctx);
    if (!result.ok) throw new Error(`expected a share, got ${JSON.stringify(result)}`);
    return result;
  }

  /** Makes any write of an `approved` milestone fail inside the database, after earlier statements ran. */
  async function failOnApprovedMilestone() {
    await sql
      .raw(
        `create or replace function fail_on_approved() returns trigger language plpgsql as $$
        begin if new.key = 'approved' then raise exception 'simulated failure'; end if; return new; end $$`,
      )
      .execute(open.db);
    await sql
      .raw(
        'create trigger fail_on_approved before insert or update on milestones for each row execute function fail_on_approved()',
      )
      .execute(open.db);
  }

  it('shares a timeline with its filed milestone row, confirmed this month, found again by its token', async () => {
    const { id, editToken } = await share();
    expect(editToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await timelineIdForEditToken(open.db, editToken)).toBe(id);
    const stored = await findTimelineById(open.db, id);
    expect(stored).toMatchObject({
      provenance: 'web',
      lastConfirmedMonth: monthIndex(2026, 11),
      note: 'Got my EAD after 4 months',
      ownerId: null,
    });
    const filed = await open.db
      .selectFrom('milestones')
      .select('month')
      .where('timeline_id', '=', id)
      .where('key', '=', 'filed')
      .executeTakeFirst();
    expect(filed?.month).toBe(monthIndex(2024, 3));
    const hash = await open.db
      .selectFrom('timelines')
      .select('edit_token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(hash.edit_token_hash).toBe(hashEditToken(editToken));
  });

  it('issues a different token every time', async () => {
    const tokens = new Set<string>();
    for (let year = 2010; year < 2020; year++)
      tokens.add((await share({ ...INPUT, filed: `${year}-01`, milestones: [] })).editToken);
    expect(tokens.size).toBe(10);
  });

  it('leaves nothing half-written when the database fails mid-way through a share', async () => {
    await failOnApprovedMilestone();
    await expect(
      shareTimeline(
        open.db,
        { ...INPUT, milestones: [...INPUT.milestones, { key: 'approved', month: '2025-01' }] },
        ctx,
      ),
    ).rejects.toThrow();
    expect(await countTimelines(open.db)).toBe(0);
    expect(await open.db.selectFrom('milestones').selectAll().execute()).toEqual([]);
    expect(await open.db.selectFrom('submission_fingerprints').selectAll().execute()).toEqual([]);
    // The failure left no fingerprint, so the same timeline can be shared once the fault is gone.
    await sql`drop trigger fail_on_approved on milestones`.execute(open.db);
    await share({ ...INPUT, milestones: [...INPUT.milestones, { key: 'approved', month: '2025-01' }] });
  });

  it('leaves the timeline as it was when the database fails mid-way through an edit', async () => {
    const { id } = await share();
    const before = await findTimelineById(open.db, id);
    await failOnApprovedMilestone();
    await expect(
      changeTimeline(
        open.db,
        id,
        { note: 'changed', filed: '2024-02', milestones: [{ key: 'approved', month: '2025-01' }] },
        ctx,
      ),
    ).rejects.toThrow();
    expect(await findTimelineById(open.db, id)).toEqual(before);
  });

  it('refuses an invalid share before counting it against the rate limit', async () => {
    const result = await shareTimeline(open.db, { ...INPUT, note: 'call +1 555 123 4567' }, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'invalid', issues: [{ path: 'note' }] });
    expect(await open.db.selectFrom('rate_limit_counters').selectAll().execute()).toEqual([]);
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('refuses a duplicate from the same client key, including concurrent twins', async () => {
    const results = await Promise.all([1, 2, 3].map(() => shareTimeline(open.db, INPUT, ctx)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'duplicate')).toHaveLength(2);
    // Milestones in another order are the same timeline; another milestone month is not.
    expect(
      await shareTimeline(
        open.db,
        { ...INPUT, milestones: [...INPUT.milestones].reverse(), note: null },
        ctx,
      ),
    ).toMatchObject({ reason: 'duplicate' });
    expect(
      await shareTimeline(open.db, { ...INPUT, milestones: [{ key: 'receipt', month: '2024-04' }] }, ctx),
    ).toMatchObject({ ok: true });
    expect(await countTimelines(open.db)).toBe(2);
  });

  it('keeps the duplicate guard free of anything that joins to a timeline or a client', async () => {
    const { id } = await share();
    const rows = await open.db.selectFrom('submission_fingerprints').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['fingerprint', 'seen_hour']);
    expect(rows[0]!.fingerprint).not.toContain(ctx.clientKey);
    expect(rows[0]!.fingerprint).not.toContain(id);
  });

  it('forgets fingerprints after 24 hours', async () => {
    await share();
    const later = { ...ctx, now: new Date(NOW.getTime() + 24 * 3600_000 + 1) };
    expect(await shareTimeline(open.db, { ...INPUT, filed: '2020-01', milestones: [] }, later)).toMatchObject(
      { ok: true },
    );
    expect(await open.db.selectFrom('submission_fingerprints').selectAll().execute()).toHaveLength(1);
    expect(await shareTimeline(open.db, INPUT, later)).toMatchObject({ ok: true });
  });

  it('rate-limits edits and writes nothing over the limit', async () => {
    const { id } = await share();
    const limited = { ...ctx, rateLimitPerHour: 1 };
    expect(await changeTimeline(open.db, id, { note: 'first' }, limited)).toMatchObject({ ok: true });
    expect(await changeTimeline(open.db, id, { note: 'second' }, limited)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect(await confirmStillPending(open.db, id, limited)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect((await findTimelineById(open.db, id))?.note).toBe('first');
  });

  it('keeps the filed milestone row equal to the filing month and drops removed milestones', async () => {
    const { id } = await share();
    await changeTimeline(
      open.db,
      id,
      { filed: '2024-02', milestones: [{ key: 'biometrics', month: '2024-05' }] },
      ctx,
    );
    const rows = await open.db
      .selectFrom('milestones')
      .select(['key', 'month'])
      .where('timeline_id', '=', id)
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'biometrics', month: monthIndex(2024, 5) },
      { key: 'filed', month: monthIndex(2024, 2) },
    ]);
  });

  it('“still pending” moves last-confirmed to this month, and is refused once decided', async () => {
    const { id } = await share({ ...INPUT, last_confirmed: '2024-06' });
    expect((await findTimelineById(open.db, id))?.lastConfirmedMonth).toBe(monthIndex(2024, 6));
    expect(await confirmStillPending(open.db, id, ctx)).toMatchObject({
      ok: true,
      timeline: { lastConfirmedMonth: monthIndex(2026, 11) },
    });
    await changeTimeline(
      open.db,
      id,
      { milestones: [...INPUT.milestones, { key: 'approved', month: '2025-02' }] },
      ctx,
    );
    expect(await confirmStillPending(open.db, id, ctx)).toMatchObject({
      ok: false,
      reason: 'invalid',
      issues: [
        { path: '', message: 'This case already has a decision (Approved), so it is no longer pending.' },
      ],
    });
  });

  it('deletes for real, and a second delete finds nothing', async () => {
    const { id, editToken } = await share();
    expect(await removeTimeline(open.db, id)).toEqual({ ok: true });
    expect(await open.db.selectFrom('timelines').select('id').where('id', '=', id).execute()).toEqual([]);
    expect(await timelineIdForEditToken(open.db, editToken)).toBeUndefined();
    expect(await removeTimeline(open.db, id)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('treats malformed edit tokens as unknown without querying with them', async () => {
    await share();
    for (const token of ['', 'x', "' or 1=1 --", 'A'.repeat(44), hashEditToken('x')]) {
      expect(await timelineIdForEditToken(open.db, token)).toBeUndefined();
    }
  });
});
