// Throughput through the load balancer with one, two and three app instances, and the replica's
// lag under submission load, on a throw-away PostgreSQL primary + streaming replica. The proxy
// cache is off: these are the instances' own figures. Every process stops at the end.
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { prepareDemoDatabase } from '../lib/demo-database.ts';
import { startInstances } from '../lib/scale/instances.ts';
import { startLoadBalancer } from '../lib/scale/nginx.ts';
import { replicationLag, startPostgresPair } from '../lib/scale/postgres-pair.ts';
import { randomSubmission } from './payloads.ts';
import { markdownTable, percentile } from './report.ts';

const ROUNDS = 2;

const TARGETS = {
  '/explore?category=i485': 'explore',
  '/api/v1/stats?category=i485&country=IN': 'stats',
} as const;

export interface ScaleStepResult {
  markdown: string;
  passed: boolean;
}

export async function runScaleStep(duration: number, seedCount: number): Promise<ScaleStepResult> {
  const pair = await startPostgresPair();
  try {
    console.log(`Scale: seeding ${seedCount} demo timelines into the throw-away primary…`);
    await prepareDemoDatabase({ kind: 'postgres', url: pair.primaryUrl }, { count: seedCount, seed: 5 });
    const settings = {
      DATABASE_URL: pair.primaryUrl,
      DATABASE_READ_URL: pair.replicaUrl,
      INCLUDE_DEMO_DATA: 'true',
      RATE_LIMIT_PER_HOUR: '1000000',
      LOG_LEVEL: 'warn',
    };
    const rows: (string | number)[][] = [];
    const rps: Record<string, Record<number, number[]>> = { explore: {}, stats: {} };
    // Timeouts are a figure on a busy machine; an error status from the app is a failure.
    let non2xx = 0;
    let lagRow: (string | number)[] | undefined;
    // Three instances run throughout; nginx is restarted in front of the first 1, 2 or 3 of them.
    // Rounds interleave the counts, so drift in the machine's other load hits each count alike.
    const instances = await startInstances(3, settings);
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const count of [1, 2, 3]) {
          const lb = await startLoadBalancer({
            upstreams: instances.servers.slice(0, count).map((s) => s.port),
            cache: false,
          });
          try {
            for (const [path, name] of Object.entries(TARGETS)) {
              // Warm the JIT and connection pools of every instance in rotation; this run does not count.
              await autocannon({
                url: `${lb.baseUrl}${path}`,
                connections: 10 * count,
                duration: 3,
                timeout: 10,
              });
              const load = loadavg()[0]!.toFixed(1);
              const result = await autocannon({
                url: `${lb.baseUrl}${path}`,
                connections: 50,
                duration,
                timeout: 10,
              });
              (rps[name]![count] ??= []).push(result.requests.average);
              non2xx += result.non2xx;
              rows.push([
                round,
                name,
                count,
                result.requests.average.toFixed(0),
                result.latency.p50,
                result.latency.p99,
                result['2xx'],
                result.non2xx,
                result.errors + result.timeouts,
                load,
              ]);
              console.log(
                `Scale: round ${round}, ${name} with ${count} instance(s): ${result.requests.average.toFixed(0)} req/s`,
              );
            }
            if (count === 3 && round === ROUNDS)
              lagRow = await lagUnderSubmissions(lb.baseUrl, pair, duration);
          } finally {
            await lb.stop();
          }
        }
      }
    } finally {
      await instances.stop();
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const ratio = (name: string) =>
      [1, 2, 3].map((n) => (mean(rps[name]![n]!) / mean(rps[name]![1]!)).toFixed(2)).join(' : ');
    const markdown = [
      markdownTable(
        [
          'round',
          'target',
          'instances',
          'requests/s',
          'p50 ms',
          'p99 ms',
          '2xx',
          'non-2xx',
          'timeouts',
          'load avg before',
        ],
        rows,
      ),
      `\nRatio of the rounds' means, 1 : 2 : 3 instances — explore ${ratio('explore')}, stats ${ratio('stats')} (50 connections, ${duration} s each, through nginx, proxy cache off, reads on the replica).\n`,
      '### Replica lag under submission load (3 instances, 50 connections)\n',
      markdownTable(
        ['submissions/s', 'acknowledged', 'lag samples', 'lag p50 s', 'lag max s', 'max bytes behind'],
        lagRow ? [lagRow] : [],
      ),
    ].join('\n');
    return { markdown, passed: non2xx === 0 };
  } finally {
    await pair.stop();
  }
}

async function lagUnderSubmissions(
  baseUrl: string,
  pair: Awaited<ReturnType<typeof startPostgresPair>>,
  duration: number,
): Promise<(string | number)[]> {
  let running = true;
  const seconds: number[] = [];
  let maxBytes = 0;
  const sampler = (async () => {
    while (running) {
      const lag = await replicationLag(pair).catch(() => undefined);
      if (lag) {
        seconds.push(lag.seconds);
        maxBytes = Math.max(maxBytes, lag.bytes);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let acknowledged = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: 50,
    duration,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/timelines',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(randomSubmission()) }),
        onResponse: (status: number) => {
          if (status === 201) acknowledged++;
        },
      },
    ],
  });
  running = false;
  await sampler;
  const sorted = [...seconds].sort((a, b) => a - b);
  console.log(`Scale: replica lag under submissions: max ${sorted[sorted.length - 1] ?? 'n/a'} s`);
  return [
    result.requests.average.toFixed(0),
    acknowledged,
    sorted.length,
    percentile(sorted, 0.5).toFixed(3),
    (sorted[sorted.length - 1] ?? 0).toFixed(3),
    maxBytes,
  ];
}
