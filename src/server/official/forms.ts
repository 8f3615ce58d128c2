/**
 * CaseTrack's categories → USCIS's processing-time form and sub-form codes, in one typed
 * table. A category USCIS reports under several sub-forms (I-130 by relationship, I-485 by
 * basis) lists them all, since CaseTrack does not ask which applies; one with no counterpart
 * says why.
 */
import type { CategoryKey, Subcategory } from '../timelines/catalogue.ts';

export interface OfficialForm {
  form: string;
  subform: string;
  label: string;
}

export type FormMapping = { forms: readonly OfficialForm[]; note?: string };

const f = (form: string, subform: string, label: string): OfficialForm => ({ form, subform, label });

const I140: Record<Subcategory, OfficialForm> = {
  eb1a: f('I-140', '136A-E11', 'I-140 extraordinary ability (E11)'),
  eb1b: f('I-140', '136A-E12', 'I-140 outstanding professor or researcher (E12)'),
  eb1c: f('I-140', '136A-E13', 'I-140 multinational executive or manager (E13)'),
  eb2: f('I-140', '136A-E21', 'I-140 advanced degree or exceptional ability (E21)'),
  'eb2-niw': f('I-140', '136A-NIW', 'I-140 national interest waiver (NIW)'),
  eb3: f('I-140', '136A-E31', 'I-140 skilled worker or professional (E31/E32)'),
};

export const OFFICIAL_FORMS: Record<CategoryKey, FormMapping> = {
  i130: {
    forms: [
      f('I-130', '134A-IR', 'I-130 U.S. citizen for a spouse, parent or child under 21'),
      f('I-130', '134A-F21', 'I-130 permanent resident for a spouse or child under 21'),
      f('I-130', '134B-F11', 'I-130 U.S. citizen for an unmarried son or daughter 21+'),
      f('I-130', '134B-F24', 'I-130 permanent resident for an unmarried son or daughter 21+'),
      f('I-130', '134B-F31', 'I-130 U.S. citizen for a married son or daughter'),
      f('I-130', '134B-F41', 'I-130 U.S. citizen for a brother or sister'),
    ],
    note: 'USCIS reports I-130 by relationship, which CaseTrack does not ask: all are shown.',
  },
  i129f: { forms: [f('I-129F', '134A-K', 'I-129F fiancé(e) or spouse (K visas)')] },
  i485: {
    forms: [f('I-485', '131A', 'I-485 employment-based'), f('I-485', '131A-FAM', 'I-485 family-based')],
    note: 'USCIS reports I-485 by basis (employment, family), which CaseTrack does not ask: both are shown.',
  },
  i140: { forms: Object.values(I140) },
  i765: {
    forms: [f('I-765', '147-C9', 'I-765 based on a pending I-485 (c)(9)')],
    note: 'USCIS reports 14 kinds of I-765; the one shown is the EAD based on a pending I-485, the usual one here.',
  },
  i131: {
    forms: [
      f('I-131', '141B-OTH', 'I-131 advance parole'),
      f('I-131', '141A-RT', 'I-131 re-entry permit or refugee travel document'),
    ],
  },
  i751: { forms: [f('I-751', '148A', 'I-751 removal of conditions')] },
  n400: { forms: [f('N-400', '160A', 'N-400 naturalization')] },
};

/** The sub-forms that apply to a category, narrowed by its sub-category where USCIS has one. */
export function officialFormsFor(category: CategoryKey, subcategory: Subcategory | null): FormMapping {
  if (category === 'i140' && subcategory) return { forms: [I140[subcategory]] };
  return OFFICIAL_FORMS[category];
}

/**
 * Which milestone pair USCIS's figure describes: receipt to completion (approval or denial).
 * CaseTrack's nearest pair is filed → approved; the page says so.
 */
export const OFFICIAL_PAIR = { from: 'filed', to: 'approved' } as const;
