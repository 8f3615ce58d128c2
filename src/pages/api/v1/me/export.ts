import type { APIRoute } from 'astro';
import { exportResponse } from '../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../server/accounts/context.ts';
import { methodNotAllowed } from '../../../../server/timelines/api.ts';

export const GET: APIRoute = (c) => exportResponse(meContextOf(c));
export const ALL: APIRoute = () => methodNotAllowed('GET');
