/**
 * One cluster per test file: its own database on the run's PostgreSQL pair, app instances
 * started together, and optionally nginx in front. Everything stops in afterAll.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import {
  type PairInfo,
  attachPostgresPair,
  createPairDatabase,
} from '../../scripts/lib/scale/postgres-pair.ts';
import { type Instances, startInstances } from '../../scripts/lib/scale/instances.ts';
import { type LoadBalancer, startLoadBalancer } from '../../scripts/lib/scale/nginx.ts';

/** Why the scale suite skips on this machine, or undefined. */
export const SCALE_SKIP = process.env['CT_SCALE_SKIP'];

export const ADMIN_TOKEN = 'scale-suite-admin-token-0123456789';

export interface Cluster {
  primaryUrl: string;
  replicaUrl: string;
  pair: ReturnType<typeof attachPostgresPair>;
  instances: Instances;
  lb: LoadBalancer | undefined;
  /** A query on the primary, outside the app. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Every instance's output so far. */
  logs(): string;
}

export interface ClusterOptions {
  instances: number;
  replica?: boolean;
  loadBalancer?: boolean;
  cache?: boolean;
  settings?: Record<string, string>;
}

export function useCluster(options: ClusterOptions): Cluster {
  let cluster: Cluster | undefined;
  let primary: pg.Pool | undefined;
  beforeAll(async () => {
    const pair = attachPostgresPair(JSON.parse(process.env['CT_SCALE_PG']!) as PairInfo);
    const urls = await createPairDatabase(pair, `scale_${randomBytes(4).toString('hex')}`);
    primary = new pg.Pool({ connectionString: urls.primaryUrl, max: 2 });
    const instances = await startInstances(options.instances, {
      DATABASE_URL: urls.primaryUrl,
      ...(options.replica ? { DATABASE_READ_URL: urls.replicaUrl } : {}),
      ADMIN_TOKEN,
      ...options.settings,
    });
    let lb: LoadBalancer | undefined;
    try {
      if (options.loadBalancer)
        lb = await startLoadBalancer({
          upstreams: instances.servers.map((s) => s.port),
          cache: options.cache ?? false,
        });
    } catch (error) {
      await instances.stop();
      throw error;
    }
    const pool = primary;
    cluster = {
      ...urls,
      pair,
      instances,
      lb,
      query: async (text, values) => (await pool.query(text, values)).rows,
      logs: () => instances.servers.map((s) => s.logs()).join('\n'),
    };
  }, 120_000);
  afterAll(async () => {
    await cluster?.lb?.stop();
    await cluster?.instances.stop();
    await primary?.end();
  }, 60_000);
  return new Proxy({} as Cluster, {
    get(_, key) {
      if (!cluster) throw new Error('useCluster: the cluster only exists inside tests');
      return cluster[key as keyof Cluster];
    },
  });
}
