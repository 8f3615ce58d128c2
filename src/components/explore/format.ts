/** Number formatting for the statistics pages: one place, so the page and tables agree. */
export const monthsText = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)} mo`;

export const countText = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('en-US');

export const percentText = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(v >= 0.995 || v <= 0.005 ? 0 : 1)}%`;

export const intervalText = (ci: readonly [number | null, number | null]) =>
  ci[0] === null && ci[1] === null ? '—' : `${ci[0] ?? '?'}–${ci[1] ?? 'not reached'}`;
