import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../../src/server/import/csv.ts';
import { HeaderError, readHeader, rowToInput } from '../../../src/server/import/rows.ts';

describe('CSV reader', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF, BOM; keeps line numbers', () => {
    const text = '\ufeffa,b\r\n1,"x, ""y"""\r\n2,"two\nlines"\n\n3,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, "y"'] },
      { line: 3, cells: ['2', 'two\nlines'] },
      { line: 6, cells: ['3', ''] },
    ]);
  });

  it('refuses an unclosed quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError);
  });
});

describe('rows to raw timeline input', () => {
  const header = readHeader([
    'id',
    'category',
    'country',
    'filed',
    'premium',
    'note',
    'm.approved',
    'm.filed',
  ]);

  it('maps cells to the web form’s input; empty cells are absent', () => {
    expect(
      rowToInput(header, ['7', 'i140', 'IN', '2024-01', 'yes', '  keep spaces ', '2024-06', '2024-01']),
    ).toEqual({
      id: '7',
      raw: {
        category: 'i140',
        country: 'IN',
        filed: '2024-01',
        premium: true,
        note: '  keep spaces ',
        milestones: [{ key: 'approved', month: '2024-06' }],
      },
    });
    expect(rowToInput(header, ['', 'i485', 'IN', '2024-01', '', '', '', ''])).toEqual({
      id: null,
      raw: { category: 'i485', country: 'IN', filed: '2024-01', milestones: [] },
    });
  });

  it('passes unreadable flags on for the validator to refuse', () => {
    const row = rowToInput(header, ['', 'i140', 'IN', '2024-01', 'perhaps', '', '', '']);
    expect('raw' in row && row.raw['premium']).toBe('perhaps');
  });

  it.each([
    [['category', 'country'], /lacks the column filed/],
    [['category', 'country', 'filed', 'colour'], /unknown column "colour"/],
    [['category', 'country', 'filed', 'm.teleported'], /unknown milestone column "m.teleported"/],
    [['category', 'country', 'filed', 'filed'], /appears twice/],
  ])('refuses the header %j', (cells, message) => {
    expect(() => readHeader(cells)).toThrow(HeaderError);
    expect(() => readHeader(cells)).toThrow(message);
  });
});
