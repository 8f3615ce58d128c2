import { beforeEach, describe, expect, it } from 'vitest';
import { clientKey, forgetClientKeySecrets } from '../../../src/server/privacy/client-key.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

describe.each(DATABASE_KINDS)('client keys on %s', (kind) => {
  const open = useTestDatabase(kind);
  beforeEach(() => forgetClientKeySecrets());

  it('is stable within a day, differs per address, and never contains the address', async () => {
    const day = new Date('2026-11-23T08:00:00Z');
    const a = await clientKey(open.db, '203.0.113.7', day);
    forgetClientKeySecrets(); // a second app instance reads the same secret from the database
    expect(await clientKey(open.db, '203.0.113.7', new Date('2026-11-23T22:00:00Z'))).toBe(a);
    expect(await clientKey(open.db, '203.0.113.8', day)).not.toBe(a);
    expect(a).not.toContain('203');
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('rotates daily and deletes old secrets', async () => {
    const monday = await clientKey(open.db, '198.51.100.1', new Date('2026-11-23T12:00:00Z'));
    const tuesday = await clientKey(open.db, '198.51.100.1', new Date('2026-11-24T12:00:00Z'));
    expect(tuesday).not.toBe(monday);
    await clientKey(open.db, '198.51.100.1', new Date('2026-11-27T12:00:00Z'));
    const days = await open.db.selectFrom('client_key_secrets').select('day').execute();
    expect(days.map((d) => String(d.day))).not.toContain('2026-11-23');
  });
});
