/**
 * Statistical disclosure control for every published statistic (docs/decisions/050): cell-key
 * perturbation of the counts a figure is computed from, and the pooling of groups too small to
 * publish. Pure: the statistics service supplies the secret and the counts.
 */
import { createHash, createHmac } from 'node:crypto';

/** One cell of a group's count table: how many timelines ended how, at which duration. */
export interface Cell {
  duration: number;
  outcome: 0 | 1 | 2;
  n: number;
}

/**
 * The perturbation table (ONS/ABS "ptable"), as cumulative probabilities over a uniform draw u
 * in [0, 1): a non-zero count moves by -1 below 0.1, by +1 at or above 0.9, else stays; a zero
 * count inside the group's duration range becomes 1 with probability 0.05, so a published 1 is
 * never certainly a real case. Chosen with `npm run stats:accuracy`
 * (docs/measurements/disclosure-accuracy.md): twice these rates moved p80 of large groups
 * by up to 14 months.
 */
export const PTABLE = { down: 0.1, up: 0.9, zeroUp: 0.05 } as const;

/** Where a draw falls in the ptable: the noise for a cell of count n. */
export function noiseFor(n: number, u: number): -1 | 0 | 1 {
  if (n === 0) return u < PTABLE.zeroUp ? 1 : 0;
  if (u < PTABLE.down) return -1;
  return u >= PTABLE.up ? 1 : 0;
}

const cellId = (c: Pick<Cell, 'duration' | 'outcome'>) => `${c.outcome}:${c.duration}`;

/**
 * The cell key of a whole table: a digest of its exact contents in a canonical order. The same
 * timelines give the same table, hence the same noise, however the question was phrased; one
 * timeline more or less gives a different table and fresh noise in every cell, so the
 * difference of two answers is noise plus the timeline, never the timeline alone.
 */
export function tableDigest(cells: readonly Cell[]): string {
  const canonical = cells
    .filter((c) => c.n !== 0)
    .map((c) => `${cellId(c)}=${c.n}`)
    .sort()
    .join(';');
  return createHash('sha256').update(canonical).digest('base64url');
}

/** Uniform draws in [0, 1) for each cell id, from HMAC(secret, digest | cell). */
function draw(secret: Buffer, digest: string, id: string): number {
  const mac = createHmac('sha256', secret).update(`${digest}|${id}`).digest();
  return mac.readUInt32BE(0) / 4294967296;
}

/**
 * The table with cell-key noise: every cell of durations 0 … the longest observed duration, for
 * events and for censorings, plus the closed-other count. Counts never go below 0.
 */
export function perturbTable(cells: readonly Cell[], secret: Buffer): Cell[] {
  const digest = tableDigest(cells);
  const exact = new Map<string, number>();
  for (const c of cells) exact.set(cellId(c), (exact.get(cellId(c)) ?? 0) + c.n);
  const timed = cells.filter((c) => c.outcome !== 2 && c.n > 0);
  const maxDuration = timed.length > 0 ? Math.max(...timed.map((c) => c.duration)) : -1;
  const out: Cell[] = [];
  const add = (duration: number, outcome: 0 | 1 | 2) => {
    const id = cellId({ duration, outcome });
    const n = exact.get(id) ?? 0;
    const published = Math.max(0, n + noiseFor(n, draw(secret, digest, id)));
    if (published > 0) out.push({ duration, outcome, n: published });
  };
  for (let t = 0; t <= maxDuration; t++) {
    add(t, 1);
    add(t, 0);
  }
  // Closed-other is one count per table (its duration is always 0); an empty one stays empty.
  if ((exact.get(cellId({ duration: 0, outcome: 2 })) ?? 0) > 0) add(0, 2);
  return out;
}

/**
 * Padding: a web timeline counts towards K only from the month after it was written, so made-up
 * submissions cannot lift a small group at once. This is the first instant of the current UTC
 * month: web timelines written at or after it are "fresh".
 */
export function settledBefore(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export interface PoolCandidate {
  key: string;
  /** Timelines that count towards K (settled, exact). */
  settled: number;
  /** The size the page would print for the group (perturbed). */
  published: number;
}

export interface PoolPlan {
  /** Groups published one by one. */
  shown: string[];
  /** Groups folded into the one "other" row; empty when nothing is hidden. */
  pooled: string[];
}

/**
 * Which groups of a breakdown are published and which are pooled into one "other" row. A group
 * is shown when it has at least K settled timelines and its published size is at least K. If the
 * pool would itself be under K, the smallest shown groups join it until it is not (secondary
 * suppression), so "total minus the shown rows" is never a group under K. When even then it is
 * under K (the whole breakdown is small), every group is pooled.
 */
export function planPooling(groups: readonly PoolCandidate[], k: number): PoolPlan {
  const publishable = (g: PoolCandidate) => g.settled >= k && g.published >= k;
  const shown = groups
    .filter(publishable)
    .sort((a, b) => a.settled - b.settled || a.key.localeCompare(b.key));
  const pooled = groups.filter((g) => !publishable(g));
  let poolSize = pooled.reduce((sum, g) => sum + g.settled, 0);
  while (pooled.length > 0 && poolSize < k && shown.length > 0) {
    const next = shown.shift()!;
    pooled.push(next);
    poolSize += next.settled;
  }
  return { shown: shown.map((g) => g.key), pooled: pooled.map((g) => g.key) };
}
