// Real Clerk verification, offline: Clerk's own middleware with this instance's settings,
// tokens minted with a test key pair. Nothing about auth() is mocked.
import { describe, expect, it } from 'vitest';
import { clerkMiddleware } from '@clerk/astro/server';
import { parseEnv } from '../../../src/env.ts';
import { type Account, currentAccount } from '../../../src/server/auth/account.ts';
import { clerkSettings } from '../../../src/server/auth/config.ts';
import { cookieHeader, createTestClerkInstance, sessionCookies } from '../../setup/clerk-keys.ts';

const ORIGIN = 'https://casetrack.test';
const clerk = createTestClerkInstance(ORIGIN);
const settings = clerkSettings(parseEnv(clerk.env))!;
const middleware = clerkMiddleware({
  publishableKey: settings.publishableKey,
  secretKey: settings.secretKey,
  jwtKey: settings.jwtKey,
  authorizedParties: settings.authorizedParties,
});

/** Runs a request through Clerk's middleware and reports who currentAccount() sees. */
async function whoIs(
  headers: Record<string, string>,
  accept = 'application/json',
): Promise<{ account: Account | null; status: number; reason: string | null }> {
  const request = new Request(`${ORIGIN}/api/v1/me/timelines`, { headers: { accept, ...headers } });
  const context = {
    request,
    url: new URL(request.url),
    locals: {} as Record<string, unknown>,
    isPrerendered: false,
  };
  let account: Account | null = null;
  const response = (await middleware(context as never, async () => {
    account = currentAccount(context as never);
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  })) as Response;
  return {
    account,
    status: response.status,
    reason: response.headers.get('x-clerk-auth-reason') ?? (context.locals['authReason'] as string | null),
  };
}

describe('session verification with the instance JWT key', () => {
  it('accepts a valid Bearer token and names its user', async () => {
    const { account } = await whoIs({ authorization: `Bearer ${clerk.sessionToken('user_owner')}` });
    expect(account).toEqual({ userId: 'user_owner', role: null });
  });

  it('accepts the __session cookie with __client_uat', async () => {
    const { account } = await whoIs({
      cookie: cookieHeader(sessionCookies(clerk.sessionToken('user_cookie'))),
    });
    expect(account).toEqual({ userId: 'user_cookie', role: null });
  });

  it('reads the role from the public metadata claim', async () => {
    const { account } = await whoIs({
      authorization: `Bearer ${clerk.sessionToken('user_mod', { metadata: { role: 'moderator' } })}`,
    });
    expect(account).toEqual({ userId: 'user_mod', role: 'moderator' });
  });

  it.each([
    ['an expired token', () => clerk.sessionToken('user_owner', { expiresIn: -60 })],
    ['a token signed by another key', () => clerk.foreignToken('user_owner')],
    [
      'a token for another authorized party',
      () => clerk.sessionToken('user_owner', { azp: 'https://evil.test' }),
    ],
    [
      'a token with its payload altered',
      () => {
        const [h, , s] = clerk.sessionToken('user_owner').split('.');
        const other = clerk.sessionToken('user_admin').split('.')[1];
        return `${h}.${other}.${s}`;
      },
    ],
    ['garbage', () => 'not-a-jwt'],
  ])('refuses %s as Bearer', async (_label, token) => {
    const { account, reason } = await whoIs({ authorization: `Bearer ${token()}` });
    expect(account).toBeNull();
    expect(reason).toBeTruthy();
  });

  it('refuses an expired, foreign or wrong-party token in the cookie', async () => {
    for (const token of [
      clerk.sessionToken('user_owner', { expiresIn: -60 }),
      clerk.foreignToken('user_owner'),
      clerk.sessionToken('user_owner', { azp: 'https://evil.test' }),
    ]) {
      const { account } = await whoIs({ cookie: cookieHeader(sessionCookies(token)) });
      expect(account).toBeNull();
    }
  });

  it('sees nobody without credentials, and nobody when accounts are off', async () => {
    expect((await whoIs({})).account).toBeNull();
    expect(currentAccount({ locals: {} })).toBeNull();
  });
});
