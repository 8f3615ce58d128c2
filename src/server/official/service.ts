/**
 * Official figures beside community ones: for a statistics filter, USCIS's processing time for
 * the form and office, NVC's timeframes on the consular steps, and the sentence that says why
 * they differ from CaseTrack's Kaplan–Meier figures.
 */
import type { StatsFilter } from '../stats/filters.ts';
import type { CategoryKey, MilestoneKey, Subcategory } from '../timelines/catalogue.ts';
import { type NvcAnswer, nvcTimeframes } from './nvc.ts';
import { OFFICIAL_PAIR } from './forms.ts';
import { type OfficialAnswer, officialProcessingTimes } from './processing-times.ts';

export const WHY_THEY_DIFFER =
  'USCIS counts only cases it completed in the last months, so while a backlog grows its figure runs short; CaseTrack’s Kaplan–Meier also counts cases still waiting (censored), and describes cases by when they were filed.';

export interface OfficialBlock {
  processing_times: OfficialAnswer;
  /** Whether the community figure describes the same span as USCIS's (filed → approved). */
  same_span: boolean;
  nvc: NvcAnswer | null;
  why_they_differ: string;
}

const NVC_STEPS: Partial<Record<CategoryKey, readonly MilestoneKey[]>> = {
  i130: ['nvc_received', 'fees_paid', 'ds260_submitted', 'documentarily_qualified'],
  i129f: ['nvc_received'],
};

export function officialFor(
  category: CategoryKey,
  subcategory: Subcategory | null,
  office: string | null,
  pair: { from: MilestoneKey; to: MilestoneKey } = OFFICIAL_PAIR,
): OfficialBlock | null {
  const processing = officialProcessingTimes(category, subcategory, office);
  const consular = NVC_STEPS[category];
  const nvc =
    consular && (consular.includes(pair.from) || consular.includes(pair.to)) ? nvcTimeframes() : null;
  if (processing.series.length === 0 && nvc === null) return null;
  return {
    processing_times: processing,
    same_span: pair.from === OFFICIAL_PAIR.from && pair.to === OFFICIAL_PAIR.to,
    nvc,
    why_they_differ: WHY_THEY_DIFFER,
  };
}

/** The block for a statistics filter, or null when no official figure applies. */
export const officialForFilter = (f: StatsFilter): OfficialBlock | null =>
  officialFor(f.category, f.subcategory, f.office, { from: f.from, to: f.to });
