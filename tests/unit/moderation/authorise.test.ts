import { describe, expect, it } from 'vitest';
import {
  authoriseModerator,
  bearerFrom,
  moderationEnabled,
} from '../../../src/server/moderation/authorise.ts';
import {
  SESSION_SECONDS,
  createSessionValue,
  isValidSession,
} from '../../../src/server/moderation/session.ts';

const TOKEN = 'a-long-admin-token-for-tests-0123456789';
const config = { adminToken: TOKEN, moderatorUserIds: ['user_mod'] };
const now = new Date('2026-11-23T10:00:00Z');

describe('authoriseModerator', () => {
  it.each([
    // anonymous
    [{}, null],
    // wrong bearer token, and the right one
    [{ bearerToken: 'wrong-token' }, null],
    [{ bearerToken: TOKEN.slice(0, -1) }, null],
    [{ bearerToken: TOKEN }, 'admin-token'],
    // an ordinary signed-in user, a listed user, a user with the moderator role
    [{ user: { id: 'user_plain', publicMetadata: { role: 'member' } } }, null],
    [{ user: { id: 'user_mod' } }, 'user:user_mod'],
    [{ user: { id: 'user_x', publicMetadata: { role: 'moderator' } } }, 'user:user_x'],
    [{ user: { id: 'user_y', publicMetadata: { roles: ['moderator'] } } }, 'user:user_y'],
    // a forged or stale session cookie, and a good one
    [{ session: 'garbage' }, null],
    [{ session: createSessionValue('another-token-of-enough-length!!', now), now }, null],
    [
      {
        session: createSessionValue(TOKEN, now),
        now: new Date(now.getTime() + (SESSION_SECONDS + 1) * 1000),
      },
      null,
    ],
    [{ session: createSessionValue(TOKEN, now), now }, 'admin-token'],
  ] as const)('%o → %s', (credentials, expected) => {
    expect(authoriseModerator(credentials, config)?.label ?? null).toBe(expected);
  });

  it('accepts no token when none is configured', () => {
    const open = { moderatorUserIds: [] };
    expect(authoriseModerator({ bearerToken: '' }, open)).toBeNull();
    expect(authoriseModerator({ bearerToken: 'undefined' }, open)).toBeNull();
    expect(moderationEnabled(open)).toBe(false);
    expect(moderationEnabled({ moderatorUserIds: ['u'] })).toBe(true);
  });

  it('never puts the token in the session cookie', () => {
    const value = createSessionValue(TOKEN, now);
    expect(value).not.toContain(TOKEN);
    expect(isValidSession(value, TOKEN, now)).toBe(true);
    expect(
      isValidSession(
        value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        TOKEN,
        now,
      ),
    ).toBe(false);
  });

  it('reads bearer tokens', () => {
    expect(bearerFrom('Bearer abc')).toBe('abc');
    expect(bearerFrom('bearer  abc ')).toBe('abc');
    expect(bearerFrom('Basic abc')).toBeUndefined();
    expect(bearerFrom(null)).toBeUndefined();
  });
});
