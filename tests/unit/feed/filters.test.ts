import { describe, expect, it } from 'vitest';
import { feedSearch, parseFeedQuery } from '../../../src/server/feed/filters.ts';

const parse = (query: string) => parseFeedQuery(new URLSearchParams(query));

describe('feed filters', () => {
  it.each([
    // nothing, and empty selects, mean "any"
    ['', {}],
    ['category=&country=&milestone=', {}],
    // country codes are accepted in either case
    ['country=in', { country: 'IN' }],
    ['category=i140&milestone=approved&after=abc', { category: 'i140', milestone: 'approved', after: 'abc' }],
  ])('%s → %o', (query, expected) => {
    const result = parse(query);
    expect(
      result.success && Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)),
    ).toEqual(expected);
  });

  it.each([
    ['category=i999', 'category'],
    ['country=ZZ', 'country'],
    ['country=India', 'country'],
    ['milestone=hacked', 'milestone'],
    [`after=${'x'.repeat(401)}`, 'after'],
  ])('refuses %s naming %s', (query, field) => {
    const result = parse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });

  it('writes filters back in a stable order, cursor last', () => {
    expect(feedSearch({ milestone: 'approved', country: 'IN', category: 'i485' }, 'cur')).toBe(
      '?category=i485&country=IN&milestone=approved&after=cur',
    );
    expect(feedSearch({})).toBe('');
  });
});
