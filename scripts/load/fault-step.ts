// Restarts the local PostgreSQL cluster in the middle of a load and measures what clients saw:
// status codes and latency during the outage, time to recover, and whether any acknowledged
// write was lost or half-written.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { openDatabase } from '../../src/server/db/client.ts';
import { markdownTable, percentile } from './report.ts';
import { randomSubmission, type Submission } from './payloads.ts';

interface Sample {
  start: number;
  end: number;
  status: number;
}

const WORKERS = 20;
const BEFORE_MS = 5_000;
const OUTAGE_MS = 5_000;
const AFTER_MS = 10_000;

function pgCluster(action: 'stop' | 'start'): void {
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) throw new Error('no PostgreSQL cluster found under /etc/postgresql');
  execFileSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])],
    { stdio: 'ignore' },
  );
}

export async function runFaultStep(
  baseUrl: string,
  dbUrl: string,
): Promise<{ markdown: string; passed: boolean }> {
  const samples: Sample[] = [];
  const acked = new Map<string, Submission>();
  let running = true;
  const worker = async (index: number) => {
    for (let i = 0; running; i++) {
      const start = performance.now();
      let status: number;
      try {
        if ((i + index) % 2 === 0) {
          status = await fetch(`${baseUrl}/api/v1/stats?category=i485`, {
            signal: AbortSignal.timeout(15_000),
          }).then(async (r) => (await r.arrayBuffer(), r.status));
        } else {
          const body = randomSubmission();
          const response = await fetch(`${baseUrl}/api/v1/timelines`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: baseUrl },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
          status = response.status;
          const json = (await response.json().catch(() => ({}))) as { id?: string };
          if (status === 201 && json.id) acked.set(json.id, body);
        }
      } catch {
        status = 0;
      }
      samples.push({ start, end: performance.now(), status });
    }
  };
  const t0 = performance.now();
  const workers = Array.from({ length: WORKERS }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, BEFORE_MS));
  console.log('fault: stopping PostgreSQL');
  const stopAt = performance.now();
  pgCluster('stop');
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  pgCluster('start');
  const startedAt = performance.now();
  console.log('fault: PostgreSQL started again');
  let recoveredAt = Number.NaN;
  while (performance.now() - startedAt < 30_000) {
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      recoveredAt = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, AFTER_MS));
  running = false;
  await Promise.all(workers);

  const during = samples.filter((s) => s.start >= stopAt && s.start <= startedAt);
  const duringLatency = during.map((s) => s.end - s.start).sort((a, b) => a - b);
  const statusCounts = (list: Sample[]) => {
    const counts = new Map<number, number>();
    for (const s of list) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => `${k === 0 ? 'no response' : k}: ${v}`)
      .join(', ');
  };

  const db = await openDatabase({ kind: 'postgres', url: dbUrl });
  let lost = 0;
  let mismatched = 0;
  try {
    const ids = [...acked.keys()];
    const stored =
      ids.length === 0
        ? []
        : await db.db
            .selectFrom('milestones')
            .select(['timeline_id', 'key', 'month'])
            .where('timeline_id', 'in', ids)
            .execute();
    const byId = new Map<string, number>();
    for (const row of stored) byId.set(row.timeline_id, (byId.get(row.timeline_id) ?? 0) + 1);
    for (const [id, body] of acked) {
      const count = byId.get(id);
      if (count === undefined) lost++;
      else if (count !== body.milestones.length + 1) mismatched++;
    }
  } finally {
    await db.close();
  }
  const halfWritten = mismatched;
  const recovery = (recoveredAt - startedAt) / 1000;
  const unexpected = during.filter((s) => s.status !== 503 && s.status !== 200 && s.status !== 201).length;
  const slowest = duringLatency.at(-1) ?? 0;
  const passed = lost === 0 && halfWritten === 0 && recovery <= 5 && unexpected === 0 && slowest < 5_000;
  const rows: (string | number)[][] = [
    ['requests in total', samples.length],
    ['requests while PostgreSQL was down', during.length],
    ['statuses while down', statusCounts(during) || 'none'],
    [
      'latency while down p50 / p99 / max (ms)',
      `${percentile(duringLatency, 0.5).toFixed(0)} / ${percentile(duringLatency, 0.99).toFixed(0)} / ${slowest.toFixed(0)}`,
    ],
    ['recovery after PostgreSQL was back (s)', Number.isNaN(recovery) ? 'never' : recovery.toFixed(2)],
    ['statuses over the whole run', statusCounts(samples)],
    ['acknowledged submissions', acked.size],
    ['acknowledged but lost', lost],
    ['half-written timelines', halfWritten],
    ['run length (s)', ((performance.now() - t0) / 1000).toFixed(1)],
    ['verdict', passed ? 'PASS' : 'FAIL'],
  ];
  return { markdown: markdownTable(['measure', 'value'], rows), passed };
}
