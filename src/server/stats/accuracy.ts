/**
 * How far disclosure control moves the published figures from the exact ones
 * (docs/measurements/disclosure-accuracy.md). Pure and in memory: timelines → count rows per
 * group (the rollup's definitions for filed → approved) → exact and protected figures.
 */
import type { Cell } from '../privacy/disclosure.ts';
import { CATEGORIES, CLOSING_KEYS, stepIndex } from '../timelines/catalogue.ts';
import type { NewTimeline } from '../timelines/types.ts';
import { OUTCOME, quarterOfMonth, quarterLabel } from './queries/counts.ts';
import { groupFigures, protectedCells } from './summary.ts';

/** The filed → approved outcome of one timeline, as the rollup counts it. */
export function approvalCell(t: NewTimeline): Cell {
  const approved = t.milestones.find((m) => m.key === 'approved');
  if (approved) return { duration: approved.month - t.filedMonth, outcome: OUTCOME.event, n: 1 };
  const target = stepIndex(t.category, 'approved');
  const ended = t.milestones.some(
    (m) => CLOSING_KEYS.includes(m.key) || (m.key !== 'approved' && stepIndex(t.category, m.key) >= target),
  );
  if (ended) return { duration: 0, outcome: OUTCOME.closedOther, n: 1 };
  return { duration: Math.max(t.lastConfirmedMonth - t.filedMonth, 0), outcome: OUTCOME.censored, n: 1 };
}

/** The groups measured: every form (with sub-category), and form × country, × center, × filing quarter. */
export function groupsOf(t: NewTimeline): string[] {
  const form = t.subcategory ? `${t.category}/${t.subcategory}` : t.category;
  return [
    form,
    `${form} · ${t.country}`,
    `${form} · ${t.serviceCenter ?? 'not given'}`,
    `${form} · ${quarterLabel(quarterOfMonth(t.filedMonth))}`,
  ];
}

export function countTables(timelines: readonly NewTimeline[]): Map<string, Cell[]> {
  const tables = new Map<string, Map<string, Cell>>();
  for (const t of timelines) {
    if (!CATEGORIES[t.category]) continue;
    const cell = approvalCell(t);
    for (const group of groupsOf(t)) {
      const table = tables.get(group) ?? new Map<string, Cell>();
      const id = `${cell.outcome}:${cell.duration}`;
      const seen = table.get(id) ?? { ...cell, n: 0 };
      seen.n += 1;
      table.set(id, seen);
      tables.set(group, table);
    }
  }
  return new Map([...tables].map(([group, table]) => [group, [...table.values()]]));
}

export interface Comparison {
  group: string;
  n: number;
  exact: { median: number | null; p80: number | null };
  published: { median: number | null; p80: number | null } | null;
}

/** Exact (K still applies) and published figures of every group. */
export function compare(tables: Map<string, Cell[]>, k: number, secret: Buffer): Comparison[] {
  const out: Comparison[] = [];
  for (const [group, cells] of tables) {
    const rows = cells.map((c) => ({ group: null, ...c }));
    const n = cells.filter((c) => c.outcome !== OUTCOME.closedOther).reduce((sum, c) => sum + c.n, 0);
    const exactCells = protectedCells(rows, { k, settled: n, secret: null });
    if (!exactCells) continue;
    const exact = groupFigures(exactCells, k).km;
    const noisy = protectedCells(rows, { k, settled: n, secret });
    const published = noisy ? groupFigures(noisy, k).km : null;
    out.push({
      group,
      n,
      exact: { median: exact.median, p80: exact.p80 },
      published: published ? { median: published.median, p80: published.p80 } : null,
    });
  }
  return out;
}

export interface Summary {
  groups: number;
  /** Figures known exactly and published: their absolute changes. */
  compared: number;
  medianAbsChange: number;
  maxAbsChange: number;
  moved: number;
  /** Moved by more than one month. */
  movedMore: number;
  /** Exact figure known, published one withheld (or the group withheld). */
  lost: number;
  /** Exact figure unknown (beyond the data), published one given. */
  gained: number;
}

export function summarise(comparisons: readonly Comparison[], figure: 'median' | 'p80'): Summary {
  const changes: number[] = [];
  let lost = 0;
  let gained = 0;
  for (const c of comparisons) {
    const exact = c.exact[figure];
    const published = c.published?.[figure] ?? null;
    if (exact !== null && published !== null) changes.push(Math.abs(published - exact));
    else if (exact !== null) lost++;
    else if (published !== null) gained++;
  }
  const sorted = [...changes].sort((a, b) => a - b);
  return {
    groups: comparisons.length,
    compared: changes.length,
    medianAbsChange: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0,
    maxAbsChange: sorted.length ? sorted[sorted.length - 1]! : 0,
    moved: changes.filter((d) => d > 0).length,
    movedMore: changes.filter((d) => d > 1).length,
    lost,
    gained,
  };
}
