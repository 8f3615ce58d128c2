import type { APIRoute } from 'astro';
import { claimResponse } from '../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../server/accounts/context.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

export const POST: APIRoute = (c) => claimResponse(c.request, meContextOf(c));

/** OPTIONS and every other method: JSON 405 with Allow. */
export const ALL = otherMethods({ POST });
