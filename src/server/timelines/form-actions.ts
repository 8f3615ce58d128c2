/**
 * What the share and edit pages do with a form post: the same service calls as the JSON API,
 * answered with something a page can render (the form again with messages, a redirect, or
 * the result). Works without JavaScript: every action is a plain POST.
 */
import { type Database, isDatabaseUnavailable } from '../db/client.ts';
import { readFormBody } from '../http/form-body.ts';
import { BodyError } from '../http/json.ts';
import { log } from '../log/logger.ts';
import {
  type FieldErrors,
  fieldErrors,
  fieldIdFor,
  type FormSubmission,
  formSubmission,
  formValuesFromBody,
  mergeIssues,
  type TimelineFormValues,
} from './form.ts';
import type { ValidationIssue } from './input-schema.ts';
import {
  changeTimeline,
  confirmStillPending,
  type Refusal,
  removeTimeline,
  shareTimeline,
  type WriteContext,
} from './service.ts';
import { validateTimelineInput } from './validate.ts';

/** The field a bot fills in and a person never sees. */
export const HONEYPOT_FIELD = 'website';
/** How many blank rows "More milestone rows" adds without JavaScript. */
export const MORE_ROWS = 4;

export interface FormErrorView {
  /** What to show in the timeline form again; undefined when the post was not that form. */
  values: TimelineFormValues | undefined;
  errors: FieldErrors;
  /** For the error summary: each message with the id of the field it links to. */
  summary: { fieldId: string; message: string }[];
  extraRows: number;
}

export type FormOutcome =
  /** editPath is null for a timeline shared while signed in: the account is its key. */
  | {
      kind: 'shared';
      editPath: string | null;
      /** Earlier steps the timeline lacks: kept as it is, the page may suggest adding them (decision 070). */
      suggestions: string[];
    }
  | { kind: 'error'; status: number; message: string }
  | ({ kind: 'form'; status: number; headers: Record<string, string> } & FormErrorView)
  | { kind: 'redirect'; location: string }
  | { kind: 'deleted' };

function formView(
  status: number,
  values: TimelineFormValues | undefined,
  issues: ValidationIssue[],
  rowOf: readonly number[],
  headers: Record<string, string> = {},
  extraRows = 0,
): FormOutcome {
  const summary = issues.map((issue) => ({ fieldId: fieldIdFor(issue.path, rowOf), message: issue.message }));
  return { kind: 'form', status, headers, values, errors: fieldErrors(issues, rowOf), summary, extraRows };
}

function refusalView(
  refusal: Refusal,
  values: TimelineFormValues | undefined,
  rowOf: readonly number[],
  formIssues: ValidationIssue[],
): FormOutcome {
  switch (refusal.reason) {
    case 'invalid':
      return formView(422, values, mergeIssues(formIssues, refusal.issues), rowOf);
    case 'rate_limited': {
      const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
      const message = `Too many submissions or changes from your network in the last hour. Nothing was saved; please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      return formView(429, values, [{ path: '', message }], rowOf, {
        'retry-after': String(refusal.retryAfterSeconds),
      });
    }
    case 'duplicate':
      return formView(
        409,
        values,
        [
          {
            path: '',
            message:
              'You already shared this timeline in the last 24 hours, so it was not added again. If you lost its edit link, you can share it again tomorrow.',
          },
        ],
        rowOf,
      );
    case 'not_found':
      return formView(404, values, [{ path: '', message: 'This timeline no longer exists.' }], rowOf);
  }
}

/**
 * Reads a form post and hands it to a handler; a bad body or an unavailable database becomes
 * an error outcome for the page to show (never a 500 or a stack trace).
 */
export async function handleFormPost(
  request: Request,
  handler: (body: URLSearchParams) => Promise<FormOutcome>,
): Promise<FormOutcome> {
  try {
    return await handler(await readFormBody(request));
  } catch (error) {
    if (error instanceof BodyError) return { kind: 'error', status: error.status, message: error.message };
    log.error('form_post_failed', { code: (error as { code?: string }).code ?? (error as Error).name });
    return isDatabaseUnavailable(error)
      ? {
          kind: 'error',
          status: 503,
          message: 'We could not reach our database, so nothing was saved. Please try again in a minute.',
        }
      : {
          kind: 'error',
          status: 500,
          message: 'Something went wrong on our side, so nothing was saved. Please try again.',
        };
  }
}

/** A half-filled form, with everything else the validator has to say about it, or undefined. */
function incompleteForm(
  values: TimelineFormValues,
  submission: FormSubmission,
  ctx: WriteContext,
): FormOutcome | undefined {
  if (submission.issues.length === 0) return undefined;
  const validation = validateTimelineInput(submission.raw, ctx.now ? { now: ctx.now } : {});
  return formView(
    422,
    values,
    mergeIssues(submission.issues, validation.ok ? [] : validation.issues),
    submission.rowOf,
  );
}

/** POST /share. */
export async function handleShareForm(
  db: Database,
  body: URLSearchParams,
  ctx: WriteContext,
  owner: { userId: string } | null = null,
): Promise<FormOutcome> {
  const values = formValuesFromBody(body);
  if ((body.get(HONEYPOT_FIELD) ?? '') !== '') {
    log.info('honeypot_tripped');
    return formView(400, values, [{ path: '', message: 'This submission could not be accepted.' }], []);
  }
  if (body.get('_action') === 'more_rows') return formView(200, values, [], [], {}, MORE_ROWS);
  const submission = formSubmission(values);
  const incomplete = incompleteForm(values, submission, ctx);
  if (incomplete) return incomplete;
  const result = await shareTimeline(db, submission.raw, ctx, owner);
  if (!result.ok) return refusalView(result, values, submission.rowOf, []);
  return {
    kind: 'shared',
    editPath: 'editPath' in result ? result.editPath : null,
    suggestions: (result.notices ?? []).filter((n) => n.kind === 'missing_step').map((n) => n.message),
  };
}

/** POST /t/<token>/edit: save, still pending, delete the note, delete the timeline. */
export async function handleEditForm(
  db: Database,
  id: string,
  body: URLSearchParams,
  ctx: WriteContext,
  pagePath: string,
): Promise<FormOutcome> {
  const values = formValuesFromBody(body);
  const saved = (what: string): FormOutcome => ({ kind: 'redirect', location: `${pagePath}?saved=${what}` });
  switch (body.get('_action')) {
    case 'still_pending': {
      const result = await confirmStillPending(db, id, ctx);
      return result.ok ? saved('pending') : refusalView(result, undefined, [], []);
    }
    case 'delete_note': {
      const result = await changeTimeline(db, id, { note: null }, ctx);
      return result.ok ? saved('note') : refusalView(result, undefined, [], []);
    }
    case 'delete': {
      if (body.get('confirm_delete') !== 'yes') {
        return formView(
          422,
          undefined,
          [
            {
              path: 'confirm_delete',
              message: 'Tick the box to confirm that you want to delete your timeline.',
            },
          ],
          [],
        );
      }
      const result = await removeTimeline(db, id);
      return result.ok ? { kind: 'deleted' } : refusalView(result, undefined, [], []);
    }
    case 'more_rows':
      return formView(200, values, [], [], {}, MORE_ROWS);
    default: {
      const submission = formSubmission(values);
      const incomplete = incompleteForm(values, submission, ctx);
      if (incomplete) return incomplete;
      const result = await changeTimeline(db, id, submission.raw, ctx);
      return result.ok ? saved('changes') : refusalView(result, values, submission.rowOf, []);
    }
  }
}
