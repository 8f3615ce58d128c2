// The share form and the edit page with an account: an owned share, and the edit page's claim.
import { describe, expect, it } from 'vitest';
import { claimFromEditPage } from '../../../src/server/accounts/claim-form.ts';
import { handleShareForm } from '../../../src/server/timelines/form-actions.ts';
import type { WriteContext } from '../../../src/server/timelines/service.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';

const FORM =
  'category=i485&country=IN&filed_month=03&filed_year=2024&milestone_key=biometrics&milestone_month=04&milestone_year=2024&note=';
const ME = { userId: 'user_form', role: null };

describe.each(DATABASE_KINDS)('account forms on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  const ctx: WriteContext = {
    clientKey: 'form-client',
    rateLimitPerHour: 100,
    now: new Date('2026-11-23T10:00:00Z'),
  };

  const owners = () => open.db.selectFrom('timelines').select(['owner_id', 'edit_token_hash']).execute();

  it('a signed-in share is owned and hands out no edit link', async () => {
    expect(await handleShareForm(open.db, new URLSearchParams(FORM), ctx, { userId: ME.userId })).toEqual({
      kind: 'shared',
      editPath: null,
    });
    expect(await owners()).toEqual([{ owner_id: 'user_form', edit_token_hash: null }]);
  });

  it('the edit page claims only for a signed-in person, once', async () => {
    const shared = await handleShareForm(open.db, new URLSearchParams(FORM), ctx);
    const token = (shared as { editPath: string }).editPath.split('/')[2]!;
    expect(await claimFromEditPage(open.db, null, token)).toMatchObject({ kind: 'error', status: 401 });
    expect((await owners())[0]!.owner_id).toBeNull();
    expect(await claimFromEditPage(open.db, ME, token)).toEqual({
      kind: 'redirect',
      location: '/me?claimed=1',
    });
    expect(await owners()).toEqual([{ owner_id: 'user_form', edit_token_hash: null }]);
    expect(await claimFromEditPage(open.db, { userId: 'user_late', role: null }, token)).toMatchObject({
      kind: 'error',
      status: 404,
    });
    expect((await owners())[0]!.owner_id).toBe('user_form');
  });
});
