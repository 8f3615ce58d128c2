import { beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../../src/server/db/client.ts';
import {
  handleEditForm,
  handleFormPost,
  handleShareForm,
} from '../../../src/server/timelines/form-actions.ts';
import { countTimelines, findTimelineById } from '../../../src/server/timelines/repository.ts';
import { shareTimeline, type WriteContext } from '../../../src/server/timelines/service.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const FORM =
  'category=i485&country=IN&filed_month=03&filed_year=2024&milestone_key=biometrics&milestone_month=04&milestone_year=2024&note=';

describe.each(DATABASE_KINDS)('share and edit forms on %s', (kind) => {
  let ctx: WriteContext;
  const open = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  beforeEach(() => {
    ctx = { clientKey: 'form-client', rateLimitPerHour: 100, now: NOW };
  });

  const share = (form: string, context = ctx) => handleShareForm(open.db, new URLSearchParams(form), context);

  it('shares a valid form and hands back the edit path once', async () => {
    const outcome = await share(FORM);
    expect(outcome).toMatchObject({
      kind: 'shared',
      editPath: expect.stringMatching(/^\/t\/[A-Za-z0-9_-]{43}\/edit$/),
    });
    expect(await countTimelines(open.db)).toBe(1);
  });

  it('refuses a filled honeypot with 400 and writes nothing', async () => {
    expect(await share(`${FORM}&website=http%3A%2F%2Fspam`)).toMatchObject({ kind: 'form', status: 400 });
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('answers 429 with Retry-After over the limit, 409 for a duplicate, 422 with field messages', async () => {
    expect(await share(FORM)).toMatchObject({ kind: 'shared' });
    expect(await share(FORM)).toMatchObject({ kind: 'form', status: 409 });
    const limited = await share(FORM.replace('2024', '2023'), { ...ctx, rateLimitPerHour: 2 });
    expect(limited).toMatchObject({
      kind: 'form',
      status: 429,
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) },
    });
    const invalid = await share(`${FORM}email+me%40example.com`);
    expect(invalid).toMatchObject({
      kind: 'form',
      status: 422,
      errors: { note: [expect.stringContaining('an email address')] },
    });
    expect(await countTimelines(open.db)).toBe(1);
  });

  it('adds blank rows on request without validating or writing', async () => {
    expect(await share('category=i485&_action=more_rows')).toMatchObject({
      kind: 'form',
      status: 200,
      extraRows: 4,
      summary: [],
    });
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('saves, marks still pending, deletes the note, and deletes only when confirmed', async () => {
    const created = await shareTimeline(
      open.db,
      { category: 'i485', country: 'IN', filed: '2024-03', note: 'hello', last_confirmed: '2024-05' },
      ctx,
    );
    if (!created.ok) throw new Error('setup failed');
    const edit = (form: string) =>
      handleEditForm(open.db, created.id, new URLSearchParams(form), ctx, '/t/x/edit');
    expect(await edit('_action=still_pending')).toEqual({
      kind: 'redirect',
      location: '/t/x/edit?saved=pending',
    });
    expect(await edit(`${FORM}hello&_action=save`)).toEqual({
      kind: 'redirect',
      location: '/t/x/edit?saved=changes',
    });
    expect((await findTimelineById(open.db, created.id))?.milestones).toEqual([
      { key: 'biometrics', month: 2024 * 12 + 3 },
    ]);
    expect(await edit('_action=delete_note')).toEqual({ kind: 'redirect', location: '/t/x/edit?saved=note' });
    expect((await findTimelineById(open.db, created.id))?.note).toBeNull();
    expect(await edit('_action=delete')).toMatchObject({
      kind: 'form',
      status: 422,
      values: undefined,
      errors: { confirm_delete: [expect.any(String)] },
    });
    expect(await countTimelines(open.db)).toBe(1);
    expect(await edit('_action=delete&confirm_delete=yes')).toEqual({ kind: 'deleted' });
    expect(await countTimelines(open.db)).toBe(0);
  });

  it('turns bad bodies and failures into error outcomes, never exceptions', async () => {
    const post = (body: string, type: string) =>
      new Request('http://localhost/share', { method: 'POST', headers: { 'content-type': type }, body });
    expect(
      await handleFormPost(post('{}', 'application/json'), async () => ({ kind: 'deleted' })),
    ).toMatchObject({ kind: 'error', status: 415 });
    expect(
      await handleFormPost(post('a='.padEnd(40_000, 'x'), 'application/x-www-form-urlencoded'), async () => ({
        kind: 'deleted',
      })),
    ).toMatchObject({ kind: 'error', status: 413 });
    const form = () => post('a=1', 'application/x-www-form-urlencoded');
    expect(
      await handleFormPost(form(), async () => {
        throw new DatabaseUnavailableError('down');
      }),
    ).toMatchObject({ kind: 'error', status: 503 });
    expect(
      await handleFormPost(form(), async () => {
        throw new Error('bug');
      }),
    ).toMatchObject({ kind: 'error', status: 500 });
  });
});
