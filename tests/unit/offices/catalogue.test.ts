import { describe, expect, it } from 'vitest';
import {
  OFFICES,
  fitsSlot,
  officeLabel,
  officePhrase,
  pickerGroups,
  resolveOfficeCode,
} from '../../../src/server/offices/catalogue.ts';
import {
  CONSULAR_POST_LIST,
  FIELD_OFFICE_LIST,
  SERVICE_CENTER_LIST,
} from '../../../src/server/offices/list.ts';
import { checkOffices } from '../../../src/server/offices/validate.ts';
import { isCountryCode } from '../../../src/server/timelines/countries.ts';

describe('office catalogue', () => {
  it('holds the 7 service centers, the 90 field offices and the consular posts, codes unique', () => {
    expect(SERVICE_CENTER_LIST).toHaveLength(7);
    expect(FIELD_OFFICE_LIST).toHaveLength(90);
    expect(CONSULAR_POST_LIST.length).toBeGreaterThan(220);
    const codes = [...SERVICE_CENTER_LIST, ...FIELD_OFFICE_LIST, ...CONSULAR_POST_LIST].map((o) =>
      o.code.toLowerCase(),
    );
    expect(new Set(codes).size).toBe(codes.length);
    for (const post of CONSULAR_POST_LIST) expect(isCountryCode(post.country), post.code).toBe(true);
  });

  it.each([
    // Each case: what someone typed → the stored code.
    ['NEW', 'NEW'],
    ['new', 'NEW'],
    [' QNS ', 'QNS'],
    ['scops', 'SCOPS'],
    ['ESC', 'VSC'],
    ['SSC', 'TSC'],
    ['Ciudad-Juarez', 'ciudad-juarez'],
    ['nur-sultan', 'astana'],
    ['field_office', 'field_office'],
    ['XYZ', undefined],
  ])('resolves %j to %j', (text, code) => {
    expect(resolveOfficeCode(text)).toBe(code);
  });

  it('names offices for people', () => {
    expect(officeLabel('NEW')).toBe('Newark NJ field office');
    expect(officeLabel('ciudad-juarez')).toBe('Ciudad Juarez (Mexico)');
    expect(officeLabel('NBC')).toBe('National Benefits Center (NBC)');
    expect(officePhrase('NEW')).toBe('the Newark NJ field office');
    expect(officePhrase('field_office')).toBe('a field office');
    expect(officePhrase('NBC')).toBe('NBC');
  });

  it('groups the picker by state and country, with a "Not said" group last', () => {
    const groups = pickerGroups(['field_office']);
    const nj = groups.find((g) => g.label === 'New Jersey');
    expect(nj?.options.map((o) => o.value)).toEqual(['NJC', 'MTL', 'NEW']);
    expect(groups.at(-1)?.options.map((o) => o.value)).toEqual(['field_office', 'unknown']);
    const posts = pickerGroups(['consular_post']).find((g) => g.label === 'India');
    expect(posts?.options.map((o) => o.value)).toEqual([
      'chennai',
      'hyderabad',
      'kolkata',
      'mumbai',
      'new-delhi',
    ]);
    // Former names are searchable.
    expect(OFFICES.get('STA')?.search).toContain('saint albans');
  });

  it('knows which kinds fit which slot', () => {
    expect(fitsSlot('NEW', 'field_office')).toBe(true);
    expect(fitsSlot('NBC', 'field_office')).toBe(false);
    expect(fitsSlot('field_office', 'service_center')).toBe(true); // kept from before offices
    expect(fitsSlot('unknown', 'consular_post')).toBe(true);
    expect(fitsSlot('mumbai', 'field_office')).toBe(false);
  });
});

describe('checkOffices', () => {
  const base = { office: null, later_office: null, service_center: null };
  it.each([
    // Each case names the field the problem is reported on, or none.
    [{ category: 'n400', office: 'NEW' }, []],
    [{ category: 'n400', office: 'NBC' }, ['office']],
    [{ category: 'i485', office: 'NBC', later_office: 'NEW' }, []],
    [{ category: 'i485', later_office: 'mumbai' }, ['later_office']],
    [{ category: 'i130', office: 'NBC', later_office: 'mumbai' }, []],
    [{ category: 'i140', later_office: 'NEW' }, ['later_office']],
    [{ category: 'i485', service_center: 'NBC', office: 'NSC' }, ['service_center']],
    [{ category: 'i485', service_center: 'field_office' }, []],
  ] as const)('%j → %j', (input, paths) => {
    expect(checkOffices({ ...base, ...input }).map((i) => i.path)).toEqual(paths);
  });
});
