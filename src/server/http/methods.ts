/**
 * The answer of an API route to methods it does not handle, OPTIONS included: a JSON 405 with
 * an Allow header, never Astro's empty 404. Astro sends HEAD to ALL before falling back to GET,
 * so HEAD is answered here from GET.
 */
import type { APIContext, APIRoute } from 'astro';
import { jsonError } from './json.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function otherMethods(handlers: Partial<Record<Method, APIRoute>>): APIRoute {
  const names = Object.keys(handlers) as Method[];
  const allow = [...names, ...(handlers.GET ? ['HEAD'] : [])].join(', ');
  return async (context: APIContext) => {
    if (context.request.method === 'HEAD' && handlers.GET) {
      const response = await handlers.GET(context);
      return new Response(null, { status: response.status, headers: response.headers });
    }
    return jsonError(405, `Method ${context.request.method} not allowed; use ${allow}.`, undefined, {
      allow,
    });
  };
}
