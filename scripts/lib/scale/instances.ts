// Several built app instances (`npm start`, i.e. scripts/start.ts) on one PostgreSQL, each on
// its own free loopback port, sharing nothing but the database and their settings.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../server-process.ts';

const root = new URL('../../..', import.meta.url).pathname;
const entry = join(root, 'dist/server/entry.mjs');

/** The main site's settings with accounts off, whatever the calling shell has set. */
export const NO_ACCOUNTS = {
  PUBLIC_CLERK_PUBLISHABLE_KEY: '',
  CLERK_SECRET_KEY: '',
  CLERK_JWT_KEY: '',
  SITE_ORIGIN: '',
};

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Why the built server cannot be started as is, or undefined. `npm start` rebuilds a stale
 * build; three instances starting together would each rebuild at once, so refuse instead.
 */
export function buildProblem(): string | undefined {
  if (!existsSync(entry)) return 'no build: run `npm run build` first';
  const built = statSync(entry).mtimeMs;
  const sources = Math.max(
    // The same list scripts/start.ts compares.
    ...['src', 'db', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json'].map((s) =>
      newestMtime(join(root, s)),
    ),
  );
  return sources > built ? 'the build is older than the sources: run `npm run build` first' : undefined;
}

export interface Instances {
  servers: RunningServer[];
  /** Starts one more instance with the same settings (e.g. after one was killed). */
  add(): Promise<RunningServer>;
  stop(): Promise<void>;
}

/** Starts `count` instances at the same moment, as a deployment does. */
export async function startInstances(count: number, settings: Record<string, string>): Promise<Instances> {
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  const env = { ...NO_ACCOUNTS, LOG_LEVEL: 'info', ...settings };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(env, 60_000)));
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
  const running = (s: RunningServer) => s.child.exitCode === null && s.child.signalCode === null;
  const stopAll = () => {
    for (const s of servers) if (running(s)) s.child.kill('SIGKILL');
  };
  process.once('exit', stopAll);
  return {
    servers,
    async add() {
      const server = await startServer(env, 60_000);
      servers.push(server);
      return server;
    },
    async stop() {
      process.removeListener('exit', stopAll);
      await Promise.all(
        servers.map(async (s) => {
          if (!running(s)) return;
          const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
          await s.stop();
          clearTimeout(timer);
        }),
      );
    },
  };
}
