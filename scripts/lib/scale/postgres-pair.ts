// A throw-away PostgreSQL primary and streaming replica built from the installed binaries, on
// free loopback ports in a temporary directory. The system cluster on 5432 refuses replication
// connections, so the scale suite and load run make their own. PostgreSQL refuses to run as
// root: as root every command runs as the postgres user.
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../server-process.ts';

/** What another process (a test worker) needs to use and control a running pair. */
export interface PairInfo {
  dir: string;
  bin: string;
  primaryPort: number;
  replicaPort: number;
}

export interface PostgresPair {
  info: PairInfo;
  dir: string;
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica at once (a crash, as far as the app can tell). */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both servers and deletes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

const DATABASE = 'casetrack';

/** The newest installed PostgreSQL's bin directory, or undefined. */
export function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const isRoot = () => process.getuid?.() === 0;

/** Why a pair cannot be built here, or undefined when it can. */
export function postgresPairUnavailable(): string | undefined {
  if (!postgresBinDir()) return 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin';
  if (isRoot() && !postgresUser())
    return 'running as root and there is no postgres user to run PostgreSQL as';
  if (isRoot() && spawnSync('runuser', ['--help']).status !== 0) return 'runuser is missing';
  return undefined;
}

function run(bin: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${bin.split('/').pop()} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Builds and starts the pair (about 2-3 s) with a database "casetrack" on both. */
export async function startPostgresPair(): Promise<PostgresPair> {
  const why = postgresPairUnavailable();
  if (why) throw new Error(`cannot build a PostgreSQL pair: ${why}`);
  const bin = postgresBinDir()!;
  const dir = mkdtempSync(join(tmpdir(), 'ct-scale-pg-'));
  const owner = postgresUser();
  if (isRoot() && owner) chownSync(dir, owner.uid, owner.gid);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  // fsync off: these servers never outlive the test, and the machine has two shared cores.
  const serverOptions = (port: number) =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (dataDir: string, action: string, port?: number, extra: string[] = []) =>
    run(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-t',
      '30',
      ...(port ? ['-o', serverOptions(port), '-l', `${dataDir}.log`] : []),
      ...extra,
      action,
    ]);
  let stopped = false;
  const stopAll = () => {
    if (stopped) return;
    stopped = true;
    for (const d of [replicaDir, primaryDir]) {
      if (!existsSync(join(d, 'postmaster.pid'))) continue;
      const argv = [join(bin, 'pg_ctl'), '-D', d, '-m', 'immediate', '-w', 'stop'];
      spawnSync(
        isRoot() ? 'runuser' : argv[0]!,
        isRoot() ? ['-u', 'postgres', '--', ...argv] : argv.slice(1),
        {
          stdio: 'ignore',
          timeout: 15_000,
        },
      );
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // If the test process dies without its teardown, the servers still go.
  process.once('exit', stopAll);
  try {
    await run(join(bin, 'initdb'), ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    appendFileSync(join(primaryDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    await pgCtl(primaryDir, 'start', primaryPort);
    const admin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    });
    await admin.connect();
    await admin.query(`create database ${DATABASE}`);
    await admin.end();
    await run(join(bin, 'pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await pgCtl(replicaDir, 'start', replicaPort);
  } catch (error) {
    stopAll();
    process.removeListener('exit', stopAll);
    throw error;
  }
  return {
    ...attachPostgresPair({ dir, bin, primaryPort, replicaPort }),
    stop: async () => {
      stopAll();
      process.removeListener('exit', stopAll);
    },
  };
}

/** Controls a pair another process started (the scale suite's global setup). */
export function attachPostgresPair(info: PairInfo): Omit<PostgresPair, 'stop'> {
  const replicaDir = join(info.dir, 'replica');
  const options = `-p ${info.replicaPort} -k ${info.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (args: string[]) =>
    run(join(info.bin, 'pg_ctl'), ['-D', replicaDir, '-w', '-t', '30', ...args]);
  return {
    info,
    dir: info.dir,
    primaryUrl: `postgres://postgres@127.0.0.1:${info.primaryPort}/${DATABASE}`,
    replicaUrl: `postgres://postgres@127.0.0.1:${info.replicaPort}/${DATABASE}`,
    stopReplica: async () => {
      await pgCtl(['-m', 'immediate', 'stop']);
    },
    startReplica: async () => {
      await pgCtl(['-o', options, '-l', `${replicaDir}.log`, 'start']);
    },
  };
}

/**
 * A fresh database on the pair (replicated like everything else): URLs for the primary and
 * the replica. Each test file takes its own, so files share the servers but no rows.
 */
export async function createPairDatabase(
  pair: Pick<PostgresPair, 'primaryUrl' | 'replicaUrl'>,
  name: string,
): Promise<{ primaryUrl: string; replicaUrl: string }> {
  const admin = new pg.Client({ connectionString: pair.primaryUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name.replace(/[^a-z0-9_]/g, '_')}"`);
  } finally {
    await admin.end();
  }
  const at = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name.replace(/[^a-z0-9_]/g, '_')}`;
    return u.toString();
  };
  // The replica has it once it has replayed the creation.
  const replica = at(pair.replicaUrl);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: replica });
    const ok = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => {});
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the replica never got database ${name}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { primaryUrl: at(pair.primaryUrl), replicaUrl: replica };
}

/** How far the replica's replay is behind the primary's WAL, in bytes and seconds, measured now. */
export async function replicationLag(pair: PostgresPair): Promise<{ bytes: number; seconds: number }> {
  const primary = new pg.Client({ connectionString: pair.primaryUrl });
  const replica = new pg.Client({ connectionString: pair.replicaUrl });
  await Promise.all([primary.connect(), replica.connect()]);
  try {
    const { rows } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    const { rows: lag } = await replica.query<{ bytes: string; seconds: number | null }>(
      `select greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0)::text as bytes,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as seconds`,
      [rows[0]!.lsn],
    );
    const bytes = Number(lag[0]!.bytes);
    return { bytes, seconds: bytes === 0 ? 0 : Math.max(0, lag[0]!.seconds ?? 0) };
  } finally {
    await Promise.all([primary.end(), replica.end()]);
  }
}
