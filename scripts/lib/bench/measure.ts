/** Timing helpers for the benchmark: sequential samples, nearest-rank percentiles. */
export interface Timing {
  samples: number[];
  /** The warm-up round: each input's first call (on a fresh server, computed rather than reused). */
  first: number[];
  errors: number;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Runs `task` for every input, `rounds` times each after one warm-up round; milliseconds per call. */
export async function timeEach<T>(
  inputs: readonly T[],
  rounds: number,
  task: (input: T) => Promise<boolean>,
): Promise<Timing> {
  const timing: Timing = { samples: [], first: [], errors: 0 };
  for (const input of inputs) {
    const started = performance.now();
    await task(input).catch(() => false);
    timing.first.push(performance.now() - started);
  }
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const started = performance.now();
      const ok = await task(input).catch(() => false);
      timing.samples.push(performance.now() - started);
      if (!ok) timing.errors++;
    }
  }
  return timing;
}

export const ms = (v: number) => (Number.isNaN(v) ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1));
