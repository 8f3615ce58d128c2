/**
 * The office dimension: which offices exist (list.ts, data), what each case category records
 * about them, and how people's spellings resolve to a stored code (docs/decisions/080).
 */
import { type CategoryKey, type MilestoneKey, stepIndex } from '../timelines/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import {
  CONSULAR_POST_LIST,
  FIELD_OFFICE_LIST,
  OFFICE_ALIASES,
  OFFICE_FORMER_NAMES,
  SERVICE_CENTER_LIST,
  STATE_NAMES,
} from './list.ts';

export type OfficeKind = 'service_center' | 'field_office' | 'consular_post';

/** Codes that say the kind of office but not which one, or nothing at all. */
export const UNSPECIFIED_OFFICES = {
  field_office: 'A field office, not said which',
  consular_post: 'An embassy or consulate, not said which',
  unknown: 'Not known',
} as const;
export type UnspecifiedOffice = keyof typeof UNSPECIFIED_OFFICES;

export interface Office {
  code: string;
  /** null for the unspecified codes. */
  kind: OfficeKind | null;
  name: string;
  /** The picker's group: "Service centers", a state name or a country name. */
  group: string;
  /** Lower-case words the picker's search matches: code, name, group, former names. */
  search: string;
}

const entries: Office[] = [
  ...SERVICE_CENTER_LIST.map((o) => ({
    code: o.code,
    kind: 'service_center' as const,
    name: o.code === 'SCOPS' ? o.name : `${o.name} (${o.code})`,
    group: 'Service centers',
  })),
  ...FIELD_OFFICE_LIST.map((o) => ({
    code: o.code,
    kind: 'field_office' as const,
    name: o.name,
    group: STATE_NAMES[o.state] ?? o.state,
  })),
  ...CONSULAR_POST_LIST.map((o) => ({
    code: o.code,
    kind: 'consular_post' as const,
    name: o.name,
    group: countryName(o.country),
  })),
  ...Object.entries(UNSPECIFIED_OFFICES).map(([code, name]) => ({
    code,
    kind: null,
    name,
    group: 'Not said',
  })),
].map((o) => ({
  ...o,
  search: [o.code, o.name, o.group, ...(OFFICE_FORMER_NAMES[o.code] ?? [])].join(' ').toLowerCase(),
}));

export const OFFICES: ReadonlyMap<string, Office> = new Map(entries.map((o) => [o.code, o]));
export const OFFICE_CODES: readonly string[] = entries.map((o) => o.code);

// Case-insensitive lookup: USCIS codes are upper case, post slugs lower case, none collide.
const byFolded = new Map<string, string>([
  ...entries.map((o) => [o.code.toLowerCase(), o.code] as const),
  ...Object.entries(OFFICE_ALIASES).map(([alias, code]) => [alias.toLowerCase(), code] as const),
]);

/** The stored code for what someone typed (a code in any case, or an alias); undefined if none. */
export function resolveOfficeCode(text: string): string | undefined {
  return byFolded.get(text.trim().toLowerCase());
}

export function isOfficeCode(code: string): boolean {
  return OFFICES.has(code);
}

export function officeLabel(code: string): string {
  const office = OFFICES.get(code);
  if (!office) return code;
  if (office.kind === 'field_office') return `${office.name} field office`;
  if (office.kind === 'consular_post') return `${office.name} (${office.group})`;
  return office.name;
}

/** A short form for dense lists (the feed, tables): the code for USCIS offices, the name for posts. */
export function officeShortLabel(code: string): string {
  const office = OFFICES.get(code);
  if (!office) return code;
  if (office.kind === null)
    return code === 'unknown' ? office.name : KIND_LABELS[code as OfficeKind].one.replace(/^an? /, '');
  return office.kind === 'consular_post' ? office.name : office.code;
}

/**
 * What a case of each category records: `office` is where it is filed and first decided;
 * `later` is where it moves for its last steps (the I-485 interview at a field office, the
 * consular end of an I-130 after the NVC), from the named milestone on. Applicants know both
 * from their notices, so both are asked for.
 */
export interface OfficeSlots {
  office: OfficeKind;
  later: { kind: OfficeKind; from: MilestoneKey } | null;
}

export const OFFICE_SLOTS: Record<CategoryKey, OfficeSlots> = {
  i130: { office: 'service_center', later: { kind: 'consular_post', from: 'nvc_received' } },
  i129f: { office: 'service_center', later: { kind: 'consular_post', from: 'nvc_received' } },
  i485: { office: 'service_center', later: { kind: 'field_office', from: 'interview_scheduled' } },
  i751: { office: 'service_center', later: { kind: 'field_office', from: 'interview_scheduled' } },
  i140: { office: 'service_center', later: null },
  i765: { office: 'service_center', later: null },
  i131: { office: 'service_center', later: null },
  n400: { office: 'field_office', later: null },
};

export const KIND_LABELS: Record<OfficeKind, { one: string; slot: string }> = {
  service_center: { one: 'a service center', slot: 'Service center' },
  field_office: { one: 'a field office', slot: 'Field office' },
  consular_post: { one: 'an embassy or consulate', slot: 'Embassy or consulate' },
};

/**
 * Whether a code may fill a slot of the given kind. `field_office` (unspecified) is accepted in
 * a service-center slot too: before offices were a dimension, "field office" was one of the
 * service-center choices, and those timelines keep their value.
 */
export function fitsSlot(code: string, kind: OfficeKind): boolean {
  const office = OFFICES.get(code);
  if (!office) return false;
  if (office.kind === kind) return true;
  if (code === 'unknown' || code === kind) return true;
  return kind === 'service_center' && code === 'field_office';
}

export interface OfficeGroup {
  label: string;
  options: { value: string; label: string; search: string }[];
}

const GROUP_PREFIX: Record<OfficeKind, string> = {
  service_center: '',
  field_office: 'Field offices: ',
  consular_post: 'Embassies and consulates: ',
};

/** One kind's offices, grouped (by state or country) and sorted by name. */
function kindGroups(kind: OfficeKind, prefix: string): OfficeGroup[] {
  const groups = new Map<string, OfficeGroup['options']>();
  for (const o of entries) {
    if (o.kind !== kind) continue;
    const options = groups.get(o.group) ?? [];
    options.push({
      value: o.code,
      label: kind === 'field_office' ? `${o.name} (${o.code})` : o.name,
      search: o.search,
    });
    groups.set(o.group, options);
  }
  const list = [...groups.entries()].map(([label, options]) => ({
    label: `${prefix}${label}`,
    options: kind === 'service_center' ? options : options.sort((a, b) => a.label.localeCompare(b.label)),
  }));
  return kind === 'service_center' ? list : list.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * A picker's choices: the offices of the given kinds, grouped by state or country, then a
 * "Not said" group (the kinds' unspecified codes and "Not known").
 */
export function pickerGroups(kinds: readonly OfficeKind[]): OfficeGroup[] {
  const prefixed = kinds.length > 1;
  const unspecified = kinds
    .filter((k): k is Exclude<OfficeKind, 'service_center'> => k !== 'service_center')
    .map((k) => k as UnspecifiedOffice);
  return [
    ...kinds.flatMap((kind) => kindGroups(kind, prefixed ? GROUP_PREFIX[kind] : '')),
    {
      label: 'Not said',
      options: [...unspecified, 'unknown' as const].map((code) => ({
        value: code,
        label: UNSPECIFIED_OFFICES[code],
        search: UNSPECIFIED_OFFICES[code].toLowerCase(),
      })),
    },
  ];
}

/** The office in a sentence, after "at": "NBC", "the Newark NJ field office", "a field office". */
export function officePhrase(code: string): string {
  const office = OFFICES.get(code);
  if (!office) return code;
  if (code === 'unknown') return 'an unknown office';
  if (office.kind === null) return KIND_LABELS[code as OfficeKind].one;
  if (office.kind === 'service_center') return code;
  if (office.kind === 'field_office') return `the ${office.name} field office`;
  return `the post in ${office.name} (${office.group})`;
}

/**
 * The office a case was at for a milestone: the later office from its slot's first milestone
 * on, when one is known; the filing office otherwise. The statistics group a pair by the
 * office of its target milestone with the same rule.
 */
export function officeAt(
  category: CategoryKey,
  key: MilestoneKey,
  office: string | null,
  laterOffice: string | null,
): string | null {
  return usesLaterOffice(category, key) && laterOffice !== null ? laterOffice : office;
}

/** Whether a step happens at the later office (the interview office or post) when one is known. */
export function usesLaterOffice(category: CategoryKey, key: MilestoneKey): boolean {
  const later = OFFICE_SLOTS[category].later;
  return later !== null && stepIndex(category, key) >= stepIndex(category, later.from);
}
