// Every mutating route of a timeline, against the built server with accounts on, as each
// kind of caller. Tokens are verified for real (CLERK_JWT_KEY); only the owner succeeds,
// and a refused request leaves the owner's data exactly as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, sessionCookies } from '../setup/clerk-keys.ts';
import { api, bearer, clerk, timelineInput } from './accounts.ts';

const OWNER = 'user_e2e_owner';
const owner = () => bearer(clerk.sessionToken(OWNER));

/** Callers who must not change the owner's timeline, with the status each should get. */
const INTRUDERS: [string, () => Record<string, string>, number][] = [
  ['anonymous', () => ({}), 401],
  ['another signed-in user', () => bearer(clerk.sessionToken('user_e2e_other')), 404],
  ['a moderator', () => bearer(clerk.sessionToken('user_e2e_mod', { metadata: { role: 'moderator' } })), 404],
  ['the owner with an expired token', () => bearer(clerk.sessionToken(OWNER, { expiresIn: -120 })), 401],
  ['the owner’s id signed by another key', () => bearer(clerk.foreignToken(OWNER)), 401],
  [
    'the owner with a token for another party',
    () => bearer(clerk.sessionToken(OWNER, { azp: 'https://elsewhere.example' })),
    401,
  ],
  [
    'the owner’s expired token as cookies',
    () => ({ cookie: cookieHeader(sessionCookies(clerk.sessionToken(OWNER, { expiresIn: -120 }))) }),
    401,
  ],
  [
    'a foreign token as cookies',
    () => ({ cookie: cookieHeader(sessionCookies(clerk.foreignToken(OWNER))) }),
    401,
  ],
];

async function ownerData(): Promise<unknown> {
  const response = await api('GET', '/api/v1/me/export', owner());
  expect(response.status).toBe(200);
  const { exported_at: _ignored, ...data } = (await response.json()) as Record<string, unknown>;
  return data;
}

describe('authorization of timeline routes with accounts on', () => {
  let id: string;
  beforeAll(async () => {
    const created = await api('POST', '/api/v1/timelines', owner(), timelineInput({ country: 'CA' }));
    expect(created.status).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    expect(
      (await api('PUT', `/api/v1/me/timelines/${id}/share-link`, owner(), { shows: ['milestones'] })).status,
    ).toBe(201);
  });

  const routes: [string, (auth: Record<string, string>) => Promise<Response>][] = [
    ['GET /api/v1/timelines/:id', (auth) => api('GET', `/api/v1/timelines/${id}`, auth)],
    [
      'PATCH /api/v1/timelines/:id',
      (auth) => api('PATCH', `/api/v1/timelines/${id}`, auth, { note: 'changed by someone else' }),
    ],
    ['DELETE /api/v1/timelines/:id', (auth) => api('DELETE', `/api/v1/timelines/${id}`, auth)],
    [
      'PUT share link',
      (auth) => api('PUT', `/api/v1/me/timelines/${id}/share-link`, auth, { shows: ['note', 'country'] }),
    ],
    ['DELETE share link', (auth) => api('DELETE', `/api/v1/me/timelines/${id}/share-link`, auth)],
    ['DELETE /api/v1/me', (auth) => api('DELETE', '/api/v1/me', auth, { confirm: 'delete my data' })],
  ];

  it.each(INTRUDERS)('%s changes nothing through any route', async (_who, auth, status) => {
    const before = await ownerData();
    for (const [route, call] of routes) {
      const response = await call(auth());
      // DELETE /api/v1/me with another valid account deletes *that* account's (empty) data: allowed, harmless.
      if (route === 'DELETE /api/v1/me' && status === 404) {
        expect(response.status, route).toBe(200);
        expect(await response.json()).toEqual({ deleted_timelines: 0 });
        continue;
      }
      expect(response.status, route).toBe(status);
      expect(response.headers.get('content-type'), route).toMatch(/^application\/json/);
    }
    expect(await ownerData()).toEqual(before);
  });

  it('POST /api/v1/timelines with a refused Bearer token is 401, not an anonymous share', async () => {
    for (const [who, auth, status] of INTRUDERS) {
      if (status !== 401 || !auth()['authorization']) continue;
      const response = await api('POST', '/api/v1/timelines', auth(), timelineInput({ country: 'NG' }));
      expect(response.status, who).toBe(401);
      expect(await response.text(), who).not.toContain('edit_url');
    }
  });

  it('GET /api/v1/me/timelines and the export answer 401 to every refused token', async () => {
    for (const [, auth, status] of INTRUDERS) {
      if (status !== 401) continue;
      expect((await api('GET', '/api/v1/me/timelines', auth())).status).toBe(401);
      expect((await api('GET', '/api/v1/me/export', auth())).status).toBe(401);
    }
  });

  it('the owner succeeds with a Bearer token and with the __session + __client_uat cookies', async () => {
    const patched = await api('PATCH', `/api/v1/timelines/${id}`, owner(), { note: 'Still waiting' });
    expect(patched.status).toBe(200);
    const cookies = { cookie: cookieHeader(sessionCookies(clerk.sessionToken(OWNER))) };
    const read = await api('GET', `/api/v1/timelines/${id}`, cookies);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { note: string }).note).toBe('Still waiting');
    const mine = (await (await api('GET', '/api/v1/me/timelines', cookies)).json()) as {
      timelines: { id: string }[];
    };
    expect(mine.timelines.map((t) => t.id)).toContain(id);
    expect((await api('DELETE', `/api/v1/me/timelines/${id}/share-link`, cookies)).status).toBe(204);
  });

  it('a refused token says why in x-clerk-auth-reason, never who', async () => {
    const response = await api(
      'GET',
      '/api/v1/me/timelines',
      bearer(clerk.sessionToken(OWNER, { azp: 'https://elsewhere.example' })),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(OWNER);
  });

  it('the owner deletes the timeline last; it is gone', async () => {
    expect((await api('DELETE', `/api/v1/timelines/${id}`, owner())).status).toBe(204);
    expect((await api('GET', `/api/v1/timelines/${id}`, owner())).status).toBe(404);
  });
});

describe('moderators from accounts', () => {
  const moderator = () => bearer(clerk.sessionToken('user_e2e_mod', { metadata: { role: 'moderator' } }));

  it('a verified session with the moderator role opens the moderation queue; nobody else does', async () => {
    expect((await api('GET', '/api/v1/moderation/queue', moderator())).status).toBe(200);
    const refused: Record<string, string>[] = [
      {},
      bearer(clerk.sessionToken('user_e2e_plain')),
      bearer(clerk.sessionToken('user_e2e_mod', { metadata: { role: 'moderator' }, expiresIn: -120 })),
      bearer(
        clerk.sessionToken('user_e2e_mod', {
          metadata: { role: 'moderator' },
          azp: 'https://elsewhere.example',
        }),
      ),
      bearer(clerk.foreignToken('user_e2e_mod')),
    ];
    for (const auth of refused) {
      expect((await api('GET', '/api/v1/moderation/queue', auth)).status).toBe(403);
      const action = await api('POST', '/api/v1/moderation/actions', auth, {
        item: 'A'.repeat(22),
        action: 'exclude',
        reason: 'test',
      });
      expect(action.status).toBe(403);
    }
  });
});
