/**
 * What an import tells the person running it: refusals grouped by reason with their first
 * lines, how many kept rows lack an earlier step or wait unusually long, and the per-line
 * outcome as CSV (`--report FILE`) to fix the refused rows and import again.
 */
import { REFUSAL_LABELS } from '../timelines/plausibility.ts';
import type { ImportReason, ImportSummary } from './import.ts';

export const IMPORT_REASON_LABELS: Record<ImportReason, string> = {
  ...REFUSAL_LABELS,
  cell_count: 'a row with more or fewer cells than the header',
  duplicate_id: 'an id that appears earlier in the file',
};

/** How many line numbers a summary line names before "…". */
const FIRST_LINES = 5;

export interface ReasonCount {
  reason: ImportReason;
  label: string;
  rows: number;
  firstLines: number[];
}

/** Refused rows per reason, most frequent first. A row with two reasons counts under both. */
export function refusalsByReason(summary: ImportSummary): ReasonCount[] {
  const byReason = new Map<ImportReason, number[]>();
  for (const r of summary.rejected) {
    for (const reason of r.reasons) byReason.set(reason, [...(byReason.get(reason) ?? []), r.line]);
  }
  return [...byReason.entries()]
    .map(([reason, lines]) => ({
      reason,
      label: IMPORT_REASON_LABELS[reason],
      rows: lines.length,
      firstLines: lines.slice(0, FIRST_LINES),
    }))
    .sort((a, b) => b.rows - a.rows || a.reason.localeCompare(b.reason));
}

export interface KeptCounts {
  kept: number;
  /** Kept rows that lack an earlier step (pairs needing it leave the statistics). */
  missingStep: number;
  /** Kept rows with an unusually long wait, flagged for moderators. */
  flagged: number;
}

export function keptCounts(summary: ImportSummary): KeptCounts {
  return {
    kept: summary.kept.length,
    missingStep: summary.kept.filter((k) => k.notices.some((n) => n.kind === 'missing_step')).length,
    flagged: summary.kept.filter((k) => k.notices.some((n) => n.kind === 'long_wait')).length,
  };
}

/** The summary as printed lines, after the per-line refusals. */
export function summaryLines(file: string, summary: ImportSummary): string[] {
  const counts = keptCounts(summary);
  const kept = summary.dryRun ? 'would keep' : 'kept';
  const lines = [
    `${file}: ${kept} ${counts.kept} of ${summary.rows} rows; ${counts.missingStep} lack an earlier step (kept: ` +
      `pairs that need it leave the statistics), ${counts.flagged} wait unusually long (kept${summary.dryRun ? '' : ', flagged for moderators'}).`,
  ];
  const reasons = refusalsByReason(summary);
  if (reasons.length > 0) {
    lines.push(`${file}: refused ${summary.rejected.length} rows, by reason:`);
    for (const r of reasons) {
      const more = r.rows > r.firstLines.length ? ', …' : '';
      lines.push(`  ${r.rows} × ${r.reason} (${r.label}): lines ${r.firstLines.join(', ')}${more}`);
    }
  }
  return lines;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote anything a spreadsheet could misread, and neutralise formula prefixes.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Every data line's outcome, in file order: line, id, outcome, reasons, details. */
export function reportCsv(summary: ImportSummary): string {
  const rows: { line: number; cells: (string | number | null)[] }[] = [
    ...summary.rejected.map((r) => ({
      line: r.line,
      cells: [r.line, r.id, 'refused', r.reasons.join(' '), r.reason],
    })),
    ...summary.kept.map((k) => ({
      line: k.line,
      cells: [
        k.line,
        k.id,
        k.outcome === 'valid' ? 'would_import' : k.outcome,
        [...new Set(k.notices.map((n) => n.kind))].join(' '),
        k.notices.map((n) => `${n.path}: ${n.message}`).join('; '),
      ],
    })),
  ].sort((a, b) => a.line - b.line);
  const header = ['line', 'id', 'outcome', 'reasons', 'details'];
  return [header, ...rows.map((r) => r.cells)].map((cells) => cells.map(cell).join(',')).join('\n') + '\n';
}
