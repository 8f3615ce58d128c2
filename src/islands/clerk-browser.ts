/**
 * Clerk in the browser, loaded only on pages that need it and only when the server put
 * Clerk's settings on the page (accounts on). Offline, or with Clerk unreachable, callers
 * get null and fall back to the session cookie the server already verifies.
 */
import { runInjectionScript } from '@clerk/astro/internal';

export interface BrowserClerk {
  loaded: boolean;
  session?: { getToken(): Promise<string | null> } | null;
  mountSignIn(node: HTMLDivElement, props?: Record<string, unknown>): void;
  mountSignUp(node: HTMLDivElement, props?: Record<string, unknown>): void;
  signOut(options?: { redirectUrl?: string }): Promise<void>;
}

let loading: Promise<BrowserClerk | null> | undefined;

export function loadClerk(): Promise<BrowserClerk | null> {
  if (!document.getElementById('__CLERK_ASTRO_SAFE_VARS__')) return Promise.resolve(null);
  loading ??= runInjectionScript({ signInUrl: '/sign-in', signUpUrl: '/sign-up' }).then(
    () => {
      const clerk = (window as unknown as { Clerk?: BrowserClerk }).Clerk;
      return clerk?.loaded ? clerk : null;
    },
    () => null,
  );
  return loading;
}

/**
 * A fresh session token as a Bearer header once Clerk's script has arrived; until then (or
 * if it never does) the session cookie does the job, and nobody waits for Clerk.
 */
export async function sessionHeaders(): Promise<Record<string, string>> {
  if (!(window as unknown as { Clerk?: unknown }).Clerk) return {};
  const clerk = await loadClerk();
  const token = await clerk?.session?.getToken().catch(() => null);
  return token ? { authorization: `Bearer ${token}` } : {};
}
