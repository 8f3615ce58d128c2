/** The migrations, bundled by Vite into the server build (and loaded the same way in vitest). */
import type { Migration } from 'kysely/migration';
import { type MigrationModules, migrationName } from './migrations.ts';

const modules = import.meta.glob<Migration>('../../../db/migrations/*.ts', { eager: true });

export const bundledMigrations: MigrationModules = Object.fromEntries(
  Object.entries(modules).map(([path, module]) => [migrationName(path), module]),
);
