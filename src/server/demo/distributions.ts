/**
 * Weighted, roughly realistic distributions for synthetic timelines. The figures are
 * plausible shapes, not published processing times: demo data is always marked as such.
 */
import type { CategoryKey, ServiceCenter, Subcategory } from '../timelines/catalogue.ts';

type Weighted<T> = readonly (readonly [T, number])[];

export const CATEGORY_WEIGHTS: Weighted<CategoryKey> = [
  ['i485', 25],
  ['i140', 15],
  ['i130', 15],
  ['n400', 15],
  ['i765', 12],
  ['i131', 8],
  ['i751', 6],
  ['i129f', 4],
];

// A long tail keeps some (category, country) groups below the small-group threshold.
export const COUNTRY_WEIGHTS: Weighted<string> = [
  ['IN', 22],
  ['CN', 12],
  ['MX', 8],
  ['PH', 7],
  ['VN', 3],
  ['BR', 3],
  ['NG', 3],
  ['KR', 3],
  ['CA', 2],
  ['GB', 2],
  ['PK', 2],
  ['IR', 2],
  ['BD', 2],
  ['RU', 2],
  ['UA', 2],
  ['CO', 2],
  ['EG', 1],
  ['TR', 1],
  ['DE', 1],
  ['FR', 1],
  ['JP', 1],
  ['NP', 1],
  ['ET', 1],
  ['GH', 1],
  ['DO', 1],
  ['SV', 1],
  ['GT', 1],
  ['HT', 1],
  ['JM', 1],
  ['KE', 1],
  ['IS', 0.05],
  ['LU', 0.05],
  ['MT', 0.05],
  ['BT', 0.05],
  ['FJ', 0.05],
];

export const SERVICE_CENTER_WEIGHTS: Record<CategoryKey, Weighted<ServiceCenter | null>> = {
  i130: [
    ['NBC', 15],
    ['CSC', 20],
    ['TSC', 15],
    ['NSC', 15],
    ['VSC', 15],
    ['YSC', 10],
    [null, 10],
  ],
  i129f: [
    ['CSC', 35],
    ['VSC', 25],
    ['TSC', 20],
    ['NSC', 10],
    [null, 10],
  ],
  i485: [
    ['NBC', 45],
    ['TSC', 15],
    ['NSC', 12],
    ['field_office', 13],
    ['unknown', 5],
    [null, 10],
  ],
  i140: [
    ['TSC', 50],
    ['NSC', 40],
    [null, 10],
  ],
  i765: [
    ['NBC', 30],
    ['TSC', 20],
    ['NSC', 20],
    ['CSC', 10],
    ['YSC', 10],
    [null, 10],
  ],
  i131: [
    ['NBC', 35],
    ['TSC', 20],
    ['NSC', 20],
    ['YSC', 15],
    [null, 10],
  ],
  i751: [
    ['CSC', 30],
    ['VSC', 30],
    ['NSC', 20],
    ['TSC', 10],
    [null, 10],
  ],
  n400: [
    ['field_office', 70],
    ['unknown', 15],
    [null, 15],
  ],
};

export const I140_SUBCATEGORY_WEIGHTS: Weighted<Subcategory> = [
  ['eb2', 30],
  ['eb2-niw', 25],
  ['eb3', 20],
  ['eb1a', 10],
  ['eb1c', 10],
  ['eb1b', 5],
];

/** Median months from filing to decision. */
export const MEDIAN_DECISION_MONTHS: Record<CategoryKey, number> = {
  i130: 14,
  i129f: 10,
  i485: 12,
  i140: 8,
  i765: 4,
  i131: 7,
  i751: 20,
  n400: 8,
};

export const COUNTRY_FACTOR: Record<string, number> = {
  IN: 1.35,
  CN: 1.25,
  MX: 1.1,
  PH: 1.1,
  IR: 1.4,
  PK: 1.2,
};

export const SERVICE_CENTER_FACTOR: Partial<Record<ServiceCenter, number>> = {
  NBC: 1.0,
  TSC: 0.9,
  NSC: 1.1,
  CSC: 1.05,
  VSC: 1.15,
  YSC: 0.95,
  field_office: 1.2,
};

export const NOTES: readonly string[] = [
  'Biometrics were reused, no appointment needed.',
  'RFE asked for a new medical exam.',
  'Interview took about 20 minutes.',
  'Case was transferred to a field office.',
  'Got my EAD after 4 months.',
  'Called the contact center twice, no new information.',
  'Approved without an interview.',
  'Still waiting, case status has not changed in months.',
  'Premium processing made a big difference.',
  'Our senator’s office sent an inquiry.',
];
