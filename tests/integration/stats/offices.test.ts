// Statistics by office: a pair counts under the office the case was at for its target.
import { describe, expect, it } from 'vitest';
import { getBreakdown, getStats } from '../../../src/server/stats/service.ts';
import { getNaiveCounts } from '../../../src/server/stats/queries/naive-counts.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { buildStatsFilter, buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const JAN_2024 = monthIndex(2024, 1);
const filter = buildStatsFilter;
// Exact figures: this suite checks which office a pair counts under, not the disclosure control.
const settings = { k: 3, includeDemo: false, exact: true };

/** Filed at NBC, biometrics a month later, interviewed and approved at `later` (or pending). */
const i485 = (later: string | null, approvedAfter: number | null) =>
  buildTimeline({
    office: 'NBC',
    laterOffice: later,
    filedMonth: JAN_2024,
    lastConfirmedMonth: JAN_2024 + 20,
    milestones: [
      { key: 'biometrics', month: JAN_2024 + 1 },
      ...(approvedAfter === null
        ? []
        : [
            { key: 'interview' as const, month: JAN_2024 + approvedAfter - 1 },
            { key: 'approved' as const, month: JAN_2024 + approvedAfter },
          ]),
    ],
  });

describe.each(DATABASE_KINDS)('statistics by office on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: true });

  it('counts the interview and the decision under the interview office, earlier steps under the filing office', async () => {
    await insertTimelines(open.db, [
      i485('NEW', 8),
      i485('NEW', 10),
      i485('NEW', null),
      i485('QNS', 12),
      i485('QNS', 14),
      i485('QNS', 16),
      i485(null, 9),
    ]);
    // K = 1 for the sub-counts, which K = 3 would withhold (2 and 1 are below it).
    const newark = await getStats(open.db, filter({ office: 'NEW' }), { ...settings, k: 1 });
    expect([newark.n, newark.events, newark.censored]).toEqual([3, 2, 1]);
    // Filed → biometrics happened at the service center, wherever the interview was.
    const biometrics = await getStats(open.db, filter({ office: 'NBC', to: 'biometrics' }), settings);
    expect(biometrics.n).toBe(7);
    // Without a later office, the decision counts under the filing office.
    const nbc = await getNaiveCounts(open.db, filter({ office: 'NBC' }), { includeDemo: false });
    expect(nbc.reduce((sum, r) => sum + r.n, 0)).toBe(1);
    const byOffice = await getBreakdown(open.db, filter({}), 'office', settings);
    // NBC's one decision is never named: it is pooled (with secondary suppression) into "other".
    const keys = byOffice.groups.map((g) => g.key);
    expect(keys).not.toContain('NBC');
    expect(keys).toContain('other');
    expect(byOffice.groups.reduce((sum, g) => sum + (g.n ?? 0), 0)).toBe(7);
    // Moving the interview office moves the figures, in the same transaction as the write.
    await open.db
      .updateTable('timelines')
      .set({ later_office: 'QNS' })
      .where('later_office', '=', 'NEW')
      .execute();
    expect((await getStats(open.db, filter({ office: 'QNS' }), settings)).n).toBe(6);
    expect((await getStats(open.db, filter({ office: 'NEW' }), settings)).suppressed).toBe(true);
  });
});
