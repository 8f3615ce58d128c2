/**
 * The demo generator's offices: N-400 cases at real field offices (slower where USCIS says it
 * is slower), I-485/I-751 interviews at field offices, I-130/K-1 visas at a post in the
 * applicant's country of birth when there is one.
 */
import { CONSULAR_POST_LIST, FIELD_OFFICE_LIST } from '../offices/list.ts';
import type { CategoryKey } from '../timelines/catalogue.ts';
import type { Milestone } from '../timelines/types.ts';
import { SERVICE_CENTER_FACTOR } from './distributions.ts';
import type { Random } from './random.ts';

// Bigger metro areas file more: a rough weight, enough for demo groups of useful size.
const BUSY = new Set([
  'NYC',
  'QNS',
  'BNY',
  'NEW',
  'LOS',
  'LAC',
  'CHI',
  'HOU',
  'MIA',
  'DAL',
  'SFR',
  'SNJ',
  'ATL',
  'WAS',
  'BOS',
  'PHI',
  'SEA',
]);
const FIELD_OFFICE_WEIGHTS = FIELD_OFFICE_LIST.map((o) => [o.code, BUSY.has(o.code) ? 6 : 1] as const);

/**
 * How much slower than usual an N-400 office is: USCIS's own N-400 "80% within" of
 * 2026-09 for that office over their median across offices (11.5 months).
 */
const N400_MONTHS: Record<string, number> = Object.fromEntries([
  ['NEW', 11],
  ['NYC', 10],
  ['QNS', 9],
  ['BNY', 10],
  ['LOS', 9.5],
  ['LAC', 10.5],
  ['CHI', 11.5],
  ['HOU', 11.5],
  ['MIA', 8],
  ['DAL', 12],
  ['SFR', 13.5],
  ['SNJ', 14.5],
  ['ATL', 12],
  ['WAS', 11],
  ['BOS', 13.5],
  ['PHI', 10.5],
  ['SEA', 12],
  ['LAW', 17.5],
  ['CIN', 8],
]);

export function pickOffice(rng: Random, category: CategoryKey, drawn: string | null): string | null {
  if (category !== 'n400' || drawn !== 'field_office') return drawn;
  return rng.chance(0.85) ? rng.pick(FIELD_OFFICE_WEIGHTS) : drawn;
}

export function officeFactor(office: string | null): number {
  if (office === null) return 1;
  const months = N400_MONTHS[office];
  if (months !== undefined) return months / 11.5;
  return SERVICE_CENTER_FACTOR[office as keyof typeof SERVICE_CENTER_FACTOR] ?? 1;
}

const INTERVIEW_KEYS = new Set(['interview_scheduled', 'interview', 'interview_waived']);

export function pickLaterOffice(
  rng: Random,
  category: CategoryKey,
  country: string,
  milestones: readonly Milestone[],
): string | null {
  if (category === 'i485' || category === 'i751') {
    if (!milestones.some((m) => INTERVIEW_KEYS.has(m.key))) return null;
    const r = rng.next();
    return r < 0.7 ? rng.pick(FIELD_OFFICE_WEIGHTS) : r < 0.8 ? 'field_office' : null;
  }
  if (category === 'i130' || category === 'i129f') {
    if (!milestones.some((m) => m.key === 'nvc_received')) return null;
    if (!rng.chance(0.75)) return null;
    const posts = CONSULAR_POST_LIST.filter((p) => p.country === country);
    const list = posts.length > 0 ? posts : CONSULAR_POST_LIST;
    return list[rng.int(0, list.length - 1)]!.code;
  }
  return null;
}
