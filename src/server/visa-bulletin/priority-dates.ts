/** A signed-in person's priority date (one per account): all SQL, and the answer for /me. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { formatMonth } from '../timelines/months.ts';
import { type Area, type BulletinAnswer, type Preference, areaOf, bulletinAnswer } from './bulletin.ts';

type Executor = Kysely<DB>;

export interface PriorityDate {
  category: Preference;
  area: Area;
  /** YYYY-MM */
  priorityDate: string;
}

export async function findPriorityDate(db: Executor, ownerId: string): Promise<PriorityDate | null> {
  const row = await db
    .selectFrom('priority_dates')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  return row
    ? {
        category: row.category as Preference,
        area: row.area as Area,
        priorityDate: formatMonth(row.priority_month),
      }
    : null;
}

export async function savePriorityDate(
  db: Executor,
  ownerId: string,
  value: { category: Preference; country: string; priorityMonth: number },
): Promise<void> {
  const row = { category: value.category, area: areaOf(value.country), priority_month: value.priorityMonth };
  await db
    .insertInto('priority_dates')
    .values({ owner_id: ownerId, ...row })
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}

export async function deletePriorityDate(db: Executor, ownerId: string): Promise<boolean> {
  const result = await db.deleteFrom('priority_dates').where('owner_id', '=', ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What /me shows: the stored date's standing in the latest bulletin, or null. */
export async function myBulletinAnswer(db: Executor, ownerId: string): Promise<BulletinAnswer | null> {
  const stored = await findPriorityDate(db, ownerId);
  return stored ? bulletinAnswer(stored.category, stored.area, stored.priorityDate) : null;
}
