/**
 * The server's one database: opened and migrated on first use, closed after requests drain
 * on SIGTERM/SIGINT so PGlite never needs crash recovery.
 */
import { env } from '../../env.ts';
import { log } from '../log/logger.ts';
import { onShutdown } from '../http/lifecycle.ts';
import { bundledMigrations } from './bundled-migrations.ts';
import {
  type Database,
  type OpenDatabase,
  describeTarget,
  openDatabase,
  targetFromConfig,
} from './client.ts';
import { migrateToLatest } from './migrations.ts';

let opening: Promise<OpenDatabase> | undefined;

async function openAndMigrate(): Promise<OpenDatabase> {
  const target = targetFromConfig(env());
  const open = await openDatabase(target);
  try {
    const result = await migrateToLatest(open.db, bundledMigrations);
    log.info('database_ready', {
      target: describeTarget(target),
      migrations_applied: result.results?.length ?? 0,
    });
  } catch (error) {
    await open.close();
    throw error;
  }
  onShutdown(async () => {
    log.info('database_closing');
    await open.close();
  });
  return open;
}

/** The app database; a failed open is retried on the next call. */
export async function appDatabase(): Promise<Database> {
  opening ??= openAndMigrate().catch((error: unknown) => {
    opening = undefined;
    log.error('database_unavailable', { message: (error as Error).message });
    throw error;
  });
  return (await opening).db;
}
