/**
 * The JSON API for timelines (/api/v1/timelines): request in, Response out. Routes stay thin
 * and pass their database and client key in. Every refusal is a 4xx with a JSON body; an
 * unexpected failure is a 503 (database unreachable) or 500 that names no detail (database
 * errors can quote rows, notes included).
 */
import { errorResponse } from '../http/errors.ts';
import { bodyErrorResponse, json, jsonError, readJsonBody } from '../http/json.ts';
import type { Database } from '../db/client.ts';
import type { Account } from '../auth/account.ts';
import { log } from '../log/logger.ts';
import { clientKey } from '../privacy/client-key.ts';
import { authorizeTimeline, credentialFromAuthorization } from './authorize.ts';
import { changeTimeline, type Refusal, removeTimeline, shareTimeline, type WriteContext } from './service.ts';
import { findTimelineById } from './repository.ts';
import type { Timeline } from './types.ts';
import { formatMonth } from './months.ts';
import { fieldsToInput } from './validate.ts';

export interface ApiContext {
  database: () => Promise<Database>;
  /** The caller's address: turned into a daily client key for writes, never stored. */
  clientAddress: string;
  rateLimitPerHour: number;
  /** The verified signed-in account (src/server/auth), if any: the owner credential. */
  account?: Account | null;
  /** A Bearer session was sent and did not verify: refuse rather than act anonymously. */
  sessionRejected?: boolean;
  now?: Date;
}

function writeContext(ctx: ApiContext): WriteContext {
  return {
    clientKey: clientKey(ctx.clientAddress, ctx.now),
    rateLimitPerHour: ctx.rateLimitPerHour,
    ...(ctx.now ? { now: ctx.now } : {}),
  };
}

export function refusalResponse(refusal: Refusal): Response {
  switch (refusal.reason) {
    case 'invalid':
      return jsonError(422, 'The timeline was not accepted; see issues.', refusal.issues);
    case 'rate_limited':
      return jsonError(
        429,
        `Too many changes from your network in the last hour. Try again in ${Math.ceil(refusal.retryAfterSeconds / 60)} minutes.`,
        undefined,
        {
          'retry-after': String(refusal.retryAfterSeconds),
        },
      );
    case 'duplicate':
      return jsonError(409, 'This timeline was already shared from your network in the last 24 hours.');
    case 'not_found':
      return notFound();
  }
}

const notFound = () => jsonError(404, 'Not found');

export const sessionRejectedResponse = () =>
  jsonError(
    401,
    'Your session is not valid here (expired, or not issued for this site). Sign in again; nothing was changed.',
    undefined,
    {
      'www-authenticate': 'Bearer',
    },
  );

/** A timeline as the API shows it to its owner. */
export function timelineBody(t: Timeline): Record<string, unknown> {
  return { id: t.id, ...fieldsToInput(t), updated_at: formatMonth(t.updatedMonth) };
}

/** Runs a handler; an unexpected failure becomes the site's JSON 503/500, never a stack trace. */
export async function guarded(
  ctx: Pick<ApiContext, 'database'>,
  work: (db: Database) => Promise<Response>,
): Promise<Response> {
  try {
    return await work(await ctx.database());
  } catch (error) {
    log.error('timeline_api_failed', { code: (error as { code?: string }).code ?? (error as Error).name });
    return (
      errorResponse(error, true) ?? jsonError(500, 'Internal error. It has been logged; please try again.')
    );
  }
}

export async function readBody(request: Request): Promise<{ body: unknown } | { response: Response }> {
  try {
    return { body: await readJsonBody(request) };
  } catch (error) {
    return { response: bodyErrorResponse(error) };
  }
}

/**
 * POST /api/v1/timelines → 201 { id, edit_url }, and `notices` when there is something to
 * suggest (a missing earlier step) or an unusual wait went to the moderators.
 */
export function createTimelineResponse(request: Request, ctx: ApiContext): Promise<Response> {
  return guarded(ctx, async (db) => {
    const read = await readBody(request);
    if ('response' in read) return read.response;
    if (ctx.sessionRejected) return sessionRejectedResponse();
    const owner = ctx.account ? { userId: ctx.account.userId } : null;
    const result = await shareTimeline(db, read.body, writeContext(ctx), owner);
    if (!result.ok) return refusalResponse(result);
    const location = { location: `/api/v1/timelines/${result.id}` };
    const notices = result.notices
      ? { notices: result.notices.map((n) => ({ kind: n.kind, path: n.path, message: n.message })) }
      : {};
    // Signed in: the timeline belongs to the account, which needs no edit link.
    if ('ownerId' in result)
      return json({ id: result.id, owner: 'you', manage_url: '/me', ...notices }, 201, location);
    return json({ id: result.id, edit_url: result.editPath, ...notices }, 201, location);
  });
}

/** The timeline id the request's credentials may change, or the response that refuses it. */
async function authorized(
  request: Request,
  id: string,
  db: Database,
  account: Account | null | undefined,
): Promise<string | Response> {
  // An edit token, when sent, is what the caller means to use; otherwise a verified session.
  const credential =
    credentialFromAuthorization(request.headers.get('authorization')) ??
    (account ? { kind: 'owner' as const, userId: account.userId } : undefined);
  if (!credential) {
    return jsonError(
      401,
      'Send the header "Authorization: EditToken <token>", with the token from your edit link, or sign in as the timeline\'s owner.',
      undefined,
      {
        'www-authenticate': 'EditToken',
      },
    );
  }
  return (await authorizeTimeline(db, id, credential)) ?? notFound();
}

/** GET /api/v1/timelines/:id with the edit token. */
export function readTimelineResponse(request: Request, id: string, ctx: ApiContext): Promise<Response> {
  return guarded(ctx, async (db) => {
    const allowed = await authorized(request, id, db, ctx.account);
    if (allowed instanceof Response) return allowed;
    const timeline = await findTimelineById(db, allowed);
    return timeline ? json(timelineBody(timeline)) : notFound();
  });
}

/** PATCH /api/v1/timelines/:id: any fields of the contract; the rest are kept. */
export function patchTimelineResponse(request: Request, id: string, ctx: ApiContext): Promise<Response> {
  return guarded(ctx, async (db) => {
    const allowed = await authorized(request, id, db, ctx.account);
    if (allowed instanceof Response) return allowed;
    const read = await readBody(request);
    if ('response' in read) return read.response;
    const result = await changeTimeline(db, allowed, read.body, writeContext(ctx));
    return result.ok ? json(timelineBody(result.timeline)) : refusalResponse(result);
  });
}

/** DELETE /api/v1/timelines/:id → 204: the timeline and its milestones are gone. */
export function deleteTimelineResponse(request: Request, id: string, ctx: ApiContext): Promise<Response> {
  return guarded(ctx, async (db) => {
    const allowed = await authorized(request, id, db, ctx.account);
    if (allowed instanceof Response) return allowed;
    const result = await removeTimeline(db, allowed);
    return result.ok
      ? new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } })
      : refusalResponse(result);
  });
}
