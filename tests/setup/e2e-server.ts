// Starts the built site on a free loopback port with a fresh embedded database holding demo
// data, for the end-to-end suite; stops it afterwards.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetFromConfig } from '../../src/server/db/client.ts';
import { currentMonth } from '../../src/server/timelines/months.ts';
import { prepareDemoDatabase } from '../../scripts/lib/demo-database.ts';
import { startServer } from '../../scripts/lib/server-process.ts';
import { E2E_ADMIN_TOKEN, seedFeedFixtures } from '../e2e/fixtures.ts';
import { createTestClerkInstance } from './clerk-keys.ts';

/** The main server runs without accounts, whatever the shell that runs the tests has set. */
const NO_ACCOUNTS = {
  PUBLIC_CLERK_PUBLISHABLE_KEY: '',
  CLERK_SECRET_KEY: '',
  CLERK_JWT_KEY: '',
  SITE_ORIGIN: '',
};

const root = new URL('../..', import.meta.url).pathname;

export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'dist/server/entry.mjs')))
    throw new Error('No build found: run `npm run build` before `npm run test:e2e`.');
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-e2e-'));
  await prepareDemoDatabase(targetFromConfig({ DATA_DIR: dataDir }), {
    count: 2000,
    seed: 11,
    extra: (db) => seedFeedFixtures(db, currentMonth()),
  });

  // A second server with accounts on: an offline Clerk instance whose key pair the tests
  // share (through the environment) to mint session tokens. Its database starts empty.
  const clerk = createTestClerkInstance();
  const accountsDir = mkdtempSync(join(tmpdir(), 'ct-e2e-accounts-'));
  const [server, accounts] = await Promise.all([
    startServer({
      ...NO_ACCOUNTS,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      INCLUDE_DEMO_DATA: 'true',
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      // Every e2e request comes from 127.0.0.1, one client key for the whole suite.
      RATE_LIMIT_PER_HOUR: '1000',
    }),
    startServer((baseUrl) => ({
      ...createTestClerkInstance(baseUrl, clerk.keys).env,
      DATA_DIR: accountsDir,
      DATABASE_URL: '',
      RATE_LIMIT_PER_HOUR: '10000',
      LOG_LEVEL: 'warn',
    })),
  ]);
  process.env['E2E_BASE_URL'] = server.baseUrl;
  process.env['E2E_ACCOUNTS_BASE_URL'] = accounts.baseUrl;
  process.env['E2E_CLERK_KEYS'] = JSON.stringify(clerk.keys);

  return async () => {
    await Promise.all([server.stop(), accounts.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(accountsDir, { recursive: true, force: true });
  };
}
