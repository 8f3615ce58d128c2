/** SQL of the bulk import: (source, row id) lookups, in-place updates, remembered file hashes. */
import { type Kysely, sql } from 'kysely';
import type { DB, Provenance } from '../db/schema.ts';
import { insertTimelines } from '../timelines/repository.ts';
import { currentMonth } from '../timelines/months.ts';
import { replaceTimelineFields } from '../timelines/repository-edits.ts';
import type { TimelineFields } from '../timelines/validate.ts';

type Executor = Kysely<DB>;

export interface ImportRow {
  rowId: string | null;
  fields: TimelineFields;
}

/** Existing timeline ids for these row ids of one source. */
export async function findImportedIds(
  db: Executor,
  source: string,
  rowIds: readonly string[],
): Promise<Map<string, string>> {
  if (rowIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('timelines')
    .select(['id', 'import_row_id'])
    .where('import_source', '=', source)
    .where('import_row_id', 'in', rowIds)
    .execute();
  return new Map(rows.map((r) => [r.import_row_id!, r.id]));
}

/** New timelines, tagged with their source and row id; their ids in the order of `rows`. */
export async function insertImported(
  db: Executor,
  rows: readonly ImportRow[],
  source: string | null,
  provenance: Provenance,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = await insertTimelines(
    db,
    rows.map((r) => ({ ...r.fields, provenance, ownerId: null, editTokenHash: null })),
  );
  if (source === null) return ids;
  // One statement for the batch: tag each new timeline with its source and row id.
  await sql`update timelines set import_source = ${source}, import_row_id = v.row_id
    from unnest(${ids}::uuid[], ${rows.map((r) => r.rowId)}::text[]) as v(id, row_id)
    where timelines.id = v.id`.execute(db);
  return ids;
}

/** Replaces an imported timeline's fields and milestones in place (same id), as an owner's edit does. */
export async function updateImported(
  db: Executor,
  id: string,
  fields: TimelineFields,
  provenance: Provenance,
): Promise<void> {
  await replaceTimelineFields(db, id, fields, currentMonth());
  await db
    .updateTable('timelines')
    .set({ provenance })
    .where('id', '=', id)
    .where('provenance', '!=', provenance)
    .execute();
}

export async function findImportedFile(
  db: Executor,
  sha256: string,
): Promise<{ importedAt: Date } | undefined> {
  const row = await db
    .selectFrom('import_files')
    .select('imported_at')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? { importedAt: new Date(row.imported_at) } : undefined;
}

export async function rememberImportedFile(
  db: Executor,
  file: { sha256: string; source: string | null; imported: number; rejected: number },
): Promise<void> {
  const values = {
    sha256: file.sha256,
    source: file.source,
    rows_imported: file.imported,
    rows_rejected: file.rejected,
  };
  await db
    .insertInto('import_files')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('sha256')
        .doUpdateSet({ source: file.source, rows_imported: file.imported, rows_rejected: file.rejected }),
    )
    .execute();
}
