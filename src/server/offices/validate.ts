/** Whether a timeline's offices fit its category: the office check of the one validation gate. */
import { CATEGORIES, type CategoryKey, MILESTONE_LABELS } from '../timelines/catalogue.ts';
import type { ValidationIssue } from '../timelines/input-schema.ts';
import { KIND_LABELS, OFFICE_SLOTS, OFFICES, fitsSlot, officeLabel } from './catalogue.ts';

export interface OfficeInput {
  category: CategoryKey;
  office: string | null;
  later_office: string | null;
  service_center: string | null;
}

/** The office to store: `office`, or `service_center`, its older name. */
export const effectiveOffice = (input: OfficeInput): string | null => input.office ?? input.service_center;

export function checkOffices(input: OfficeInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const form = CATEGORIES[input.category].form;
  const slots = OFFICE_SLOTS[input.category];
  if (input.office !== null && input.service_center !== null && input.office !== input.service_center) {
    issues.push({
      path: 'service_center',
      message: 'service_center is the older name of office: send one of them, or the same value in both.',
    });
  }
  const office = effectiveOffice(input);
  if (office !== null && OFFICES.has(office) && !fitsSlot(office, slots.office)) {
    issues.push({
      path: input.office !== null ? 'office' : 'service_center',
      message: `${form} cases are filed with ${KIND_LABELS[slots.office].one}; ${officeLabel(office)} is not one.`,
    });
  }
  const later = input.later_office;
  if (later !== null && OFFICES.has(later)) {
    if (slots.later === null) {
      issues.push({
        path: 'later_office',
        message: `${form} cases stay at one office: leave the later office empty.`,
      });
    } else if (!fitsSlot(later, slots.later.kind)) {
      issues.push({
        path: 'later_office',
        message: `From “${MILESTONE_LABELS[slots.later.from]}” on, ${form} cases are at ${KIND_LABELS[slots.later.kind].one}; ${officeLabel(later)} is not one.`,
      });
    }
  }
  return issues;
}
