/**
 * USCIS's own processing times ("80% of cases completed within X months") for a form and an
 * office, from the snapshots: the latest figure and its trend over every snapshot kept.
 */
import snapshot from './snapshots/uscis-processing-times.json' with { type: 'json' };
import type { ProcessingTimeRow } from './formats.ts';
import { OFFICE_ALIASES } from '../offices/list.ts';
import { OFFICES } from '../offices/catalogue.ts';
import type { CategoryKey, Subcategory } from '../timelines/catalogue.ts';
import { officialFormsFor } from './forms.ts';

export const PROCESSING_TIMES_SOURCE = {
  name: 'USCIS case processing times',
  url: 'https://egov.uscis.gov/processing-times/',
  metric: '80% of cases completed within',
  unit: 'months',
  collections:
    'underyx/visawhen data/uscis/dump/times.ndjson (2023-07 to 2024-06); sknallt23/n400-processing-times data.json (N-400 field offices, 2026-09-03)',
} as const;

const rows = snapshot as ProcessingTimeRow[];

/** USCIS's pseudo-offices for national figures. */
const ALL_SERVICE_CENTERS = 'SCD';
const ALL_FIELD_OFFICES = 'FOD';

export interface OfficialPoint {
  published: string;
  months80: number;
  months100: number | null;
}

export interface OfficialSeries {
  form: string;
  subform: string;
  label: string;
  /** The USCIS office code the figure is for, and what it is. */
  office: string;
  officeLabel: string;
  latest: OfficialPoint;
  /** Every snapshot, oldest first. */
  trend: OfficialPoint[];
}

export interface OfficialAnswer {
  source: typeof PROCESSING_TIMES_SOURCE;
  series: OfficialSeries[];
  note: string | null;
}

/** Our office code → the processing-times site's code ('VSC' → 'ESC'). */
function uscisOfficeCode(office: string): string {
  const alias = Object.entries(OFFICE_ALIASES).find(([, code]) => code === office)?.[0];
  return alias && alias === alias.toUpperCase() ? alias : office;
}

function officeTitle(uscis: string): string {
  if (uscis === ALL_SERVICE_CENTERS) return 'all service centers';
  if (uscis === ALL_FIELD_OFFICES) return 'all field offices';
  const ours = OFFICES.get(uscis) ?? OFFICES.get(OFFICE_ALIASES[uscis] ?? '');
  return ours?.name ?? uscis;
}

/**
 * The official figures for a form and (optionally) one of our office codes. Without an office,
 * or for an unspecified one, the national figures ("all service centers", "all field offices").
 */
export function officialProcessingTimes(
  category: CategoryKey,
  subcategory: Subcategory | null,
  office: string | null,
): OfficialAnswer {
  const mapping = officialFormsFor(category, subcategory);
  const kind = office ? OFFICES.get(office)?.kind : null;
  const wanted =
    office && kind && kind !== 'consular_post'
      ? [uscisOfficeCode(office)]
      : [ALL_SERVICE_CENTERS, ALL_FIELD_OFFICES];
  const series: OfficialSeries[] = [];
  for (const form of mapping.forms) {
    for (const uscis of wanted) {
      const points = rows
        .filter((r) => r[0] === form.form && r[1] === form.subform && r[2] === uscis)
        .map(([, , , published, months80, months100]) => ({ published, months80, months100 }))
        .sort((a, b) => a.published.localeCompare(b.published));
      const latest = points.at(-1);
      if (latest)
        series.push({ ...form, office: uscis, officeLabel: officeTitle(uscis), latest, trend: points });
    }
  }
  return { source: PROCESSING_TIMES_SOURCE, series, note: mapping.note ?? null };
}
