// A signed-in person's priority date: saved per account, answered from the bulletin, exported
// and deleted with the account's data; nobody else sees or changes it.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/server/auth/account.ts';
import {
  DELETE_CONFIRMATION,
  type MeContext,
  deleteMeResponse,
  deletePriorityDateResponse,
  exportResponse,
  savePriorityDateResponse,
} from '../../../src/server/accounts/api.ts';
import { myBulletinAnswer } from '../../../src/server/visa-bulletin/priority-dates.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const OWNER: Account = { userId: 'user_pd_owner', role: null };
const OTHER: Account = { userId: 'user_pd_other', role: null };
const put = (body: unknown) =>
  new Request('http://localhost/api/v1/me/priority-date', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe.each(DATABASE_KINDS)('priority date on %s', (kind) => {
  const open = useTestDatabase(kind);
  const me = (account: Account | null): MeContext => ({
    database: async () => open.db,
    account,
    origin: 'https://casetrack.test',
  });

  it('saves, answers, exports and deletes a priority date', async () => {
    expect(
      (
        await savePriorityDateResponse(
          put({ category: 'F4', country: 'PH', priority_date: '2010-01' }),
          me(null),
        )
      ).status,
    ).toBe(401);
    const bad = await savePriorityDateResponse(
      put({ category: 'F4', country: 'PH', priority_date: '2010-1' }),
      me(OWNER),
    );
    expect(bad.status).toBe(422);
    const saved = await savePriorityDateResponse(
      put({ category: 'F4', country: 'PH', priority_date: '2010-01' }),
      me(OWNER),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ category: 'F4', area: 'PH', priorityDate: '2010-01' });
    // A country of birth maps to its bulletin column; saving again replaces.
    await savePriorityDateResponse(
      put({ category: 'EB3', country: 'GT', priority_date: '2020-05' }),
      me(OWNER),
    );
    expect(await myBulletinAnswer(open.db, OWNER.userId)).toMatchObject({
      category: 'EB3',
      area: 'SV',
      priorityDate: '2020-05',
    });
    expect(await myBulletinAnswer(open.db, OTHER.userId)).toBeNull();
    expect((await deletePriorityDateResponse(me(OTHER))).status).toBe(404);

    const exported = (await (await exportResponse(me(OWNER))).json()) as { priority_date: unknown };
    expect(exported.priority_date).toEqual({ category: 'EB3', area: 'SV', priorityDate: '2020-05' });

    const wipe = new Request('http://localhost/api/v1/me', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: DELETE_CONFIRMATION }),
    });
    expect((await deleteMeResponse(wipe, me(OWNER))).status).toBeLessThan(300);
    expect(await myBulletinAnswer(open.db, OWNER.userId)).toBeNull();
  });
});
