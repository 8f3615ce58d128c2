// The scale suite's global setup: one throw-away PostgreSQL primary + streaming replica for the
// whole run (each test file takes its own database on it). When something the suite needs is
// missing, it says so loudly and every scale test skips, the way the PostgreSQL tests do.
import { postgresPairUnavailable, startPostgresPair } from '../../scripts/lib/scale/postgres-pair.ts';
import { nginxUnavailable } from '../../scripts/lib/scale/nginx.ts';
import { buildProblem } from '../../scripts/lib/scale/instances.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const missing = postgresPairUnavailable() ?? nginxUnavailable() ?? buildProblem();
  if (missing) {
    const line = `!!! SCALE SUITE SKIPPED: ${missing} !!!`;
    console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
    process.env['CT_SCALE_SKIP'] = missing;
    return undefined;
  }
  const pair = await startPostgresPair();
  process.env['CT_SCALE_PG'] = JSON.stringify(pair.info);
  return () => pair.stop();
}
