/**
 * SQL for changing and deleting one timeline: what its owner does through the edit link.
 * Callers run these inside one transaction; the `filed` milestone row always follows
 * filed_month (docs/decisions/001).
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/client.ts';
import type { DB } from '../db/schema.ts';
import type { MonthIndex } from './months.ts';
import { fieldColumns, milestoneRows } from './repository.ts';
import type { TimelineFields } from './types.ts';

/** The timeline whose edit-token hash this is. */
export async function findTimelineIdByEditTokenHash(db: Database, hash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('timelines')
    .select('id')
    .where('edit_token_hash', '=', hash)
    .executeTakeFirst();
  return row?.id;
}

/** What decides who may change a timeline. */
export async function findTimelineAccess(
  db: Database,
  id: string,
): Promise<{ editTokenHash: string | null; ownerId: string | null } | undefined> {
  const row = await db
    .selectFrom('timelines')
    .select(['edit_token_hash', 'owner_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { editTokenHash: row.edit_token_hash, ownerId: row.owner_id };
}

/** The month of a change, never before the month the timeline was created (a clock may lag). */
function notBeforeCreation(eb: ExpressionBuilder<DB, 'timelines'>, month: MonthIndex) {
  return eb.fn<number>('greatest', [eb.ref('created_month'), eb.val(month)]);
}

/** Replaces a timeline's fields and milestones, changed in `month`; false if it no longer exists. */
export async function replaceTimelineFields(
  trx: Database,
  id: string,
  t: TimelineFields,
  month: MonthIndex,
): Promise<boolean> {
  const updated = await trx
    .updateTable('timelines')
    .set((eb) => ({ ...fieldColumns(t), updated_month: notBeforeCreation(eb, month) }))
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;

  const rows = milestoneRows(id, t);
  await trx
    .deleteFrom('milestones')
    .where('timeline_id', '=', id)
    .where(
      'key',
      'not in',
      rows.map((r) => r.key),
    )
    .execute();
  // Only rows whose month changed are touched, so statistics triggers see real changes only.
  await trx
    .insertInto('milestones')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['timeline_id', 'key'])
        .doUpdateSet((eb) => ({ month: eb.ref('excluded.month') }))
        .where((eb) => eb('milestones.month', '!=', eb.ref('excluded.month'))),
    )
    .execute();
  return true;
}

/** "Still pending": the owner confirms the case is undecided as of this month. */
export async function setLastConfirmedMonth(trx: Database, id: string, month: MonthIndex): Promise<boolean> {
  const updated = await trx
    .updateTable('timelines')
    .set((eb) => ({
      last_confirmed_month: eb.fn('greatest', [eb.ref('last_confirmed_month'), eb.val(month)]),
      updated_month: notBeforeCreation(eb, month),
    }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Deletes a timeline and (by cascade) its milestones: really gone, not hidden. */
export async function deleteTimeline(trx: Database, id: string): Promise<boolean> {
  const deleted = await trx.deleteFrom('timelines').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}
