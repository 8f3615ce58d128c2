/** Reads an HTML form post with a size cap: pages get the same protection as the JSON API. */
import { BodyError, readLimitedText } from './json.ts';

export const MAX_FORM_BYTES = 32 * 1024;

/** The fields of a urlencoded form post; BodyError (415, 413, 400) for anything else. */
export async function readFormBody(request: Request, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
    throw new BodyError(415, 'The form must be sent as application/x-www-form-urlencoded.');
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes)
    throw new BodyError(413, 'The form is too large.');
  return new URLSearchParams(await readLimitedText(request, maxBytes));
}
