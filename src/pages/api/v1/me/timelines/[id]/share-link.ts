import type { APIRoute } from 'astro';
import { createShareLinkResponse, revokeShareLinkResponse } from '../../../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../../../server/accounts/context.ts';
import { otherMethods } from '../../../../../../server/http/methods.ts';

export const PUT: APIRoute = (c) => createShareLinkResponse(c.request, c.params.id ?? '', meContextOf(c));
export const DELETE: APIRoute = (c) => revokeShareLinkResponse(c.params.id ?? '', meContextOf(c));

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ PUT, DELETE });
