/**
 * `npm run official:import -- FILE`: recognises which official collection FILE is (by its
 * header or shape), parses it, and merges it into the snapshot it belongs to. Newer rows
 * replace rows with the same key, so importing the same file twice changes nothing.
 */
import {
  type BulletinRow,
  FormatError,
  type NvcTimeframes,
  type ProcessingTimeRow,
  mergeRows,
  parseEmploymentCsv,
  parseFamilyCsv,
  parseN400OfficesCsv,
  parseNvcJson,
  parseProcessingTimesNdjson,
} from './formats.ts';

export const SNAPSHOT_FILES = {
  processingTimes: 'uscis-processing-times.json',
  nvc: 'nvc-timeframes.json',
  bulletin: 'visa-bulletin.json',
} as const;
export type SnapshotName = keyof typeof SNAPSHOT_FILES;

export interface Snapshots {
  processingTimes: ProcessingTimeRow[];
  nvc: NvcTimeframes;
  bulletin: BulletinRow[];
}

export interface MergeResult {
  snapshot: SnapshotName;
  kind: string;
  incoming: number;
  before: number;
  after: number;
  value: Snapshots[SnapshotName];
}

const count = (nvc: NvcTimeframes) =>
  Object.keys(nvc.creation).length + Object.keys(nvc.review).length + Object.keys(nvc.inquiry).length;

/** Which collection a file is, from its first line. */
export function detectKind(
  text: string,
): 'processing-times' | 'n400-offices' | 'nvc' | 'employment' | 'family' {
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length).trim();
  if (first.startsWith('[')) return 'processing-times';
  if (first.startsWith('{')) return 'nvc';
  if (first === 'code,office,state,n400_months_80p') return 'n400-offices';
  if (first.startsWith('source_file,bulletin_year,bulletin_month,table_type,preference_category'))
    return 'employment';
  if (first === 'bulletin,chart,category,country,cutoff') return 'family';
  throw new FormatError('not a known official collection (see src/server/official/snapshots/README.md)');
}

export function mergeOfficialFile(
  text: string,
  kept: Snapshots,
  options: { published?: string | undefined } = {},
): MergeResult {
  const kind = detectKind(text);
  switch (kind) {
    case 'processing-times':
    case 'n400-offices': {
      if (kind === 'n400-offices' && !options.published)
        throw new FormatError('this file has no publication date: add --published YYYY-MM-DD');
      const incoming =
        kind === 'processing-times'
          ? parseProcessingTimesNdjson(text)
          : parseN400OfficesCsv(text, options.published!);
      const value = mergeRows(kept.processingTimes, incoming, 4);
      return {
        snapshot: 'processingTimes',
        kind,
        incoming: incoming.length,
        before: kept.processingTimes.length,
        after: value.length,
        value,
      };
    }
    case 'nvc': {
      const incoming = parseNvcJson(text);
      const value: NvcTimeframes = {
        creation: { ...kept.nvc.creation, ...incoming.creation },
        review: { ...kept.nvc.review, ...incoming.review },
        inquiry: { ...kept.nvc.inquiry, ...incoming.inquiry },
      };
      for (const key of ['creation', 'review', 'inquiry'] as const)
        value[key] = Object.fromEntries(Object.entries(value[key]).sort(([a], [b]) => a.localeCompare(b)));
      return {
        snapshot: 'nvc',
        kind,
        incoming: count(incoming),
        before: count(kept.nvc),
        after: count(value),
        value,
      };
    }
    case 'employment':
    case 'family': {
      const incoming = kind === 'employment' ? parseEmploymentCsv(text) : parseFamilyCsv(text);
      const value = mergeRows(kept.bulletin, incoming, 4);
      return {
        snapshot: 'bulletin',
        kind,
        incoming: incoming.length,
        before: kept.bulletin.length,
        after: value.length,
        value,
      };
    }
  }
}
