import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type ApiContext, createTimelineResponse } from '../../../src/server/timelines/api.ts';
import {
  CATEGORY_KEYS,
  I140_SUBCATEGORIES,
  MILESTONE_KEYS,
  SERVICE_CENTERS,
} from '../../../src/server/timelines/catalogue.ts';
import { countTimelines } from '../../../src/server/timelines/repository.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';
import { loadCorpus } from '../../unit/privacy/identifier-corpus.ts';

const CORPUS = loadCorpus();
const NEGATIVE = CORPUS.filter((n) => n.label === 'ordinary').map((n) => n.text);
const POSITIVE = CORPUS.filter((n) => n.label === 'identifier').map((n) => n.text);

const month = fc
  .tuple(fc.integer({ min: 1995, max: 2030 }), fc.integer({ min: 0, max: 13 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
const anything = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined));
const sometimes = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: anything });

/** Payloads close to the contract: right field names, plausible and implausible values. */
const nearlyValid = fc.record(
  {
    category: sometimes(fc.constantFrom(...CATEGORY_KEYS)),
    subcategory: sometimes(fc.constantFrom(null, ...I140_SUBCATEGORIES)),
    country: sometimes(fc.constantFrom('IN', 'CN', 'MX', 'mx', 'XX', '')),
    service_center: sometimes(fc.constantFrom(null, ...SERVICE_CENTERS)),
    filed: sometimes(month),
    milestones: sometimes(
      fc.array(fc.record({ key: sometimes(fc.constantFrom(...MILESTONE_KEYS)), month: sometimes(month) }), {
        maxLength: 6,
      }),
    ),
    premium: sometimes(fc.boolean()),
    concurrent: sometimes(fc.boolean()),
    note: sometimes(
      fc.oneof(
        fc.constant(null),
        fc.string({ maxLength: 200 }),
        fc.constantFrom(...NEGATIVE),
        fc.constantFrom(...POSITIVE),
      ),
    ),
    last_confirmed: sometimes(month),
  },
  { requiredKeys: [] },
);

/** Always-valid timelines (they differ by filing month and country, so some are duplicates). */
const valid = fc.record({
  category: fc.constantFrom('i485', 'n400', 'i765'),
  country: fc.constantFrom('IN', 'CN', 'MX'),
  filed: fc
    .tuple(fc.integer({ min: 2015, max: 2025 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  note: fc.constantFrom(...NEGATIVE),
});

const body = fc.oneof(
  { weight: 4, arbitrary: nearlyValid.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: valid.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(valid, fc.nat({ max: 40 })).map(([v, cut]) => JSON.stringify(v).slice(0, cut)),
  },
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
      'APPLICATION/JSON',
    ),
  },
);

describe.each(DATABASE_KINDS)('fuzzing POST /api/v1/timelines on %s', (kind) => {
  const open = useTestDatabase(kind);

  it(
    'answers only 2xx or 4xx with a JSON body, and the row count grows only on 2xx',
    { timeout: 600_000 },
    async () => {
      const ctx: ApiContext = {
        database: async () => open.db,
        clientAddress: '192.0.2.1',
        rateLimitPerHour: 1_000_000,
      };
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(body, contentType, async (text, type) => {
          const before = await countTimelines(open.db);
          const headers: Record<string, string> = type ? { 'content-type': type } : {};
          const response = await createTimelineResponse(
            new Request('http://localhost/api/v1/timelines', { method: 'POST', headers, body: text }),
            ctx,
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const ok = response.status >= 200 && response.status < 300;
          expect(ok || (response.status >= 400 && response.status < 500), `status ${response.status}`).toBe(
            true,
          );
          const parsed = (await response.json()) as Record<string, unknown>;
          expect(ok ? typeof parsed['id'] : typeof parsed['error']).toBe('string');
          expect(await countTimelines(open.db)).toBe(before + (ok ? 1 : 0));
        }),
        { numRuns: kind === 'pglite' ? 2000 : 1000 },
      );
      // The generators must reach both sides, or the property proves little.
      expect(statuses.get(201) ?? 0).toBeGreaterThan(100);
      expect((statuses.get(422) ?? 0) + (statuses.get(400) ?? 0)).toBeGreaterThan(500);
    },
  );
});
