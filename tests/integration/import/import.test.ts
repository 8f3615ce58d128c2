// Bulk import on real databases: the web form's validation for every row, batches, re-import
// semantics (source + id update in place, rows without id are distinct, identical file refused).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/client.ts';
import { ImportRefused, importCsv } from '../../../src/server/import/import.ts';
import { getStats } from '../../../src/server/stats/service.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';
import { buildStatsFilter } from '../../factories.ts';

const HEADER =
  'id,category,subcategory,country,service_center,filed,last_confirmed,premium,concurrent,note,m.biometrics,m.approved';
const NOW = new Date('2026-11-15T12:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);
const csv = (...rows: string[]) => bytes([HEADER, ...rows].join('\n'));
const options = { source: 'sheet-a', provenance: 'import' as const, dryRun: false, force: false, now: NOW };

const GOOD = [
  'a1,i485,,IN,NBC,2024-01,2024-11,,,,2024-03,2024-11',
  'a2,i485,,IN,NBC,2024-01,2025-06,no,no,"Interview, then ""approved""",2024-02,2025-06',
  'a3,i485,,IN,TSC,2024-02,2026-10,,,,,',
  ',i485,,IN,NBC,2024-01,2024-09,,,,,2024-09',
  ',i485,,IN,NBC,2024-01,2024-09,,,,,2024-09',
];

describe.each(DATABASE_KINDS)('bulk import on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: ['timelines', 'import_files'] });

  it('imports valid rows, reports each rejected row with its line and reason', async () => {
    const file = csv(
      ...GOOD,
      'b1,i485,,IN,NBC,2024-13,2024-11,,,,,', // bad month
      'b2,i485,,IN,NBC,2024-01,2024-11,,,My receipt is IOE0912345678,,', // identifier in the note
      'b3,i485,,IN,NBC,2024-05,2024-11,,,,,2024-03', // approved before filing
      'b4,i485,,IN,NBC',
    );
    const summary = await importCsv(open.db, file, { ...options, batchSize: 2 });
    expect([summary.inserted, summary.updated]).toEqual([5, 0]);
    expect(summary.rejected.map((r) => r.line)).toEqual([7, 8, 9, 10]);
    expect(summary.rejected[0]!.reason).toMatch(/filed.*YYYY-MM/);
    expect(summary.rejected[1]!.reason).toMatch(/^note: /);
    expect(summary.rejected[3]!.reason).toMatch(/5 cells, the header has 12/);
    const stored = await open.db
      .selectFrom('timelines')
      .select(['provenance', 'import_source', 'import_row_id', 'note'])
      .execute();
    expect(stored.every((t) => t.provenance === 'import' && t.import_source === 'sheet-a')).toBe(true);
    expect(stored.map((t) => t.import_row_id).sort()).toEqual(['a1', 'a2', 'a3', null, null]);
    expect(stored.find((t) => t.import_row_id === 'a2')!.note).toBe('Interview, then "approved"');
    // Imported data counts in the statistics.
    const stats = await getStats(open.db, buildStatsFilter({ country: 'IN' }), {
      k: 1,
      includeDemo: false,
      exact: true,
    });
    expect([stats.n, stats.events, stats.censored]).toEqual([5, 4, 1]);
  });

  it('refuses an identical file unless forced; a forced re-import updates (source, id) rows in place', async () => {
    await importCsv(open.db, csv(...GOOD), options);
    await expect(importCsv(open.db, csv(...GOOD), options)).rejects.toThrow(ImportRefused);
    const again = await importCsv(open.db, csv(...GOOD), { ...options, force: true });
    // Rows with an id were updated; rows without one are new, distinct timelines.
    expect([again.inserted, again.updated]).toEqual([2, 3]);
    expect(await countTimelines(open.db)).toBe(7);
  });

  it('a changed row updates its timeline and the statistics, without double counting', async () => {
    await importCsv(open.db, csv(...GOOD.slice(0, 3)), options);
    const before = await open.db
      .selectFrom('timelines')
      .select('id')
      .where('import_row_id', '=', 'a3')
      .executeTakeFirstOrThrow();
    const changed = await importCsv(
      open.db,
      csv(GOOD[0]!, GOOD[1]!, 'a3,i485,,IN,TSC,2024-02,2026-01,,,,,2026-01'),
      options,
    );
    expect([changed.inserted, changed.updated]).toEqual([0, 3]);
    const after = await open.db
      .selectFrom('timelines')
      .select(['id', 'last_confirmed_month'])
      .where('import_row_id', '=', 'a3')
      .executeTakeFirstOrThrow();
    expect(after.id).toBe(before.id);
    const stats = await getStats(open.db, buildStatsFilter(), { k: 1, includeDemo: false, exact: true });
    expect([stats.n, stats.events]).toEqual([3, 3]);
  });

  it('another source with the same ids makes other timelines', async () => {
    await importCsv(open.db, csv(...GOOD.slice(0, 2)), options);
    await importCsv(open.db, csv(...GOOD.slice(0, 2), GOOD[2]!), { ...options, source: 'sheet-b' });
    expect(await countTimelines(open.db)).toBe(5);
  });

  it('refuses files it cannot read as a whole', async () => {
    await expect(importCsv(open.db, bytes('category,country,filed,m.nonsense\n'), options)).rejects.toThrow(
      /unknown milestone column "m.nonsense"/,
    );
    await expect(importCsv(open.db, bytes('country,filed\nIN,2024-01\n'), options)).rejects.toThrow(
      /lacks the column category/,
    );
    await expect(importCsv(open.db, csv(...GOOD), { ...options, source: null })).rejects.toThrow(/--source/);
    await expect(importCsv(open.db, bytes(''), options)).rejects.toThrow(/empty/);
  });

  it('a dry run writes nothing', async () => {
    const summary = await importCsv(open.db, csv(...GOOD), { ...options, dryRun: true });
    expect(summary.rejected).toEqual([]);
    expect(await countTimelines(open.db)).toBe(0);
    // …and does not remember the file.
    await importCsv(open.db, csv(...GOOD), options);
    expect(await countTimelines(open.db)).toBe(5);
  });
});

describe('npm run import', () => {
  const root = new URL('../../..', import.meta.url).pathname;
  const tmp = mkdtempSync(join(tmpdir(), 'ct-import-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts/import.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        LOG_LEVEL: 'silent',
        DATA_DIR: join(tmp, 'data'),
      },
    });

  it('shows progress, reports rejected rows, ends with a summary and exit code 2', async () => {
    const file = join(tmp, 'sheet.csv');
    writeFileSync(file, [HEADER, ...GOOD, 'b1,i485,,IN,NBC,2024-13,2024-11,,,,,'].join('\n'));
    const report = join(tmp, 'report.csv');
    const first = run([file, '--source', 'sheet-a', '--report', report]);
    expect(first.status).toBe(2);
    expect(first.stderr).toContain(`${file}:7: rejected: `);
    expect(first.stderr).toMatch(/import \[#+\] 100% 5\/5/);
    expect(first.stdout).toMatch(
      /6 rows; imported 5 new, updated 0, rejected 1 \(provenance import, source sheet-a\)/,
    );
    // The summary by reason, and the per-line outcome for fixing and re-importing.
    expect(first.stdout).toContain(`${file}: refused 1 rows, by reason:`);
    expect(first.stdout).toMatch(/ {2}1 × invalid_field \(.*\): lines 7\n/);
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,id,outcome,reasons,details');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '2,a1,inserted,',
      '3,a2,inserted,',
      '4,a3,inserted,',
      '5,,inserted,',
      '6,,inserted,',
      '7,b1,refused,invalid_field',
    ]);

    const again = run([file, '--source', 'sheet-a']);
    expect(again.status).toBe(64);
    expect(again.stderr.trim()).toMatch(/^error: .*already imported on \d{4}-\d\d-\d\d; use --force/);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);

    const forced = run([file, '--source', 'sheet-a', '--force']);
    expect(forced.stdout).toMatch(/imported 2 new, updated 3, rejected 1/);
    const open = await openDatabase({ kind: 'pglite', dataDir: join(tmp, 'data', 'pglite') });
    try {
      expect(await countTimelines(open.db)).toBe(7);
    } finally {
      await open.close();
    }
  });

  it('refuses bad arguments in one line', () => {
    const result = run(['--provenance', 'web', 'x.csv']);
    expect(result.status).toBe(64);
    expect(result.stderr.trim()).toBe('error: --provenance must be import or demo, got "web"');
    expect(run([]).stderr.trim()).toMatch(/^error: give exactly one CSV file/);
  });
});
