/** Request → filter → figures for the public statistics endpoints; every refusal is a JSON 4xx. */
import type { z } from 'zod';
import { cacheableResponse } from '../http/cache.ts';
import { issuesFromZod, jsonError } from '../http/json.ts';
import { log } from '../log/logger.ts';
import { QueryError, queryRecord } from './filters.ts';

type Parsed<S extends z.ZodType> = { ok: true; value: z.output<S> } | { ok: false; response: Response };

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): Parsed<S> {
  let record;
  try {
    record = queryRecord(url.searchParams);
  } catch (error) {
    if (error instanceof QueryError) {
      return {
        ok: false,
        response: jsonError(400, 'Invalid query', [{ path: error.path, message: error.message }]),
      };
    }
    throw error;
  }
  const result = schema.safeParse(record);
  if (!result.success)
    return { ok: false, response: jsonError(400, 'Invalid query', issuesFromZod(result.error)) };
  return { ok: true, value: result.data };
}

/** Runs the domain call; a database failure is a 503 with a JSON body, never a stack trace. */
export async function respond(
  request: Request,
  produce: () => Promise<{ body: string; type: string; extra?: Record<string, string> }>,
): Promise<Response> {
  try {
    const { body, type, extra } = await produce();
    return cacheableResponse(request, body, type, extra);
  } catch (error) {
    log.error('stats_failed', { message: (error as Error).message });
    return jsonError(503, 'Statistics are unavailable right now; try again shortly');
  }
}
