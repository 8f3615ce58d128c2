import { describe, expect, it } from 'vitest';
import {
  FormatError,
  mergeRows,
  parseEmploymentCsv,
  parseFamilyCsv,
  parseN400OfficesCsv,
  parseProcessingTimesNdjson,
} from '../../../src/server/official/formats.ts';
import { detectKind, mergeOfficialFile } from '../../../src/server/official/import.ts';
import { officialProcessingTimes } from '../../../src/server/official/processing-times.ts';
import { officialQuerySchema } from '../../../src/server/official/query.ts';
import { officialFor } from '../../../src/server/official/service.ts';

describe('official snapshot formats', () => {
  it('reads processing times, keeping every value', () => {
    expect(parseProcessingTimesNdjson('["N-400", "160A", "NEW", "2023-08-23", "9.5", "15.5"]\n')).toEqual([
      ['N-400', '160A', 'NEW', '2023-08-23', 9.5, 15.5],
    ]);
    expect(() => parseProcessingTimesNdjson('["N-400", "160A", "NEW", "23-08-23", "9.5", "15.5"]')).toThrow(
      FormatError,
    );
  });

  it('reads the N-400 office list with its publication date', () => {
    const text = 'code,office,state,n400_months_80p\nNEW,Newark NJ,NJ,11\nLAW,Lawrence MA,MA,17.5\n';
    expect(parseN400OfficesCsv(text, '2026-09-03')).toEqual([
      ['N-400', '160A', 'NEW', '2026-09-03', 11, null],
      ['N-400', '160A', 'LAW', '2026-09-03', 17.5, null],
    ]);
  });

  it('reads bulletin cells: dates, C and U; an empty cell is no row; EB-5 is left out', () => {
    const header =
      'source_file,bulletin_year,bulletin_month,table_type,preference_category,all_chargeability_areas_except_those_listed,china_mainland_born,el_salvador_guatemala_honduras,india,mexico,philippines,vietnam';
    const rows = parseEmploymentCsv(
      `${header}\nx.html,2016,August,final_action,2nd,01FEB14,01JAN10,C,15NOV04,U,01FEB14,\n` +
        `x.html,2016,August,final_action,"5th Unreserved (including C5, T5, I5, R5)",C,C,C,C,C,C,C\n`,
    );
    expect(rows).toContainEqual(['2016-08', 'final_action', 'EB2', 'IN', '2004-11-15']);
    expect(rows).toContainEqual(['2016-08', 'final_action', 'EB2', 'MX', 'U']);
    expect(rows.some((r) => r[3] === 'VN')).toBe(false);
    expect(rows).toHaveLength(6);
    expect(
      parseFamilyCsv('bulletin,chart,category,country,cutoff\n2026-07,final_action,F4,IN,2006-01-08\n'),
    ).toEqual([['2026-07', 'final_action', 'F4', 'IN', '2006-01-08']]);
  });

  it('merges: newer rows replace rows with the same key; importing twice changes nothing', () => {
    const kept = [['a', 1] as [string, number]];
    const once = mergeRows(
      kept,
      [
        ['a', 2],
        ['b', 3],
      ] as [string, number][],
      1,
    );
    expect(once).toEqual([
      ['a', 2],
      ['b', 3],
    ]);
    expect(mergeRows(once, [['b', 3]] as [string, number][], 1)).toEqual(once);
  });

  it('recognises each collection by its first line and refuses others', () => {
    expect(detectKind('code,office,state,n400_months_80p\n')).toBe('n400-offices');
    expect(detectKind('{"creation": {}}')).toBe('nvc');
    expect(() => detectKind('name,value\n')).toThrow(FormatError);
    const empty = { processingTimes: [], nvc: { creation: {}, review: {}, inquiry: {} }, bulletin: [] };
    expect(() =>
      mergeOfficialFile('code,office,state,n400_months_80p\nNEW,Newark NJ,NJ,11\n', empty),
    ).toThrow(/--published/);
  });
});

describe('official figures', () => {
  it('N-400 at Newark: the latest figure and its trend over the snapshots', () => {
    const answer = officialProcessingTimes('n400', null, 'NEW');
    expect(answer.series).toHaveLength(1);
    expect(answer.series[0]).toMatchObject({
      form: 'N-400',
      office: 'NEW',
      latest: { published: '2026-09-03', months80: 11 },
    });
    expect(answer.series[0]!.trend.map((p) => p.published)).toEqual(['2023-08-23', '2026-09-03']);
    expect(answer.source.unit).toBe('months');
  });

  it('maps our codes to USCIS’s (VSC is ESC there) and lists every sub-form that applies', () => {
    const vermont = officialProcessingTimes('i130', null, 'VSC');
    expect(vermont.series.length).toBeGreaterThan(1);
    expect(vermont.series.every((s) => s.office === 'ESC')).toBe(true);
    expect(vermont.note).toMatch(/relationship/);
    const niw = officialProcessingTimes('i140', 'eb2-niw', 'TSC');
    expect(niw.series.every((s) => s.subform === '136A-NIW')).toBe(true);
  });

  it('adds NVC’s timeframes on consular steps, and says whether the spans match', () => {
    const consular = officialFor('i130', null, 'mumbai', {
      from: 'nvc_received',
      to: 'documentarily_qualified',
    });
    expect(consular?.nvc?.review?.days).toEqual(expect.any(Number));
    expect(consular?.same_span).toBe(false);
    expect(officialFor('n400', null, 'NEW')?.why_they_differ).toMatch(/completed/);
    expect(officialFor('i485', null, null)).toBeNull();
  });

  it('parses the API query: our key or USCIS’s form name, an office in any case', () => {
    expect(officialQuerySchema.parse({ form: 'N-400', office: 'new' })).toEqual({
      form: 'n400',
      office: 'NEW',
    });
    expect(officialQuerySchema.safeParse({ form: 'I-999' }).success).toBe(false);
    expect(officialQuerySchema.safeParse({ form: 'i485', subcategory: 'eb2' }).success).toBe(false);
    expect(officialQuerySchema.safeParse({ form: 'i485', colour: 'red' }).success).toBe(false);
  });
});
