// Valid, varied submissions for load runs: each differs in what the duplicate guard compares.
import { currentMonth, formatMonth } from '../../src/server/timelines/months.ts';

const COUNTRIES = [
  'IN',
  'CN',
  'MX',
  'PH',
  'BR',
  'NG',
  'VN',
  'KR',
  'CA',
  'GB',
  'PK',
  'DE',
  'FR',
  'CO',
  'UA',
  'EG',
  'TR',
  'JP',
  'NP',
  'KE',
];

export interface Submission {
  category: string;
  subcategory: null;
  country: string;
  office: string | null;
  filed: string;
  milestones: { key: string; month: string }[];
  premium: false;
  concurrent: false;
  note: string | null;
}

export function randomSubmission(random: () => number = Math.random): Submission {
  const now = currentMonth();
  const filed = now - 2 - Math.floor(random() * 70);
  const receipt = filed + Math.floor(random() * 2);
  const biometrics = Math.min(now, receipt + 1 + Math.floor(random() * 3));
  const category = random() < 0.5 ? 'i485' : 'i765';
  return {
    category,
    subcategory: null,
    country: COUNTRIES[Math.floor(random() * COUNTRIES.length)]!,
    office: random() < 0.5 ? 'NBC' : null,
    filed: formatMonth(filed),
    milestones: [
      { key: 'receipt', month: formatMonth(receipt) },
      { key: 'biometrics', month: formatMonth(biometrics) },
    ],
    premium: false,
    concurrent: false,
    note: random() < 0.3 ? 'Load test submission, biometrics done.' : null,
  };
}
