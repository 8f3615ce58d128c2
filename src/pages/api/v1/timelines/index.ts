import type { APIRoute } from 'astro';
import { apiContextOf } from '../../../../server/http/write-context.ts';
import { createTimelineResponse } from '../../../../server/timelines/api.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

export const POST: APIRoute = (context) => createTimelineResponse(context.request, apiContextOf(context));

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ POST });
