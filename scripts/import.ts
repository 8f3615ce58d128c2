// npm run import -- FILE.csv [--source NAME] [--provenance import|demo] [--dry-run] [--force] [--report OUT.csv]
// Imports a community spreadsheet: every row validated like the web form; exits 2 if any row was rejected.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { env } from '../src/env.ts';
import { describeTarget, openDatabase, targetFromConfig } from '../src/server/db/client.ts';
import { loadMigrationFiles } from '../src/server/db/file-migrations.ts';
import { migrateToLatest } from '../src/server/db/migrations.ts';
import { countingMessage } from '../src/server/stats/bulk-load.ts';
import { type Progress, progressBar } from '../src/server/cli/progress.ts';
import { UsageError, runCli } from '../src/server/cli/run.ts';
import { ImportRefused, importCsv } from '../src/server/import/import.ts';
import { HeaderError } from '../src/server/import/rows.ts';
import { reportCsv, summaryLines } from '../src/server/import/summary.ts';
import { CsvSyntaxError } from '../src/server/import/csv.ts';

const USAGE =
  'Usage: npm run import -- FILE.csv [--source NAME] [--provenance import|demo] [--dry-run] [--force] [--report OUT.csv]';

const reportError = (report: string, error: unknown) =>
  new UsageError(
    `cannot write the report to ${report}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  );

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        provenance: { type: 'string', default: 'import' },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        report: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`give exactly one CSV file. ${USAGE}`);
  const provenance = values.provenance;
  if (provenance !== 'import' && provenance !== 'demo')
    throw new UsageError(`--provenance must be import or demo, got "${provenance}"`);
  const source = values.source?.trim() || null;
  if (source !== null && !/^[\w.-]{1,80}$/.test(source)) {
    throw new UsageError('--source must be 1–80 letters, digits, dots, dashes or underscores');
  }
  const file = positionals[0]!;
  const report = values.report?.trim() || null;
  if (values.report !== undefined && report === null)
    throw new UsageError(`--report needs a file name. ${USAGE}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }

  // Checked before anything is imported: an unwritable report path must not fail afterwards.
  if (report !== null) {
    await writeFile(report, '').catch((error: unknown) => {
      throw reportError(report, error);
    });
  }

  const target = targetFromConfig(env());
  const open = await openDatabase(target);
  try {
    await migrateToLatest(
      open.db,
      await loadMigrationFiles(new URL('../db/migrations', import.meta.url).pathname),
    );
    let bar: Progress | undefined;
    const summary = await importCsv(open.db, bytes, {
      source,
      provenance,
      dryRun: values['dry-run'],
      force: values.force,
      onValidated: (total) => {
        if (!values['dry-run'] && total > 0) bar = progressBar('import', total);
      },
      onBatch: (n) => bar?.advance(n),
      onCount: (counting) => {
        if (bar) console.log(`\n${countingMessage(counting, 'imported timelines')}`);
      },
    }).catch((error: unknown) => {
      if (error instanceof ImportRefused || error instanceof HeaderError || error instanceof CsvSyntaxError) {
        throw new UsageError(`${file}: ${error.message}`);
      }
      throw error;
    });
    bar?.done();
    for (const r of summary.rejected) console.error(`${file}:${r.line}: rejected: ${r.reason}`);
    for (const line of summaryLines(file, summary)) console.log(line);
    if (report !== null) {
      await writeFile(report, reportCsv(summary)).catch((error: unknown) => {
        throw reportError(report, error);
      });
      console.log(`${file}: per-line outcome written to ${report}.`);
    }
    const verb = summary.dryRun ? 'would import' : 'imported';
    console.log(
      `${file}: ${summary.rows} rows; ${verb} ${summary.dryRun ? summary.rows - summary.rejected.length : summary.inserted} new` +
        `${summary.dryRun ? '' : `, updated ${summary.updated}`}, rejected ${summary.rejected.length}` +
        ` (provenance ${provenance}${source ? `, source ${source}` : ''}) into ${describeTarget(target)}.`,
    );
    return summary.rejected.length > 0 ? 2 : 0;
  } finally {
    await open.close();
  }
});
