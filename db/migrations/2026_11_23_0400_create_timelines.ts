// Frozen in time: never import app code here. Months are integers year * 12 + (month - 1).
import { type Kysely, sql } from 'kysely';

const MIN_MONTH = 2000 * 12; // 2000-01
const MAX_MONTH = 2100 * 12 + 11; // 2100-12

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('timelines')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('i130','i129f','i485','i140','i765','i131','i751','n400')`),
    )
    .addColumn('subcategory', 'text', (c) =>
      c.check(sql`subcategory in ('eb1a','eb1b','eb1c','eb2','eb2-niw','eb3')`),
    )
    .addColumn('country', 'char(2)', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('service_center', 'text', (c) =>
      c.check(sql`service_center in ('NBC','NSC','TSC','CSC','VSC','YSC','field_office','unknown')`),
    )
    .addColumn('premium', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('concurrent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('filed_month', 'integer', (c) =>
      c.notNull().check(sql`filed_month between ${sql.lit(MIN_MONTH)} and ${sql.lit(MAX_MONTH)}`),
    )
    .addColumn('last_confirmed_month', 'integer', (c) =>
      c.notNull().check(sql`last_confirmed_month between ${sql.lit(MIN_MONTH)} and ${sql.lit(MAX_MONTH)}`),
    )
    .addColumn('note', 'text', (c) => c.check(sql`char_length(note) <= 2000`))
    .addColumn('provenance', 'text', (c) => c.notNull().check(sql`provenance in ('web','import','demo')`))
    .addColumn('owner_id', 'text')
    .addColumn('edit_token_hash', 'text', (c) => c.unique())
    .addColumn('moderation_state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('visible')
        .check(sql`moderation_state in ('visible','note_hidden','excluded')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('timelines_confirmed_after_filing', sql`last_confirmed_month >= filed_month`)
    .addCheckConstraint('timelines_subcategory_only_i140', sql`subcategory is null or category = 'i140'`)
    .execute();

  await db.schema
    .createTable('milestones')
    .addColumn('timeline_id', 'uuid', (c) => c.notNull().references('timelines.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`key ~ '^[a-z0-9_]{1,40}$'`))
    .addColumn('month', 'integer', (c) =>
      c.notNull().check(sql`month between ${sql.lit(MIN_MONTH)} and ${sql.lit(MAX_MONTH)}`),
    )
    .addPrimaryKeyConstraint('milestones_pkey', ['timeline_id', 'key'])
    .execute();

  await db.schema
    .createIndex('timelines_group_idx')
    .on('timelines')
    .columns(['category', 'country', 'filed_month'])
    .execute();
  await db.schema
    .createIndex('timelines_owner_idx')
    .on('timelines')
    .column('owner_id')
    .where('owner_id', 'is not', null)
    .execute();
  await db.schema.createIndex('timelines_created_idx').on('timelines').column('created_at').execute();
  await db.schema.createIndex('milestones_key_idx').on('milestones').columns(['key', 'month']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('milestones').execute();
  await db.schema.dropTable('timelines').execute();
}
