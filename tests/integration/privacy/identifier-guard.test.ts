/** The identifier guard through POST /api/v1/timelines, on every database: refused before storing. */
import { beforeEach, describe, expect, it } from 'vitest';
import { findIdentifiers } from '../../../src/server/privacy/identifier-guard.ts';
import { type ApiContext, createTimelineResponse } from '../../../src/server/timelines/api.ts';
import { normaliseNote } from '../../../src/server/timelines/input-schema.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { DATABASE_KINDS, SHARING_TABLES, useTestDatabase } from '../../setup/databases.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const timeline = (note: string, filed = '2024-03') => ({
  category: 'i485',
  country: 'IN',
  service_center: 'NBC',
  filed,
  milestones: [{ key: 'biometrics', month: '2024-05' }],
  note,
});
const post = (body: unknown) =>
  new Request('http://localhost/api/v1/timelines', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** One disguise of each class in issue 12. */
const DISGUISED = [
  'IOE/0912/345/678 got RFE',
  'receipt IOE٠٩١٢٣٤٥٦٧٨ (typed on my phone)',
  'IOE\u31640912\u2800345678',
  'receipt IOEO9l2345678',
  'A-number 12 34 56 78 9',
  'receipt starts with IOE09123 and ends with 45678',
  'A-number one two three four five six seven eight nine',
  'email me john at gmail dot com',
  'my blog: mycasejourney dot com',
  'reddit u/eb2_waiting_forever',
  'PPT K1234567 renewed',
  'I-94 number 123456789A1',
  'Priya Sharma, DOB 03/14/1985, EB2 India',
];
/** The ordinary notes issue 12 says were refused. */
const ORDINARY = [
  'Filed I-485 03 2024 at NBC',
  'N-400 06 2023 filed online',
  'I-485-03-2024',
  '21 35 60 90 120',
  'approved.App',
  'USCIS 1-800-375-5283',
];

describe.each(DATABASE_KINDS)('identifier guard on POST /api/v1/timelines (%s)', (kind) => {
  const test = useTestDatabase(kind, { cleanEachTest: SHARING_TABLES });
  let ctx: ApiContext;
  beforeEach(async () => {
    ctx = { database: async () => test.db, clientAddress: '198.51.100.12', rateLimitPerHour: 1000, now: NOW };
  });

  it.each(DISGUISED)('refuses %j with 422 and a masked message, storing nothing', async (note) => {
    const response = await createTimelineResponse(post(timeline(note)), ctx);
    expect(response.status).toBe(422);
    const text = await response.text();
    const body = JSON.parse(text) as { issues: { path: string; message: string }[] };
    expect(body.issues.length).toBeGreaterThan(0);
    expect(new Set(body.issues.map((i) => i.path))).toEqual(new Set(['note']));
    expect(body.issues[0]!.message).toMatch(
      /^The note contains what looks like .+ at character \d+ \(“.*•+”\)/,
    );
    // What the guard found is never echoed, not even its second half.
    const stored = normaliseNote(note);
    for (const f of findIdentifiers(stored)) {
      const found = stored.slice(f.start, f.end);
      expect(text).not.toContain(JSON.stringify(found).slice(1, -1));
      expect(text).not.toContain(found.slice(Math.ceil(found.length / 2)));
    }
    expect(await countTimelines(test.db)).toBe(0);
  });

  it('stores each ordinary note the old guard refused, as written', async () => {
    for (const [k, note] of ORDINARY.entries()) {
      // Distinct filing months: the duplicate guard must not be what refuses them.
      const response = await createTimelineResponse(post(timeline(note, `2023-0${k + 1}`)), ctx);
      expect(response.status, note).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const row = await test.db
        .selectFrom('timelines')
        .select('note')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.note).toBe(note);
    }
    expect(await countTimelines(test.db)).toBe(ORDINARY.length);
  });
});
