import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/env.ts';
import { ClerkConfigError, clerkSettings, frontendApiHostOf } from '../../../src/server/auth/config.ts';
import { clerkCspSources } from '../../../src/server/auth/middleware.ts';
import { bearerSessionRejected } from '../../../src/server/auth/account.ts';
import { createTestClerkInstance, publishableKeyFor } from '../../setup/clerk-keys.ts';

const clerk = createTestClerkInstance('https://casetrack.test');
// A public SITE_ORIGIN needs SERVER_SECRET (src/env.ts); these tests are about Clerk's settings.
const clerkEnv = { ...clerk.env, SERVER_SECRET: 'unit-test-server-secret-0123456789abcdef' };

describe('Clerk settings', () => {
  it('are off with no settings at all', () => {
    expect(clerkSettings(parseEnv({}))).toBeNull();
    expect(clerkSettings(parseEnv({ CLERK_SECRET_KEY: '  ', SITE_ORIGIN: '' }))).toBeNull();
  });

  it('are on with all four, with the site origin as the only authorized party', () => {
    const settings = clerkSettings(
      parseEnv({ ...clerkEnv, SITE_ORIGIN: 'https://casetrack.test/some/path' }),
    )!;
    expect(settings.authorizedParties).toEqual(['https://casetrack.test']);
    expect(settings.frontendApiHost).toBe('clerk.casetrack.test');
    expect(settings.jwtKey).toContain('-----BEGIN PUBLIC KEY-----\n');
  });

  it('accept a PEM kept on one line with literal \\n', () => {
    const oneLine = clerk.env['CLERK_JWT_KEY']!.replace(/\n/g, '\\n');
    expect(clerkSettings(parseEnv({ ...clerkEnv, CLERK_JWT_KEY: oneLine }))!.jwtKey).toBe(
      clerk.env['CLERK_JWT_KEY']!.trim(),
    );
  });

  it.each(['PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_JWT_KEY', 'SITE_ORIGIN'])(
    'refuse to start with %s missing',
    (name) => {
      const partial = { ...clerkEnv, [name]: '' };
      expect(() => clerkSettings(parseEnv(partial))).toThrow(ClerkConfigError);
      expect(() => clerkSettings(parseEnv(partial))).toThrow(`missing: ${name}`);
    },
  );

  it.each([
    [{ PUBLIC_CLERK_PUBLISHABLE_KEY: 'sk_live_abc' }, 'PUBLIC_CLERK_PUBLISHABLE_KEY'],
    [{ CLERK_JWT_KEY: 'not a pem' }, 'CLERK_JWT_KEY'],
    [{ SITE_ORIGIN: 'casetrack.test' }, 'SITE_ORIGIN'],
  ])('name the bad field in %j', (bad, field) => {
    expect(() => parseEnv({ ...clerkEnv, ...bad })).toThrow(field);
  });

  it('read the Frontend API host from a publishable key, and refuse one that names none', () => {
    expect(frontendApiHostOf(publishableKeyFor('clerk.example.com'))).toBe('clerk.example.com');
    expect(
      frontendApiHostOf(`pk_test_${Buffer.from('happy-cat-12.clerk.accounts.dev$').toString('base64')}`),
    ).toBe('happy-cat-12.clerk.accounts.dev');
    expect(() => frontendApiHostOf(`pk_live_${Buffer.from('no dollar').toString('base64')}`)).toThrow(
      ClerkConfigError,
    );
    expect(() => frontendApiHostOf(`pk_live_${Buffer.from('evil.com/x$').toString('base64')}`)).toThrow(
      ClerkConfigError,
    );
  });

  it('open the page policy to the Frontend API host only', () => {
    const sources = clerkCspSources({ frontendApiHost: 'clerk.casetrack.test' });
    expect(sources.script).toContain('https://clerk.casetrack.test');
    expect(sources.connect).toEqual(['https://clerk.casetrack.test']);
  });
});

describe('a Bearer session that did not verify', () => {
  const request = (authorization?: string) =>
    new Request('http://x/', authorization ? { headers: { authorization } } : {});
  it('is rejected only when a Bearer token was sent and no account came of it', () => {
    expect(bearerSessionRejected(request('Bearer abc.def.ghi'), null)).toBe(true);
    expect(bearerSessionRejected(request('Bearer abc.def.ghi'), { userId: 'user_1', role: null })).toBe(
      false,
    );
    expect(bearerSessionRejected(request('EditToken abc'), null)).toBe(false);
    expect(bearerSessionRejected(request(), null)).toBe(false);
  });
});
