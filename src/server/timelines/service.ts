/**
 * The rules for sharing and changing a timeline: one validation for every way in, a
 * per-client rate limit, the duplicate guard, and every write in one transaction. Callers
 * have already decided who may change which timeline (authorize.ts).
 */
import { consumeRateLimit } from '../abuse/rate-limit.ts';
import { claimSubmission, submissionFingerprint } from '../abuse/duplicate-guard.ts';
import type { Database } from '../db/client.ts';
import { log } from '../log/logger.ts';
import { DECISION_KEYS, MILESTONE_LABELS } from './catalogue.ts';
import { editPath, hashEditToken, newEditToken } from './edit-token.ts';
import type { ValidationIssue } from './input-schema.ts';
import { currentMonth } from './months.ts';
import { findTimelineById, insertTimelines } from './repository.ts';
import { deleteTimeline, replaceTimelineFields, setLastConfirmedMonth } from './repository-edits.ts';
import type { Timeline } from './types.ts';
import type { PlausibilityNotice } from './plausibility.ts';
import { fieldsToInput, validateTimelineInput } from './validate.ts';
import { flagUnusualWaits, needsModeratorLook } from '../moderation/flags.ts';

export interface WriteContext {
  /** The client key (privacy/client-key.ts) of whoever asks: what the rate limit counts. */
  clientKey: string;
  rateLimitPerHour: number;
  now?: Date;
}

export type Refusal =
  | { ok: false; reason: 'invalid'; issues: ValidationIssue[] }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'not_found' };

/** Accepted, with a word about it: a missing earlier step to suggest, an unusual wait (decisions 070, 072). */
interface Noticed {
  notices?: PlausibilityNotice[];
}
/** An owned timeline (shared while signed in) has no edit token: its owner's session is the key. */
export type AnonymousShareResult =
  ({ ok: true; id: string; editToken: string; editPath: string } & Noticed) | Refusal;
export type ShareResult = AnonymousShareResult | ({ ok: true; id: string; ownerId: string } & Noticed);
export type ChangeResult = { ok: true; timeline: Timeline } | Refusal;

const invalid = (issues: ValidationIssue[]): Refusal => ({ ok: false, reason: 'invalid', issues });
const NOT_FOUND: Refusal = { ok: false, reason: 'not_found' };

async function rateLimited(
  db: Database,
  action: 'submit' | 'edit',
  ctx: WriteContext,
): Promise<Refusal | undefined> {
  const decision = await consumeRateLimit(db, ctx.clientKey, action, {
    limit: ctx.rateLimitPerHour,
    ...(ctx.now ? { now: ctx.now } : {}),
  });
  return decision.allowed
    ? undefined
    : { ok: false, reason: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
}

/**
 * Shares a new anonymous timeline. Only a valid timeline counts against the rate limit, so
 * someone correcting a form is not locked out; a refusal writes no timeline.
 */
export function shareTimeline(db: Database, raw: unknown, ctx: WriteContext): Promise<AnonymousShareResult>;
export function shareTimeline(
  db: Database,
  raw: unknown,
  ctx: WriteContext,
  owner: { userId: string } | null,
): Promise<ShareResult>;
export async function shareTimeline(
  db: Database,
  raw: unknown,
  ctx: WriteContext,
  owner: { userId: string } | null = null,
): Promise<ShareResult> {
  const now = ctx.now ?? new Date();
  const validation = validateTimelineInput(raw, { now });
  if (!validation.ok) return invalid(validation.issues);
  const limited = await rateLimited(db, 'submit', ctx);
  if (limited) return limited;

  const token = owner ? null : newEditToken();
  const fingerprint = submissionFingerprint(ctx.clientKey, validation.value);
  const id = await db.transaction().execute(async (trx) => {
    if (!(await claimSubmission(trx, fingerprint, now))) return undefined;
    const [created] = await insertTimelines(trx, [
      {
        ...validation.value,
        provenance: 'web',
        ownerId: owner?.userId ?? null,
        editTokenHash: token ? hashEditToken(token) : null,
      },
    ]);
    if (created && needsModeratorLook(validation.notices)) await flagUnusualWaits(trx, [created]);
    return created;
  });
  if (!id) return { ok: false, reason: 'duplicate' };
  log.info('timeline_shared', { owned: owner !== null });
  const noticed = validation.notices.length > 0 ? { notices: validation.notices } : {};
  if (owner || !token) return { ok: true, id, ownerId: owner!.userId, ...noticed };
  return { ok: true, id, editToken: token, editPath: editPath(token), ...noticed };
}

/**
 * Changes a timeline: the patch holds any fields of the input contract; the rest keep their
 * values. The result passes the same validation as a new timeline, and an edit without
 * `last_confirmed` confirms the case as of this month. A `milestones` list replaces them all.
 */
export async function changeTimeline(
  db: Database,
  id: string,
  patch: unknown,
  ctx: WriteContext,
): Promise<ChangeResult> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return invalid([{ path: '', message: 'Send a JSON object with the fields to change.' }]);
  }
  const current = await findTimelineById(db, id);
  if (!current) return NOT_FOUND;
  const { last_confirmed: _previous, ...unchanged } = fieldsToInput(current);
  const validation = validateTimelineInput({ ...unchanged, ...patch }, ctx.now ? { now: ctx.now } : {});
  if (!validation.ok) return invalid(validation.issues);
  const limited = await rateLimited(db, 'edit', ctx);
  if (limited) return limited;

  const month = currentMonth(ctx.now ?? new Date());
  const found = await db.transaction().execute(async (trx) => {
    const replaced = await replaceTimelineFields(trx, id, validation.value, month);
    if (replaced && needsModeratorLook(validation.notices)) await flagUnusualWaits(trx, [id]);
    return replaced;
  });
  if (!found) return NOT_FOUND;
  log.info('timeline_changed');
  return { ok: true, timeline: (await findTimelineById(db, id))! };
}

/** "Still pending": one click that says the case is undecided as of this month. */
export async function confirmStillPending(
  db: Database,
  id: string,
  ctx: WriteContext,
): Promise<ChangeResult> {
  const current = await findTimelineById(db, id);
  if (!current) return NOT_FOUND;
  const decision = current.milestones.find((m) => (DECISION_KEYS as readonly string[]).includes(m.key));
  if (decision) {
    return invalid([
      {
        path: '',
        message: `This case already has a decision (${MILESTONE_LABELS[decision.key]}), so it is no longer pending.`,
      },
    ]);
  }
  const limited = await rateLimited(db, 'edit', ctx);
  if (limited) return limited;
  const month = currentMonth(ctx.now ?? new Date());
  const found = await db.transaction().execute((trx) => setLastConfirmedMonth(trx, id, month));
  if (!found) return NOT_FOUND;
  log.info('timeline_confirmed_pending');
  return { ok: true, timeline: (await findTimelineById(db, id))! };
}

/**
 * Deletes a timeline for good. Never rate-limited: nobody should be kept from removing
 * their own data.
 */
export async function removeTimeline(db: Database, id: string): Promise<{ ok: true } | Refusal> {
  const deleted = await db.transaction().execute((trx) => deleteTimeline(trx, id));
  if (!deleted) return NOT_FOUND;
  log.info('timeline_deleted');
  return { ok: true };
}
