/** The Explore page's one-sentence answer, in plain words, naming the group it describes. */
import { CATEGORIES, MILESTONE_LABELS, categoryLabel } from '../timelines/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import { displayMonth } from '../timelines/months.ts';
import type { StatsFilter } from './filters.ts';
import type { GroupFigures } from './summary.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** "14 months", "1 month", "14.5 months". */
export function months(value: number): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${value === 1 ? 'month' : 'months'}`;
}

/** "I-485 cases from India at NBC filed Jan 2023 – Dec 2024" */
export function groupPhrase(f: StatsFilter): string {
  const parts = [`${categoryLabel(f.category, f.subcategory)} cases`];
  if (f.premium === true) parts.push('with premium processing');
  if (f.premium === false && CATEGORIES[f.category].hasFlags) parts.push('without premium processing');
  if (f.concurrent === true) parts.push('filed concurrently with an I-485');
  if (f.country) parts.push(`from ${countryName(f.country)}`);
  if (f.serviceCenter)
    parts.push(
      `at ${f.serviceCenter === 'field_office' ? 'a field office' : f.serviceCenter === 'unknown' ? 'an unknown office' : f.serviceCenter}`,
    );
  if (f.filedFrom !== null && f.filedTo !== null) {
    parts.push(
      f.filedFrom === f.filedTo
        ? `filed in ${displayMonth(f.filedFrom)}`
        : `filed ${displayMonth(f.filedFrom)} – ${displayMonth(f.filedTo)}`,
    );
  } else if (f.filedFrom !== null) parts.push(`filed since ${displayMonth(f.filedFrom)}`);
  else if (f.filedTo !== null) parts.push(`filed up to ${displayMonth(f.filedTo)}`);
  return parts.join(' ');
}

function reached(f: StatsFilter): string {
  const target = f.to === 'approved' ? 'were approved' : `reached “${MILESTONE_LABELS[f.to].toLowerCase()}”`;
  return f.from === 'filed'
    ? target
    : `${target} (counting from “${MILESTONE_LABELS[f.from].toLowerCase()}”)`;
}

export function headline(f: StatsFilter, figures: GroupFigures, k: number): string {
  const group = groupPhrase(f);
  if (figures.suppressed || figures.n === null) {
    return `Not enough timelines yet for ${group}: we show figures only for groups of at least ${k} timelines.`;
  }
  const timelines = `${count(figures.n)} ${figures.n === 1 ? 'timeline' : 'timelines'}`;
  // The pending count is withheld when it or the completed count is under K (docs/decisions/050).
  const basis =
    figures.censored === null
      ? `Based on ${timelines}.`
      : `Based on ${timelines}, ${count(figures.censored)} still pending.`;
  const { median, median_ci: ci, p80 } = figures.km;
  if (median === null) {
    return `Fewer than half of ${group} ${reached(f).replace(/^were /, 'have been ')} so far, so the typical wait is not known yet. ${basis}`;
  }
  const interval =
    ci[0] !== null && ci[1] !== null
      ? ` (95% CI ${ci[0]}–${ci[1]})`
      : ci[0] !== null
        ? ` (95% CI from ${ci[0]})`
        : '';
  const eighty = p80 === null ? '. When 80% are done is not known yet.' : `; 80% within ${months(p80)}.`;
  return `Half of ${group} ${reached(f)} within ${months(median)}${interval}${eighty} ${basis}`;
}
