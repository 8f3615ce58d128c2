/** The breakdown as CSV: one row per group, suppressed groups with empty figures. */
import type { BreakdownResult } from './service.ts';

const HEADER = [
  'group',
  'label',
  'suppressed',
  'n',
  'events',
  'censored',
  'closed_other',
  'km_median',
  'km_median_ci_low',
  'km_median_ci_high',
  'km_p80',
  'km_p90',
  'completed_n',
  'completed_mean',
  'completed_median',
  'completed_p80',
];

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote anything a spreadsheet could misread, and neutralise formula prefixes.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function breakdownCsv(result: BreakdownResult): string {
  const lines = [HEADER.join(',')];
  for (const g of result.groups) {
    lines.push(
      [
        g.key,
        g.label,
        g.suppressed,
        g.n,
        g.events,
        g.censored,
        g.closed_other,
        g.km.median,
        g.km.median_ci[0],
        g.km.median_ci[1],
        g.km.p80,
        g.km.p90,
        g.completed.n,
        g.completed.mean,
        g.completed.median,
        g.completed.p80,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
