/**
 * Bulk import of community spreadsheets. Every row passes the web form's validation gate;
 * valid rows land in batches, one transaction each. Re-imports never double-count: rows with
 * an id update their timeline in place, and a file already imported is refused unless forced.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { Provenance } from '../db/schema.ts';
import { validateTimelineInput } from '../timelines/validate.ts';
import { parseCsv } from './csv.ts';
import {
  type ImportRow,
  findImportedFile,
  findImportedIds,
  insertImported,
  rememberImportedFile,
  updateImported,
} from './repository.ts';
import { readHeader, rowToInput } from './rows.ts';

export interface ImportOptions {
  source: string | null;
  provenance: Extract<Provenance, 'import' | 'demo'>;
  dryRun: boolean;
  force: boolean;
  now?: Date;
  batchSize?: number;
  onValidated?: (total: number) => void;
  onBatch?: (rows: number) => void;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportSummary {
  rows: number;
  inserted: number;
  updated: number;
  rejected: Rejection[];
  dryRun: boolean;
}

/** A refusal of the whole file (bad header, already imported, id without source). */
export class ImportRefused extends Error {}

interface ValidRow extends ImportRow {
  line: number;
}

function validateRows(
  text: string,
  options: ImportOptions,
): { valid: ValidRow[]; rejected: Rejection[]; rows: number } {
  const records = parseCsv(text);
  if (records.length === 0) throw new ImportRefused('the file is empty: expected a header row');
  const header = readHeader(records[0]!.cells);
  if (header.hasId && options.source === null) {
    throw new ImportRefused(
      'the file has an id column: give --source NAME so a re-import can update those rows',
    );
  }
  const valid: ValidRow[] = [];
  const rejected: Rejection[] = [];
  const seenIds = new Map<string, number>();
  for (const record of records.slice(1)) {
    const row = rowToInput(header, record.cells);
    if ('error' in row) {
      rejected.push({ line: record.line, reason: `row ${row.error}` });
      continue;
    }
    if (row.id !== null) {
      const first = seenIds.get(row.id);
      if (first !== undefined) {
        rejected.push({ line: record.line, reason: `id "${row.id}" already appears on line ${first}` });
        continue;
      }
      seenIds.set(row.id, record.line);
    }
    const result = validateTimelineInput(row.raw, options.now ? { now: options.now } : {});
    if (!result.ok) {
      rejected.push({
        line: record.line,
        reason: result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
      });
      continue;
    }
    valid.push({ line: record.line, rowId: row.id, fields: result.value });
  }
  return { valid, rejected, rows: records.length - 1 };
}

export const fileHash = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export async function importCsv(
  db: Database,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportSummary> {
  const sha256 = fileHash(bytes);
  const previous = await findImportedFile(db, sha256);
  if (previous && !options.force) {
    throw new ImportRefused(
      `this exact file was already imported on ${previous.importedAt.toISOString().slice(0, 10)}; use --force to import it again`,
    );
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const { valid, rejected, rows } = validateRows(text, options);
  options.onValidated?.(valid.length);
  const summary: ImportSummary = { rows, inserted: 0, updated: 0, rejected, dryRun: options.dryRun };
  if (options.dryRun) return summary;

  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < valid.length; start += batchSize) {
    const batch = valid.slice(start, start + batchSize);
    await db.transaction().execute(async (trx) => {
      const existing =
        options.source === null
          ? new Map<string, string>()
          : await findImportedIds(
              trx,
              options.source,
              batch.flatMap((r) => (r.rowId === null ? [] : [r.rowId])),
            );
      const fresh: ImportRow[] = [];
      for (const row of batch) {
        const id = row.rowId === null ? undefined : existing.get(row.rowId);
        if (id) {
          await updateImported(trx, id, row.fields, options.provenance);
          summary.updated++;
        } else {
          fresh.push(row);
        }
      }
      await insertImported(trx, fresh, options.source, options.provenance);
      summary.inserted += fresh.length;
    });
    options.onBatch?.(batch.length);
  }
  await rememberImportedFile(db, {
    sha256,
    source: options.source,
    imported: summary.inserted + summary.updated,
    rejected: rejected.length,
  });
  return summary;
}
