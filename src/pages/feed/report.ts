import type { APIRoute } from 'astro';
import { env } from '../../env.ts';
import { appDatabase } from '../../server/db/instance.ts';
import { feedQuerySchema, feedSearch } from '../../server/feed/filters.ts';
import { jsonError } from '../../server/http/json.ts';
import { clientAddressFor } from '../../server/http/proxy.ts';
import { type ReportStatus, reportSchema, submitReportFrom } from '../../server/moderation/reports.ts';

const ANCHOR = /^e-[A-Za-z0-9_-]{22}-[a-z0-9_]{1,40}$/;

/** The feed's Report form (no JavaScript needed): files the report, then returns to the same feed page. */
export const POST: APIRoute = async (context) => {
  const { request, redirect } = context;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return jsonError(415, 'Send the report as a form (application/x-www-form-urlencoded)');
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const back = feedQuerySchema.safeParse({
    category: field('category'),
    country: field('country'),
    milestone: field('milestone'),
    after: field('after'),
  });
  const params = new URLSearchParams(back.success ? feedSearch(back.data, back.data.after) : '');
  const anchor = field('anchor') ?? '';

  const input = reportSchema.safeParse({ item: field('item'), reason: field('reason') });
  let status: ReportStatus = 'invalid';
  if (input.success) {
    try {
      const settings = { limitPerHour: env().RATE_LIMIT_PER_HOUR, includeDemo: env().INCLUDE_DEMO_DATA };
      status = (await submitReportFrom(await appDatabase(), input.data, clientAddressFor(context), settings))
        .status;
    } catch {
      return jsonError(503, 'Reports cannot be received right now; please try again in a minute');
    }
  }
  params.set('report', status);
  if (!ANCHOR.test(anchor)) return redirect(`/feed?${params.toString()}`, 303);
  // `at` lets the page show the outcome inside the reported item, where the reader lands.
  params.set('at', anchor);
  return redirect(`/feed?${params.toString()}#${anchor}`, 303);
};
