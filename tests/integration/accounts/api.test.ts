// The owner's side of the API on a real database: owned timelines, claims, share links,
// export and deletion. Accounts arrive as verified Account values (the verification itself
// is tested in tests/integration/auth and end to end against the built server).
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/server/auth/account.ts';
import {
  DELETE_CONFIRMATION,
  type MeContext,
  claimResponse,
  createShareLinkResponse,
  deleteMeResponse,
  exportResponse,
  myTimelinesResponse,
  revokeShareLinkResponse,
} from '../../../src/server/accounts/api.ts';
import { sharedTimelineView } from '../../../src/server/accounts/share-links.ts';
import {
  type ApiContext,
  createTimelineResponse,
  deleteTimelineResponse,
  patchTimelineResponse,
  readTimelineResponse,
} from '../../../src/server/timelines/api.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';
import { buildTimelineBody } from '../../factories.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const OWNER: Account = { userId: 'user_owner', role: null };
const OTHER: Account = { userId: 'user_other', role: null };
const MODERATOR: Account = { userId: 'user_mod', role: 'moderator' };
const EXAMPLE = buildTimelineBody({ note: 'Interview went fine' });
const BASE = 'http://localhost';

const jsonRequest = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe.each(DATABASE_KINDS)('accounts API on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });

  const api = (account: Account | null, address = '203.0.113.7'): ApiContext => ({
    database: async () => open.db,
    clientAddress: address,
    rateLimitPerHour: 100,
    now: NOW,
    account,
  });
  const me = (account: Account | null): MeContext => ({
    database: async () => open.db,
    account,
    origin: 'https://casetrack.test',
    now: NOW,
  });

  /** Everything stored, to prove a refused request changed nothing. */
  async function snapshot() {
    return {
      timelines: await open.db.selectFrom('timelines').selectAll().orderBy('id').execute(),
      milestones: await open.db
        .selectFrom('milestones')
        .selectAll()
        .orderBy('timeline_id')
        .orderBy('key')
        .execute(),
      links: await open.db.selectFrom('share_links').selectAll().orderBy('timeline_id').execute(),
    };
  }

  async function createOwned(
    account: Account = OWNER,
    body: unknown = EXAMPLE,
    address?: string,
  ): Promise<string> {
    const response = await createTimelineResponse(
      jsonRequest('POST', '/api/v1/timelines', body),
      api(account, address),
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function createAnonymous(
    body: unknown = EXAMPLE,
  ): Promise<{ id: string; editUrl: string; token: string }> {
    const response = await createTimelineResponse(
      jsonRequest('POST', '/api/v1/timelines', body),
      api(null, '198.51.100.9'),
    );
    expect(response.status).toBe(201);
    const { id, edit_url } = (await response.json()) as { id: string; edit_url: string };
    return { id, editUrl: `https://casetrack.test${edit_url}`, token: edit_url.split('/')[2]! };
  }

  it('a signed-in POST creates a timeline owned by the account, with no edit link', async () => {
    const response = await createTimelineResponse(
      jsonRequest('POST', '/api/v1/timelines', EXAMPLE),
      api(OWNER),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ owner: 'you', manage_url: '/me' });
    expect(body).not.toHaveProperty('edit_url');
    const row = await open.db
      .selectFrom('timelines')
      .selectAll()
      .where('id', '=', body['id'] as string)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBe('user_owner');
    expect(row.edit_token_hash).toBeNull();
  });

  it('a POST whose Bearer session did not verify is refused, and nothing is stored', async () => {
    const response = await createTimelineResponse(jsonRequest('POST', '/api/v1/timelines', EXAMPLE), {
      ...api(null),
      sessionRejected: true,
    });
    expect(response.status).toBe(401);
    expect((await snapshot()).timelines).toEqual([]);
  });

  it('the owner reads, edits and deletes with the session; the same validation and identifier guard apply', async () => {
    const id = await createOwned();
    expect(
      (await readTimelineResponse(jsonRequest('GET', `/api/v1/timelines/${id}`), id, api(OWNER))).status,
    ).toBe(200);
    const patched = await patchTimelineResponse(
      jsonRequest('PATCH', `/api/v1/timelines/${id}`, { note: 'Now waiting for the card' }),
      id,
      api(OWNER),
    );
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { note: string }).note).toBe('Now waiting for the card');

    const before = await snapshot();
    const guarded = await patchTimelineResponse(
      jsonRequest('PATCH', `/api/v1/timelines/${id}`, { note: 'my receipt is IOE0912345678' }),
      id,
      api(OWNER),
    );
    expect(guarded.status).toBe(422);
    const invalid = await patchTimelineResponse(
      jsonRequest('PATCH', `/api/v1/timelines/${id}`, { filed: '1999-01' }),
      id,
      api(OWNER),
    );
    expect(invalid.status).toBe(422);
    expect(await snapshot()).toEqual(before);

    expect(
      (await deleteTimelineResponse(jsonRequest('DELETE', `/api/v1/timelines/${id}`), id, api(OWNER))).status,
    ).toBe(204);
    expect((await snapshot()).timelines).toEqual([]);
  });

  it('anyone else gets 401 or 404 on every timeline route, and nothing changes', async () => {
    const id = await createOwned();
    const before = await snapshot();
    const callers: [string, Account | null, number][] = [
      ['anonymous', null, 401],
      ['another user', OTHER, 404],
      ['a moderator', MODERATOR, 404],
    ];
    for (const [, account, status] of callers) {
      expect(
        (await readTimelineResponse(jsonRequest('GET', `/api/v1/timelines/${id}`), id, api(account))).status,
      ).toBe(status);
      expect(
        (
          await patchTimelineResponse(
            jsonRequest('PATCH', `/api/v1/timelines/${id}`, { note: 'hijacked' }),
            id,
            api(account),
          )
        ).status,
      ).toBe(status);
      expect(
        (await deleteTimelineResponse(jsonRequest('DELETE', `/api/v1/timelines/${id}`), id, api(account)))
          .status,
      ).toBe(status);
      expect(
        (await createShareLinkResponse(jsonRequest('PUT', `/x`, { shows: ['note'] }), id, me(account)))
          .status,
      ).toBe(status);
      expect((await revokeShareLinkResponse(id, me(account))).status).toBe(status);
    }
    // A made-up edit token does not open an owned timeline either.
    const forged = jsonRequest(
      'PATCH',
      `/api/v1/timelines/${id}`,
      { note: 'x' },
      { authorization: `EditToken ${'A'.repeat(43)}` },
    );
    expect((await patchTimelineResponse(forged, id, api(OTHER))).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('lists only the caller’s own timelines, with waiting time and the 3-month nudge', async () => {
    const mine = await createOwned(OWNER, { ...EXAMPLE, last_confirmed: '2026-06' });
    await createOwned(OTHER, { ...EXAMPLE, filed: '2023-01' }, '192.0.2.1');
    expect((await myTimelinesResponse(me(null))).status).toBe(401);
    const response = await myTimelinesResponse(me(OWNER));
    const { timelines } = (await response.json()) as {
      timelines: { id: string; waited_months: number; needs_confirmation: boolean }[];
    };
    expect(timelines.map((t) => t.id)).toEqual([mine]);
    expect(timelines[0]).toMatchObject({ waited_months: 32, needs_confirmation: true });
  });

  it('claims an anonymous timeline by its edit link; the link then opens nothing', async () => {
    const { id, editUrl, token } = await createAnonymous();
    expect(
      (await claimResponse(jsonRequest('POST', '/api/v1/me/claims', { edit_link: editUrl }), me(null)))
        .status,
    ).toBe(401);
    const claimed = await claimResponse(
      jsonRequest('POST', '/api/v1/me/claims', { edit_link: editUrl }),
      me(OWNER),
    );
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toEqual({ id });
    const row = await open.db
      .selectFrom('timelines')
      .select(['owner_id', 'edit_token_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: 'user_owner', edit_token_hash: null });
    const withOldToken = jsonRequest(
      'PATCH',
      `/api/v1/timelines/${id}`,
      { note: 'x' },
      { authorization: `EditToken ${token}` },
    );
    expect((await patchTimelineResponse(withOldToken, id, api(null))).status).toBe(404);
    // The spent link cannot be claimed again, by anyone.
    expect(
      (await claimResponse(jsonRequest('POST', '/api/v1/me/claims', { edit_link: editUrl }), me(OTHER)))
        .status,
    ).toBe(404);
    expect(
      (await claimResponse(jsonRequest('POST', '/api/v1/me/claims', { edit_link: 'nonsense' }), me(OTHER)))
        .status,
    ).toBe(404);
    expect(
      (await claimResponse(jsonRequest('POST', '/api/v1/me/claims', { link: editUrl }), me(OTHER))).status,
    ).toBe(422);
  });

  it('share links show only the ticked fields, are stored hashed, replaced and revoked', async () => {
    const id = await createOwned();
    const created = await createShareLinkResponse(
      jsonRequest('PUT', '/x', { shows: ['milestones'] }),
      id,
      me(OWNER),
    );
    expect(created.status).toBe(201);
    const { url, path } = (await created.json()) as { url: string; path: string };
    expect(url).toMatch(/^https:\/\/casetrack\.test\/s\/[A-Za-z0-9_-]{43}$/);
    const token = path.split('/')[2]!;
    const stored = await open.db.selectFrom('share_links').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const view = await sharedTimelineView(open.db, token, NOW);
    expect(view).toMatchObject({
      category: 'i485',
      waitedMonths: 32,
      decided: false,
      milestones: [{ key: 'biometrics' }],
    });
    expect(view).not.toHaveProperty('note');
    expect(view).not.toHaveProperty('country');
    expect(JSON.stringify(view)).not.toContain(id);

    const replaced = await createShareLinkResponse(
      jsonRequest('PUT', '/x', { shows: ['note', 'country'] }),
      id,
      me(OWNER),
    );
    const newToken = ((await replaced.json()) as { path: string }).path.split('/')[2]!;
    expect(await sharedTimelineView(open.db, token, NOW)).toBeUndefined();
    expect(await sharedTimelineView(open.db, newToken, NOW)).toMatchObject({
      note: 'Interview went fine',
      country: 'IN',
    });

    expect(
      (await createShareLinkResponse(jsonRequest('PUT', '/x', { shows: ['email'] }), id, me(OWNER))).status,
    ).toBe(422);
    expect((await revokeShareLinkResponse(id, me(OWNER))).status).toBe(204);
    expect(await sharedTimelineView(open.db, newToken, NOW)).toBeUndefined();
    expect((await revokeShareLinkResponse(id, me(OWNER))).status).toBe(404);
  });

  it('exports everything stored about the account and nothing about anyone else', async () => {
    const id = await createOwned();
    await createOwned(OTHER, { ...EXAMPLE, filed: '2023-01', note: 'someone else' }, '192.0.2.1');
    await createShareLinkResponse(jsonRequest('PUT', '/x', { shows: [] }), id, me(OWNER));
    const response = await exportResponse(me(OWNER));
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const data = (await response.json()) as {
      account: { clerk_user_id: string };
      timelines: Record<string, unknown>[];
    };
    expect(data.account.clerk_user_id).toBe('user_owner');
    expect(data.timelines).toHaveLength(1);
    expect(data.timelines[0]).toMatchObject({
      id,
      category: 'i485',
      note: 'Interview went fine',
      share_link: { shows: [] },
    });
    expect(JSON.stringify(data)).not.toContain('someone else');
    expect(JSON.stringify(data)).not.toMatch(/[0-9a-f]{64}/);
    expect((await exportResponse(me(null))).status).toBe(401);
  });

  it('deletes all the account’s data only after confirmation, and only its own', async () => {
    const id = await createOwned();
    await createShareLinkResponse(jsonRequest('PUT', '/x', { shows: ['milestones'] }), id, me(OWNER));
    const others = await createOwned(OTHER, { ...EXAMPLE, filed: '2023-01' }, '192.0.2.1');
    const before = await snapshot();
    expect((await deleteMeResponse(jsonRequest('DELETE', '/api/v1/me', {}), me(OWNER))).status).toBe(422);
    expect(
      (await deleteMeResponse(jsonRequest('DELETE', '/api/v1/me', { confirm: 'yes' }), me(OWNER))).status,
    ).toBe(422);
    expect(
      (
        await deleteMeResponse(
          jsonRequest('DELETE', '/api/v1/me', { confirm: DELETE_CONFIRMATION }),
          me(null),
        )
      ).status,
    ).toBe(401);
    expect(await snapshot()).toEqual(before);

    const deleted = await deleteMeResponse(
      jsonRequest('DELETE', '/api/v1/me', { confirm: DELETE_CONFIRMATION }),
      me(OWNER),
    );
    expect(await deleted.json()).toEqual({ deleted_timelines: 1 });
    const after = await snapshot();
    expect(after.timelines.map((t) => t.id)).toEqual([others]);
    expect(after.milestones.every((m) => m.timeline_id === others)).toBe(true);
    expect(after.links).toEqual([]);
  });
});
