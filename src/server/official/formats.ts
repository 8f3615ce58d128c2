/**
 * The source formats of the official snapshots (as the public collections publish them) and
 * our own snapshot files: parsing, and merging a newer collection into what we keep. Pure;
 * `npm run official:import` (scripts/official-import.ts) does the file work. Values are never
 * changed, only re-shaped: "9.5" becomes 9.5, "01JAN10" becomes 2010-01-01.
 */

import { CsvSyntaxError, parseCsv } from '../import/csv.ts';

/** One USCIS processing-time figure: [form, subform, office, published (YYYY-MM-DD), 80% within (months), 100% (months) | null]. */
export type ProcessingTimeRow = [string, string, string, string, number, number | null];

/** NVC timeframes in days by the date NVC published them. */
export interface NvcTimeframes {
  creation: Record<string, number>;
  review: Record<string, number>;
  inquiry: Record<string, number>;
}

/** One Visa Bulletin cell: [bulletin (YYYY-MM), chart, category, chargeability, cut-off (YYYY-MM-DD | 'C' | 'U')]. */
export type BulletinRow = [string, 'final_action' | 'dates_for_filing', string, string, string];

export class FormatError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function number(text: unknown, where: string): number {
  const value = typeof text === 'number' ? text : Number(text);
  if (typeof text === 'string' && text.trim() === '') throw new FormatError(`${where}: empty number`);
  if (!Number.isFinite(value) || value < 0)
    throw new FormatError(`${where}: not a number of months: ${String(text)}`);
  return value;
}

/** underyx/visawhen `times.ndjson`: one JSON array per line. */
export function parseProcessingTimesNdjson(text: string): ProcessingTimeRow[] {
  return text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      let cells: unknown;
      try {
        cells = JSON.parse(line);
      } catch {
        throw new FormatError(`line ${n}: not JSON`);
      }
      if (!Array.isArray(cells) || cells.length !== 6) throw new FormatError(`line ${n}: expected 6 cells`);
      const [form, subform, office, date, p80, p100] = cells as unknown[];
      if (typeof form !== 'string' || typeof subform !== 'string' || typeof office !== 'string')
        throw new FormatError(`line ${n}: form, subform and office must be text`);
      if (typeof date !== 'string' || !DATE.test(date)) throw new FormatError(`line ${n}: bad date`);
      return [
        form,
        subform,
        office,
        date,
        number(p80, `line ${n}`),
        p100 === null || p100 === '' ? null : number(p100, `line ${n}`),
      ];
    });
}

function csvLines(text: string): string[][] {
  try {
    return parseCsv(text)
      .map((r) => r.cells)
      .filter((cells) => cells.some((c) => c.trim() !== ''));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new FormatError(error.message);
    throw error;
  }
}

/** sknallt23/n400-processing-times as a CSV `code,office,state,n400_months_80p`, published on `date`. */
export function parseN400OfficesCsv(text: string, date: string): ProcessingTimeRow[] {
  if (!DATE.test(date)) throw new FormatError('--published must be a date as YYYY-MM-DD');
  const [header, ...rows] = csvLines(text);
  if (header?.join(',') !== 'code,office,state,n400_months_80p')
    throw new FormatError('expected the header code,office,state,n400_months_80p');
  return rows.map((cells, i) => ['N-400', '160A', cells[0]!, date, number(cells[3], `line ${i + 2}`), null]);
}

export function parseNvcJson(text: string): NvcTimeframes {
  const data = JSON.parse(text) as Record<string, unknown>;
  const out: NvcTimeframes = { creation: {}, review: {}, inquiry: {} };
  for (const key of ['creation', 'review', 'inquiry'] as const) {
    const series = data[key];
    if (typeof series !== 'object' || series === null) throw new FormatError(`missing "${key}"`);
    for (const [date, days] of Object.entries(series)) {
      if (!DATE.test(date)) throw new FormatError(`${key}: bad date ${date}`);
      out[key][date] = number(days, `${key} ${date}`);
    }
  }
  return out;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = MONTHS.map((m) => m.toLowerCase());

/** A bulletin cell: "C", "U", or "01JAN10" → "2010-01-01". */
function cutoff(cell: string, where: string): string {
  if (cell === 'C' || cell === 'U') return cell;
  const m = /^(\d{2})([A-Z]{3})(\d{2})$/.exec(cell);
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  if (!m || month < 0) throw new FormatError(`${where}: unknown cut-off "${cell}"`);
  // Two-digit years: the bulletins' cut-offs never reach before 1970.
  const year = Number(m[3]) < 70 ? 2000 + Number(m[3]) : 1900 + Number(m[3]);
  return `${year}-${String(month + 1).padStart(2, '0')}-${m[1]}`;
}

const EMPLOYMENT_CATEGORIES: Record<string, string> = {
  '1st': 'EB1',
  '2nd': 'EB2',
  '3rd': 'EB3',
  'Other Workers': 'EW',
  '4th': 'EB4',
  'Certain Religious Workers': 'RW',
};
const EMPLOYMENT_COLUMNS: Record<string, string> = {
  all_chargeability_areas_except_those_listed: 'ALL',
  china_mainland_born: 'CN',
  el_salvador_guatemala_honduras: 'SV',
  india: 'IN',
  mexico: 'MX',
  philippines: 'PH',
  vietnam: 'VN',
};

/**
 * ch2ohch2oh/visa-bulletin-timeline `employment_based_dates.csv`. EB-5's rows (their names
 * change almost every year) are left out: CaseTrack has no EB-5 category. An empty cell means
 * the country is not listed that month, so "all chargeability areas" applies: no row.
 */
export function parseEmploymentCsv(text: string): BulletinRow[] {
  const [header, ...rows] = csvLines(text);
  const col = (name: string) => header!.indexOf(name);
  for (const name of [
    'bulletin_year',
    'bulletin_month',
    'table_type',
    'preference_category',
    ...Object.keys(EMPLOYMENT_COLUMNS),
  ])
    if (col(name) < 0) throw new FormatError(`the header lacks ${name}`);
  const out: BulletinRow[] = [];
  rows.forEach((cells, i) => {
    const category = EMPLOYMENT_CATEGORIES[cells[col('preference_category')]!];
    if (!category) return;
    const month = MONTH_NAMES.indexOf(cells[col('bulletin_month')]!.slice(0, 3).toLowerCase());
    const chart = cells[col('table_type')];
    if (month < 0 || (chart !== 'final_action' && chart !== 'dates_for_filing'))
      throw new FormatError(`line ${i + 2}: bad bulletin month or table type`);
    const bulletin = `${cells[col('bulletin_year')]}-${String(month + 1).padStart(2, '0')}`;
    for (const [name, country] of Object.entries(EMPLOYMENT_COLUMNS)) {
      const cell = cells[col(name)]!.trim();
      if (cell !== '') out.push([bulletin, chart, category, country, cutoff(cell, `line ${i + 2}`)]);
    }
  });
  return out;
}

/** paalaakshaah/visa-bulletin-tracker, flattened: `bulletin,chart,category,country,cutoff`. */
export function parseFamilyCsv(text: string): BulletinRow[] {
  const [header, ...rows] = csvLines(text);
  if (header?.join(',') !== 'bulletin,chart,category,country,cutoff')
    throw new FormatError('expected the header bulletin,chart,category,country,cutoff');
  return rows.map((cells, i) => {
    const [bulletin, chart, category, country, cell] = cells as [string, string, string, string, string];
    if (!/^\d{4}-\d{2}$/.test(bulletin) || (chart !== 'final_action' && chart !== 'dates_for_filing'))
      throw new FormatError(`line ${i + 2}: bad bulletin or chart`);
    if (cell !== 'C' && cell !== 'U' && !DATE.test(cell)) throw new FormatError(`line ${i + 2}: bad cut-off`);
    return [bulletin, chart, category, country, cell];
  });
}

/** Newer rows replace older ones with the same key; the result is sorted, so a re-import is a no-op. */
export function mergeRows<T extends unknown[]>(
  kept: readonly T[],
  incoming: readonly T[],
  keyLength: number,
): T[] {
  const key = (row: T) => JSON.stringify(row.slice(0, keyLength));
  const merged = new Map(kept.map((r) => [key(r), r]));
  for (const row of incoming) merged.set(key(row), row);
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
