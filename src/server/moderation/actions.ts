/**
 * Moderation actions. Each one is a single transaction: the timeline's state, its open reports
 * and the audit log entry change together, and so do the statistics (their triggers run inside it).
 */
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { ModerationAction, ModerationState, ReportResolution } from '../db/schema.ts';
import { referenceCodec } from '../feed/references.ts';
import { log } from '../log/logger.ts';
import { currentMonth } from '../timelines/months.ts';
import type { Moderator } from './authorise.ts';

export const MODERATION_ACTIONS = [
  'hide_note',
  'exclude',
  'restore',
  'dismiss',
] as const satisfies readonly ModerationAction[];

export const MODERATION_ACTION_LABELS: Record<ModerationAction, string> = {
  hide_note: 'Hide note',
  exclude: 'Exclude timeline',
  restore: 'Restore',
  dismiss: 'Dismiss reports',
};

export const moderationActionSchema = z.object({
  item: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Unknown item'),
  action: z.enum(MODERATION_ACTIONS, { error: `Action must be one of: ${MODERATION_ACTIONS.join(', ')}` }),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why, for the audit log')
    .max(500, 'Keep the reason under 500 characters'),
});
export type ModerationActionInput = z.infer<typeof moderationActionSchema>;

export type ModerationOutcome =
  | { ok: true; from: ModerationState; to: ModerationState; reportsResolved: number }
  | { ok: false; error: 'not_found' | 'not_applicable'; message: string };

interface Transition {
  /** States the action applies to. */
  from: readonly ModerationState[];
  to: ModerationState | 'unchanged';
  resolution: ReportResolution;
}

const TRANSITIONS: Record<ModerationAction, Transition> = {
  hide_note: { from: ['visible'], to: 'note_hidden', resolution: 'note_hidden' },
  exclude: { from: ['visible', 'note_hidden'], to: 'excluded', resolution: 'excluded' },
  restore: { from: ['note_hidden', 'excluded'], to: 'visible', resolution: 'restored' },
  dismiss: { from: ['visible', 'note_hidden', 'excluded'], to: 'unchanged', resolution: 'dismissed' },
};

/** Applies one action to a timeline and records it; refuses actions that would change nothing. */
export async function applyModerationAction(
  db: Database,
  timelineId: string,
  input: Pick<ModerationActionInput, 'action' | 'reason'>,
  moderator: Moderator,
): Promise<ModerationOutcome> {
  const transition = TRANSITIONS[input.action];
  const outcome: ModerationOutcome = await db.transaction().execute(async (trx) => {
    const timeline = await trx
      .selectFrom('timelines')
      .select(['moderation_state', 'note'])
      .where('id', '=', timelineId)
      .forUpdate()
      .executeTakeFirst();
    if (!timeline) return { ok: false, error: 'not_found', message: 'No such timeline' } as const;
    const from = timeline.moderation_state;
    if (!transition.from.includes(from)) {
      return {
        ok: false,
        error: 'not_applicable',
        message: `Cannot ${MODERATION_ACTION_LABELS[input.action].toLowerCase()} a timeline that is ${from.replace('_', ' ')}`,
      } as const;
    }
    if (input.action === 'hide_note' && !timeline.note) {
      return { ok: false, error: 'not_applicable', message: 'This timeline has no note to hide' } as const;
    }
    const to = transition.to === 'unchanged' ? from : transition.to;
    if (to !== from) {
      await trx
        .updateTable('timelines')
        .set({ moderation_state: to, updated_month: currentMonth() })
        .where('id', '=', timelineId)
        .execute();
    }
    const resolved = await trx
      .updateTable('reports')
      .set({ resolved_at: new Date(), resolution: transition.resolution })
      .where('timeline_id', '=', timelineId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    const reportsResolved = Number(resolved.numUpdatedRows);
    if (input.action === 'dismiss' && reportsResolved === 0) {
      return { ok: false, error: 'not_applicable', message: 'There are no open reports to dismiss' } as const;
    }
    await trx
      .insertInto('moderation_audit_log')
      .values({
        moderator: moderator.label,
        action: input.action,
        timeline_id: timelineId,
        from_state: from,
        to_state: to,
        reports_resolved: reportsResolved,
        reason: input.reason,
      })
      .execute();
    return { ok: true, from, to, reportsResolved } as const;
  });
  // Never the timeline: server logs are not linked to submissions.
  if (outcome.ok)
    log.info('moderation_action', {
      action: input.action,
      moderator: moderator.label,
      reports_resolved: outcome.reportsResolved,
    });
  return outcome;
}

/** The same, for an item named by its public reference. */
export async function applyModerationActionToRef(
  db: Database,
  input: ModerationActionInput,
  moderator: Moderator,
): Promise<ModerationOutcome> {
  const timelineId = referenceCodec().fromRef(input.item);
  if (!timelineId) return { ok: false, error: 'not_found', message: 'No such timeline' };
  return applyModerationAction(db, timelineId, input, moderator);
}
