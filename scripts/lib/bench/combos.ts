/** The filter combinations the benchmark times: defaults, every filter alone, and mixes. */
import type { StatsFilter } from '../../../src/server/stats/filters.ts';
import type { BreakdownDimension } from '../../../src/server/stats/filters.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';

const base: StatsFilter = {
  category: 'i485',
  subcategory: null,
  country: null,
  serviceCenter: null,
  filedFrom: null,
  filedTo: null,
  from: 'filed',
  to: 'approved',
  premium: null,
  concurrent: null,
};
const f = (o: Partial<StatsFilter>): StatsFilter => ({ ...base, ...o });

export const STATS_COMBOS: StatsFilter[] = [
  f({}),
  f({ category: 'i130' }),
  f({ category: 'n400' }),
  f({ category: 'i765' }),
  f({ country: 'IN' }),
  f({ country: 'MX' }),
  f({ serviceCenter: 'NBC' }),
  f({ filedFrom: monthIndex(2023, 1), filedTo: monthIndex(2024, 12) }),
  f({ country: 'IN', filedFrom: monthIndex(2023, 1), filedTo: monthIndex(2024, 12) }),
  f({ country: 'CN', serviceCenter: 'NBC' }),
  f({ country: 'IN', serviceCenter: 'TSC', filedFrom: monthIndex(2022, 1) }),
  f({ serviceCenter: 'NSC', filedTo: monthIndex(2023, 6) }),
  f({ from: 'interview', to: 'approved' }),
  f({ from: 'biometrics', to: 'ead_ap_approved', country: 'IN' }),
  f({ from: 'approved', to: 'card_delivered', filedFrom: monthIndex(2022, 1) }),
  f({ category: 'i140' }),
  f({ category: 'i140', subcategory: 'eb2-niw', country: 'IN' }),
  f({ category: 'i140', premium: true }),
  f({ category: 'i140', premium: false, concurrent: true, filedFrom: monthIndex(2024, 1) }),
  f({ category: 'i130', from: 'nvc_received', to: 'interview', country: 'PH' }),
  f({ category: 'n400', from: 'interview', to: 'oath', serviceCenter: 'field_office' }),
  f({ category: 'i751', country: 'IS' }),
];

export const BREAKDOWN_COMBOS: { filter: StatsFilter; by: BreakdownDimension }[] = [
  { filter: f({}), by: 'country' },
  { filter: f({}), by: 'service_center' },
  { filter: f({}), by: 'filed_quarter' },
  { filter: f({ country: 'IN' }), by: 'filed_quarter' },
  { filter: f({ category: 'i130', filedFrom: monthIndex(2023, 1) }), by: 'country' },
  { filter: f({ category: 'i140', subcategory: 'eb2' }), by: 'service_center' },
  { filter: f({ from: 'interview', to: 'approved' }), by: 'country' },
  { filter: f({ category: 'n400', serviceCenter: 'field_office' }), by: 'filed_quarter' },
];
