// Property: the trigger-maintained rollup and the naive raw-table computation give identical
// counts for random data, random writes of every kind, and random filters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTimeline } from '../../../src/server/demo/generate.ts';
import { seededRandom } from '../../../src/server/demo/random.ts';
import { BREAKDOWN_DIMENSIONS, type StatsFilter } from '../../../src/server/stats/filters.ts';
import type { CountOptions, CountRow } from '../../../src/server/stats/queries/counts.ts';
import { getNaiveCounts } from '../../../src/server/stats/queries/naive-counts.ts';
import { getRollupCounts } from '../../../src/server/stats/queries/rollup-counts.ts';
import { writeInBulk } from '../../../src/server/stats/bulk-load.ts';
import {
  CATEGORIES,
  CATEGORY_KEYS,
  type CategoryKey,
  impliedBy,
  type MilestoneKey,
  SERVICE_CENTERS,
} from '../../../src/server/timelines/catalogue.ts';
import { monthIndex } from '../../../src/server/timelines/months.ts';
import { insertTimelines } from '../../../src/server/timelines/repository.ts';
import type { NewTimeline } from '../../../src/server/timelines/types.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';
import { fuzzRuns } from '../../setup/test-env.ts';

const AS_OF = monthIndex(2026, 6);
const COUNTRIES = ['IN', 'CN', 'MX', 'PH'];

/** Random timelines over few countries so that groups collide; every provenance. */
function randomTimelines(seed: number, n: number) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const t = generateTimeline(rng, {
      asOf: AS_OF,
      provenance: rng.pick([
        ['web', 3],
        ['import', 1],
        ['demo', 2],
      ] as const),
    });
    return withRealGaps(rng, { ...t, country: COUNTRIES[rng.int(0, COUNTRIES.length - 1)]! });
  });
}

/**
 * What real sheets hold and the demo generator does not: earlier steps left out (an RFE
 * answer without its notice, a card without the approval) and steps in the other allowed
 * order (an I-485 RFE after the EAD/AP approval). docs/decisions/070, 071.
 */
function withRealGaps(rng: ReturnType<typeof seededRandom>, t: NewTimeline): NewTimeline {
  let milestones = t.milestones;
  const keys = new Set(milestones.map((m) => m.key));
  const droppable = milestones.filter((m) => impliedBy(t.category, m.key).some((k) => keys.has(k)));
  for (const m of droppable) if (rng.chance(0.35)) milestones = milestones.filter((x) => x !== m);
  const ead = milestones.find((m) => m.key === 'ead_ap_approved');
  if (ead && rng.chance(0.5)) {
    const later = Math.min(t.lastConfirmedMonth, ead.month + rng.int(0, 3));
    milestones = [
      ...milestones.filter((m) => m.key !== 'rfe_issued' && m.key !== 'rfe_responded'),
      { key: 'rfe_issued', month: later },
      ...(rng.chance(0.5) ? [{ key: 'rfe_responded' as const, month: later }] : []),
    ];
  }
  return { ...t, milestones };
}

const sorted = (rows: CountRow[]) =>
  [...rows].sort(
    (a, b) =>
      String(a.group).localeCompare(String(b.group)) || a.duration - b.duration || a.outcome - b.outcome,
  );

function pairArb(category: CategoryKey) {
  const steps = CATEGORIES[category].steps;
  const pairs = steps.flatMap((s, i) =>
    s.keys.flatMap((from) => steps.slice(i + 1).flatMap((t) => t.keys.map((to) => [from, to] as const))),
  );
  return fc.constantFrom(...pairs);
}

const filterArb = fc.constantFrom(...CATEGORY_KEYS).chain((category) =>
  fc.record({
    category: fc.constant(category),
    pair: pairArb(category),
    subcategory:
      category === 'i140'
        ? fc.option(fc.constantFrom(...CATEGORIES.i140.subcategories), { nil: null })
        : fc.constant(null),
    country: fc.option(fc.constantFrom(...COUNTRIES), { nil: null }),
    office: fc.option(fc.constantFrom(...SERVICE_CENTERS, 'NEW', 'NYC', 'mumbai'), { nil: null }),
    filedFrom: fc.option(fc.integer({ min: AS_OF - 60, max: AS_OF }), { nil: null }),
    span: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    premium: fc.option(fc.boolean(), { nil: null }),
    concurrent: fc.option(fc.boolean(), { nil: null }),
    includeDemo: fc.boolean(),
    by: fc.option(fc.constantFrom(...BREAKDOWN_DIMENSIONS), { nil: undefined }),
  }),
);

type Drawn = typeof filterArb extends fc.Arbitrary<infer T> ? T : never;

function toQuery(d: Drawn): { filter: StatsFilter; options: CountOptions } {
  const filter: StatsFilter = {
    category: d.category,
    subcategory: d.subcategory,
    country: d.country,
    office: d.office,
    filedFrom: d.filedFrom,
    filedTo: d.filedFrom !== null && d.span !== null ? d.filedFrom + d.span : null,
    from: d.pair[0],
    to: d.pair[1],
    premium: d.premium,
    concurrent: d.concurrent,
  };
  return {
    filter,
    options: d.by ? { includeDemo: d.includeDemo, by: d.by } : { includeDemo: d.includeDemo },
  };
}

/** One category and pair, no other filter, demo data included. */
const unfiltered = (category: Drawn['category'], pair: Drawn['pair']) =>
  toQuery({
    category,
    pair,
    subcategory: null,
    country: null,
    office: null,
    filedFrom: null,
    span: null,
    premium: null,
    concurrent: null,
    includeDemo: true,
    by: undefined,
  });

describe.each(DATABASE_KINDS)('rollup equals naive on %s', (kind) => {
  const open = useTestDatabase(kind);

  async function expectSameForRandomFilters(fullRuns: number) {
    await fc.assert(
      fc.asyncProperty(filterArb, async (drawn) => {
        const { filter, options } = toQuery(drawn);
        const [rollup, naive] = await Promise.all([
          getRollupCounts(open.db, filter, options),
          getNaiveCounts(open.db, filter, options),
        ]);
        expect(sorted(rollup)).toEqual(sorted(naive));
      }),
      { numRuns: fuzzRuns(fullRuns), seed: 20261123 },
    );
  }

  it('after inserts in batches', async () => {
    const timelines = randomTimelines(1, 400);
    for (let i = 0; i < timelines.length; i += 100) {
      await open.db.transaction().execute((trx) => insertTimelines(trx, timelines.slice(i, i + 100)));
    }
    // A dense filter must actually find data, or the property says nothing.
    const all = await getNaiveCounts(open.db, unfiltered('i485', ['filed', 'approved']).filter, {
      includeDemo: true,
    });
    expect(all.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThan(50);
    await expectSameForRandomFilters(150);
  });

  it('for every pair whose target may be missing data or come in either order', async () => {
    // Random filters rarely land on these pairs with data in them: check each one, unfiltered.
    for (const category of CATEGORY_KEYS) {
      const steps = CATEGORIES[category].steps;
      const sensitive = (to: MilestoneKey) =>
        impliedBy(category, to).length > 0 || CATEGORIES[category].eitherOrder.some((p) => p.includes(to));
      const pairs = steps.flatMap((s, i) =>
        s.keys.flatMap((from) =>
          steps
            .slice(i + 1)
            .flatMap((t) => t.keys.filter(sensitive).map((to) => [from, to] as [MilestoneKey, MilestoneKey])),
        ),
      );
      for (const pair of pairs) {
        const { filter, options } = unfiltered(category, pair);
        const [rollup, naive] = await Promise.all([
          getRollupCounts(open.db, filter, options),
          getNaiveCounts(open.db, filter, options),
        ]);
        expect(sorted(rollup), `${category} ${pair.join(' → ')}`).toEqual(sorted(naive));
      }
    }
  });

  it('after updates, moderation, provenance changes, milestone edits and deletes', async () => {
    const db = open.db;
    const ids = (await db.selectFrom('timelines').select('id').orderBy('id').execute()).map((r) => r.id);
    const rng = seededRandom(99);
    await db.transaction().execute(async (trx) => {
      for (const id of ids.slice(0, 40)) {
        await trx
          .updateTable('timelines')
          .set((eb) => ({ last_confirmed_month: eb('last_confirmed_month', '+', rng.int(0, 3)) }))
          .where('id', '=', id)
          .execute();
      }
      await trx
        .updateTable('timelines')
        .set({ moderation_state: 'excluded' })
        .where('id', 'in', ids.slice(40, 70))
        .execute();
      await trx
        .updateTable('timelines')
        .set({ moderation_state: 'note_hidden' })
        .where('id', 'in', ids.slice(70, 90))
        .execute();
      await trx
        .updateTable('timelines')
        .set({ provenance: 'demo' })
        .where('id', 'in', ids.slice(90, 110))
        .execute();
      await trx
        .updateTable('timelines')
        .set({ provenance: 'import', country: 'CN' })
        .where('id', 'in', ids.slice(110, 130))
        .execute();
    });
    // Excluded then restored.
    await db
      .updateTable('timelines')
      .set({ moderation_state: 'visible' })
      .where('id', 'in', ids.slice(40, 50))
      .execute();
    // Milestones: a decision withdrawn, a decision added, months moved, the filed row replaced.
    await db
      .deleteFrom('milestones')
      .where('timeline_id', 'in', ids.slice(130, 160))
      .where('key', 'in', ['approved', 'denied', 'interview'])
      .execute();
    for (const id of ids.slice(160, 190)) {
      const t = await db
        .selectFrom('timelines')
        .select(['filed_month', 'last_confirmed_month'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('milestones')
        .values({ timeline_id: id, key: 'denied', month: t.last_confirmed_month })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await db
      .updateTable('milestones')
      .set((eb) => ({ month: eb('month', '+', 1) }))
      .where('timeline_id', 'in', ids.slice(190, 220))
      .where('key', '!=', 'filed')
      .execute();
    // One statement that both inserts and updates milestones of the same timelines (an edit
    // as the share API writes it): insert and update triggers fire for one statement.
    const upserts = [];
    for (const id of ids.slice(280, 300)) {
      const t = await db
        .selectFrom('timelines')
        .select(['filed_month', 'last_confirmed_month'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      upserts.push(
        { timeline_id: id, key: 'filed', month: t.filed_month + 1 },
        { timeline_id: id, key: 'rfe_issued', month: t.filed_month + 1 },
      );
    }
    await db
      .updateTable('timelines')
      .set((eb) => ({
        filed_month: eb('filed_month', '+', 1),
        last_confirmed_month: eb('last_confirmed_month', '+', 1),
      }))
      .where('id', 'in', ids.slice(280, 300))
      .execute();
    await db
      .insertInto('milestones')
      .values(upserts)
      .onConflict((oc) =>
        oc.columns(['timeline_id', 'key']).doUpdateSet((eb) => ({ month: eb.ref('excluded.month') })),
      )
      .execute();
    // Timelines deleted (milestones cascade), one at a time and in bulk.
    await db.deleteFrom('timelines').where('id', '=', ids[220]!).execute();
    await db.deleteFrom('timelines').where('id', 'in', ids.slice(221, 260)).execute();
    // A rolled-back write leaves no trace.
    await db
      .transaction()
      .execute(async (trx) => {
        await insertTimelines(trx, randomTimelines(5, 20));
        await trx.deleteFrom('timelines').where('id', 'in', ids.slice(260, 280)).execute();
        throw new Error('rollback');
      })
      .catch(() => {});
    await expectSameForRandomFilters(150);
  });

  it('after the same kinds of writes in one load whose counting is deferred to its end', async () => {
    const ids = (await open.db.selectFrom('timelines').select('id').orderBy('id', 'desc').execute()).map(
      (r) => r.id,
    );
    await writeInBulk(open.db, 'deferred', async (trx) => {
      await insertTimelines(trx, randomTimelines(7, 60));
      await trx
        .updateTable('timelines')
        .set((eb) => ({ last_confirmed_month: eb('last_confirmed_month', '+', 2), country: 'MX' }))
        .where('id', 'in', ids.slice(0, 20))
        .execute();
      await trx
        .updateTable('timelines')
        .set({ moderation_state: 'excluded' })
        .where('id', 'in', ids.slice(20, 35))
        .execute();
      await trx
        .updateTable('timelines')
        .set({ provenance: 'demo' })
        .where('id', 'in', ids.slice(35, 45))
        .execute();
      await trx
        .deleteFrom('milestones')
        .where('timeline_id', 'in', ids.slice(45, 70))
        .where('key', 'in', ['approved', 'denied', 'interview'])
        .execute();
      await trx
        .updateTable('milestones')
        .set((eb) => ({ month: eb('month', '+', 1) }))
        .where('timeline_id', 'in', ids.slice(70, 90))
        .where('key', '!=', 'filed')
        .execute();
      // Changed earlier in this load, then deleted; and deleted untouched.
      await trx
        .deleteFrom('timelines')
        .where('id', 'in', [...ids.slice(0, 5), ...ids.slice(45, 50), ...ids.slice(90, 100)])
        .execute();
    });
    expect(await open.db.selectFrom('stats_pending_timelines').selectAll().execute()).toEqual([]);
    await expectSameForRandomFilters(100);
  });

  it('the rebuild function gives the counts the triggers keep', async () => {
    const before = await open.db.selectFrom('stats_cells').selectAll().execute();
    const facts = await open.db.selectFrom('stats_timeline_facts').selectAll().execute();
    const { sql } = await import('kysely');
    await sql`select stats_rebuild()`.execute(open.db);
    const after = await open.db.selectFrom('stats_cells').selectAll().execute();
    expect(
      (await open.db.selectFrom('stats_timeline_facts').selectAll().execute())
        .map((r) => JSON.stringify(r))
        .sort(),
    ).toEqual(facts.map((r) => JSON.stringify(r)).sort());
    const key = (r: (typeof before)[number]) => JSON.stringify(r);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  });
});
