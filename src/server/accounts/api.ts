/**
 * The JSON API of the signed-in person (/api/v1/me/…): request in, Response out. Every
 * handler starts from the verified account; without one it answers 401 and touches nothing.
 * A timeline that is not the caller's is "not found", never "forbidden": ids leak nothing.
 */
import { z } from 'zod';
import type { Account } from '../auth/account.ts';
import type { Database } from '../db/client.ts';
import { issuesFromZod, json, jsonError } from '../http/json.ts';
import { guarded, readBody } from '../timelines/api.ts';
import { formatMonth } from '../timelines/months.ts';
import { fieldsToInput } from '../timelines/validate.ts';
import { accountOverview } from './overview.ts';
import type { Standing } from './standing.ts';
import { claimTimeline, deleteAccountData, exportAccountData } from './service.ts';
import { SHARE_FIELDS } from './share-link-fields.ts';
import { createShareLink, revokeShareLink, shareLinkPath } from './share-links.ts';

export interface MeContext {
  database: () => Promise<Database>;
  account: Account | null;
  /** The site's origin, for absolute share links. */
  origin: string;
  now?: Date;
}

/** The words DELETE /api/v1/me needs in its body, so no stray request can wipe an account. */
export const DELETE_CONFIRMATION = 'delete my data';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => jsonError(404, 'Not found');

function signedIn(
  ctx: MeContext,
  work: (db: Database, account: Account) => Promise<Response>,
): Promise<Response> {
  const account = ctx.account;
  if (!account)
    return Promise.resolve(
      jsonError(401, 'Sign in to see and change your own timelines.', undefined, {
        'www-authenticate': 'Bearer',
      }),
    );
  return guarded(ctx, (db) => work(db, account));
}

/** GET /api/v1/me/timelines: the caller's own timelines with their progress. */
export function myTimelinesResponse(ctx: MeContext): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    const overview = await accountOverview(db, account.userId, ctx.now);
    return json({
      timelines: overview.map(({ timeline: t, progress, shareLink: link, standing }) => {
        return {
          id: t.id,
          ...fieldsToInput(t),
          waited_months: progress.waitedMonths,
          decision: progress.decision?.key ?? null,
          needs_confirmation: progress.needsConfirmation,
          where_it_stands: standingBody(standing),
          share_link: link ? { created_at: link.createdAt.toISOString(), shows: link.shows } : null,
          updated_at: formatMonth(t.updatedMonth),
        };
      }),
    });
  });
}

function standingBody(standing: Standing) {
  if (standing.status === 'insufficient') return { group: standing.group, suppressed: true, k: standing.k };
  return {
    group: standing.group,
    suppressed: false,
    n: standing.n,
    approved_sooner: standing.approvedSooner,
    outlook: standing.outlook && {
      still_waiting: standing.outlook.atRisk,
      within: standing.outlook.within,
      remaining_months: standing.outlook.remaining,
    },
  };
}

const claimSchema = z
  .object({ edit_link: z.string().min(1, 'Paste the edit link of your timeline.').max(500) })
  .strict();

/** POST /api/v1/me/claims { edit_link }: the anonymous timeline becomes the caller's; the link stops working. */
export function claimResponse(request: Request, ctx: MeContext): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    const read = await readBody(request);
    if ('response' in read) return read.response;
    const parsed = claimSchema.safeParse(read.body);
    if (!parsed.success)
      return jsonError(422, 'The claim was not accepted; see issues.', issuesFromZod(parsed.error));
    const id = await claimTimeline(db, account.userId, parsed.data.edit_link);
    if (!id)
      return jsonError(
        404,
        'No timeline has that edit link (it may already belong to an account, or have been deleted).',
      );
    return json({ id }, 200);
  });
}

const shareLinkSchema = z.object({ shows: z.array(z.enum(SHARE_FIELDS)).max(SHARE_FIELDS.length) }).strict();

/** PUT /api/v1/me/timelines/:id/share-link { shows }: a new read-only link (the old one stops working). */
export function createShareLinkResponse(
  request: Request,
  timelineId: string,
  ctx: MeContext,
): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    if (!UUID.test(timelineId)) return notFound();
    const read = await readBody(request);
    if ('response' in read) return read.response;
    const parsed = shareLinkSchema.safeParse(read.body);
    if (!parsed.success)
      return jsonError(
        422,
        `Choose what the link shows from: ${SHARE_FIELDS.join(', ')}.`,
        issuesFromZod(parsed.error),
      );
    const token = await createShareLink(db, account.userId, timelineId, [...new Set(parsed.data.shows)]);
    if (!token) return notFound();
    const path = shareLinkPath(token);
    return json({ url: new URL(path, ctx.origin).toString(), path, shows: parsed.data.shows }, 201);
  });
}

/** DELETE /api/v1/me/timelines/:id/share-link: the link stops working at once. */
export function revokeShareLinkResponse(timelineId: string, ctx: MeContext): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    if (!UUID.test(timelineId)) return notFound();
    return (await revokeShareLink(db, account.userId, timelineId))
      ? new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } })
      : notFound();
  });
}

/** GET /api/v1/me/export: everything stored about the caller, as a JSON download. */
export function exportResponse(ctx: MeContext): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    const data = await exportAccountData(db, account.userId, ctx.now);
    return json(data, 200, { 'content-disposition': 'attachment; filename="casetrack-my-data.json"' });
  });
}

const deleteSchema = z
  .object({
    confirm: z.literal(DELETE_CONFIRMATION, { message: `Type "${DELETE_CONFIRMATION}" to confirm.` }),
  })
  .strict();

/** DELETE /api/v1/me { confirm }: all the caller's timelines and share links, gone for good. */
export function deleteMeResponse(request: Request, ctx: MeContext): Promise<Response> {
  return signedIn(ctx, async (db, account) => {
    const read = await readBody(request);
    if ('response' in read) return read.response;
    const parsed = deleteSchema.safeParse(read.body);
    if (!parsed.success)
      return jsonError(
        422,
        `Nothing was deleted. Send { "confirm": "${DELETE_CONFIRMATION}" } to confirm.`,
        issuesFromZod(parsed.error),
      );
    const deleted = await deleteAccountData(db, account.userId);
    return json({ deleted_timelines: deleted });
  });
}
