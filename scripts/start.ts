// npm start: builds when the build is missing or older than the sources, migrates the
// database (a bad DATABASE_URL ends here with one line), then serves the built site.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { runCli } from '../src/server/cli/run.ts';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'dist/server/entry.mjs');
const SOURCES = ['src', 'db', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

function buildIfNeeded(): void {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (built >= sources) return;
  console.log(built ? 'Sources changed since the last build: rebuilding…' : 'No build yet: building…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('astro build failed (see the output above)');
}

runCli(async () => {
  const config = env();
  buildIfNeeded();
  const target = targetFromConfig(config);
  const open = await openDatabase(target);
  try {
    await migrateToLatest(open.db, await loadMigrationFiles(join(root, 'db/migrations')));
  } finally {
    await open.close();
  }
  console.log(`Database: ${describeTarget(target)}`);
  await import(entry);
  // The server opens its database on first use: do that now rather than on a visitor's request.
  await fetch(`http://localhost:${config.PORT}/healthz`).catch(() => undefined);
  // Keep serving: runCli must not exit while the server runs.
  await new Promise(() => {});
});
