// npm run test:load — load, fault and bad-input figures against the built site on real
// PostgreSQL, 127.0.0.1 only, bounded in time. Not part of npm test.
//   --duration S     seconds per load step (default 30)
//   --skip-fault     do not restart PostgreSQL
//   --fuzz N         bad-input cases per endpoint (default 10000)
//   --skip-scale     do not run the 1/2/3-instance step (throw-away primary + replica, nginx)
//   --only-scale     run only that step
//   --scale-seed N   timelines seeded for that step (default 5000)
// The fault step restarts the local PostgreSQL cluster with pg_ctlcluster: run it alone.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { prepareDemoDatabase } from './lib/demo-database.ts';
import { startServer } from './lib/server-process.ts';
import { runLoadStep, type LoadRow } from './load/load-step.ts';
import { runFaultStep } from './load/fault-step.ts';
import { runFuzzStep } from './load/fuzz-step.ts';
import { runScaleStep } from './load/scale-step.ts';
import { markdownTable, writeReport } from './load/report.ts';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'casetrack_load';

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  return ADMIN_URL.replace(/\/postgres$/, `/${DB_NAME}`);
}

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: 'string', default: '30' },
        'skip-fault': { type: 'boolean', default: false },
        fuzz: { type: 'string', default: '10000' },
        'skip-scale': { type: 'boolean', default: false },
        'only-scale': { type: 'boolean', default: false },
        'scale-seed': { type: 'string', default: '5000' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const duration = Number(values.duration);
  const fuzzCases = Number(values.fuzz);
  if (!(duration > 0 && duration <= 120))
    throw new UsageError('--duration must be between 1 and 120 seconds');
  if (!(fuzzCases >= 1 && fuzzCases <= 100_000)) throw new UsageError('--fuzz must be between 1 and 100000');
  const scaleSeed = Number(values['scale-seed']);
  if (!(scaleSeed >= 100 && scaleSeed <= 100_000))
    throw new UsageError('--scale-seed must be between 100 and 100000');
  const scaleSection = async (): Promise<string[]> => {
    const scale = await runScaleStep(duration, scaleSeed);
    if (!scale.passed) process.exitCode = 1;
    return ['## Several instances behind nginx, reads on a streaming replica\n', scale.markdown];
  };
  if (values['only-scale']) {
    const sections = [
      `# CaseTrack scale run\n\nDate: ${new Date().toISOString()} · Machine: ${(await import('node:os')).cpus().length} cores · ${scaleSeed} seeded timelines\n`,
      ...(await scaleSection()),
    ];
    const path = writeReport('scale', sections.join('\n'));
    console.log(`\n${sections.join('\n')}\nReport written to ${path}`);
    return Number(process.exitCode ?? 0);
  }

  const url = await freshDatabase();
  console.log(`Seeding 20,000 demo timelines into ${DB_NAME}…`);
  await prepareDemoDatabase({ kind: 'postgres', url }, { count: 20_000, seed: 5 });

  const server = await startServer({
    DATABASE_URL: url,
    INCLUDE_DEMO_DATA: 'true',
    RATE_LIMIT_PER_HOUR: '1000000',
    LOG_LEVEL: 'warn',
  });
  const sections: string[] = [
    `# CaseTrack load, fault and bad-input run\n\nDate: ${new Date().toISOString()} · Machine: ${(await import('node:os')).cpus().length} cores · PostgreSQL 15 on 127.0.0.1 · 20,000 seeded timelines\n`,
  ];
  try {
    const rows: LoadRow[] = [];
    for (const connections of [50, 200]) {
      for (const target of ['explore', 'feed', 'stats', 'submit'] as const) {
        const row = await runLoadStep(server.baseUrl, target, connections, duration);
        console.log(
          `${target} @${connections}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}`,
        );
        rows.push(row);
      }
    }
    const acked = rows.flatMap((r) => r.ackedIds);
    const check = await openDatabase({ kind: 'postgres', url });
    const present =
      acked.length === 0
        ? 0
        : Number(
            (
              await check.db
                .selectFrom('timelines')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('id', 'in', acked)
                .executeTakeFirstOrThrow()
            ).n,
          );
    await check.close();
    sections.push(
      '## Load (autocannon)\n',
      markdownTable(
        ['target', 'connections', 'duration s', 'requests/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors'],
        rows.map((r) => [
          r.target,
          r.connections,
          duration,
          r.rps.toFixed(0),
          r.p50,
          r.p99,
          r.ok,
          r.non2xx,
          r.errors,
        ]),
      ),
      `\nAcknowledged submissions: ${acked.length}; found in the database afterwards: ${present}.\n`,
    );
    if (present !== acked.length) process.exitCode = 1;

    if (!values['skip-fault']) {
      const fault = await runFaultStep(server.baseUrl, url);
      sections.push('## Fault: PostgreSQL restarted during load\n', fault.markdown);
      if (!fault.passed) process.exitCode = 1;
    }

    const fuzz = await runFuzzStep(server.baseUrl, url, fuzzCases);
    sections.push('## Bad input (fast-check against the running server)\n', fuzz.markdown);
    if (!fuzz.passed) process.exitCode = 1;
  } finally {
    await server.stop();
  }
  if (!values['skip-scale']) sections.push(...(await scaleSection()));
  const path = writeReport('load', sections.join('\n'));
  console.log(`\n${sections.join('\n')}\nReport written to ${path}`);
  return Number(process.exitCode ?? 0);
});
