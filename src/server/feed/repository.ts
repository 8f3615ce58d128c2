/** All SQL behind the feed: milestone events in keyset order, and public group sizes. */
import { type Kysely, sql } from 'kysely';
import type { DB, ModerationState, Provenance } from '../db/schema.ts';
import { currentMonth } from '../timelines/months.ts';
import type { FeedFilters } from './filters.ts';
import type { FeedPosition } from './references.ts';

type Executor = Kysely<DB>;

export interface FeedEventRow {
  timelineId: string;
  key: string;
  month: number;
  writtenMonth: number;
  category: string;
  subcategory: string | null;
  country: string;
  serviceCenter: string | null;
  filedMonth: number;
  note: string | null;
  moderationState: ModerationState;
  provenance: Provenance;
}

export interface FeedEventQuery {
  filters: FeedFilters;
  /** When set, only these categories (a country filter never lists rare groups). */
  categories?: readonly string[] | undefined;
  after?: FeedPosition | undefined;
  limit: number;
  includeDemo: boolean;
  /** Read the matching timelines first, known to be fewer than this: right for a small country. */
  countryFirst?: number | undefined;
}

/**
 * Newest events first: by month, then the month it was written, then (timeline, key) so ties are
 * total; timeline ids are random, so within a written month the order says nothing about write order.
 * Continues strictly after `after`, which makes pages stable while new rows arrive.
 */
export async function findFeedEvents(db: Executor, q: FeedEventQuery): Promise<FeedEventRow[]> {
  // TRICKY: for a small country the planner walks the whole feed index looking for its rows
  // (it assumes they are spread evenly); reading that country's few timelines first is far
  // cheaper. A LIMIT keeps PostgreSQL from flattening the subquery; the caller has counted
  // fewer matches than it, so no row is lost.
  const matching = publicTimelines(db, q).selectAll('timelines');
  const source = q.countryFirst ? matching.limit(q.countryFirst) : matching;
  let events = db
    .selectFrom(source.as('t'))
    .innerJoin('milestones as m', 'm.timeline_id', 't.id')
    .select([
      'm.timeline_id as timelineId',
      'm.key',
      'm.month',
      'm.written_month as writtenMonth',
      't.category',
      't.subcategory',
      't.country',
      't.service_center as serviceCenter',
      't.filed_month as filedMonth',
      't.note',
      't.moderation_state as moderationState',
      't.provenance',
    ]);
  if (q.filters.milestone) events = events.where('m.key', '=', q.filters.milestone);
  if (q.after) {
    const a = q.after;
    events = events.where(
      sql<boolean>`(m.month, m.written_month, m.timeline_id, m.key) < (${a.month}, ${a.writtenMonth}, ${a.timelineId}::uuid, ${a.key})`,
    );
  }
  return events
    .orderBy('m.month', 'desc')
    .orderBy('m.written_month', 'desc')
    .orderBy('m.timeline_id', 'desc')
    .orderBy('m.key', 'desc')
    .limit(q.limit)
    .execute();
}

/** Timelines the feed may show, narrowed by the timeline-level filters. */
function publicTimelines(db: Executor, q: Pick<FeedEventQuery, 'filters' | 'categories' | 'includeDemo'>) {
  let query = db.selectFrom('timelines').where('timelines.moderation_state', '!=', 'excluded');
  if (!q.includeDemo) query = query.where('timelines.provenance', '!=', 'demo');
  if (q.filters.category) query = query.where('timelines.category', '=', q.filters.category);
  if (q.filters.country) query = query.where('timelines.country', '=', q.filters.country);
  if (q.categories)
    query = query.where('timelines.category', 'in', q.categories.length ? [...q.categories] : ['']);
  return query;
}

/** How many public timelines match the timeline-level filters, counted up to `cap`. */
export async function countPublicTimelinesUpTo(
  db: Executor,
  q: Pick<FeedEventQuery, 'filters' | 'categories' | 'includeDemo'>,
  cap: number,
): Promise<number> {
  const row = await db
    .selectFrom(publicTimelines(db, q).select('timelines.id').limit(cap).as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A combination of the fields a feed item can show. A field left undefined is not constrained
 * (the item does not show it); null means "not given" (no sub-category, no center).
 */
export interface GroupKey {
  category: string;
  subcategory?: string | null | undefined;
  country?: string | undefined;
  serviceCenter?: string | null | undefined;
  filedMonth?: number | undefined;
}

/**
 * Which combinations have at least k settled public timelines: not excluded, demo only when
 * shown, and not written through the web form since `settledBefore` (padding: fresh
 * submissions do not count towards K, docs/decisions/050). Each combination is counted only up
 * to k through the group index, so the cost stays O(groups × k) at any table size.
 */
export async function groupsWithAtLeast(
  db: Executor,
  groups: readonly GroupKey[],
  k: number,
  includeDemo: boolean,
  settledBefore: Date | null = null,
): Promise<Set<string>> {
  const unique = [...new Map(groups.map((g) => [groupId(g), g])).values()];
  if (unique.length === 0) return new Set();
  const capped = (g: GroupKey) => {
    let members = db
      .selectFrom('timelines')
      .select('id')
      .where('category', '=', g.category)
      .where('moderation_state', '!=', 'excluded');
    if (g.country !== undefined) members = members.where('country', '=', g.country);
    if (g.subcategory !== undefined)
      members = members.where('subcategory', g.subcategory === null ? 'is' : '=', g.subcategory);
    if (g.serviceCenter !== undefined)
      members = members.where('service_center', g.serviceCenter === null ? 'is' : '=', g.serviceCenter);
    if (g.filedMonth !== undefined) members = members.where('filed_month', '=', g.filedMonth);
    if (!includeDemo) members = members.where('provenance', '!=', 'demo');
    if (settledBefore)
      members = members.where((eb) =>
        eb.or([eb('provenance', '!=', 'web'), eb('created_month', '<', currentMonth(settledBefore))]),
      );
    return db
      .selectFrom(members.limit(k).as('members'))
      .select([sql<string>`cast(${groupId(g)} as text)`.as('id'), (eb) => eb.fn.countAll<number>().as('n')]);
  };
  let query = capped(unique[0]!);
  for (const g of unique.slice(1)) query = query.unionAll(capped(g));
  const rows = await query.execute();
  return new Set(rows.filter((r) => Number(r.n) >= k).map((r) => r.id));
}

/** A combination as text: absent fields are "*", "not given" is "-". */
export function groupId(g: GroupKey): string {
  const part = (v: string | null | undefined) => (v === undefined ? '*' : v === null ? '-' : v);
  const month = g.filedMonth === undefined ? '*' : String(g.filedMonth);
  return [g.category, part(g.subcategory), part(g.country), part(g.serviceCenter), month].join(':');
}

/** Milestones of the given timelines, for each event's preceding step. */
export async function milestonesOf(db: Executor, timelineIds: readonly string[]) {
  if (timelineIds.length === 0) return [];
  return db
    .selectFrom('milestones')
    .select(['timeline_id as timelineId', 'key', 'month'])
    .where('timeline_id', 'in', [...timelineIds])
    .execute();
}
