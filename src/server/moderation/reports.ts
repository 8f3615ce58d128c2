/**
 * Reports from readers: no account, one per client and timeline, rate-limited like submissions.
 * Only an HMAC of (client key, timeline) is kept, so a report cannot be traced to an address.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { consumeRateLimit } from '../abuse/rate-limit.ts';
import type { Database } from '../db/client.ts';
import type { ReportReason } from '../db/schema.ts';
import { referenceCodec } from '../feed/references.ts';
import { clientKey } from '../privacy/client-key.ts';
import { log } from '../log/logger.ts';
import { serverKey } from '../secrets/server-secret.ts';

export const REPORT_REASONS = [
  'identifying',
  'spam',
  'abusive',
  'implausible_dates',
] as const satisfies readonly ReportReason[];

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  identifying: 'Identifying information',
  spam: 'Spam',
  abusive: 'Abusive',
  implausible_dates: 'Implausible dates',
};

export const reportSchema = z.object({
  item: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Unknown feed item'),
  reason: z.enum(REPORT_REASONS, { error: `Reason must be one of: ${REPORT_REASONS.join(', ')}` }),
});
export type ReportInput = z.infer<typeof reportSchema>;

export type ReportOutcome =
  | { status: 'received' }
  | { status: 'already_reported' }
  | { status: 'not_found' }
  | { status: 'rate_limited'; retryAfterSeconds: number };

export interface ReportSettings {
  limitPerHour: number;
  includeDemo: boolean;
}

/** Files a report from a client address (turned into today's client key, never stored). */
export async function submitReportFrom(
  db: Database,
  input: ReportInput,
  address: string,
  settings: ReportSettings,
): Promise<ReportOutcome> {
  return submitReport(db, input, clientKey(address), settings);
}

/** Files a report about a public feed item, at most once per client key and timeline. */
export async function submitReport(
  db: Database,
  input: ReportInput,
  clientKey: string,
  settings: ReportSettings,
): Promise<ReportOutcome> {
  const limit = await consumeRateLimit(db, clientKey, 'report', { limit: settings.limitPerHour });
  if (!limit.allowed) {
    log.warn('report_rate_limited');
    return { status: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  }
  const timelineId = referenceCodec().fromRef(input.item);
  if (!timelineId) return { status: 'not_found' };
  const dedupeKey = createHmac('sha256', serverKey('report-dedupe'))
    .update(`${clientKey}\n${timelineId}`)
    .digest('base64url');
  const outcome: ReportOutcome = await db.transaction().execute(async (trx) => {
    let visible = trx
      .selectFrom('timelines')
      .select('id')
      .where('id', '=', timelineId)
      .where('moderation_state', '!=', 'excluded');
    if (!settings.includeDemo) visible = visible.where('provenance', '!=', 'demo');
    if (!(await visible.executeTakeFirst())) return { status: 'not_found' } as const;
    const inserted = await trx
      .insertInto('reports')
      .values({ timeline_id: timelineId, reason: input.reason, dedupe_key: dedupeKey })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? ({ status: 'received' } as const) : ({ status: 'already_reported' } as const);
  });
  log.info('report', { status: outcome.status, reason: input.reason });
  return outcome;
}

export type ReportStatus = ReportOutcome['status'] | 'invalid';

/** What the reader is told after reporting, keyed by the status the form redirect carries. */
export const REPORT_STATUS_MESSAGES: Record<ReportStatus, string> = {
  received: 'Thank you. Your report was received and a moderator will review it.',
  already_reported: 'You already reported this item. A moderator will review it.',
  not_found: 'That item is no longer in the feed.',
  rate_limited: 'You have sent many reports in the last hour. Please try again later.',
  invalid: 'Choose a reason for your report.',
};

export function isReportStatus(value: string | null): value is ReportStatus {
  return value !== null && Object.hasOwn(REPORT_STATUS_MESSAGES, value);
}
