import type { APIRoute } from 'astro';
import { claimResponse } from '../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../server/accounts/context.ts';
import { methodNotAllowed } from '../../../../server/timelines/api.ts';

export const POST: APIRoute = (c) => claimResponse(c.request, meContextOf(c));
export const ALL: APIRoute = () => methodNotAllowed('POST');
