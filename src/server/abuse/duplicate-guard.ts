/**
 * The duplicate guard: the same category, country, filing month and milestones from the
 * same client key within about a day is one submission, not two. Only an HMAC of (client key,
 * content) under a key derived from SERVER_SECRET and the hour it was seen are kept: without
 * the secret, nobody holding the database can recompute it from a timeline and an address.
 */
import { createHmac } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { serverKey } from '../secrets/server-secret.ts';
import type { Milestone } from '../timelines/types.ts';
import { hourIndex } from './rate-limit.ts';

/** How long a fingerprint is remembered, in whole hours (the hour it was seen counts fully). */
export const DUPLICATE_WINDOW_HOURS = 24;

export interface SubmissionContent {
  category: string;
  country: string;
  filedMonth: number;
  milestones: readonly Milestone[];
}

/** A keyed hash of what makes two submissions "the same", from the same client key. */
export function submissionFingerprint(clientKey: string, content: SubmissionContent): string {
  const milestones = content.milestones.map((m) => `${m.key}=${m.month}`).sort();
  const canonical = JSON.stringify([content.category, content.country, content.filedMonth, milestones]);
  return createHmac('sha256', serverKey('duplicate-guard'))
    .update(clientKey)
    .update('\u0000')
    .update(canonical)
    .digest('base64url');
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
  const hour = hourIndex(now);
  const expired = hour - DUPLICATE_WINDOW_HOURS;
  await trx.deleteFrom('submission_fingerprints').where('seen_hour', '<=', expired).execute();
  const claimed = await trx
    .insertInto('submission_fingerprints')
    .values({ fingerprint, seen_hour: hour })
    .onConflict((oc) =>
      oc
        .column('fingerprint')
        .doUpdateSet({ seen_hour: hour })
        .where('submission_fingerprints.seen_hour', '<=', expired),
    )
    .returning('fingerprint')
    .executeTakeFirst();
  return claimed !== undefined;
}
