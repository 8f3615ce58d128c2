import type { APIRoute } from 'astro';
import { apiContextOf } from '../../../../server/http/write-context.ts';
import { createTimelineResponse, methodNotAllowed } from '../../../../server/timelines/api.ts';

export const POST: APIRoute = (context) => createTimelineResponse(context.request, apiContextOf(context));
export const ALL: APIRoute = () => methodNotAllowed('POST');
