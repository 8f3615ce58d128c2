/** NVC's published timeframes (days), for the consular steps of I-130 and I-129F. */
import snapshot from './snapshots/nvc-timeframes.json' with { type: 'json' };
import type { NvcTimeframes } from './formats.ts';

const data = snapshot as NvcTimeframes;

export const NVC_SOURCE = {
  name: 'National Visa Center timeframes',
  url: 'https://travel.state.gov/content/travel/en/us-visas/immigrate/nvc-timeframes.html',
  unit: 'days',
  collection: 'underyx/visawhen data/nvc/data.json',
} as const;

export interface NvcFigure {
  published: string;
  days: number;
}

export interface NvcAnswer {
  source: typeof NVC_SOURCE;
  /** Days from USCIS's approval to NVC creating the case. */
  creation: NvcFigure | null;
  /** Days NVC takes to review submitted documents: the wait before "documentarily qualified". */
  review: NvcFigure | null;
  /** Monthly (last value of each month) review timeframe, oldest first. */
  reviewTrend: NvcFigure[];
}

const latest = (series: Record<string, number>): NvcFigure | null => {
  const dates = Object.keys(series).sort();
  const date = dates.at(-1);
  return date ? { published: date, days: series[date]! } : null;
};

export function nvcTimeframes(): NvcAnswer {
  const byMonth = new Map<string, NvcFigure>();
  for (const [published, days] of Object.entries(data.review).sort(([a], [b]) => a.localeCompare(b)))
    byMonth.set(published.slice(0, 7), { published, days });
  return {
    source: NVC_SOURCE,
    creation: latest(data.creation),
    review: latest(data.review),
    reviewTrend: [...byMonth.values()],
  };
}
