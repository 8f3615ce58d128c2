/** Human titles for a feed filter: "I-485 · India · Approved". */
import { CATEGORIES, MILESTONE_LABELS } from '../timelines/catalogue.ts';
import { officeShortLabel } from '../offices/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import type { FeedFilters } from './filters.ts';

export function filterTitle(filters: FeedFilters): string {
  const parts = [
    filters.category ? CATEGORIES[filters.category].form : undefined,
    filters.country ? countryName(filters.country) : undefined,
    filters.office ? officeShortLabel(filters.office) : undefined,
    filters.milestone ? MILESTONE_LABELS[filters.milestone] : undefined,
  ].filter(Boolean);
  return parts.length ? `Community feed: ${parts.join(' · ')}` : 'Community feed';
}
