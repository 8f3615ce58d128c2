/** All SQL that reads and writes timelines and their milestones. Takes a db or a transaction. */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB, NewTimelineRow } from '../db/schema.ts';
import type { CategoryKey, MilestoneKey, Subcategory } from './catalogue.ts';
import type { Milestone, NewTimeline, Timeline, TimelineFields } from './types.ts';

type Executor = Kysely<DB>;

/**
 * Timelines per transaction in bulk writes (seed, import). The statistics trigger counts a
 * whole statement in one pass and groups cells shared by its timelines, so one batch of 10,000
 * writes about twice as fast per timeline as ten of 1,000 (docs/decisions/113).
 */
export const BULK_BATCH = 10_000;

// PostgreSQL accepts at most 65535 parameters per statement: 13 columns × 2,000 rows stays under.
const TIMELINE_CHUNK = 2_000;

/** The columns holding a timeline's own fields (not provenance, owner or token). */
export function fieldColumns(t: TimelineFields) {
  return {
    category: t.category,
    subcategory: t.subcategory,
    country: t.country,
    office: t.office,
    later_office: t.laterOffice,
    premium: t.premium,
    concurrent: t.concurrent,
    filed_month: t.filedMonth,
    last_confirmed_month: t.lastConfirmedMonth,
    note: t.note,
  };
}

function toRow(id: string, t: NewTimeline): NewTimelineRow & { id: string } {
  return {
    id,
    ...fieldColumns(t),
    provenance: t.provenance,
    owner_id: t.ownerId,
    edit_token_hash: t.editTokenHash,
  };
}

/** Milestone rows of a timeline, always including `filed` at the filing month. */
export function milestoneRows(id: string, t: Pick<TimelineFields, 'filedMonth' | 'milestones'>) {
  const rows = [{ timeline_id: id, key: 'filed', month: t.filedMonth }];
  for (const m of t.milestones)
    if (m.key !== 'filed') rows.push({ timeline_id: id, key: m.key, month: m.month });
  return rows;
}

/**
 * Inserts timelines with their milestones; returns their ids in input order.
 * Callers wrap it in a transaction so a batch lands whole or not at all.
 */
export async function insertTimelines(db: Executor, timelines: readonly NewTimeline[]): Promise<string[]> {
  if (timelines.length === 0) return [];
  const ids = timelines.map(() => randomUUID());
  for (let start = 0; start < timelines.length; start += TIMELINE_CHUNK) {
    await db
      .insertInto('timelines')
      .values(timelines.slice(start, start + TIMELINE_CHUNK).map((t, i) => toRow(ids[start + i]!, t)))
      .execute();
  }
  // All milestones in one statement, whatever the batch size, as three array parameters: the
  // statistics trigger then counts the whole batch at once (docs/decisions/113, bulk writes).
  const milestones = timelines.flatMap((t, i) => milestoneRows(ids[i]!, t));
  await db
    .insertInto('milestones')
    .columns(['timeline_id', 'key', 'month'])
    .expression(
      sql`select * from unnest(${milestones.map((m) => m.timeline_id)}::uuid[], ${milestones.map((m) => m.key)}::text[], ${milestones.map((m) => m.month)}::integer[])`,
    )
    .execute();
  return ids;
}

export async function countTimelines(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('timelines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTimelineById(db: Executor, id: string): Promise<Timeline | undefined> {
  const row = await db.selectFrom('timelines').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const milestones = await db
    .selectFrom('milestones')
    .select(['key', 'month'])
    .where('timeline_id', '=', id)
    .where('key', '!=', 'filed')
    .orderBy('month')
    .execute();
  return {
    id: row.id,
    category: row.category as CategoryKey,
    subcategory: row.subcategory as Subcategory | null,
    country: row.country,
    office: row.office,
    laterOffice: row.later_office,
    premium: row.premium,
    concurrent: row.concurrent,
    filedMonth: row.filed_month,
    lastConfirmedMonth: row.last_confirmed_month,
    note: row.note,
    provenance: row.provenance,
    ownerId: row.owner_id,
    moderationState: row.moderation_state,
    createdMonth: row.created_month,
    updatedMonth: row.updated_month,
    milestones: milestones.map((m): Milestone => ({ key: m.key as MilestoneKey, month: m.month })),
  };
}

/** Timelines that count in public figures: never moderation-excluded; demo data only when asked. */
export async function countPublicTimelines(db: Executor, options: { includeDemo: boolean }): Promise<number> {
  let query = db
    .selectFrom('timelines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('moderation_state', '!=', 'excluded');
  if (!options.includeDemo) query = query.where('provenance', '!=', 'demo');
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
