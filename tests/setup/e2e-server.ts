// Starts the built server (dist/) on a free loopback port with a fresh embedded database
// holding demo data, for the end-to-end suite; stops it afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/client.ts';
import { loadMigrationFiles } from '../../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import { seedDemoTimelines } from '../../src/server/demo/seed.ts';
import { currentMonth } from '../../src/server/timelines/months.ts';
import { E2E_ADMIN_TOKEN, seedFeedFixtures } from '../e2e/fixtures.ts';

const root = new URL('../..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealthy(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs()}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy:\n${logs()}`);
}

export default async function setup(): Promise<() => Promise<void>> {
  const entry = join(root, 'dist/server/entry.mjs');
  if (!existsSync(entry)) throw new Error('No build found: run `npm run build` before `npm run test:e2e`.');
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-e2e-'));
  const seeded = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await migrateToLatest(seeded.db, await loadMigrationFiles(join(root, 'db/migrations')));
  await seedDemoTimelines(seeded.db, { count: 2000, seed: 11, asOf: currentMonth() });
  await seedFeedFixtures(seeded.db, currentMonth());
  await seeded.close();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', INCLUDE_DEMO_DATA: 'true', LOG_LEVEL: 'info', ADMIN_TOKEN: E2E_ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitForHealthy(baseUrl, child, () => output);
  process.env['E2E_BASE_URL'] = baseUrl;

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
