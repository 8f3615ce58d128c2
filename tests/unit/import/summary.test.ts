import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../src/server/import/import.ts';
import { keptCounts, refusalsByReason, reportCsv, summaryLines } from '../../../src/server/import/summary.ts';

const summary: ImportSummary = {
  rows: 9,
  inserted: 3,
  updated: 0,
  dryRun: false,
  rejected: [
    { line: 3, id: 'b1', reason: 'a, "quoted" reason', reasons: ['out_of_order'] },
    { line: 5, id: null, reason: 'row has 3 cells, the header has 12', reasons: ['cell_count'] },
    ...[6, 7, 8, 9, 10, 11].map((line) => ({
      line,
      id: `=cmd${line}`,
      reason: 'two',
      reasons: ['out_of_order' as const, 'two_decisions' as const],
    })),
  ],
  kept: [
    { line: 2, id: 'a1', outcome: 'inserted', notices: [] },
    {
      line: 4,
      id: 'a2',
      outcome: 'inserted',
      notices: [
        { kind: 'missing_step', path: 'milestones.0.key', missing: 'rfe_issued', message: 'add it' },
        { kind: 'missing_step', path: 'milestones.2.key', missing: 'approved', message: 'add that' },
      ],
    },
    {
      line: 12,
      id: 'a3',
      outcome: 'inserted',
      notices: [
        {
          kind: 'long_wait',
          path: 'milestones.1.month',
          from: 'receipt',
          to: 'approved',
          months: 82,
          message: 'long',
        },
      ],
    },
  ],
};

describe('import summary', () => {
  it('groups refusals by reason, most frequent first, with the first five lines', () => {
    expect(refusalsByReason(summary).map((r) => [r.reason, r.rows, r.firstLines])).toEqual([
      ['out_of_order', 7, [3, 6, 7, 8, 9]],
      ['two_decisions', 6, [6, 7, 8, 9, 10]],
      ['cell_count', 1, [5]],
    ]);
  });

  it('counts kept rows with a missing step and with a flagged wait once each', () => {
    expect(keptCounts(summary)).toEqual({ kept: 3, missingStep: 1, flagged: 1 });
  });

  it('prints one line per reason after the kept counts', () => {
    expect(summaryLines('s.csv', summary)).toEqual([
      's.csv: kept 3 of 9 rows; 1 lack an earlier step (kept: pairs that need it leave the statistics), 1 wait unusually long (kept, flagged for moderators).',
      's.csv: refused 8 rows, by reason:',
      '  7 × out_of_order (steps in an impossible order): lines 3, 6, 7, 8, 9, …',
      '  6 × two_decisions (two final decisions): lines 6, 7, 8, 9, 10, …',
      '  1 × cell_count (a row with more or fewer cells than the header): lines 5',
    ]);
  });

  it('writes every line’s outcome as CSV in file order, quoted and formula-safe', () => {
    const lines = reportCsv(summary).trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'line,id,outcome,reasons,details',
      '2,a1,inserted,,',
      '3,b1,refused,out_of_order,"a, ""quoted"" reason"',
      '4,a2,inserted,missing_step,milestones.0.key: add it; milestones.2.key: add that',
      '5,,refused,cell_count,"row has 3 cells, the header has 12"',
    ]);
    expect(lines[5]).toBe("6,'=cmd6,refused,out_of_order two_decisions,two");
    expect(lines.at(-1)).toBe('12,a3,inserted,long_wait,milestones.1.month: long');
  });
});
