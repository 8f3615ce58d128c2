import type { AuthFn } from '@clerk/astro/server';

/**
 * Who is signed in, from Clerk's verified session only. Nothing the client sends (headers,
 * cookies, body) is read here directly: `auth()` has already checked the token's signature
 * against CLERK_JWT_KEY, its expiry and its authorized party.
 */
export interface Account {
  /** Clerk's user id: the only thing about an account this site stores. */
  userId: string;
  /** `role` from the user's public metadata, when the session token carries it (README: moderators). */
  role: string | null;
}

/** What currentAccount needs of an Astro context (a page, an endpoint or the middleware). */
export interface AccountContext {
  /** Clerk's middleware puts `auth` here; it is absent when accounts are off. */
  locals: { auth?: AuthFn };
}

function roleFromClaims(claims: unknown): string | null {
  const metadata = (claims as { metadata?: unknown } | null)?.metadata;
  const role = (metadata as { role?: unknown } | null | undefined)?.role;
  return typeof role === 'string' && role.length > 0 && role.length <= 40 ? role : null;
}

/** The signed-in account, or null (signed out, or accounts not configured on this instance). */
export function currentAccount(context: AccountContext): Account | null {
  const auth = context.locals.auth;
  if (typeof auth !== 'function') return null;
  // Only a browser session counts: API keys and machine tokens never act for a person here.
  const state = auth({ acceptsToken: 'session_token' });
  if (!state.isAuthenticated || typeof state.userId !== 'string' || state.userId === '') return null;
  return { userId: state.userId, role: roleFromClaims(state.sessionClaims) };
}

/**
 * Whether the request presented a Bearer session that did not verify (expired, foreign key,
 * other party, or accounts off). Such a caller meant to act as someone: answering as if it
 * were anonymous would, for example, share a timeline that belongs to nobody.
 */
export function bearerSessionRejected(request: Request, account: Account | null): boolean {
  return account === null && /^Bearer\s+\S/i.test(request.headers.get('authorization') ?? '');
}
