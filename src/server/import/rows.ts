/**
 * Spreadsheet rows → the same raw input the web form produces, so every row goes through
 * validateTimelineInput (shape, identifier guard, plausibility) and nothing else.
 */
import { isMilestoneKey } from '../timelines/catalogue.ts';

export const BASE_COLUMNS = [
  'category',
  'subcategory',
  'country',
  'office',
  'later_office',
  /** The older name of office, still accepted (docs/decisions/080). */
  'service_center',
  'filed',
  'last_confirmed',
  'premium',
  'concurrent',
  'note',
] as const;
const REQUIRED_COLUMNS = ['category', 'country', 'filed'] as const;
export const MILESTONE_PREFIX = 'm.';

export class HeaderError extends Error {}

export interface Header {
  names: string[];
  hasId: boolean;
}

/** Checks the header row: known columns only, each once, the required ones present. */
export function readHeader(cells: readonly string[]): Header {
  const names = cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new HeaderError(`column "${name}" appears twice in the header`);
    seen.add(name);
    const known =
      (BASE_COLUMNS as readonly string[]).includes(name) ||
      name === 'id' ||
      (name.startsWith(MILESTONE_PREFIX) && isMilestoneKey(name.slice(MILESTONE_PREFIX.length)));
    if (!known) {
      throw new HeaderError(
        name.startsWith(MILESTONE_PREFIX)
          ? `unknown milestone column "${name}": use m.<milestone key>, e.g. m.approved`
          : `unknown column "${name}"; expected ${BASE_COLUMNS.join(', ')}, id and m.<milestone> columns`,
      );
    }
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0)
    throw new HeaderError(
      `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  return { names, hasId: seen.has('id') };
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** "yes"/"no" and friends become booleans; anything else is passed on for the validator to refuse. */
function flagCell(value: string): unknown {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return value;
}

export interface RowInput {
  id: string | null;
  raw: Record<string, unknown>;
}

/** One data row as raw timeline input. An empty cell means the field is absent. */
export function rowToInput(header: Header, cells: readonly string[]): RowInput | { error: string } {
  if (cells.length !== header.names.length) {
    return { error: `has ${cells.length} cells, the header has ${header.names.length}` };
  }
  const raw: Record<string, unknown> = {};
  const milestones: { key: string; month: string }[] = [];
  let id: string | null = null;
  header.names.forEach((name, i) => {
    const value = name === 'note' ? cells[i]! : cells[i]!.trim();
    if (value.trim() === '') return;
    if (name === 'id') id = value;
    else if (name.startsWith(MILESTONE_PREFIX))
      milestones.push({ key: name.slice(MILESTONE_PREFIX.length), month: value });
    else if (name === 'premium' || name === 'concurrent') raw[name] = flagCell(value);
    else raw[name] = value;
  });
  // The filed month is the timeline's own field, never a milestone column of its own.
  raw['milestones'] = milestones.filter((m) => m.key !== 'filed');
  return { id, raw };
}
