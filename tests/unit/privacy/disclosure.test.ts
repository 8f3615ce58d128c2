import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  PTABLE,
  noiseFor,
  perturbTable,
  planPooling,
  settledBefore,
  tableDigest,
} from '../../../src/server/privacy/disclosure.ts';

const secret = (label: string) => createHash('sha256').update(label).digest();
const table = (events: number[], censored: number[] = []): Cell[] => [
  ...events.map((duration) => ({ duration, outcome: 1 as const, n: 1 })),
  ...censored.map((duration) => ({ duration, outcome: 0 as const, n: 1 })),
];
const merged = (cells: Cell[]) => {
  const m = new Map<string, number>();
  for (const c of cells)
    m.set(`${c.outcome}:${c.duration}`, (m.get(`${c.outcome}:${c.duration}`) ?? 0) + c.n);
  return m;
};

describe('cell-key noise', () => {
  it.each([
    // Each row: count, draw, noise.
    [0, 0.01, 1],
    [0, PTABLE.zeroUp, 0],
    [3, 0.05, -1],
    [3, 0.5, 0],
    [3, 0.95, 1],
  ])('a count of %d with draw %d moves by %d', (n, u, noise) => {
    expect(noiseFor(n, u)).toBe(noise);
  });

  it('the same table gets the same noise, in any order', () => {
    const cells = table([3, 5, 5, 8, 13], [2, 20]);
    const a = perturbTable(cells, secret('s'));
    const b = perturbTable([...cells].reverse(), secret('s'));
    expect(merged(a)).toEqual(merged(b));
    expect(tableDigest(cells)).toBe(tableDigest([...cells].reverse()));
  });

  it('moves each cell by at most one, never below zero, and stays within the observed durations', () => {
    const cells = table([1, 4, 4, 9], [12]);
    for (let i = 0; i < 200; i++) {
      const exact = merged(cells);
      const noisy = merged(perturbTable(cells, secret(`s${i}`)));
      for (const [id, n] of noisy) {
        expect(n).toBeGreaterThan(0);
        expect(Math.abs(n - (exact.get(id) ?? 0))).toBeLessThanOrEqual(1);
        expect(Number(id.split(':')[1])).toBeLessThanOrEqual(12);
      }
    }
  });

  it('one timeline more gives fresh noise across the table, not only in its cell', () => {
    const base = table(Array.from({ length: 40 }, (_, i) => i % 20));
    let changedElsewhere = 0;
    for (let i = 0; i < 20; i++) {
      const a = merged(perturbTable(base, secret(`d${i}`)));
      const b = merged(perturbTable([...base, { duration: 7, outcome: 1, n: 1 }], secret(`d${i}`)));
      for (const id of new Set([...a.keys(), ...b.keys()]))
        if (id !== '1:7' && (a.get(id) ?? 0) !== (b.get(id) ?? 0)) changedElsewhere++;
    }
    expect(changedElsewhere).toBeGreaterThan(20);
  });

  it('the noise rates match the ptable', () => {
    const cells = table(Array.from({ length: 400 }, (_, i) => 2 * i));
    let moved = 0;
    let phantoms = 0;
    const noisy = merged(perturbTable(cells, secret('rates')));
    for (let t = 0; t <= 798; t++) {
      const n = noisy.get(`1:${t}`) ?? 0;
      if (t % 2 === 0 && n !== 1) moved++;
      if (t % 2 === 1 && n > 0) phantoms++;
    }
    expect(moved / 400).toBeGreaterThan(0.1);
    expect(moved / 400).toBeLessThan(0.3);
    expect(phantoms / 399).toBeLessThan(0.1);
  });
});

describe('pooling small groups', () => {
  it.each([
    // Nothing small: nothing pooled.
    [
      [
        ['a', 10],
        ['b', 7],
      ],
      { shown: ['b', 'a'], pooled: [] },
    ],
    // One of 1: the smallest shown group joins it, so total minus shown is not that one.
    [
      [
        ['a', 10],
        ['b', 7],
        ['np', 1],
      ],
      { shown: ['a'], pooled: ['np', 'b'] },
    ],
    // Two small ones that together reach K: pooled alone.
    [
      [
        ['a', 10],
        ['x', 3],
        ['y', 2],
      ],
      { shown: ['a'], pooled: ['x', 'y'] },
    ],
    // Everything small: one pooled row.
    [
      [
        ['x', 1],
        ['y', 2],
      ],
      { shown: [], pooled: ['x', 'y'] },
    ],
  ] as const)('%j → %j', (groups, plan) => {
    const candidates = groups.map(([key, n]) => ({ key, settled: n, published: n }));
    expect(planPooling(candidates, 5)).toEqual(plan);
  });

  it('a group lifted to K only by fresh submissions is pooled', () => {
    expect(
      planPooling(
        [
          { key: 'np', settled: 1, published: 5 },
          { key: 'a', settled: 9, published: 9 },
        ],
        5,
      ),
    ).toEqual({
      shown: [],
      pooled: ['np', 'a'],
    });
  });

  it('fresh means written since the start of the UTC month', () => {
    expect(settledBefore(new Date('2026-12-01T03:00:00Z')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(settledBefore(new Date('2026-11-30T23:59:59Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
