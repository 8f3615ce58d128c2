/**
 * What a signed-in person does with their own data: claim an anonymous timeline, export
 * everything stored about them, delete it all. Every write is one transaction.
 */
import type { Database } from '../db/client.ts';
import { log } from '../log/logger.ts';
import { hashEditToken } from '../timelines/edit-token.ts';
import { timelineIdForEditToken } from '../timelines/authorize.ts';
import { formatMonth } from '../timelines/months.ts';
import { fieldsToInput } from '../timelines/validate.ts';
import { attachTimelineToOwner, deleteOwnedTimelines, findOwnedTimelines } from './repository.ts';
import { shareLinkSettings } from './share-links.ts';

/** The edit token inside an edit link, a path or a bare token. */
export function editTokenFromLink(link: string): string {
  const trimmed = link.trim();
  const match = /\/t\/([A-Za-z0-9_-]+)\/edit\/?(?:[?#].*)?$/.exec(trimmed);
  return match ? match[1]! : trimmed;
}

/** Claims the timeline an edit link opens; its id, or undefined for an unknown or spent link. */
export async function claimTimeline(
  db: Database,
  userId: string,
  editLink: string,
): Promise<string | undefined> {
  const token = editTokenFromLink(editLink);
  const id = await timelineIdForEditToken(db, token);
  if (!id) return undefined;
  const claimed = await db
    .transaction()
    .execute((trx) => attachTimelineToOwner(trx, id, hashEditToken(token), userId));
  if (!claimed) return undefined;
  log.info('timeline_claimed');
  return id;
}

/** Everything this site stores about an account, as the owner downloads it. */
export async function exportAccountData(db: Database, userId: string, now: Date = new Date()) {
  const timelines = await findOwnedTimelines(db, userId);
  const links = await shareLinkSettings(
    db,
    timelines.map((t) => t.id),
  );
  return {
    format: 'casetrack-account-export/1',
    exported_at: now.toISOString(),
    account: {
      clerk_user_id: userId,
      stored_about_you:
        'Only this id, to link you to your timelines. Your email and name stay with the sign-in provider (Clerk).',
    },
    timelines: timelines.map((t) => {
      const link = links.get(t.id);
      return {
        id: t.id,
        ...fieldsToInput(t),
        provenance: t.provenance,
        moderation_state: t.moderationState,
        created_month: formatMonth(t.createdMonth),
        updated_month: formatMonth(t.updatedMonth),
        share_link: link
          ? { created_at: link.createdAt.toISOString(), shows: link.shows, token: 'stored only as a hash' }
          : null,
      };
    }),
  };
}

/** Deletes every timeline of the account and with them its share links; how many timelines went. */
export async function deleteAccountData(db: Database, userId: string): Promise<number> {
  const deleted = await db.transaction().execute((trx) => deleteOwnedTimelines(trx, userId));
  log.info('account_data_deleted', { timelines: deleted });
  return deleted;
}
