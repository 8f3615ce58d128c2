/** The migrations read from db/migrations/ at run time: for CLI scripts run by Node directly. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Migration } from 'kysely/migration';
import { type MigrationModules, migrationName } from './migrations.ts';

export async function loadMigrationFiles(dir: string): Promise<MigrationModules> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  const entries = await Promise.all(
    files.map(async (file) => {
      const url = pathToFileURL(join(dir, file)).href;
      // eslint-disable-next-line no-unsanitized/method -- files listed from our own migrations folder
      const migration = (await import(url)) as Migration;
      return [migrationName(file), migration] as const;
    }),
  );
  return Object.fromEntries(entries);
}
