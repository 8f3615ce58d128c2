/**
 * Where an owned timeline stands among similar cases (same category, subcategory, country and
 * filing quarter), and its "my case" outlook: both from the statistics engine, both withheld
 * for a group smaller than K, exactly like every public figure.
 */
import type { Database } from '../db/client.ts';
import type { StatsFilter } from '../stats/filters.ts';
import { groupPhrase } from '../stats/headline.ts';
import { type Conditional, conditional, kaplanMeier, survivalAt } from '../stats/kaplan-meier.ts';
import { MY_CASE_HORIZONS } from '../stats/explore.ts';
import { quarterOfMonth } from '../stats/queries/counts.ts';
import { getRollupCounts } from '../stats/queries/rollup-counts.ts';
import { type StatsSettings, protectionFor, settingsFromEnv } from '../stats/service.ts';
import { curveEnd, durationCounts, protectedCells } from '../stats/summary.ts';
import type { Timeline } from '../timelines/types.ts';
import type { CaseProgress } from './progress.ts';

export type Standing =
  | { status: 'insufficient'; group: string; k: number }
  | {
      status: 'shown';
      group: string;
      /** Timelines in the group (the sample size behind the estimate). */
      n: number;
      /** Kaplan–Meier estimate of the share of similar cases approved in fewer months than this one waited. */
      approvedSooner: number | null;
      /** Pending cases only, when at least K similar cases were still waiting this long. */
      outlook: Conditional | null;
    };

/** The similar-cases group of a timeline, in the statistics engine's own filter. */
export function similarCasesFilter(
  t: Pick<Timeline, 'category' | 'subcategory' | 'country' | 'filedMonth'>,
): StatsFilter {
  const quarterStart = quarterOfMonth(t.filedMonth) * 3;
  return {
    category: t.category,
    subcategory: t.subcategory,
    country: t.country,
    serviceCenter: null,
    filedFrom: quarterStart,
    filedTo: quarterStart + 2,
    from: 'filed',
    to: 'approved',
    premium: null,
    concurrent: null,
  };
}

export async function caseStanding(
  db: Database,
  t: Timeline,
  progress: CaseProgress,
  settings: StatsSettings = settingsFromEnv(),
): Promise<Standing> {
  const filter = similarCasesFilter(t);
  const group = groupPhrase(filter);
  // The same protected counts as the public figures (docs/decisions/050): an owner's view is
  // no back door into a small group.
  const rows = await getRollupCounts(db, filter, { includeDemo: settings.includeDemo });
  const cells = protectedCells(rows, await protectionFor(db, filter, rows, settings));
  if (cells === null) return { status: 'insufficient', group, k: settings.k };
  const km = kaplanMeier(durationCounts(cells));
  const waited = progress.waitedMonths;
  // "Sooner" is strictly fewer whole months than this case took (or has taken so far).
  // Beyond the end of the published curve (fewer than K at risk) there is no answer.
  const end = curveEnd(km, settings.k);
  const before = waited <= 0 ? 1 : end === null || waited - 1 > end ? null : survivalAt(km, waited - 1);
  let outlook: Conditional | null = null;
  if (progress.decision === null) {
    const answer = conditional(km, waited, MY_CASE_HORIZONS);
    if (answer.atRisk >= settings.k) outlook = answer;
  }
  return { status: 'shown', group, n: km.n, approvedSooner: before === null ? null : 1 - before, outlook };
}
