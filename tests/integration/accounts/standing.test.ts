// "Where it stands" and the "my case" outlook on /me come from the statistics rollup, with
// the small-group rule; deleting an account's data takes its timelines out of the figures.
import { describe, expect, it } from 'vitest';
import { accountOverview } from '../../../src/server/accounts/overview.ts';
import { deleteAccountData } from '../../../src/server/accounts/service.ts';
import { similarCasesFilter } from '../../../src/server/accounts/standing.ts';
import { getStats } from '../../../src/server/stats/service.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { buildTimeline } from '../../factories.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const FILED = monthIndex(2024, 2);
const SETTINGS = { k: 5, includeDemo: false, exact: true };

/** Someone else's decided case in the owner's group: approved `months` after filing. */
const approvedAfter = (months: number) =>
  buildTimeline({
    filedMonth: FILED,
    lastConfirmedMonth: FILED + months,
    milestones: [{ key: 'approved', month: FILED + months }],
  });

describe.each(DATABASE_KINDS)('where an owned timeline stands, on %s', (kind) => {
  const open = useTestDatabase(kind, { cleanEachTest: true });

  const ownPending = buildTimeline({
    filedMonth: FILED,
    lastConfirmedMonth: monthIndex(2026, 11),
    milestones: [],
    ownerId: 'user_me',
  });

  it('withholds every figure while the group is smaller than K', async () => {
    await insertTimelines(open.db, [ownPending, approvedAfter(10), approvedAfter(12), approvedAfter(30)]);
    const [item] = await accountOverview(open.db, 'user_me', NOW, SETTINGS);
    expect(item!.standing).toMatchObject({ status: 'insufficient', k: 5 });
    expect(JSON.stringify(item!.standing)).not.toMatch(/"n"/);
  });

  it('gives the Kaplan–Meier share approved sooner, and the outlook while enough cases still wait', async () => {
    // Nine approved after 10..18 months, the owner's case still pending after 33 months, and
    // five other pending cases confirmed up to 40 months: at 33 months six are still waiting.
    const others = [10, 11, 12, 13, 14, 15, 16, 17, 18].map(approvedAfter);
    const waiting = [34, 36, 38, 40, 40].map((m) =>
      buildTimeline({ filedMonth: FILED, lastConfirmedMonth: FILED + m, milestones: [] }),
    );
    // A case in another quarter and one from another country are not "similar".
    const unlike = [
      buildTimeline({
        filedMonth: FILED + 3,
        lastConfirmedMonth: FILED + 5,
        milestones: [{ key: 'approved', month: FILED + 5 }],
      }),
      buildTimeline({
        country: 'MX',
        filedMonth: FILED,
        lastConfirmedMonth: FILED + 40,
        milestones: [{ key: 'approved', month: FILED + 40 }],
      }),
    ];
    await insertTimelines(open.db, [ownPending, ...others, ...waiting, ...unlike]);
    const [item] = await accountOverview(open.db, 'user_me', NOW, SETTINGS);
    expect(item!.progress.waitedMonths).toBe(33);
    const standing = item!.standing;
    if (standing.status !== 'shown') throw new Error('expected figures');
    expect(standing.n).toBe(15);
    // No censoring before month 18: each approval removes one of 15, so S(32) = 6/15.
    expect(standing.approvedSooner).toBeCloseTo(1 - 6 / 15, 10);
    expect(standing.group).toContain('India');
    // Five similar cases were followed beyond 33 months (the owner's own, at 33, is not beyond).
    expect(standing.outlook?.atRisk).toBe(5);
  });

  it('no outlook for a decided case, and deleting the account takes its timelines out of the figures', async () => {
    const decided = { ...approvedAfter(20), ownerId: 'user_me' };
    const others = [10, 11, 12, 13, 14, 15].map(approvedAfter);
    await insertTimelines(open.db, [decided, ...others]);
    const [item] = await accountOverview(open.db, 'user_me', NOW, SETTINGS);
    if (item!.standing.status !== 'shown') throw new Error('expected figures');
    // 20 months is beyond the last month with K similar cases still waiting (month 13): the
    // published curve stops there, so the owner's view does too.
    expect(item!.standing.approvedSooner).toBeNull();
    expect(item!.standing.outlook).toBeNull();

    const filter = similarCasesFilter(decided);
    expect((await getStats(open.db, filter, SETTINGS)).n).toBe(7);
    expect(await deleteAccountData(open.db, 'user_me')).toBe(1);
    expect((await getStats(open.db, filter, SETTINGS)).n).toBe(6);
  });
});
