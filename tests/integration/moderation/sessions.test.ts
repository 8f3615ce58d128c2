import { describe, expect, it } from 'vitest';
import {
  SESSION_SECONDS,
  endModeratorSession,
  isOpenModeratorSession,
  openModeratorSession,
} from '../../../src/server/moderation/session.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const TOKEN = 'a-long-admin-token-for-tests-0123456789';
const now = new Date('2026-11-23T10:00:00Z');

describe.each(DATABASE_KINDS)('moderator sessions on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('opens a session whose cookie holds neither the token nor anything stored', async () => {
    const value = await openModeratorSession(t.db, TOKEN, now);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toContain(TOKEN);
    expect(await isOpenModeratorSession(t.db, value, TOKEN, now)).toBe(true);
    const rows = await t.db.selectFrom('moderator_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(value);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it('signing out ends the session on the server: a copied cookie opens nothing', async () => {
    const value = await openModeratorSession(t.db, TOKEN, now);
    const copy = `${value}`;
    await endModeratorSession(t.db, value);
    expect(await isOpenModeratorSession(t.db, copy, TOKEN, now)).toBe(false);
  });

  it('ends with time, with a rotated admin token, and refuses forged values', async () => {
    const value = await openModeratorSession(t.db, TOKEN, now);
    const later = new Date(now.getTime() + (SESSION_SECONDS + 1) * 1000);
    expect(await isOpenModeratorSession(t.db, value, TOKEN, later)).toBe(false);
    expect(await isOpenModeratorSession(t.db, value, 'another-token-of-enough-length!!', now)).toBe(false);
    expect(
      await isOpenModeratorSession(
        t.db,
        value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        TOKEN,
        now,
      ),
    ).toBe(false);
    expect(await isOpenModeratorSession(t.db, 'garbage', TOKEN, now)).toBe(false);
  });
});
