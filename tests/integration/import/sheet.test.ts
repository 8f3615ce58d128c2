// Issue 13's "done means": a realistic sheet (tests/fixtures/import-sheet.csv, written by
// import-sheet.R) with missing earlier steps, 6-12 year waits, either-order steps and real
// contradictions. Every sound row is kept, every contradiction refused with its reason, unusual
// waits are flagged for moderators, and the statistics equal R's computation from the rules.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { importCsv, type ImportSummary } from '../../../src/server/import/import.ts';
import { keptCounts, refusalsByReason } from '../../../src/server/import/summary.ts';
import type { StatsFilter } from '../../../src/server/stats/filters.ts';
import { getNaiveCounts } from '../../../src/server/stats/queries/naive-counts.ts';
import { getStats } from '../../../src/server/stats/service.ts';
import type { CategoryKey, MilestoneKey } from '../../../src/server/timelines/catalogue.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url);
const sheet = readFileSync(fixture('import-sheet.csv'));
interface ExpectedGroup {
  category: CategoryKey;
  from: MilestoneKey;
  to: MilestoneKey;
  n: number;
  events: number;
  censored: number;
  closed_other: number;
  median: number | null;
  median_ci: [number | null, number | null];
  p80: number | null;
  p90: number | null;
  completed_n: number;
  completed_mean: number | null;
  completed_median: number | null;
  completed_p80: number | null;
}
const expected = JSON.parse(readFileSync(fixture('import-sheet-expected.json'), 'utf8')) as {
  rows: number;
  kept: number;
  missing_step: number;
  flagged: number;
  refused: number;
  groups: Record<string, ExpectedGroup>;
};
const NOW = new Date('2026-11-15T12:00:00Z');
// K = 1 and exact (no noise, STATS_EXACT): this test checks the estimator against R, not the
// disclosure control.
const SETTINGS = { k: 1, includeDemo: false, exact: true };

const filterOf = (g: ExpectedGroup): StatsFilter => ({
  category: g.category,
  subcategory: null,
  country: null,
  office: null,
  filedFrom: null,
  filedTo: null,
  from: g.from,
  to: g.to,
  premium: null,
  concurrent: null,
});

function same(actual: number | null, wanted: number | null, what: string) {
  if (wanted === null) expect(actual, what).toBeNull();
  else expect(actual, what).toBeCloseTo(wanted, 9);
}

describe.each(DATABASE_KINDS)('the community sheet on %s', (kind) => {
  let summary: ImportSummary;
  const open = useTestDatabase(kind, {
    seed: async ({ db }) => {
      summary = await importCsv(db, sheet, {
        source: 'community-sheet',
        provenance: 'import',
        dryRun: false,
        force: false,
        now: NOW,
      });
    },
  });

  it('keeps every sound row and refuses every contradiction with its reason', () => {
    expect(summary.rows).toBe(expected.rows);
    expect([summary.inserted, summary.updated, summary.rejected.length]).toEqual([
      expected.kept,
      0,
      expected.refused,
    ]);
    expect(summary.kept.every((k) => !k.id!.startsWith('bad-'))).toBe(true);
    for (const r of summary.rejected) {
      const reason = /^bad-(\w+)-\d+$/.exec(r.id ?? '')?.[1];
      expect(reason, `line ${r.line}: ${r.reason}`).toBeDefined();
      expect(r.reasons, `line ${r.line}: ${r.reason}`).toContain(reason);
    }
  });

  it('counts rows with a missing earlier step and rows with an unusual wait', () => {
    expect(keptCounts(summary)).toEqual({
      kept: expected.kept,
      missingStep: expected.missing_step,
      flagged: expected.flagged,
    });
    const idsWith = (kind: string) =>
      summary.kept.filter((k) => k.notices.some((n) => n.kind === kind)).map((k) => k.id!);
    expect(idsWith('missing_step').every((id) => id.startsWith('miss-'))).toBe(true);
    expect(idsWith('long_wait').every((id) => id.startsWith('long-'))).toBe(true);
    expect(refusalsByReason(summary).reduce((sum, r) => sum + r.rows, 0)).toBeGreaterThanOrEqual(
      expected.refused,
    );
  });

  it('puts each unusual wait in the moderators’ queue once', async () => {
    const reports = await open.db
      .selectFrom('reports')
      .innerJoin('timelines', 'timelines.id', 'reports.timeline_id')
      .select(['timelines.import_row_id', 'reports.reason'])
      .where('reports.resolved_at', 'is', null)
      .execute();
    expect(reports).toHaveLength(expected.flagged);
    expect(
      reports.every((r) => r.reason === 'implausible_dates' && r.import_row_id!.startsWith('long-')),
    ).toBe(true);
    // A forced re-import updates the same timelines and files no second report.
    await importCsv(open.db, sheet, {
      source: 'community-sheet',
      provenance: 'import',
      dryRun: false,
      force: true,
      now: NOW,
    });
    const again = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(open.db);
    expect(again.rows[0]!.n).toBe(expected.flagged);
  });

  it.each(Object.entries(expected.groups))('gives R’s figures for %s', async (_name, g) => {
    const stats = await getStats(open.db, filterOf(g), SETTINGS);
    expect([stats.n, stats.events, stats.censored, stats.closed_other]).toEqual([
      g.n,
      g.events,
      g.censored,
      // Like any sub-count, "ended another way" is shown when 0 or from K on (summary.ts).
      g.closed_other === 0 || g.closed_other >= SETTINGS.k ? g.closed_other : null,
    ]);
    same(stats.km.median, g.median, 'median');
    same(stats.km.median_ci[0], g.median_ci[0], 'median CI low');
    same(stats.km.median_ci[1], g.median_ci[1], 'median CI high');
    same(stats.km.p80, g.p80, 'p80');
    same(stats.km.p90, g.p90, 'p90');
    expect(stats.completed.n).toBe(g.completed_n);
    same(stats.completed.mean, g.completed_mean, 'completed mean');
    same(stats.completed.median, g.completed_median, 'completed median');
    same(stats.completed.p80, g.completed_p80, 'completed p80');
    // The raw-table reading agrees with the rollup.
    expect(await getStats(open.db, filterOf(g), SETTINGS, getNaiveCounts)).toEqual(stats);
  });
});
