// One autocannon step against one target, bounded by duration.
import autocannon from 'autocannon';
import { randomSubmission } from './payloads.ts';

export type LoadTarget = 'explore' | 'feed' | 'stats' | 'submit';

export interface LoadRow {
  target: LoadTarget;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  ackedIds: string[];
}

const PATHS: Record<Exclude<LoadTarget, 'submit'>, string> = {
  explore: '/explore?category=i485',
  feed: '/feed',
  stats: '/api/v1/stats?category=i485&country=IN',
};

export async function runLoadStep(
  baseUrl: string,
  target: LoadTarget,
  connections: number,
  duration: number,
): Promise<LoadRow> {
  const ackedIds: string[] = [];
  const request =
    target === 'submit'
      ? {
          method: 'POST' as const,
          path: '/api/v1/timelines',
          headers: { 'content-type': 'application/json', origin: baseUrl },
          setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(randomSubmission()) }),
          onResponse: (status: number, body: string) => {
            if (status === 201) ackedIds.push((JSON.parse(body) as { id: string }).id);
          },
        }
      : { method: 'GET' as const, path: PATHS[target] };
  const result = await autocannon({ url: baseUrl, connections, duration, requests: [request], timeout: 10 });
  return {
    target,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ackedIds,
  };
}
