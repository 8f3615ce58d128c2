/** The choices the timeline form offers, and what its islands need to know about categories. */
import {
  CATEGORIES,
  CATEGORY_KEYS,
  type CategoryKey,
  I140_SUBCATEGORIES,
  isCategoryKey,
  MILESTONE_LABELS,
  type MilestoneKey,
  milestoneOrder,
  SUBCATEGORY_LABELS,
} from './catalogue.ts';
import { pickerGroups } from '../offices/catalogue.ts';
import { countryOptions } from './countries.ts';
import { FIRST_FILING_MONTH } from './months.ts';
import { latestReportableMonth } from './validate.ts';

export interface Option {
  value: string;
  label: string;
}

export const categoryOptions: Option[] = CATEGORY_KEYS.map((key) => ({
  value: key,
  label: CATEGORIES[key].label,
}));
export const subcategoryOptions: Option[] = I140_SUBCATEGORIES.map((key) => ({
  value: key,
  label: SUBCATEGORY_LABELS[key],
}));
/** Where a case is filed: a service center, or (N-400) a field office. */
export const officeGroups = pickerGroups(['service_center', 'field_office']);
/** Where it ends: the interview field office, or the consular post. */
export const laterOfficeGroups = pickerGroups(['field_office', 'consular_post']);
export const countrySelectOptions: Option[] = countryOptions().map((c) => ({ value: c.code, label: c.name }));

const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
export const monthOptions: Option[] = Array.from({ length: 12 }, (_, i) => ({
  value: String(i + 1).padStart(2, '0'),
  label: monthName.format(new Date(Date.UTC(2000, i, 1))),
}));

/** Years from the latest reportable one back to the first accepted filing year. */
export function yearOptions(now: Date = new Date()): Option[] {
  const latest = Math.floor(latestReportableMonth(now) / 12);
  const first = Math.floor(FIRST_FILING_MONTH / 12);
  return Array.from({ length: latest - first + 1 }, (_, i) => String(latest - i)).map((y) => ({
    value: y,
    label: y,
  }));
}

/** Milestones a category's rows can pick (all of them, in a sensible order, when none is chosen). */
export function milestoneOptions(category: string): Option[] {
  const keys: MilestoneKey[] = isCategoryKey(category)
    ? milestoneOrder(category)
    : [...new Set(CATEGORY_KEYS.flatMap((c) => milestoneOrder(c)))];
  return keys.filter((k) => k !== 'filed').map((k) => ({ value: k, label: MILESTONE_LABELS[k] }));
}

/** For the islands: each category's milestones in order, and which categories take I-140 fields. */
export function categoryCatalogue(): {
  milestones: Record<CategoryKey, MilestoneKey[]>;
  withI140Fields: CategoryKey[];
} {
  const milestones = Object.fromEntries(
    CATEGORY_KEYS.map((c) => [c, milestoneOrder(c).filter((k) => k !== 'filed')]),
  ) as Record<CategoryKey, MilestoneKey[]>;
  return {
    milestones,
    withI140Fields: CATEGORY_KEYS.filter(
      (c) => CATEGORIES[c].hasFlags || CATEGORIES[c].subcategories.length > 0,
    ),
  };
}
