/**
 * Reports the site files by itself: an accepted timeline with an unusually long wait goes to
 * the moderators' queue (docs/decisions/072). Refusing such waits would bias every median
 * downwards; a person looks instead. Runs in the writer's transaction.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PlausibilityNotice } from '../timelines/plausibility.ts';

/** Whether the notices ask for a moderator's look. */
export const needsModeratorLook = (notices: readonly PlausibilityNotice[]) =>
  notices.some((n) => n.kind === 'long_wait');

/**
 * One open "implausible dates" report per flagged timeline. The dedupe key names the site, not
 * a client, so the same timeline is flagged once however often it is edited or re-imported.
 */
export async function flagUnusualWaits(db: Kysely<DB>, timelineIds: readonly string[]): Promise<void> {
  if (timelineIds.length === 0) return;
  await db
    .insertInto('reports')
    .values(
      timelineIds.map((id) => ({
        timeline_id: id,
        reason: 'implausible_dates' as const,
        dedupe_key: `site:long_wait:${id}`,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
