// Debian's nginx as the load balancer in front of several app instances, on a free loopback
// port, with its own temporary directory (config, cache, logs). The configuration is the one the
// README shows for "Running more than one instance", with the ports filled in.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server-process.ts';

export interface LoadBalancer {
  baseUrl: string;
  dir: string;
  /** nginx's error log (upstream failures, routing around a dead instance). */
  errors(): string;
  stop(): Promise<void>;
}

export interface LoadBalancerOptions {
  /** Loopback ports of the app instances. */
  upstreams: number[];
  /** The proxy cache in front (public responses only); off for throughput figures of the app itself. */
  cache?: boolean;
}

/** nginx on PATH, or Debian's /usr/sbin/nginx when /usr/sbin is not on PATH. */
function nginxBinary(): string {
  return spawnSync('nginx', ['-v']).error && existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/** Why nginx cannot be used here, or undefined when it can. */
export function nginxUnavailable(): string | undefined {
  const result = spawnSync(nginxBinary(), ['-v'], { encoding: 'utf8' });
  return result.error ? 'nginx is not installed (apt-get install -y nginx)' : undefined;
}

/** The http{} block's load-balancing part: what an operator copies, with their own addresses. */
export function nginxSiteConfig({
  upstreams,
  listen,
  cacheDir,
}: {
  upstreams: string[];
  listen: string;
  cacheDir?: string | undefined;
}): string {
  const cache = cacheDir
    ? `
  # Public figures only: the app marks them "public, s-maxage"; everything else is
  # "private, no-store" and nginx never stores a response with Set-Cookie.
  proxy_cache_path ${cacheDir} levels=1:2 keys_zone=casetrack:10m max_size=256m inactive=10m use_temp_path=off;`
    : '';
  const cacheUse = cacheDir
    ? `
      proxy_cache casetrack;
      # The Host is part of the key: a forged Host fills only its own entry.
      proxy_cache_key $scheme$http_host$request_uri;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
      proxy_cache_background_update on;
      proxy_cache_use_stale updating error timeout http_502 http_503;
      add_header X-Cache-Status $upstream_cache_status always;`
    : '';
  return `${cache}
  upstream casetrack {
    # Passive health checks: an instance that refuses or fails is skipped for 5 s.
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen ${listen};
    location / {
      proxy_pass http://casetrack;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A refused connection or a 502/503 (an instance shutting down) is retried on the next
      # instance. A POST that reached an instance is never retried: it may have been written.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;${cacheUse}
    }
  }`;
}

export async function startLoadBalancer({
  upstreams,
  cache = true,
}: LoadBalancerOptions): Promise<LoadBalancer> {
  const why = nginxUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'ct-scale-nginx-'));
  // Workers drop to "nobody" when nginx starts as root: they must be able to write here.
  if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
  for (const sub of ['cache', 'temp']) mkdirSync(join(dir, sub));
  if (process.getuid?.() === 0) for (const sub of ['cache', 'temp']) chownSync(join(dir, sub), 65534, 65534);
  const port = await freePort();
  const conf = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
${nginxSiteConfig({
  upstreams: upstreams.map((p) => `127.0.0.1:${p}`),
  listen: `127.0.0.1:${port}`,
  cacheDir: cache ? join(dir, 'cache') : undefined,
})}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(
    nginxBinary(),
    ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const stopNow = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stopNow);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr.trim()}`);
    const up = await fetch(`${baseUrl}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      stopNow();
      throw new Error(`nginx did not start: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    dir,
    errors: () => {
      try {
        return readFileSync(join(dir, 'error.log'), 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      process.removeListener('exit', stopNow);
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(stopNow, 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
