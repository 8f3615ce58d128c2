import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/client.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { createPostgresDatabase } from '../../setup/databases.ts';
import { TEST_DATABASE_URL } from '../../setup/test-env.ts';

const root = new URL('../../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'ct-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI errors', () => {
  it.each([
    ['an unreachable server', 'postgres://postgres@127.0.0.1:1/nothing', /connection refused/],
    ['a URL that is not PostgreSQL', 'mysql://root@localhost/db', /DATABASE_URL: must start with postgres/],
  ])('db:migrate with %s prints one line and exits non-zero', (_label, url, message) => {
    const result = run('migrate.ts', [], { DATABASE_URL: url });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('db:seed refuses a bad count in one line', () => {
    const result = run('seed.ts', ['--timelines', 'lots'], { DATA_DIR: join(tmp, 'unused') });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe('error: --timelines must be a positive whole number, got "lots"');
  });
});

describe('db:seed', () => {
  // A few small batches show the same behaviour as a big seed at a fraction of the time.
  it('migrates and writes N demo timelines into the embedded database, showing progress', async () => {
    const dataDir = join(tmp, 'seeded');
    const result = run('seed.ts', ['--timelines', '300', '--batch', '100', '--as-of', '2026-06'], {
      DATA_DIR: dataDir,
    });
    expect(result.stderr).toContain('100% 300/300');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Seeded 300 timelines in [\d.]+ s/);
    const open = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    try {
      expect(await countTimelines(open.db)).toBe(300);
      const demo = await open.db.selectFrom('timelines').select('provenance').distinct().execute();
      expect(demo).toEqual([{ provenance: 'demo' }]);
    } finally {
      await open.close();
    }
  });

  it.runIf(TEST_DATABASE_URL)('writes the same data into real PostgreSQL', async () => {
    const created = await createPostgresDatabase();
    try {
      const result = run('seed.ts', ['--timelines', '300', '--batch', '100', '--seed', '3'], {
        DATABASE_URL: created.url,
      });
      expect(result.status).toBe(0);
      const open = await openDatabase({ kind: 'postgres', url: created.url });
      try {
        expect(await countTimelines(open.db)).toBe(300);
      } finally {
        await open.close();
      }
    } finally {
      await created.drop();
    }
  });
});
