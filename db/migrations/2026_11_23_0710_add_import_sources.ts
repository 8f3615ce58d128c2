// Frozen in time: never import app code here.
// Bulk import bookkeeping: (import_source, import_row_id) identifies a row of a community
// spreadsheet so a re-import updates it in place; import_files remembers whole-file hashes.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('timelines')
    .addColumn('import_source', 'text', (c) => c.check(sql`char_length(import_source) between 1 and 80`))
    .addColumn('import_row_id', 'text', (c) => c.check(sql`char_length(import_row_id) between 1 and 200`))
    .execute();
  await db.schema
    .createIndex('timelines_import_row_idx')
    .on('timelines')
    .columns(['import_source', 'import_row_id'])
    .unique()
    .where(sql.ref('import_row_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('import_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text')
    .addColumn('rows_imported', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_files').execute();
  await db.schema.dropIndex('timelines_import_row_idx').execute();
  await db.schema.alterTable('timelines').dropColumn('import_row_id').dropColumn('import_source').execute();
}
