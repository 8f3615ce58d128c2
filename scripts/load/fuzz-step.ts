// Bad input against the running server: thousands of random and malformed requests per
// endpoint must get only 2xx/4xx, and rows may only appear on a 2xx create.
import fc from 'fast-check';
import { openDatabase } from '../../src/server/db/client.ts';
import { CATEGORY_KEYS, MILESTONE_KEYS, SERVICE_CENTERS } from '../../src/server/timelines/catalogue.ts';
import { markdownTable } from './report.ts';

interface FuzzRequest {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.json(),
  fc.array(fc.string(), { maxLength: 3 }),
);
const month = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1990, max: 2110 }), fc.integer({ min: 0, max: 13 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc.string({ maxLength: 10 }),
);
const timelineBody = fc
  .record(
    {
      category: fc.oneof(fc.constantFrom(...CATEGORY_KEYS), junk),
      subcategory: fc.oneof(fc.constantFrom(null, 'eb2', 'eb2-niw', 'eb1a'), junk),
      country: fc.oneof(fc.constantFrom('IN', 'CN', 'MX', 'XX', 'in', ''), junk),
      service_center: fc.oneof(fc.constantFrom(...SERVICE_CENTERS, null), junk),
      filed: fc.oneof(month, junk),
      last_confirmed: fc.oneof(month, junk),
      milestones: fc.oneof(
        fc.array(
          fc.record({
            key: fc.oneof(fc.constantFrom(...MILESTONE_KEYS), fc.string()),
            month: fc.oneof(month, junk),
          }),
          { maxLength: 12 },
        ),
        junk,
      ),
      premium: fc.oneof(fc.boolean(), junk),
      concurrent: fc.oneof(fc.boolean(), junk),
      note: fc.oneof(
        fc.constant(null),
        fc.string({ maxLength: 3000 }),
        fc.constantFrom(
          'my receipt is IOE0912345678',
          'call me 555-123-4567',
          'A#123456789',
          '<script>alert(1)</script>',
        ),
        junk,
      ),
      website: fc.oneof(fc.constant(''), fc.string()),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
const rawBody = fc.oneof(
  timelineBody,
  timelineBody,
  fc.json(),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '[]', 'null', '{"category":', '\u0000'),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
);
const queryValue = fc.oneof(
  fc.constantFrom(
    ...CATEGORY_KEYS,
    'IN',
    'NBC',
    'true',
    'false',
    '2024-01',
    'filed',
    'approved',
    'interview',
    'country',
    'csv',
  ),
  fc.string({ maxLength: 20 }),
);
const query = fc
  .dictionary(
    fc.constantFrom(
      'category',
      'subcategory',
      'country',
      'service_center',
      'filed_from',
      'filed_to',
      'from',
      'to',
      'premium',
      'concurrent',
      'by',
      'format',
      'milestone',
      'cursor',
      'x',
    ),
    queryValue,
    { maxKeys: 6 },
  )
  .map((d) => new URLSearchParams(d).toString());
const token = fc.oneof(fc.string({ maxLength: 60 }), fc.base64String({ maxLength: 60 }), fc.uuid());

interface Endpoint {
  name: string;
  requests: fc.Arbitrary<FuzzRequest>;
  /** Rows this endpoint may legitimately create on a 2xx. */
  creates?: boolean;
  /** A route that must exist: all-404 answers mean it is missing, not that it coped. */
  mustExist?: boolean;
}

function endpoints(origin: string): Endpoint[] {
  const form = (path: string) =>
    fc
      .tuple(
        fc.dictionary(
          fc.constantFrom(
            'category',
            'country',
            'filed',
            'note',
            'milestone_key',
            'milestone_month',
            'website',
            'reason',
            'service_center',
            'premium',
          ),
          fc.string({ maxLength: 40 }),
          { maxKeys: 8 },
        ),
        contentType,
      )
      .map(([fields, type]) => ({
        method: 'POST',
        path,
        contentType: type || 'application/x-www-form-urlencoded',
        body: new URLSearchParams(fields).toString(),
        headers: { origin },
      }));
  return [
    {
      name: 'POST /api/v1/timelines',
      creates: true,
      mustExist: true,
      requests: fc.tuple(rawBody, contentType).map(([body, type]) => ({
        method: 'POST',
        path: '/api/v1/timelines',
        contentType: type,
        body,
        headers: { origin },
      })),
    },
    {
      name: 'PATCH /api/v1/timelines/:id',
      requests: fc
        .tuple(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })), token, rawBody)
        .map(([id, t, body]) => ({
          method: 'PATCH',
          path: `/api/v1/timelines/${encodeURIComponent(id)}`,
          contentType: 'application/json',
          body,
          headers: { authorization: `EditToken ${t}`, origin },
        })),
    },
    {
      name: 'DELETE /api/v1/timelines/:id',
      requests: fc.tuple(fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })), token).map(([id, t]) => ({
        method: 'DELETE',
        path: `/api/v1/timelines/${encodeURIComponent(id)}`,
        headers: { authorization: `EditToken ${t}`, origin },
      })),
    },
    {
      name: 'GET /api/v1/stats',
      mustExist: true,
      requests: query.map((q) => ({ method: 'GET', path: `/api/v1/stats?${q}` })),
    },
    {
      name: 'GET /api/v1/stats/breakdown',
      mustExist: true,
      requests: query.map((q) => ({ method: 'GET', path: `/api/v1/stats/breakdown?${q}` })),
    },
    { name: 'GET /explore', requests: query.map((q) => ({ method: 'GET', path: `/explore?${q}` })) },
    { name: 'GET /feed', requests: query.map((q) => ({ method: 'GET', path: `/feed?${q}` })) },
    {
      name: 'GET /feed.atom',
      mustExist: true,
      requests: query.map((q) => ({ method: 'GET', path: `/feed.atom?${q}` })),
    },
    { name: 'POST /share (form)', creates: true, requests: form('/share') },
  ];
}

async function countRows(dbUrl: string): Promise<number> {
  const open = await openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 1 });
  try {
    const row = await open.db
      .selectFrom('timelines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await open.close();
  }
}

/** Waits until no row appears for two seconds: earlier steps' requests may still be finishing. */
async function settledCount(dbUrl: string): Promise<number> {
  let previous = await countRows(dbUrl);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const current = await countRows(dbUrl);
    if (current === previous) return current;
    previous = current;
  }
  throw new Error('the server kept writing rows for a minute before the bad-input step');
}

export async function runFuzzStep(
  baseUrl: string,
  dbUrl: string,
  cases: number,
): Promise<{ markdown: string; passed: boolean }> {
  await settledCount(dbUrl);
  const rows: (string | number)[][] = [];
  let passed = true;
  for (const endpoint of endpoints(baseUrl)) {
    const statuses = new Map<number, number>();
    let created = 0;
    const before = await countRows(dbUrl);
    let failure = '';
    try {
      await fc.assert(
        fc.asyncProperty(endpoint.requests, async (req) => {
          const response = await fetch(`${baseUrl}${req.path}`, {
            method: req.method,
            headers: { ...(req.contentType ? { 'content-type': req.contentType } : {}), ...req.headers },
            body: req.body ?? null,
            redirect: 'manual',
            signal: AbortSignal.timeout(15_000),
          });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 201 || (endpoint.creates && response.status === 303)) created++;
          return response.status < 500;
        }),
        { numRuns: cases },
      );
    } catch (error) {
      failure = (error as Error).message.split('\n').slice(0, 3).join(' ');
    }
    const grown = (await countRows(dbUrl)) - before;
    const rowsOk = endpoint.creates ? grown <= created : grown <= 0;
    const missing = endpoint.mustExist && statuses.size === 1 && statuses.has(404);
    if (missing) failure ||= 'route missing: every answer was 404';
    const ok = !failure && rowsOk;
    if (!ok) passed = false;
    const summary = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    console.log(`fuzz ${endpoint.name}: ${summary}${failure ? ` FAILED: ${failure}` : ''}`);
    rows.push([
      endpoint.name,
      [...statuses.values()].reduce((a, b) => a + b, 0),
      summary,
      grown,
      ok ? 'PASS' : `FAIL ${failure}`,
    ]);
  }
  return {
    markdown: markdownTable(['endpoint', 'cases', 'statuses', 'rows added', 'verdict'], rows),
    passed,
  };
}
