/**
 * The community feed: pages of public milestone events, newest first, with rare
 * (category, country) groups shown without their country and service center.
 */
import type { Database } from '../db/client.ts';
import {
  CATEGORY_KEYS,
  type CategoryKey,
  MILESTONE_LABELS,
  type MilestoneKey,
  SERVICE_CENTER_LABELS,
  type ServiceCenter,
  type Subcategory,
  categoryLabel,
  stepIndex,
} from '../timelines/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import { type MonthIndex, displayMonth } from '../timelines/months.ts';
import type { FeedFilters, FeedQuery } from './filters.ts';
import { type NoteView, noteView } from './note.ts';
import { cursorCodec, referenceCodec } from './references.ts';
import {
  type FeedEventRow,
  countPublicTimelinesUpTo,
  findFeedEvents,
  groupId,
  groupsWithAtLeast,
  milestonesOf,
} from './repository.ts';

export const FEED_PAGE_SIZE = 25;
/**
 * Below this many matching timelines a country-filtered page reads the country's timelines
 * first instead of walking the feed index (measured at 1M timelines: scripts/bench-feed.ts).
 */
export const COUNTRY_FIRST_BELOW = 4000;

export interface FeedSettings {
  /** K: the smallest (category, country) group whose country and center may be shown. */
  minGroupSize: number;
  includeDemo: boolean;
  pageSize?: number;
}

export interface FeedItem {
  /** Stable per event; safe in HTML ids and Atom entry ids. */
  anchor: string;
  /** Opaque handle of the timeline, for reports and moderation. */
  ref: string;
  category: CategoryKey;
  categoryText: string;
  /** Null when the group is rare: say "another country". */
  country: string | null;
  countryText: string;
  /** Null when the group is rare or the center is not known. */
  serviceCenter: ServiceCenter | null;
  serviceCenterText: string | null;
  milestone: MilestoneKey;
  milestoneText: string;
  month: MonthIndex;
  monthText: string;
  monthsSinceFiling: number;
  previousText: string | null;
  note: NoteView | null;
  demo: boolean;
}

export interface FeedPage {
  filters: FeedFilters;
  items: FeedItem[];
  /** Cursor of the next (older) page, when there is one. */
  next?: string | undefined;
  /** A country filter matched only groups smaller than K, so nothing is listed for it. */
  countryWithheld: boolean;
}

export type FeedResult = { ok: true; page: FeedPage } | { ok: false; error: string };

export const ANOTHER_COUNTRY = 'another country';

/** One page of the feed for the parsed query. */
export async function loadFeedPage(
  db: Database,
  query: FeedQuery,
  settings: FeedSettings,
): Promise<FeedResult> {
  const cursors = cursorCodec();
  const after = query.after ? cursors.open(query.after) : undefined;
  if (query.after && !after)
    return { ok: false, error: 'The page cursor is not valid; start again from the newest events' };
  const filters: FeedFilters = {
    category: query.category,
    country: query.country,
    milestone: query.milestone,
  };
  const pageSize = settings.pageSize ?? FEED_PAGE_SIZE;

  // Listing a country's rare groups would name their country: list only groups of at least K.
  let categories: CategoryKey[] | undefined;
  if (filters.country) {
    const candidates = filters.category ? [filters.category] : [...CATEGORY_KEYS];
    const large = await groupsWithAtLeast(
      db,
      candidates.map((category) => ({ category, country: filters.country! })),
      settings.minGroupSize,
      settings.includeDemo,
    );
    categories = candidates.filter((category) => large.has(groupId({ category, country: filters.country! })));
    if (categories.length === 0) return { ok: true, page: { filters, items: [], countryWithheld: true } };
  }

  const base = { filters, categories, includeDemo: settings.includeDemo };
  const fewMatches =
    Boolean(filters.country) &&
    (await countPublicTimelinesUpTo(db, base, COUNTRY_FIRST_BELOW)) < COUNTRY_FIRST_BELOW;
  const countryFirst = fewMatches ? COUNTRY_FIRST_BELOW : undefined;
  const rows = await findFeedEvents(db, { ...base, after, limit: pageSize + 1, countryFirst });
  const pageRows = rows.slice(0, pageSize);
  const last = pageRows[pageRows.length - 1];
  const next =
    rows.length > pageSize && last
      ? cursors.seal({
          month: last.month,
          writtenMonth: last.writtenMonth,
          timelineId: last.timelineId,
          key: last.key,
        })
      : undefined;
  const items = await presentRows(db, pageRows, settings);
  return { ok: true, page: { filters, items, next, countryWithheld: false } };
}

async function presentRows(db: Database, rows: FeedEventRow[], settings: FeedSettings): Promise<FeedItem[]> {
  const groups = new Map(rows.map((r) => [groupId(r), { category: r.category, country: r.country }]));
  const large = await groupsWithAtLeast(
    db,
    [...groups.values()],
    settings.minGroupSize,
    settings.includeDemo,
  );
  const previous = previousSteps(rows, await milestonesOf(db, [...new Set(rows.map((r) => r.timelineId))]));
  const refs = referenceCodec();
  return rows.map((row) => {
    const shown = large.has(groupId(row));
    const category = row.category as CategoryKey;
    const milestone = row.key as MilestoneKey;
    const center =
      shown && row.serviceCenter && row.serviceCenter !== 'unknown'
        ? (row.serviceCenter as ServiceCenter)
        : null;
    const ref = refs.toRef(row.timelineId);
    return {
      anchor: `e-${ref}-${row.key}`,
      ref,
      category,
      categoryText: categoryLabel(category, row.subcategory as Subcategory | null),
      country: shown ? row.country : null,
      countryText: shown ? countryName(row.country) : ANOTHER_COUNTRY,
      serviceCenter: center,
      serviceCenterText: center ? shortCenter(center) : null,
      milestone,
      milestoneText: MILESTONE_LABELS[milestone] ?? row.key,
      month: row.month,
      monthText: displayMonth(row.month),
      monthsSinceFiling: row.month - row.filedMonth,
      previousText: previous.get(`${row.timelineId}:${row.key}`) ?? null,
      note: row.note && row.moderationState === 'visible' ? noteView(row.note) : null,
      demo: row.provenance === 'demo',
    };
  });
}

function shortCenter(center: ServiceCenter): string {
  return center === 'field_office'
    ? 'field office'
    : center === 'YSC'
      ? 'Potomac (YSC)'
      : SERVICE_CENTER_LABELS[center].replace(/^.*\((\w+)\)$/, '$1');
}

/** For each event, the label of the step its timeline reached just before it. */
function previousSteps(
  rows: FeedEventRow[],
  milestones: { timelineId: string; key: string; month: number }[],
): Map<string, string> {
  const byTimeline = new Map<string, { key: string; month: number }[]>();
  for (const m of milestones) byTimeline.set(m.timelineId, [...(byTimeline.get(m.timelineId) ?? []), m]);
  const result = new Map<string, string>();
  for (const row of rows) {
    const category = row.category as CategoryKey;
    const position = stepIndex(category, row.key as MilestoneKey);
    let best: { key: string; month: number; position: number } | undefined;
    for (const m of byTimeline.get(row.timelineId) ?? []) {
      const p = stepIndex(category, m.key as MilestoneKey);
      if (p < 0 || p >= position || m.month > row.month) continue;
      if (!best || p > best.position) best = { ...m, position: p };
    }
    if (best)
      result.set(`${row.timelineId}:${row.key}`, MILESTONE_LABELS[best.key as MilestoneKey] ?? best.key);
  }
  return result;
}

/** "14 months after filing", "filed this month", "1 month after filing". */
export function sinceFilingText(item: Pick<FeedItem, 'milestone' | 'monthsSinceFiling'>): string {
  if (item.milestone === 'filed') return 'new filing';
  if (item.monthsSinceFiling === 0) return 'the month of filing';
  return `${item.monthsSinceFiling} month${item.monthsSinceFiling === 1 ? '' : 's'} after filing`;
}

/** The one-line headline: "I-485 · India · NBC". */
export function itemContext(item: FeedItem): string {
  return [item.categoryText, item.countryText, item.serviceCenterText].filter(Boolean).join(' · ');
}
