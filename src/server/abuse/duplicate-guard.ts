/**
 * The duplicate guard: the same category, country, filing month and milestones from the
 * same client key within a day is one submission, not two. Only a hash of (client key,
 * content) and a timestamp is kept; it cannot be joined to a timeline, and it expires.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { Milestone } from '../timelines/types.ts';

export const DUPLICATE_WINDOW_MS = 24 * 3600_000;

export interface SubmissionContent {
  category: string;
  country: string;
  filedMonth: number;
  milestones: readonly Milestone[];
}

/** A hash of what makes two submissions "the same", from the same client key. */
export function submissionFingerprint(clientKey: string, content: SubmissionContent): string {
  const milestones = content.milestones.map((m) => `${m.key}=${m.month}`).sort();
  const canonical = JSON.stringify([content.category, content.country, content.filedMonth, milestones]);
  return createHash('sha256').update(clientKey).update('\u0000').update(canonical).digest('base64url');
}

/**
 * Records a submission's fingerprint; false when the same one was seen within the window.
 * Call it inside the transaction that writes the timeline, so a refused or failed write
 * leaves no fingerprint behind. Concurrent twins wait on the primary key: one wins.
 */
export async function claimSubmission(
  trx: Database,
  fingerprint: string,
  now: Date = new Date(),
): Promise<boolean> {
  const cutoff = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
  await trx.deleteFrom('submission_fingerprints').where('seen_at', '<=', cutoff).execute();
  const claimed = await trx
    .insertInto('submission_fingerprints')
    .values({ fingerprint, seen_at: now })
    .onConflict((oc) =>
      oc
        .column('fingerprint')
        .doUpdateSet({ seen_at: now })
        .where('submission_fingerprints.seen_at', '<=', cutoff),
    )
    .returning('fingerprint')
    .executeTakeFirst();
  return claimed !== undefined;
}
