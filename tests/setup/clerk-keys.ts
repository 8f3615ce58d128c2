/**
 * An offline Clerk instance for tests: a fresh RSA key pair stands in for the instance's
 * signing key, so the real verification in @clerk/backend (signature, expiry, authorized
 * party) runs against tokens minted here. Nothing is mocked and nothing calls Clerk.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';

export const TEST_FRONTEND_API_HOST = 'clerk.casetrack.test';
export const TEST_SITE_ORIGIN = 'http://127.0.0.1';

export interface TestClerkInstance {
  /** Environment for a server (or env parser) with accounts on. */
  env: Record<string, string>;
  /** A session token for a user, signed with this instance's key unless told otherwise. */
  sessionToken(userId: string, options?: TokenOptions): string;
  /** A token for the same user signed by a key this instance does not know. */
  foreignToken(userId: string): string;
}

export interface TokenOptions {
  /** Seconds from now until expiry; negative for an expired token. Default 600. */
  expiresIn?: number;
  azp?: string;
  metadata?: Record<string, unknown>;
}

function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function mint(privateKey: string, claims: Record<string, unknown>): string {
  const unsigned = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** `pk_live_` + base64("<host>$"): the live prefix avoids the development-instance handshake. */
export function publishableKeyFor(host: string): string {
  return `pk_live_${Buffer.from(`${host}$`).toString('base64')}`;
}

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** A new instance, or (given its key pair) the same instance again in another process. */
export function createTestClerkInstance(
  siteOrigin: string = TEST_SITE_ORIGIN,
  own: KeyPair = rsaPair(),
): TestClerkInstance & { keys: KeyPair } {
  const other = rsaPair();
  let session = 0;
  const claimsFor = (userId: string, options: TokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    // A little slack in iat/nbf: the server's clock and ours are the same clock, but seconds round.
    return {
      sub: userId,
      sid: `sess_test_${++session}`,
      iat: now - 5,
      nbf: now - 5,
      exp: now + (options.expiresIn ?? 600),
      iss: `https://${TEST_FRONTEND_API_HOST}`,
      azp: options.azp ?? siteOrigin,
      ...(options.metadata ? { metadata: options.metadata } : {}),
    };
  };
  return {
    keys: own,
    env: {
      PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKeyFor(TEST_FRONTEND_API_HOST),
      CLERK_SECRET_KEY: 'sk_live_offline_test_secret',
      CLERK_JWT_KEY: own.publicKey,
      SITE_ORIGIN: siteOrigin,
      // A public SITE_ORIGIN needs its own secret (src/env.ts); tests name one.
      SERVER_SECRET: 'test-clerk-instance-server-secret-0123456789',
    },
    sessionToken: (userId, options) => mint(own.privateKey, claimsFor(userId, options)),
    foreignToken: (userId) => mint(other.privateKey, claimsFor(userId)),
  };
}

/** The cookies a browser with a Clerk session sends: the token and the client's last-update time. */
export function sessionCookies(token: string): { __session: string; __client_uat: string } {
  const iat = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat;
  return { __session: token, __client_uat: String(iat) };
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}
