/**
 * A real nginx (Debian's package) in front of the built server, on loopback, terminating TLS with
 * a throw-away certificate: the reverse-proxy deployment the README describes. Clients can
 * connect from different loopback addresses (127.0.0.2, 127.0.0.3, …) to stand for different
 * visitors. The configuration written here is the one the README shows.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/server-process.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export interface RunningProxy {
  /** https://localhost:<port> */
  origin: string;
  port: number;
  /** PEM of the throw-away certificate, for clients to trust. */
  ca: string;
  stop(): Promise<void>;
}

/** The server block the README documents, for an app listening on 127.0.0.1:<appPort>. */
export function proxyServerBlock(listen: number, appPort: number, dir: string): string {
  return `
  server {
    listen 127.0.0.1:${listen} ssl;
    server_name localhost;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    client_max_body_size 64k;

    location / {
      proxy_pass http://127.0.0.1:${appPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # Appends the address nginx saw; the app reads the list from the right (TRUSTED_PROXIES).
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`;
}

/** Starts nginx on a free loopback port, forwarding to the app on `appPort`. */
export async function startNginx(appPort: number, listen?: number): Promise<RunningProxy> {
  if (!NGINX) throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run does this).');
  const port = listen ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'ct-nginx-'));
  mkdirSync(join(dir, 'tmp'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  // One process, in the foreground, every path inside the throw-away directory (no root needed).
  writeFileSync(
    join(dir, 'nginx.conf'),
    `master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${proxyServerBlock(port, appPort, dir)}
}
`,
  );
  let output = '';
  const child: ChildProcess = spawn(
    NGINX,
    ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const proxy: RunningProxy = {
    origin: `https://localhost:${port}`,
    port,
    ca,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      throw new Error(`nginx exited with ${child.exitCode}: ${output}${log}`);
    }
    const up = await proxyRequest(proxy, '/healthz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) return proxy;
    if (Date.now() > deadline) {
      await proxy.stop();
      throw new Error(`nginx did not answer on ${proxy.origin}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTPS request through the proxy, from a chosen loopback address (a visitor), trusting only
 * the throw-away certificate. node:https, because fetch cannot pick the local address.
 */
export function proxyRequest(
  proxy: Pick<RunningProxy, 'port' | 'ca'>,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: proxy.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `localhost:${proxy.port}`, ...options.headers },
        ca: proxy.ca,
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`timeout: ${path}`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
