/**
 * Read-only share links: one per timeline, showing only the fields its owner ticked. The
 * token is as strong as an edit token and stored only as its SHA-256 hash, so the link is
 * shown once; making a new link replaces (and so revokes) the old one.
 */
import type { Database } from '../db/client.ts';
import { hashEditToken, isWellFormedEditToken, newEditToken } from '../timelines/edit-token.ts';
import { findTimelineById } from '../timelines/repository.ts';
import type { Timeline } from '../timelines/types.ts';
import { caseProgress } from './progress.ts';
import { ownsTimeline } from './repository.ts';
import { SHARE_FIELDS, type ShareField } from './share-link-fields.ts';

export interface ShareLinkSettings {
  createdAt: Date;
  shows: ShareField[];
}

/** A shared timeline as its link shows it: nothing the owner did not tick, never an id. */
export interface SharedTimelineView {
  category: Timeline['category'];
  subcategory: Timeline['subcategory'];
  premium: boolean;
  filedMonth: number;
  lastConfirmedMonth: number;
  decided: boolean;
  /** Months from filing to the decision, or to this month while pending. */
  waitedMonths: number;
  country?: string;
  office?: Timeline['office'];
  laterOffice?: Timeline['laterOffice'];
  milestones?: Timeline['milestones'];
  note?: string | null;
}

export function shareLinkPath(token: string): string {
  return `/s/${token}`;
}

type Row = {
  show_country: boolean;
  show_service_center: boolean;
  show_milestones: boolean;
  show_note: boolean;
};

function shownFields(row: Row): ShareField[] {
  const flags: Record<ShareField, boolean> = {
    country: row.show_country,
    service_center: row.show_service_center,
    milestones: row.show_milestones,
    note: row.show_note,
  };
  return SHARE_FIELDS.filter((f) => flags[f]);
}

/** Makes (or replaces) the share link of an owned timeline; the token, or undefined if not the owner's. */
export async function createShareLink(
  db: Database,
  userId: string,
  timelineId: string,
  shows: readonly ShareField[],
): Promise<string | undefined> {
  const token = newEditToken();
  const row = {
    timeline_id: timelineId,
    token_hash: hashEditToken(token),
    show_country: shows.includes('country'),
    show_service_center: shows.includes('service_center'),
    show_milestones: shows.includes('milestones'),
    show_note: shows.includes('note'),
  };
  const created = await db.transaction().execute(async (trx) => {
    if (!(await ownsTimeline(trx, userId, timelineId))) return false;
    await trx.deleteFrom('share_links').where('timeline_id', '=', timelineId).execute();
    await trx.insertInto('share_links').values(row).execute();
    return true;
  });
  return created ? token : undefined;
}

/** Revokes the share link of an owned timeline; false when there was none to revoke. */
export async function revokeShareLink(db: Database, userId: string, timelineId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await ownsTimeline(trx, userId, timelineId))) return false;
    const deleted = await trx
      .deleteFrom('share_links')
      .where('timeline_id', '=', timelineId)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  });
}

/** The share-link settings of these timelines, by timeline id. */
export async function shareLinkSettings(
  db: Database,
  timelineIds: readonly string[],
): Promise<Map<string, ShareLinkSettings>> {
  if (timelineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('share_links')
    .selectAll()
    .where('timeline_id', 'in', timelineIds)
    .execute();
  return new Map(
    rows.map((r) => [r.timeline_id, { createdAt: new Date(r.created_at), shows: shownFields(r) }]),
  );
}

/** What a share link shows, or undefined for an unknown, revoked or malformed token. */
export async function sharedTimelineView(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<SharedTimelineView | undefined> {
  if (!isWellFormedEditToken(token)) return undefined;
  const link = await db
    .selectFrom('share_links')
    .selectAll()
    .where('token_hash', '=', hashEditToken(token))
    .executeTakeFirst();
  if (!link) return undefined;
  const t = await findTimelineById(db, link.timeline_id);
  // A timeline moderation took out of the public record is not shown through a link either.
  if (!t || t.moderationState === 'excluded') return undefined;
  const shows = shownFields(link);
  const progress = caseProgress(t, now);
  return {
    category: t.category,
    subcategory: t.subcategory,
    premium: t.premium,
    filedMonth: t.filedMonth,
    lastConfirmedMonth: t.lastConfirmedMonth,
    decided: progress.decision !== null,
    waitedMonths: progress.waitedMonths,
    ...(shows.includes('country') ? { country: t.country } : {}),
    ...(shows.includes('service_center') ? { office: t.office, laterOffice: t.laterOffice } : {}),
    ...(shows.includes('milestones') ? { milestones: t.milestones } : {}),
    ...(shows.includes('note') ? { note: t.moderationState === 'visible' ? t.note : null } : {}),
  };
}
