import type { APIRoute } from 'astro';
import { deleteMeResponse } from '../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../server/accounts/context.ts';
import { methodNotAllowed } from '../../../../server/timelines/api.ts';

export const DELETE: APIRoute = (c) => deleteMeResponse(c.request, meContextOf(c));
export const ALL: APIRoute = () => methodNotAllowed('DELETE');
