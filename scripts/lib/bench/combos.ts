/** The filter combinations the benchmark times: defaults, every filter alone, and mixes. */
import type { StatsFilter } from '../../../src/server/stats/filters.ts';
import type { BreakdownDimension } from '../../../src/server/stats/filters.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { buildStatsFilter } from '../../../tests/factories.ts';

// The tests' factory: I-485 filed → approved with every other filter unset, as the parser defaults.
const f = buildStatsFilter;

export const STATS_COMBOS: StatsFilter[] = [
  f({}),
  f({ category: 'i130' }),
  f({ category: 'n400' }),
  f({ category: 'i765' }),
  f({ country: 'IN' }),
  f({ country: 'MX' }),
  f({ office: 'NBC' }),
  f({ filedFrom: monthIndex(2023, 1), filedTo: monthIndex(2024, 12) }),
  f({ country: 'IN', filedFrom: monthIndex(2023, 1), filedTo: monthIndex(2024, 12) }),
  f({ country: 'CN', office: 'NBC' }),
  f({ country: 'IN', office: 'TSC', filedFrom: monthIndex(2022, 1) }),
  f({ office: 'NSC', filedTo: monthIndex(2023, 6) }),
  f({ from: 'interview', to: 'approved' }),
  f({ from: 'biometrics', to: 'ead_ap_approved', country: 'IN' }),
  f({ from: 'approved', to: 'card_delivered', filedFrom: monthIndex(2022, 1) }),
  f({ category: 'i140' }),
  f({ category: 'i140', subcategory: 'eb2-niw', country: 'IN' }),
  f({ category: 'i140', premium: true }),
  f({ category: 'i140', premium: false, concurrent: true, filedFrom: monthIndex(2024, 1) }),
  f({ category: 'i130', from: 'nvc_received', to: 'interview', country: 'PH' }),
  f({ category: 'n400', from: 'interview', to: 'oath', office: 'field_office' }),
  f({ category: 'i751', country: 'IS' }),
];

export const BREAKDOWN_COMBOS: { filter: StatsFilter; by: BreakdownDimension }[] = [
  { filter: f({}), by: 'country' },
  { filter: f({}), by: 'office' },
  { filter: f({}), by: 'filed_quarter' },
  { filter: f({ country: 'IN' }), by: 'filed_quarter' },
  { filter: f({ category: 'i130', filedFrom: monthIndex(2023, 1) }), by: 'country' },
  { filter: f({ category: 'i140', subcategory: 'eb2' }), by: 'office' },
  { filter: f({ from: 'interview', to: 'approved' }), by: 'country' },
  { filter: f({ category: 'n400', office: 'field_office' }), by: 'filed_quarter' },
];
