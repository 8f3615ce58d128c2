// Debian's Caddy as a load balancer with *active* health checks on /healthz (open-source nginx
// only has passive ones). The configuration is the README's Caddy example with loopback ports.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server-process.ts';
import type { LoadBalancer } from './nginx.ts';

/** Why Caddy cannot be used here, or undefined when it can. */
export function caddyUnavailable(): string | undefined {
  return spawnSync('caddy', ['version']).error
    ? 'caddy is not installed (apt-get install -y caddy)'
    : undefined;
}

export async function startCaddy(upstreams: number[]): Promise<LoadBalancer> {
  const why = caddyUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'ct-scale-caddy-'));
  const port = await freePort();
  const caddyfile = `{
  admin off
  auto_https off
}
http://127.0.0.1:${port} {
  reverse_proxy ${upstreams.map((p) => `127.0.0.1:${p}`).join(' ')} {
    lb_policy round_robin
    health_uri /healthz
    health_interval 500ms
    health_timeout 1s
    lb_try_duration 5s
  }
}
`;
  writeFileSync(join(dir, 'Caddyfile'), caddyfile);
  let output = '';
  const child: ChildProcess = spawn(
    'caddy',
    ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_CONFIG_HOME: join(dir, 'config'),
      },
    },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const stopNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stopNow);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`caddy exited with ${child.exitCode}: ${output.trim()}`);
    if (
      await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      stopNow();
      throw new Error(`caddy did not start: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    dir,
    errors: () => output,
    async stop() {
      process.removeListener('exit', stopNow);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(stopNow, 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
