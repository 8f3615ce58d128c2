import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/server/db/bundled-migrations.ts';
import type { OpenDatabase } from '../../../src/server/db/client.ts';
import { migrateDown, migrateToLatest } from '../../../src/server/db/migrations.ts';
import { DATABASE_KINDS, useTestDatabase } from '../../setup/databases.ts';

const OFFICES_MIGRATION = '2026_12_01_1400_add_offices';
const before = Object.fromEntries(
  Object.entries(bundledMigrations).filter(([name]) => name < OFFICES_MIGRATION),
);

// Every value the old service_center column accepted, and none.
const OLD_VALUES = ['NBC', 'NSC', 'TSC', 'CSC', 'VSC', 'YSC', 'field_office', 'unknown', null];

/** The rollup's cells in the grains every version keeps (0–4), from whichever table holds them. */
async function rollup(open: OpenDatabase) {
  const { rows: histograms } = await sql<{ present: boolean }>`
    select to_regclass('stats_cells') is not null as present`.execute(open.db);
  const { rows } = histograms[0]!.present
    ? await sql<Record<string, unknown>>`
      select category, from_key, to_key, grain, country, office as service_center, filed_month, duration, outcome, n
      from stats_cells where grain <= 4 order by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(open.db)
    : await sql<Record<string, unknown>>`
      select category, from_key, to_key, grain, country, service_center, filed_month, duration, outcome, n
      from stats_counts where grain <= 4 and n <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(open.db);
  return rows;
}

describe.each(DATABASE_KINDS)('the offices migration on %s', (kind) => {
  const test = useTestDatabase(kind, {
    migrate: false,
    seed: async (open) => {
      await migrateToLatest(open.db, before);
      for (const [i, value] of OLD_VALUES.entries()) {
        const category = value === 'field_office' ? 'n400' : 'i485';
        const { rows } = await sql<{ id: string }>`
        insert into timelines (category, country, service_center, filed_month, last_confirmed_month, provenance)
        values (${category}, 'IN', ${value}, ${24290 + i}, 24300, 'web') returning id`.execute(open.db);
        await sql`insert into milestones (timeline_id, key, month)
                values (${rows[0]!.id}, 'filed', ${24290 + i}), (${rows[0]!.id}, 'biometrics', ${24292 + i})`.execute(
          open.db,
        );
      }
    },
  });

  it('keeps every timeline’s value as its office and leaves the statistics exactly as they were', async () => {
    const countsBefore = await rollup(test.open);
    await migrateToLatest(test.db, bundledMigrations);
    const { rows } = await sql<{
      office: string | null;
      later_office: string | null;
      service_center: string | null;
    }>`
      select office, later_office, service_center from timelines order by filed_month`.execute(test.db);
    expect(rows.map((r) => r.office)).toEqual(OLD_VALUES);
    expect(rows.every((r) => r.later_office === null && r.service_center === r.office)).toBe(true);
    expect(await rollup(test.open)).toEqual(countsBefore);
    // The rebuild from raw rows agrees with what the triggers kept.
    await sql`select stats_rebuild()`.execute(test.db);
    expect(await rollup(test.open)).toEqual(countsBefore);
  });

  it('a new office is counted in the rollup under its code, and down keeps the old vocabulary', async () => {
    await sql`update timelines set office = 'NEW' where office = 'field_office'`.execute(test.db);
    const { rows } = await sql<{ n: number }>`
      select sum(n)::integer as n from stats_cells where office = 'NEW' and grain = 2`.execute(test.db);
    expect(rows[0]!.n).toBeGreaterThan(0);
    const names = Object.keys(bundledMigrations).sort();
    while (
      (
        await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
          test.db,
        )
      ).rows[0]?.name !== names.filter((n) => n < OFFICES_MIGRATION).at(-1)
    ) {
      await migrateDown(test.db, bundledMigrations);
    }
    const old = await sql<{ service_center: string | null }>`
      select service_center from timelines order by filed_month`.execute(test.db);
    expect(old.rows.map((r) => r.service_center)).toEqual(
      OLD_VALUES.map((v) => (v === 'field_office' ? null : v)),
    );
  });
});
