import type { APIRoute } from 'astro';
import { createShareLinkResponse, revokeShareLinkResponse } from '../../../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../../../server/accounts/context.ts';
import { methodNotAllowed } from '../../../../../../server/timelines/api.ts';

export const PUT: APIRoute = (c) => createShareLinkResponse(c.request, c.params.id ?? '', meContextOf(c));
export const DELETE: APIRoute = (c) => revokeShareLinkResponse(c.params.id ?? '', meContextOf(c));
export const ALL: APIRoute = () => methodNotAllowed('PUT, DELETE');
