import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caddyUnavailable, startCaddy } from '../../scripts/lib/scale/caddy.ts';
import type { LoadBalancer } from '../../scripts/lib/scale/nginx.ts';
import { SCALE_SKIP, useCluster } from './cluster.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CADDY_SKIP = SCALE_SKIP ?? caddyUnavailable();
if (!SCALE_SKIP && CADDY_SKIP) console.warn(`!!! active health-check test skipped: ${CADDY_SKIP} !!!`);

// An instance that hangs (SIGSTOP: it still accepts connections, it never answers) is the case
// passive checks handle worst. A balancer polling /healthz takes it out and puts it back.
describe.skipIf(CADDY_SKIP)('active health checks on /healthz (Caddy)', () => {
  const cluster = useCluster({ instances: 3 });
  let lb: LoadBalancer | undefined;
  beforeAll(async () => {
    lb = await startCaddy(cluster.instances.servers.map((s) => s.port));
  }, 30_000);
  afterAll(async () => {
    const frozen = cluster.instances.servers[0]!;
    if (frozen.child.exitCode === null) frozen.child.kill('SIGCONT');
    await lb?.stop();
  });

  const statsServedBy = (index: number) =>
    cluster.instances.servers[index]!.logs()
      .split('\n')
      .filter((line) => line.includes('"event":"request"') && line.includes('"route":"/api/v1/stats"'))
      .length;
  /** n requests through the balancer; how many were answered 200 within 5 s each. */
  const answered = async (n: number) => {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const response = await fetch(`${lb!.baseUrl}/api/v1/stats?category=i485`, {
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (response?.status === 200) ok++;
      await response?.arrayBuffer();
    }
    return ok;
  };

  it('a hung instance is taken out of rotation, and back in when it answers again', async () => {
    expect(await answered(9)).toBe(9);
    expect([0, 1, 2].every((i) => statsServedBy(i) > 0)).toBe(true);

    const hung = cluster.instances.servers[0]!;
    hung.child.kill('SIGSTOP');
    // Until the checker notices, a request may be sent to it; after that, none is.
    let allAnswered = false;
    for (let attempt = 0; attempt < 10 && !allAnswered; attempt++) {
      await sleep(1_000);
      allAnswered = (await answered(6)) === 6;
    }
    expect(allAnswered).toBe(true);

    hung.child.kill('SIGCONT');
    // It first answers what was queued while it hung; count only what comes after.
    await sleep(1_500);
    const before = statsServedBy(0);
    let backInRotation = false;
    for (let attempt = 0; attempt < 20 && !backInRotation; attempt++) {
      await sleep(500);
      await answered(3);
      backInRotation = statsServedBy(0) > before;
    }
    expect(backInRotation).toBe(true);
  });
});
