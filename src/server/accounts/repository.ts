/** SQL for what an account owns: its timelines and their share links. Takes a db or a transaction. */
import type { Database } from '../db/client.ts';
import { findTimelineById } from '../timelines/repository.ts';
import type { Timeline } from '../timelines/types.ts';

/** The account's timelines, oldest first. */
export async function findOwnedTimelines(db: Database, userId: string): Promise<Timeline[]> {
  const rows = await db
    .selectFrom('timelines')
    .select('id')
    .where('owner_id', '=', userId)
    .orderBy('created_month')
    .orderBy('id')
    .execute();
  const timelines = await Promise.all(rows.map((r) => findTimelineById(db, r.id)));
  return timelines.filter((t): t is Timeline => t !== undefined);
}

/** Whether this account owns that timeline. */
export async function ownsTimeline(db: Database, userId: string, timelineId: string): Promise<boolean> {
  const row = await db
    .selectFrom('timelines')
    .select('id')
    .where('id', '=', timelineId)
    .where('owner_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves an anonymous timeline to an account and forgets its edit token, so the old edit
 * link stops working. Only a timeline that still has exactly this token hash can move.
 */
export async function attachTimelineToOwner(
  trx: Database,
  timelineId: string,
  editTokenHash: string,
  userId: string,
): Promise<boolean> {
  const updated = await trx
    .updateTable('timelines')
    .set({ owner_id: userId, edit_token_hash: null })
    .where('id', '=', timelineId)
    .where('edit_token_hash', '=', editTokenHash)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', userId)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Deletes every timeline of an account (milestones and share links go by cascade). */
export async function deleteOwnedTimelines(trx: Database, userId: string): Promise<number> {
  const deleted = await trx.deleteFrom('timelines').where('owner_id', '=', userId).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
