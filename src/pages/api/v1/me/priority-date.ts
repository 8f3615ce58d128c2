import type { APIRoute } from 'astro';
import { deletePriorityDateResponse, savePriorityDateResponse } from '../../../../server/accounts/api.ts';
import { meContextOf } from '../../../../server/accounts/context.ts';
import { otherMethods } from '../../../../server/http/methods.ts';

export const PUT: APIRoute = (c) => savePriorityDateResponse(c.request, meContextOf(c));
export const DELETE: APIRoute = (c) => deletePriorityDateResponse(meContextOf(c));
export const ALL = otherMethods({ PUT, DELETE });
