/**
 * Feed fixtures the end-to-end server starts with, written straight through the repository
 * (the identifier guard would refuse some payloads). Countries the demo generator never uses
 * keep them apart: NZ holds the XSS notes and the report flow, AU is a rare group.
 */
import type { Database } from '../../src/server/db/client.ts';
import { insertTimelines } from '../../src/server/timelines/repository.ts';
import type { NewTimeline } from '../../src/server/timelines/types.ts';
import { buildTimeline } from '../factories.ts';
import { XSS_PAYLOADS } from './xss-payloads.ts';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
export const XSS_FILTER = { category: 'i751', country: 'NZ' } as const;
export const REPORT_FILTER = { category: 'i129f', country: 'NZ' } as const;
export const REPORT_NOTES = Array.from(
  { length: 5 },
  (_, i) => `Report-flow note ${i + 1}: waited at the service center.\nSecond line.`,
);
export const LONG_NOTE = Array.from(
  { length: 9 },
  (_, i) => `Long note line ${i + 1}: biometrics, then a long quiet wait.`,
).join('\n');
export const RARE = { category: 'i131', country: 'AU', serviceCenter: 'YSC' } as const;

export function feedFixtures(month: number): NewTimeline[] {
  // Imported, not sent through the form this month: they count towards K at once
  // (docs/decisions/050, padding), as timelines shared long ago would.
  const at = (o: Partial<NewTimeline>) =>
    buildTimeline({
      filedMonth: month,
      lastConfirmedMonth: month,
      milestones: [],
      provenance: 'import',
      ...o,
    });
  return [
    ...XSS_PAYLOADS.map((note) => at({ ...XSS_FILTER, serviceCenter: 'CSC', note })),
    ...[...REPORT_NOTES, LONG_NOTE].map((note) => at({ ...REPORT_FILTER, serviceCenter: 'VSC', note })),
    at({ ...RARE }),
    at({ ...RARE }),
  ];
}

/** Writes the fixtures and opens one report on every XSS note, so the queue renders them too. */
export async function seedFeedFixtures(db: Database, month: number): Promise<number> {
  const fixtures = feedFixtures(month);
  await db.transaction().execute(async (trx) => {
    const ids = await insertTimelines(trx, fixtures);
    const xssIds = ids.slice(0, XSS_PAYLOADS.length);
    await trx
      .insertInto('reports')
      .values(
        xssIds.map((id, i) => ({ timeline_id: id, reason: 'abusive' as const, dedupe_key: `e2e-${i}` })),
      )
      .execute();
  });
  return fixtures.length;
}
