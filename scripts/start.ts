// npm start: builds when the build is missing or older than the sources, migrates the
// database (a bad DATABASE_URL ends here with one line), then serves the built site with
// security headers on every response, static files included.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { baselineSecurityHeaders } from '../src/server/http/security-headers.ts';
import { compressResponses } from '../src/server/http/compression.ts';
import { loadPrecompressedAssets, servePrecompressed } from '../src/server/http/precompressed.ts';
import { runCli } from '../src/server/cli/run.ts';
import { resolveHttps } from '../src/server/http/proxy.ts';
import { clerkSettings } from '../src/server/auth/config.ts';

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

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

runCli(async () => {
  const config = env();
  // A partial Clerk configuration stops here with one line, before anything is served.
  const accounts = clerkSettings(config) ? 'on' : 'off';
  buildIfNeeded();
  const target = targetFromConfig(config);
  const open = await openDatabase(target);
  try {
    await migrateToLatest(open.db, await loadMigrationFiles(join(root, 'db/migrations')));
  } finally {
    await open.close();
  }

  // We own the HTTP server so static files get the security headers too.
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  // eslint-disable-next-line no-unsanitized/method -- entry is our own build output path, not input
  const { handler } = (await import(entry)) as { handler: Handler };
  // Build assets leave as their build-time .br/.gz copies; everything else is compressed on the fly.
  const precompressed = loadPrecompressedAssets(join(root, 'dist/client'));
  const server = createServer((req, res) => {
    const forwarded = req.headers['x-forwarded-proto'];
    const https = resolveHttps(
      'http:',
      req.socket.remoteAddress ?? 'unknown',
      typeof forwarded === 'string' ? forwarded : null,
    );
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    for (const [name, value] of baselineSecurityHeaders({ https, path })) res.setHeader(name, value);
    if (servePrecompressed(precompressed, req, res)) return;
    compressResponses(req, res);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  console.log(
    `CaseTrack on http://${config.HOST}:${config.PORT} (database: ${describeTarget(target)}; accounts: ${accounts})`,
  );
  // Stop accepting connections on shutdown; the app drains in-flight requests and closes the database.
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
  // The server opens its database on first use: do that now rather than on a visitor's request.
  const local = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  await fetch(`http://${local.includes(':') ? `[${local}]` : local}:${config.PORT}/healthz`).catch(
    () => undefined,
  );
  await new Promise(() => {});
});
