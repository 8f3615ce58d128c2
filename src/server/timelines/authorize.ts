/**
 * Who may change a timeline. Today: whoever holds its edit token. The accounts issue adds
 * an owner credential here; callers only ever ask "which timeline may these credentials
 * change?" and get an id or nothing, never a reason (a wrong token is simply not found).
 */
import type { Database } from '../db/client.ts';
import { editTokenMatches, hashEditToken, isWellFormedEditToken } from './edit-token.ts';
import { findTimelineAccess, findTimelineIdByEditTokenHash } from './repository-edits.ts';

export type TimelineCredential = { kind: 'edit_token'; token: string } | { kind: 'owner'; userId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Authorization: EditToken <token>` as a credential; undefined for anything else. */
export function credentialFromAuthorization(header: string | null): TimelineCredential | undefined {
  const match = /^EditToken\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? { kind: 'edit_token', token: match[1]! } : undefined;
}

/** The timeline an edit link opens. */
export async function timelineIdForEditToken(db: Database, token: string): Promise<string | undefined> {
  if (!isWellFormedEditToken(token)) return undefined;
  return findTimelineIdByEditTokenHash(db, hashEditToken(token));
}

/** The id back if these credentials may change that timeline; undefined otherwise. */
export async function authorizeTimeline(
  db: Database,
  id: string,
  credential: TimelineCredential,
): Promise<string | undefined> {
  if (!UUID.test(id)) return undefined;
  const access = await findTimelineAccess(db, id);
  if (!access) return undefined;
  switch (credential.kind) {
    case 'edit_token':
      return editTokenMatches(credential.token, access.editTokenHash) ? id : undefined;
    case 'owner':
      return access.ownerId !== null && access.ownerId === credential.userId ? id : undefined;
  }
}
