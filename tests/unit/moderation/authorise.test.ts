import { describe, expect, it } from 'vitest';
import {
  authoriseModerator,
  bearerFrom,
  moderationEnabled,
} from '../../../src/server/moderation/authorise.ts';

const TOKEN = 'a-long-admin-token-for-tests-0123456789';
const config = { adminToken: TOKEN, moderatorUserIds: ['user_mod'] };

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
    // a session the database did not find open, and one it did (tests/integration/moderation/sessions.test.ts)
    [{ openSession: false }, null],
    [{ openSession: true }, 'admin-token'],
  ] as const)('%o → %s', (credentials, expected) => {
    expect(authoriseModerator(credentials, config)?.label ?? null).toBe(expected);
  });

  it('accepts no token or session when none is configured', () => {
    const open = { moderatorUserIds: [] };
    expect(authoriseModerator({ openSession: true }, open)).toBeNull();
    expect(authoriseModerator({ bearerToken: '' }, open)).toBeNull();
    expect(authoriseModerator({ bearerToken: 'undefined' }, open)).toBeNull();
    expect(moderationEnabled(open)).toBe(false);
    expect(moderationEnabled({ moderatorUserIds: ['u'] })).toBe(true);
  });

  it('reads bearer tokens', () => {
    expect(bearerFrom('Bearer abc')).toBe('abc');
    expect(bearerFrom('bearer  abc ')).toBe('abc');
    expect(bearerFrom('Basic abc')).toBeUndefined();
    expect(bearerFrom(null)).toBeUndefined();
  });
});
