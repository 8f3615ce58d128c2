/**
 * Runs the Kysely migrations from db/migrations/. The modules come from whoever can load
 * them: the bundled glob inside the server and vitest, a directory read in CLI scripts.
 */
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';

export type MigrationModules = Record<string, Migration>;

function providerOf(modules: MigrationModules): MigrationProvider {
  return { getMigrations: () => Promise.resolve(modules) };
}

export class MigrationError extends Error {}

/** Names a migration file by its base name without extension, which orders it. */
export function migrationName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '');
}

/**
 * Migrates to the latest version. Kysely takes a transaction-scoped advisory lock on
 * PostgreSQL, so app instances starting at once wait for each other.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  modules: MigrationModules,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: providerOf(modules) });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`Migration ${failed} failed: ${message.split('\n')[0]}`);
  }
  return result;
}

export async function migrateDown(db: Kysely<any>, modules: MigrationModules): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: providerOf(modules) });
  return migrator.migrateDown();
}
