import type { APIRoute } from 'astro';
import { apiContextOf } from '../../../../server/http/write-context.ts';
import {
  deleteTimelineResponse,
  patchTimelineResponse,
  readTimelineResponse,
} from '../../../../server/timelines/api.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

export const GET: APIRoute = (c) => readTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));
export const PATCH: APIRoute = (c) => patchTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));
export const DELETE: APIRoute = (c) => deleteTimelineResponse(c.request, c.params.id ?? '', apiContextOf(c));

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ GET, PATCH, DELETE });
