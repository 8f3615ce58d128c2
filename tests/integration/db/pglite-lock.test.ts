import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../../src/server/db/pglite-lock.ts';
import { openDatabase } from '../../../src/server/db/client.ts';

const root = mkdtempSync(join(tmpdir(), 'ct-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PGlite data directory lock', () => {
  it('refuses a directory another live process holds, naming the fix', async () => {
    const dataDir = join(root, 'held');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dataDir}.lock`, String(holder.pid));
      expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dataDir)).toThrow(/stop the server first or set DATABASE_URL/);
      await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a dead process', () => {
    const dataDir = join(root, 'stale');
    writeFileSync(`${dataDir}.lock`, '999999999');
    const lock = lockDataDir(dataDir);
    lock.release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('keeps data across close and reopen, and releases the lock on close', async () => {
    const dataDir = join(root, 'persist');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.db.schema.createTable('kept').addColumn('v', 'integer').execute();
    await first.db
      .insertInto('kept' as never)
      .values({ v: 7 } as never)
      .execute();
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const second = await openDatabase({ kind: 'pglite', dataDir });
    const rows = await second.db
      .selectFrom('kept' as never)
      .selectAll()
      .execute();
    await second.close();
    expect(rows).toEqual([{ v: 7 }]);
  });
});
