import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SCALE_SKIP, useCluster } from './cluster.ts';
import { postTimeline, submission } from './submissions.ts';

interface Health {
  status: string;
  reads_from: 'replica' | 'primary';
  databases: { primary: { state: string }; replica: { state: string; lag_seconds: number | null } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, for at most `ms` (a bound on waiting, not an assertion about time). */
async function eventually(check: () => Promise<boolean>, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(200);
  }
  return false;
}

// Real processes, real failures: a replica that stops, an app instance killed mid-write.
describe.skipIf(SCALE_SKIP)('faults behind the load balancer', () => {
  const cluster = useCluster({
    instances: 3,
    replica: true,
    loadBalancer: true,
    // A short bound so the lagging test need not wait out the default 10 s.
    settings: { RATE_LIMIT_PER_HOUR: '1000000', READ_REPLICA_MAX_LAG_SECONDS: '1' },
  });
  const health = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/healthz`);
    return { code: response.status, body: (await response.json()) as Health };
  };

  it('stop the replica: reads continue from the primary, and come back to the replica when it returns', async () => {
    const [first] = cluster.instances.servers;
    expect((await health(first!.baseUrl)).body.reads_from).toBe('replica');
    await cluster.pair.stopReplica();
    try {
      for (let i = 0; i < 12; i++) {
        const response = await fetch(`${cluster.lb!.baseUrl}/api/v1/stats?category=i485`);
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
      for (const server of cluster.instances.servers) {
        const { code, body } = await health(server.baseUrl);
        expect(code).toBe(200);
        expect(body).toMatchObject({ status: 'degraded', reads_from: 'primary' });
        expect(body.databases).toMatchObject({ primary: { state: 'ok' }, replica: { state: 'unavailable' } });
      }
      const fallback = cluster
        .logs()
        .split('\n')
        .filter((line) => line.includes('read_replica_fallback'));
      expect(fallback.length).toBeGreaterThan(0);
      const replicaPort = new URL(cluster.replicaUrl).port;
      expect(fallback.some((line) => line.includes(replicaPort) || line.includes('127.0.0.1'))).toBe(false);
    } finally {
      await cluster.pair.startReplica();
    }
    expect(await eventually(async () => (await health(first!.baseUrl)).body.reads_from === 'replica')).toBe(
      true,
    );
    expect(cluster.logs()).toContain('read_replica_serving');
  });

  it('a replica lagging past the bound: reads move to the primary, and back once it catches up', async () => {
    const [first] = cluster.instances.servers;
    const replica = new pg.Client({ connectionString: cluster.replicaUrl });
    await replica.connect();
    try {
      await replica.query('select pg_wal_replay_pause()');
      // A write the paused replica cannot replay: from now on its lag grows.
      expect((await postTimeline(cluster.lb!.baseUrl, submission(900))).status).toBe(201);
      expect(
        await eventually(async () => {
          const { body } = await health(first!.baseUrl);
          return body.databases.replica.state === 'lagging' && body.reads_from === 'primary';
        }),
      ).toBe(true);
      const stats = await fetch(`${cluster.lb!.baseUrl}/api/v1/stats?category=i485`);
      expect(stats.status).toBe(200);
      await stats.arrayBuffer();
      expect(cluster.logs()).toMatch(/"event":"read_replica_fallback".*"reason":"lagging"/);
    } finally {
      await replica.query('select pg_wal_replay_resume()');
      await replica.end();
    }
    expect(await eventually(async () => (await health(first!.baseUrl)).body.reads_from === 'replica')).toBe(
      true,
    );
  });

  it('kill an instance under write load: the balancer routes around it and no acknowledged write is lost', async () => {
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let next = 1000;
    let killedAt = 0;
    let acknowledgedAfterKill = 0;
    const lags: number[] = [];
    const stopAt = Date.now() + 5_000;
    const writer = async () => {
      while (Date.now() < stopAt) {
        const response = await postTimeline(cluster.lb!.baseUrl, submission(next++)).catch(() => undefined);
        const status = response?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 201) {
          acknowledged.push(((await response!.json()) as { id: string }).id);
          if (killedAt) acknowledgedAfterKill++;
        } else await response?.arrayBuffer();
      }
    };
    const victim = cluster.instances.servers[0]!;
    const killer = (async () => {
      await sleep(1_500);
      victim.child.kill('SIGKILL');
      killedAt = Date.now();
    })();
    const lagWatcher = (async () => {
      const survivor = cluster.instances.servers[1]!;
      while (Date.now() < stopAt) {
        const lag = (await health(survivor.baseUrl)).body.databases.replica.lag_seconds;
        if (typeof lag === 'number') lags.push(lag);
        await sleep(250);
      }
    })();
    await Promise.all([writer(), writer(), writer(), writer(), writer(), writer(), killer, lagWatcher]);

    expect(killedAt).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledgedAfterKill).toBeGreaterThan(0);
    // Only what a dying instance can cause: a dropped connection (502) while it went away.
    for (const status of statuses.keys()) expect([201, 502, 503, 504]).toContain(status);
    const stored = await cluster.query<{ n: number }>(
      'select count(*)::int as n from timelines where id = any($1::uuid[])',
      [acknowledged],
    );
    expect(stored[0]!.n).toBe(acknowledged.length);
    console.info(
      `kill under load: ${acknowledged.length} acknowledged (${acknowledgedAfterKill} after the kill), statuses ${JSON.stringify(Object.fromEntries(statuses))}, replica lag seen ${lags.length ? `max ${Math.max(...lags)} s` : 'n/a'}`,
    );
  });
});
