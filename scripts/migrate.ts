// npm run db:migrate [-- --down]: applies (or reverts the last of) db/migrations/.
import { parseArgs } from 'node:util';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateDown, migrateToLatest } from '../src/server/db/migrations.ts';
import { UsageError, runCli } from '../src/server/cli/run.ts';

runCli(async () => {
  let args;
  try {
    args = parseArgs({ options: { down: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const target = targetFromConfig(env());
  const modules = await loadMigrationFiles(new URL('../db/migrations', import.meta.url).pathname);
  const open = await openDatabase(target);
  try {
    const result = args.values.down
      ? await migrateDown(open.db, modules)
      : await migrateToLatest(open.db, modules);
    if (result.error) throw result.error;
    const applied = result.results ?? [];
    console.log(
      applied.length === 0
        ? `${describeTarget(target)}: already up to date (${Object.keys(modules).length} migrations).`
        : applied
            .map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`)
            .join('\n'),
    );
  } finally {
    await open.close();
  }
});
