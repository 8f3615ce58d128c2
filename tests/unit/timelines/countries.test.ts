import { describe, expect, it } from 'vitest';
import {
  COUNTRY_CODES,
  countryName,
  countryOptions,
  isCountryCode,
} from '../../../src/server/timelines/countries.ts';

describe('countries', () => {
  it('knows every ISO 3166-1 alpha-2 code once, plus Kosovo', () => {
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(new Set(COUNTRY_CODES).size).toBe(250);
    for (const code of ['IN', 'CN', 'MX', 'PH', 'US', 'XK', 'SS']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['in', 'XX', 'UK', 'EU', 'IND', '']) expect(isCountryCode(code)).toBe(false);
  });

  it('names countries with Intl.DisplayNames', () => {
    expect(countryName('IN')).toBe('India');
    expect(countryName('XK')).toBe('Kosovo');
    const options = countryOptions();
    expect(options.every((o) => o.name !== o.code)).toBe(true);
    expect(options.map((o) => o.name)).toEqual(
      [...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b, 'en')),
    );
  });
});
