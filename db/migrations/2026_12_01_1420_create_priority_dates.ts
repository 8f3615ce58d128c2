// Frozen in time: never import app code here.
// A signed-in person's priority date, for the Visa Bulletin answer on /me (docs/decisions/082):
// one per account, a month like every other date, deleted with the account's data.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('priority_dates')
    .addColumn('owner_id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category ~ '^[A-Z0-9]{2,4}$'`))
    .addColumn('area', 'text', (c) => c.notNull().check(sql`area ~ '^[A-Z]{2,3}$'`))
    .addColumn('priority_month', 'integer', (c) =>
      c.notNull().check(sql`priority_month between ${sql.lit(1950 * 12)} and ${sql.lit(2100 * 12 + 11)}`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('priority_dates').execute();
}
