import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { referenceCodec } from '../../../src/server/feed/references.ts';
import { loadFeedPage } from '../../../src/server/feed/service.ts';
import { applyModerationAction, applyModerationActionToRef } from '../../../src/server/moderation/actions.ts';
import { loadModerationQueue } from '../../../src/server/moderation/queue.ts';
import { submitReport } from '../../../src/server/moderation/reports.ts';
import { countPublicTimelines, insertTimelines } from '../../../src/server/timelines/repository.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const moderator = { label: 'admin-token' };
const reportSettings = { limitPerHour: 100, includeDemo: false };

describe.each(DATABASE_KINDS)('moderation on %s', (kind) => {
  let refs: ReturnType<typeof referenceCodec>;
  const open = useTestDatabase(kind, {
    cleanEachTest: true,
    seed: async () => {
      refs = referenceCodec();
    },
  });

  const stateOf = async (id: string) =>
    (
      await open.db
        .selectFrom('timelines')
        .select('moderation_state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).moderation_state;
  const auditOf = (id: string) =>
    open.db
      .selectFrom('moderation_audit_log')
      .selectAll()
      .where('timeline_id', '=', id)
      .orderBy('id')
      .execute();

  it('queues reports with counts and reasons, and hiding the note resolves them and removes the note from the feed', async () => {
    const [id, other] = await insertTimelines(open.db, [
      buildTimeline({ note: 'call me at …' }),
      buildTimeline(),
    ]);
    const item = refs.toRef(id!);
    await submitReport(open.db, { item, reason: 'identifying' }, 'a', reportSettings);
    await submitReport(open.db, { item, reason: 'identifying' }, 'b', reportSettings);
    await submitReport(open.db, { item, reason: 'spam' }, 'c', reportSettings);
    await submitReport(
      open.db,
      { item: refs.toRef(other!), reason: 'implausible_dates' },
      'a',
      reportSettings,
    );

    const queue = await loadModerationQueue(open.db);
    expect(queue).toMatchObject({ openReports: 4, reportedItems: 2 });
    expect(queue.entries[0]).toMatchObject({
      ref: item,
      total: 3,
      note: 'call me at …',
      reasons: { identifying: 2, spam: 1, abusive: 0, implausible_dates: 0 },
    });

    const outcome = await applyModerationActionToRef(
      open.db,
      { item, action: 'hide_note', reason: 'phone number' },
      moderator,
    );
    expect(outcome).toEqual({ ok: true, from: 'visible', to: 'note_hidden', reportsResolved: 3 });
    expect(await stateOf(id!)).toBe('note_hidden');
    expect(await loadModerationQueue(open.db)).toMatchObject({ openReports: 1, reportedItems: 1 });
    const feed = await loadFeedPage(open.db, {}, { minGroupSize: 1, includeDemo: false });
    expect(JSON.stringify(feed)).not.toContain('call me');
    const [entry] = await auditOf(id!);
    expect(entry).toMatchObject({
      moderator: 'admin-token',
      action: 'hide_note',
      from_state: 'visible',
      to_state: 'note_hidden',
      reports_resolved: 3,
      reason: 'phone number',
    });
    expect(entry!.at).toBeInstanceOf(Date);
  });

  it('excludes a timeline from the feed and public counts at once, restores it, and logs both', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline()]);
    const before = await countPublicTimelines(open.db, { includeDemo: false });
    expect(
      await applyModerationAction(
        open.db,
        id!,
        { action: 'exclude', reason: 'approved before filing' },
        moderator,
      ),
    ).toMatchObject({ ok: true, to: 'excluded' });
    expect(await countPublicTimelines(open.db, { includeDemo: false })).toBe(before - 1);
    const feed = await loadFeedPage(open.db, {}, { minGroupSize: 1, includeDemo: false });
    expect(feed).toMatchObject({ ok: true, page: { items: [] } });
    expect(
      await applyModerationAction(
        open.db,
        id!,
        { action: 'restore', reason: 'owner fixed dates' },
        { label: 'user:user_123' },
      ),
    ).toMatchObject({ ok: true, from: 'excluded', to: 'visible' });
    expect((await auditOf(id!)).map((a) => [a.action, a.moderator])).toEqual([
      ['exclude', 'admin-token'],
      ['restore', 'user:user_123'],
    ]);
  });

  it('dismisses open reports without changing the timeline', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline({ note: 'fine' })]);
    await submitReport(open.db, { item: refs.toRef(id!), reason: 'abusive' }, 'x', reportSettings);
    expect(
      await applyModerationAction(open.db, id!, { action: 'dismiss', reason: 'not abusive' }, moderator),
    ).toEqual({ ok: true, from: 'visible', to: 'visible', reportsResolved: 1 });
    const report = await open.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
    expect(report.resolution).toBe('dismissed');
    expect(report.resolved_at).not.toBeNull();
    // Nothing left to dismiss: refused, and nothing logged.
    expect(
      await applyModerationAction(open.db, id!, { action: 'dismiss', reason: 'again' }, moderator),
    ).toMatchObject({ ok: false, error: 'not_applicable' });
    expect(await auditOf(id!)).toHaveLength(1);
  });

  it('refuses actions that change nothing, and unknown timelines', async () => {
    const [noNote, hidden] = await insertTimelines(open.db, [buildTimeline(), buildTimeline({ note: 'x' })]);
    const logged = async () =>
      (await open.db.selectFrom('moderation_audit_log').select('id').execute()).length;
    const loggedBefore = await logged();
    await open.db
      .updateTable('timelines')
      .set({ moderation_state: 'note_hidden' })
      .where('id', '=', hidden!)
      .execute();
    expect(
      await applyModerationAction(open.db, noNote!, { action: 'hide_note', reason: 'r' }, moderator),
    ).toMatchObject({ ok: false, error: 'not_applicable' });
    expect(
      await applyModerationAction(open.db, noNote!, { action: 'restore', reason: 'r' }, moderator),
    ).toMatchObject({ ok: false, error: 'not_applicable' });
    expect(
      await applyModerationAction(open.db, hidden!, { action: 'hide_note', reason: 'r' }, moderator),
    ).toMatchObject({ ok: false, error: 'not_applicable' });
    expect(
      await applyModerationAction(
        open.db,
        '00000000-0000-4000-8000-000000000000',
        { action: 'exclude', reason: 'r' },
        moderator,
      ),
    ).toMatchObject({ ok: false, error: 'not_found' });
    expect(
      await applyModerationActionToRef(
        open.db,
        { item: 'A'.repeat(22), action: 'exclude', reason: 'r' },
        moderator,
      ),
    ).toMatchObject({ ok: false, error: 'not_found' });
    expect(await logged()).toBe(loggedBefore);
  });

  it('is one transaction: when the audit entry cannot be written, nothing changes', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline({ note: 'n' })]);
    await submitReport(open.db, { item: refs.toRef(id!), reason: 'spam' }, 'k', reportSettings);
    // The audit log's CHECK refuses a reason over 500 characters (the schema refuses it earlier in routes).
    await expect(
      applyModerationAction(open.db, id!, { action: 'exclude', reason: 'x'.repeat(501) }, moderator),
    ).rejects.toThrow();
    expect(await stateOf(id!)).toBe('visible');
    const report = await open.db.selectFrom('reports').select('resolved_at').executeTakeFirstOrThrow();
    expect(report.resolved_at).toBeNull();
  });

  it('keeps the audit log append-only in the database', async () => {
    const [id] = await insertTimelines(open.db, [buildTimeline()]);
    await applyModerationAction(open.db, id!, { action: 'exclude', reason: 'spam' }, moderator);
    await expect(
      open.db.updateTable('moderation_audit_log').set({ reason: 'rewritten' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(open.db.deleteFrom('moderation_audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate moderation_audit_log`.execute(open.db)).rejects.toThrow(/append-only/);
    // Deleting the timeline (an owner's right) keeps its history.
    await open.db.deleteFrom('timelines').where('id', '=', id!).execute();
    expect(await auditOf(id!)).toMatchObject([{ action: 'exclude', reason: 'spam' }]);
  });
});
