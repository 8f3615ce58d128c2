/**
 * The Visa Bulletin for one preference category, chargeability area and priority date: is the
 * date current on each chart of the latest bulletin, how the cut-off moved, and an honest range
 * for when it may become current (docs/decisions/082).
 */
import snapshot from '../official/snapshots/visa-bulletin.json' with { type: 'json' };
import type { BulletinRow } from '../official/formats.ts';

const rows = snapshot as BulletinRow[];

export const BULLETIN_SOURCE = {
  name: 'U.S. Department of State, Visa Bulletin',
  url: 'https://travel.state.gov/content/travel/en/legal/visa-law0/visa-bulletin.html',
  collections:
    'ch2ohch2oh/visa-bulletin-timeline (employment, 2016-08 to 2026-05); paalaakshaah/visa-bulletin-tracker (family, 2015-10 to 2026-07)',
} as const;

export const PREFERENCES = {
  EB1: 'EB-1 (priority workers)',
  EB2: 'EB-2 (advanced degree, NIW)',
  EB3: 'EB-3 (skilled workers, professionals)',
  EW: 'EB-3 other workers',
  EB4: 'EB-4 (special immigrants)',
  F1: 'F1 (unmarried sons and daughters of U.S. citizens)',
  F2A: 'F2A (spouses and children of permanent residents)',
  F2B: 'F2B (unmarried sons and daughters 21+ of permanent residents)',
  F3: 'F3 (married sons and daughters of U.S. citizens)',
  F4: 'F4 (brothers and sisters of U.S. citizens)',
} as const;
export type Preference = keyof typeof PREFERENCES;
export const PREFERENCE_KEYS = Object.keys(PREFERENCES) as Preference[];

/** The bulletin's chargeability columns; every other country is "all chargeability areas". */
export const AREAS = {
  ALL: 'All other countries',
  CN: 'China (mainland-born)',
  IN: 'India',
  MX: 'Mexico',
  PH: 'Philippines',
  SV: 'El Salvador, Guatemala, Honduras',
  VN: 'Vietnam',
} as const;
export type Area = keyof typeof AREAS;
export const AREA_KEYS = Object.keys(AREAS) as Area[];

/** The bulletin column of a country of chargeability (an ISO code). */
export function areaOf(country: string): Area {
  if (country === 'GT' || country === 'HN') return 'SV';
  return (AREA_KEYS as string[]).includes(country) ? (country as Area) : 'ALL';
}

export type Chart = 'final_action' | 'dates_for_filing';
export const CHARTS: Record<Chart, string> = {
  final_action: 'Final action dates (when a green card can be approved)',
  dates_for_filing: 'Dates for filing (when you may file or submit documents)',
};

/** Months are integers year * 12 + month - 1, like everywhere else. */
const monthOf = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
export const monthText = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

export interface CutoffPoint {
  bulletin: string;
  /** 'C' current, 'U' unavailable, else the cut-off date. */
  cutoff: string;
  /** The cut-off as a month index; "current" counts as the bulletin's own month. */
  month: number | null;
}

const series = new Map<string, CutoffPoint[]>();
for (const [bulletin, chart, category, area, cutoff] of rows) {
  const key = `${chart}|${category}|${area}`;
  const list = series.get(key) ?? [];
  list.push({
    bulletin,
    cutoff,
    month: cutoff === 'U' ? null : cutoff === 'C' ? monthOf(`${bulletin}-01`) : monthOf(cutoff),
  });
  series.set(key, list);
}
for (const list of series.values()) list.sort((a, b) => a.bulletin.localeCompare(b.bulletin));

/** The cut-offs of one chart for a category and area; an area not listed that month takes "all". */
export function cutoffSeries(chart: Chart, category: Preference, area: Area): CutoffPoint[] {
  const own = new Map((series.get(`${chart}|${category}|${area}`) ?? []).map((p) => [p.bulletin, p]));
  const all = series.get(`${chart}|${category}|ALL`) ?? [];
  return all.map((p) => own.get(p.bulletin) ?? p);
}

export type Standing = 'current' | 'not_current' | 'same_month' | 'unavailable';

export interface ChartAnswer {
  chart: Chart;
  bulletin: string;
  cutoff: string;
  standing: Standing;
  /** Months the cut-off moved forward over the last 12 and 36 bulletins (negative: retrogressed). */
  moved12: number | null;
  moved36: number | null;
  history: CutoffPoint[];
}

export interface Estimate {
  status: 'current' | 'range' | 'no_estimate';
  /** Bulletin months (YYYY-MM) between which the date may become current. */
  earliest: string | null;
  latest: string | null;
  reason: string;
}

export interface BulletinAnswer {
  category: Preference;
  area: Area;
  priorityDate: string | null;
  latestBulletin: string;
  charts: ChartAnswer[];
  estimate: Estimate | null;
  source: typeof BULLETIN_SOURCE;
}

function standingOf(point: CutoffPoint, priority: number | null): Standing {
  if (point.cutoff === 'U') return 'unavailable';
  if (point.cutoff === 'C') return 'current';
  if (priority === null) return 'not_current';
  const cutoff = monthOf(point.cutoff);
  // Dates are months here: in the cut-off's own month, only the day decides.
  return priority < cutoff ? 'current' : priority === cutoff ? 'same_month' : 'not_current';
}

function moved(history: CutoffPoint[], back: number): number | null {
  const now = history.at(-1);
  const then = history.at(-1 - back);
  if (!now || !then || now.month === null || then.month === null) return null;
  return now.month - then.month;
}

/** The windows (in bulletins) whose average advance makes the range. */
const WINDOWS = [12, 24, 36, 60];
/** Further than this, history says nothing useful. */
const HORIZON_MONTHS = 15 * 12;

/**
 * When the final-action cut-off may reach the priority date, if it keeps moving as fast as it
 * did over the last 1, 2, 3 and 5 years: the fastest and the slowest pace give the range. No
 * estimate when the date is current, when the cut-off did not advance over any window, or
 * when the slowest pace needs more than 15 years.
 */
export function estimate(history: CutoffPoint[], priority: number): Estimate {
  const now = history.at(-1);
  if (!now) return { status: 'no_estimate', earliest: null, latest: null, reason: 'No bulletin history.' };
  if (standingOf(now, priority) === 'current')
    return { status: 'current', earliest: null, latest: null, reason: 'Your date is current now.' };
  if (now.month === null)
    return {
      status: 'no_estimate',
      earliest: null,
      latest: null,
      reason: 'The category is unavailable in the latest bulletin: history cannot say when numbers return.',
    };
  const gap = priority - now.month + 1;
  const paces = WINDOWS.map((w) => {
    const d = moved(history, w);
    return d === null ? null : d / w;
  }).filter((p): p is number => p !== null);
  if (paces.length === 0 || paces.every((p) => p <= 0))
    return {
      status: 'no_estimate',
      earliest: null,
      latest: null,
      reason:
        'The cut-off has not moved forward over the last years, so its history cannot support an estimate.',
    };
  const fastest = Math.max(...paces);
  const slowest = Math.min(...paces);
  const bulletinMonth = monthOf(`${now.bulletin}-01`);
  const earliest = bulletinMonth + Math.ceil(gap / fastest);
  if (slowest <= 0 || gap / slowest > HORIZON_MONTHS)
    return {
      status: 'range',
      earliest: monthText(earliest),
      latest: null,
      reason: `At the fastest recent pace (${fastest.toFixed(1)} months of cut-off per month) not before ${monthText(earliest)}; at the slowest, the cut-off ${slowest <= 0 ? 'does not advance' : 'would need more than 15 years'}, so there is no upper end.`,
    };
  const latest = bulletinMonth + Math.ceil(gap / slowest);
  return {
    status: 'range',
    earliest: monthText(earliest),
    latest: monthText(latest),
    reason: `If the final-action cut-off keeps moving as fast as it did over the last 1 to 5 years (${slowest.toFixed(1)} to ${fastest.toFixed(1)} months per month), between these bulletins. Retrogression happens: this is not a promise.`,
  };
}

export function bulletinAnswer(
  category: Preference,
  country: string,
  priorityDate: string | null,
): BulletinAnswer {
  const area = (AREA_KEYS as string[]).includes(country) ? (country as Area) : areaOf(country);
  const priority = priorityDate === null ? null : monthOf(`${priorityDate}-01`);
  const charts = (['final_action', 'dates_for_filing'] as const).map((chart): ChartAnswer => {
    const history = cutoffSeries(chart, category, area);
    const now = history.at(-1)!;
    return {
      chart,
      bulletin: now.bulletin,
      cutoff: now.cutoff,
      standing: standingOf(now, priority),
      moved12: moved(history, 12),
      moved36: moved(history, 36),
      history: history.slice(-37),
    };
  });
  const finalAction = cutoffSeries('final_action', category, area);
  return {
    category,
    area,
    priorityDate,
    latestBulletin: charts[0]!.bulletin,
    charts,
    estimate: priority === null ? null : estimate(finalAction, priority),
    source: BULLETIN_SOURCE,
  };
}
