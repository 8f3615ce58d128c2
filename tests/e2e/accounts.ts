/** The accounts-enabled server of the e2e suite and its offline Clerk instance (tests/setup/e2e-server.ts). */
import { buildTimelineBody } from '../factories.ts';
import { type KeyPair, createTestClerkInstance } from '../setup/clerk-keys.ts';

export const ACCOUNTS_BASE_URL = process.env['E2E_ACCOUNTS_BASE_URL'] ?? 'http://127.0.0.1:4334';
export const clerk = createTestClerkInstance(
  ACCOUNTS_BASE_URL,
  JSON.parse(process.env['E2E_CLERK_KEYS'] ?? 'null') as KeyPair,
);

let filed = 0;
/** A valid timeline; each one filed in a different month so the duplicate guard never trips. */
export function timelineInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  filed += 1;
  const month = 2010 * 12 + (filed % 150);
  return buildTimelineBody({
    filed: `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`,
    milestones: [],
    note: 'Waiting patiently',
    ...overrides,
  });
}

export async function api(
  method: string,
  path: string,
  auth: Record<string, string> = {},
  body?: unknown,
): Promise<Response> {
  return fetch(`${ACCOUNTS_BASE_URL}${path}`, {
    method,
    // As a browser on the site would: Astro's origin check refuses body-less writes without it.
    headers: {
      origin: ACCOUNTS_BASE_URL,
      ...auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
