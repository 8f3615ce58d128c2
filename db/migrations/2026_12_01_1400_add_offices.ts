// Frozen in time: never import app code here.
// Offices as a dimension (docs/decisions/080): `office` is where a case is filed and first
// decided (a service center, or a field office for N-400), `later_office` where it ends
// (the I-485/I-751 interview field office, the I-130/I-129F consular post).
//
// Existing timelines keep their data: `office` takes today's service_center value as it is
// ('field_office' already meant "a field office, not said which"). `service_center` stays as a
// generated copy of `office`, so the statistics triggers, which read it, count offices
// unchanged until a later migration groups each pair by the office of its target step.
import { type Kysely, sql } from 'kysely';

// The shape of a code: USCIS codes (NEW, SCOPS), post slugs (ciudad-juarez), the unspecified
// ones (field_office). Which codes exist is app data (src/server/offices/list.ts), not schema.
const CODE = "'^[A-Za-z][A-Za-z_-]{1,39}$'";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('timelines')
    .addColumn('office', 'text', (c) => c.check(sql`office ~ ${sql.raw(CODE)}`))
    .addColumn('later_office', 'text', (c) => c.check(sql`later_office ~ ${sql.raw(CODE)}`))
    .execute();
  await sql`update timelines set office = service_center where service_center is not null`.execute(db);
  await db.schema.alterTable('timelines').dropColumn('service_center').execute();
  await sql`alter table timelines add column service_center text generated always as (office) stored`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('timelines').dropColumn('service_center').execute();
  await db.schema
    .alterTable('timelines')
    .addColumn('service_center', 'text', (c) =>
      c.check(sql`service_center in ('NBC','NSC','TSC','CSC','VSC','YSC','field_office','unknown')`),
    )
    .execute();
  // Only the values the old column accepted survive; later offices and posts are lost.
  await sql`update timelines set service_center = office
            where office in ('NBC','NSC','TSC','CSC','VSC','YSC','field_office','unknown')`.execute(db);
  await db.schema.alterTable('timelines').dropColumn('later_office').dropColumn('office').execute();
}
