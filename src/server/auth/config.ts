/**
 * Whether this instance has accounts, decided at run time from the environment, so one
 * build serves deployments with and without Clerk (docs/decisions/040). Sign-in is on only
 * when every setting is present; a partial configuration stops the server with one line
 * rather than running with half-working accounts.
 */
import type { Env } from '../../env.ts';

export interface ClerkSettings {
  publishableKey: string;
  secretKey: string;
  /** PEM public key: sessions are verified locally, with no call to Clerk. */
  jwtKey: string;
  /** The site's origin: a session minted for any other party is refused. */
  authorizedParties: string[];
  /** Clerk's Frontend API host, from the publishable key: where Clerk's browser code lives. */
  frontendApiHost: string;
}

export class ClerkConfigError extends Error {}

const REQUIRED = [
  'PUBLIC_CLERK_PUBLISHABLE_KEY',
  'CLERK_SECRET_KEY',
  'CLERK_JWT_KEY',
  'SITE_ORIGIN',
] as const;

/** The Frontend API host a publishable key names: pk_(live|test)_ + base64("<host>$"). */
export function frontendApiHostOf(publishableKey: string): string {
  const encoded = publishableKey.replace(/^pk_(live|test)_/, '');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const host = decoded.endsWith('$') ? decoded.slice(0, -1) : '';
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host))
    throw new ClerkConfigError('PUBLIC_CLERK_PUBLISHABLE_KEY does not name a Clerk Frontend API host.');
  return host.toLowerCase();
}

/** The Clerk settings, null when accounts are off; throws ClerkConfigError on a partial set. */
export function clerkSettings(env: Env): ClerkSettings | null {
  const missing = REQUIRED.filter((name) => !env[name]);
  // SITE_ORIGIN alone is the site's canonical origin (links, proxies), not an accounts setting.
  if (missing.length === REQUIRED.length || (missing.length === REQUIRED.length - 1 && env.SITE_ORIGIN))
    return null;
  if (missing.length > 0) {
    throw new ClerkConfigError(
      `Accounts need ${REQUIRED.join(', ')} together; missing: ${missing.join(', ')}. Unset them all to run without accounts.`,
    );
  }
  return {
    publishableKey: env.PUBLIC_CLERK_PUBLISHABLE_KEY!,
    secretKey: env.CLERK_SECRET_KEY!,
    // Hosting panels often keep a PEM on one line with literal "\n".
    jwtKey: env.CLERK_JWT_KEY!.replace(/\\n/g, '\n').trim(),
    authorizedParties: [new URL(env.SITE_ORIGIN!).origin],
    frontendApiHost: frontendApiHostOf(env.PUBLIC_CLERK_PUBLISHABLE_KEY!),
  };
}
