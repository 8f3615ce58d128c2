import type { APIRoute } from 'astro';
import { apiContextOf } from '../../../../server/http/write-context.ts';
import {
  deleteTimelineResponse,
  methodNotAllowed,
  patchTimelineResponse,
  readTimelineResponse,
} from '../../../../server/timelines/api.ts';

export const GET: APIRoute = (c) => readTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));
export const PATCH: APIRoute = (c) => patchTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));
export const DELETE: APIRoute = (c) => deleteTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));
export const ALL: APIRoute = () => methodNotAllowed('GET, PATCH, DELETE');
