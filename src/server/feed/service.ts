/**
 * The community feed: pages of public milestone events, newest first. Each item shows only a
 * combination of fields that at least K settled timelines share, the same rule as the
 * statistics (docs/decisions/050): a rare combination loses its center, then its country, then
 * its sub-category; one still rarer is not shown at all.
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
  type GroupKey,
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
  /** K: the fewest settled timelines that must share what an item shows. */
  minGroupSize: number;
  includeDemo: boolean;
  pageSize?: number;
  /** Web timelines written at or after this instant do not count towards K; null or unset: all do. */
  settledBefore?: Date | null;
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
  /** Null when fewer than K settled timelines of the form were filed that month. */
  monthsSinceFiling: number | null;
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
      settings.settledBefore ?? null,
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
  const items = await presentRows(db, pageRows, settings, filters);
  return { ok: true, page: { filters, items, next, countryWithheld: false } };
}

/** The combinations an item could show, most detailed first. */
function detailLevels(row: FeedEventRow): GroupKey[] {
  const { category, subcategory, country } = row;
  const serviceCenter = row.serviceCenter;
  return [
    { category, subcategory, country, serviceCenter },
    { category, subcategory, country },
    { category, subcategory },
    { category },
  ];
}

async function presentRows(
  db: Database,
  rows: FeedEventRow[],
  settings: FeedSettings,
  filters: FeedFilters,
): Promise<FeedItem[]> {
  const count = (keys: GroupKey[]) =>
    groupsWithAtLeast(db, keys, settings.minGroupSize, settings.includeDemo, settings.settledBefore ?? null);
  const publishable = await count(rows.flatMap(detailLevels));
  // 0 everything, 1 without center, 2 without country, 3 the form only; -1 nothing.
  const levels = rows.map((row) => detailLevels(row).findIndex((key) => publishable.has(groupId(key))));
  // "N months after filing" gives the filing month: shown only when K settled timelines share
  // it with everything else the item shows.
  const monthKey = (row: FeedEventRow, level: number): GroupKey => ({
    ...detailLevels(row)[level]!,
    filedMonth: row.filedMonth,
  });
  const withMonth = await count(
    rows.flatMap((row, i) => (levels[i]! >= 0 ? [monthKey(row, levels[i]!)] : [])),
  );
  const previous = previousSteps(rows, await milestonesOf(db, [...new Set(rows.map((r) => r.timelineId))]));
  const refs = referenceCodec();
  const items: FeedItem[] = [];
  for (const [i, row] of rows.entries()) {
    const level = levels[i]!;
    // A country filter names the country of everything listed: only items that may show it.
    if (level < 0 || (filters.country && level > 1)) continue;
    const category = row.category as CategoryKey;
    const milestone = row.key as MilestoneKey;
    const center =
      level === 0 && row.serviceCenter && row.serviceCenter !== 'unknown'
        ? (row.serviceCenter as ServiceCenter)
        : null;
    const countryShown = level <= 1;
    const ref = refs.toRef(row.timelineId);
    items.push({
      anchor: `e-${ref}-${row.key}`,
      ref,
      category,
      categoryText: categoryLabel(category, level <= 2 ? (row.subcategory as Subcategory | null) : null),
      country: countryShown ? row.country : null,
      countryText: countryShown ? countryName(row.country) : ANOTHER_COUNTRY,
      serviceCenter: center,
      serviceCenterText: center ? shortCenter(center) : null,
      milestone,
      milestoneText: MILESTONE_LABELS[milestone] ?? row.key,
      month: row.month,
      monthText: displayMonth(row.month),
      monthsSinceFiling: withMonth.has(groupId(monthKey(row, level))) ? row.month - row.filedMonth : null,
      previousText: previous.get(`${row.timelineId}:${row.key}`) ?? null,
      note: row.note && row.moderationState === 'visible' ? noteView(row.note) : null,
      demo: row.provenance === 'demo',
    });
  }
  return items;
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

/** "14 months after filing", "filed this month", "1 month after filing"; null when withheld. */
export function sinceFilingText(item: Pick<FeedItem, 'milestone' | 'monthsSinceFiling'>): string | null {
  if (item.milestone === 'filed') return 'new filing';
  if (item.monthsSinceFiling === null) return null;
  if (item.monthsSinceFiling === 0) return 'the month of filing';
  return `${item.monthsSinceFiling} month${item.monthsSinceFiling === 1 ? '' : 's'} after filing`;
}

/** The one-line headline: "I-485 · India · NBC". */
export function itemContext(item: FeedItem): string {
  return [item.categoryText, item.countryText, item.serviceCenterText].filter(Boolean).join(' · ');
}
