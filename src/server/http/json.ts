/**
 * JSON responses and request bodies for API routes. Every refusal is a 4xx with a JSON body
 * naming the problem; nothing here ever echoes a stack trace.
 */
import type { ZodError } from 'zod';

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  issues?: ErrorIssue[];
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...JSON_HEADERS, 'cache-control': 'no-store', ...headers },
  });
}

export function jsonError(
  status: number,
  error: string,
  issues?: ErrorIssue[],
  headers: Record<string, string> = {},
): Response {
  const body: ErrorBody = issues ? { error, issues } : { error };
  return json(body, status, headers);
}

/** Zod issues as { path: "milestones.0.month", message } pairs. */
export function issuesFromZod(error: ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Reads a JSON body with a size cap; throws BodyError (415, 413 or 400) on anything else. */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new BodyError(415, 'Content-Type must be application/json');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new BodyError(413, `Body is larger than ${maxBytes} bytes`);
  const text = await readLimitedText(request, maxBytes);
  if (text.trim() === '') throw new BodyError(400, 'Body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'Body is not valid JSON');
  }
}

/** The body as UTF-8 text, refusing more than maxBytes (BodyError 413) or invalid UTF-8 (400). */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyError(413, `Body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BodyError(400, 'Body is not valid UTF-8');
  }
}

/** Turns a BodyError into its JSON response; anything else is rethrown. */
export function bodyErrorResponse(error: unknown): Response {
  if (error instanceof BodyError) return jsonError(error.status, error.message);
  throw error;
}
