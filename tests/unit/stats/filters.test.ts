import { describe, expect, it } from 'vitest';
import { buildStatsFilter } from '../../factories.ts';
import {
  QueryError,
  breakdownQuerySchema,
  exploreQuerySchema,
  filterParams,
  groupEcho,
  queryRecord,
  statsQuerySchema,
} from '../../../src/server/stats/filters.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';

const parse = (query: string) => statsQuerySchema.safeParse(queryRecord(new URLSearchParams(query)));
const problems = (query: string) => {
  const result = parse(query);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the statistics filter', () => {
  it('defaults to filed → approved and leaves every other filter unset', () => {
    const result = parse('category=i485');
    // The factory's filter is, by its contract, exactly the parser's defaults.
    expect(result.success && result.data).toEqual(buildStatsFilter());
  });

  it('reads every filter', () => {
    const result = parse(
      'category=i140&subcategory=eb2-niw&country=in&service_center=TSC&filed_from=2023-01&filed_to=2024-12&from=receipt&to=approved&premium=true&concurrent=false',
    );
    expect(result.success && result.data).toEqual({
      category: 'i140',
      subcategory: 'eb2-niw',
      country: 'IN',
      serviceCenter: 'TSC',
      filedFrom: monthIndex(2023, 1),
      filedTo: monthIndex(2024, 12),
      from: 'receipt',
      to: 'approved',
      premium: true,
      concurrent: false,
    });
  });

  it.each([
    // Each case names the field the error must point at.
    ['', 'category'],
    ['category=i999', 'category'],
    ['category=i485&colour=red', 'colour'],
    ['category=i485&filed_from=2024-13', 'filed_from'],
    ['category=i485&filed_to=24-01', 'filed_to'],
    ['category=i485&filed_from=2024-05&filed_to=2024-01', 'filed_to'],
    ['category=i485&country=XX', 'country'],
    ['category=i485&subcategory=eb2', 'subcategory'],
    ['category=i485&from=nvc_received', 'from'],
    ['category=i485&from=approved&to=filed', 'to'],
    ['category=i485&premium=maybe', 'premium'],
  ])('"%s" is refused, naming %s', (query, field) => {
    expect(problems(query).join(' | ')).toContain(field);
  });

  it('empty values mean unset (a form sent with "Any"); repeated keys are refused', () => {
    expect(parse('category=i485&country=&service_center=').success).toBe(true);
    expect(() => queryRecord(new URLSearchParams('category=i485&country=IN&country=CN'))).toThrow(QueryError);
  });

  it('round-trips through URL parameters and echoes the group', () => {
    const result = parse('category=i485&country=IN&filed_from=2023-01&to=interview');
    if (!result.success) throw new Error('parse failed');
    expect(filterParams(result.data)).toEqual({
      category: 'i485',
      country: 'IN',
      filed_from: '2023-01',
      to: 'interview',
    });
    expect(groupEcho(result.data)).toEqual({
      category: 'i485',
      subcategory: null,
      country: 'IN',
      service_center: null,
      filed_from: '2023-01',
      filed_to: null,
      premium: null,
      concurrent: null,
    });
  });

  it('the breakdown needs a known dimension; CSV on request', () => {
    expect(breakdownQuerySchema.safeParse({ category: 'i485', by: 'country', format: 'csv' }).success).toBe(
      true,
    );
    expect(breakdownQuerySchema.safeParse({ category: 'i485' }).success).toBe(false);
    expect(
      breakdownQuerySchema.safeParse({ category: 'i485', by: 'filed_quarter', format: 'xml' }).success,
    ).toBe(false);
  });

  it('the Explore page shares the schema and adds its own inputs', () => {
    const result = exploreQuerySchema.safeParse({ my_start: '2024-02', my_step: 'interview' });
    expect(result.success).toBe(false);
    const ok = exploreQuerySchema.safeParse({ my_step: 'interview', my_step_month: '2025-03' });
    expect(ok.success && ok.data.filter.category).toBe('i485');
    expect(ok.success && ok.data.myCase).toEqual({
      start: null,
      step: 'interview',
      stepMonth: monthIndex(2025, 3),
    });
  });
});
