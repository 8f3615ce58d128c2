import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bundledMigrations } from '../../../src/server/db/bundled-migrations.ts';
import { migrateDown, migrateToLatest } from '../../../src/server/db/migrations.ts';
import { openDatabase, type OpenDatabase } from '../../../src/server/db/client.ts';
import { DATABASE_KINDS, createPostgresDatabase, useTestDatabase } from '../../setup/databases.ts';
import { TEST_DATABASE_URL } from '../../setup/test-env.ts';

async function tableNames(open: Pick<OpenDatabase, 'db'>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name`.execute(open.db);
  return rows.map((r) => r.table_name);
}

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const open = useTestDatabase(kind, { migrate: false });

  it('migrate up, all the way down, and up again', async () => {
    const up = await migrateToLatest(open.db, bundledMigrations);
    expect(up.results?.map((r) => r.migrationName)).toEqual(Object.keys(bundledMigrations).sort());
    expect(await tableNames(open)).toEqual(expect.arrayContaining(['milestones', 'timelines']));

    const names = Object.keys(bundledMigrations);
    for (let i = 0; i < names.length; i++) await migrateDown(open.db, bundledMigrations);
    expect(await tableNames(open)).toEqual([]);

    await migrateToLatest(open.db, bundledMigrations);
    const again = await migrateToLatest(open.db, bundledMigrations);
    expect(again.results).toEqual([]);
  });
});

describe.runIf(TEST_DATABASE_URL)('two app instances starting at once on PostgreSQL', () => {
  it('migrate once between them, without errors', async () => {
    const created = await createPostgresDatabase();
    const instances = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: created.url, poolSize: 2 })),
    );
    try {
      const results = await Promise.all(instances.map((i) => migrateToLatest(i.db, bundledMigrations)));
      const applied = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success');
      expect(applied.map((r) => r.migrationName).sort()).toEqual(Object.keys(bundledMigrations).sort());
    } finally {
      await Promise.all(instances.map((i) => i.close()));
      await created.drop();
    }
  });
});
