/**
 * Bulk import of community spreadsheets. Every row passes the web form's validation gate;
 * valid rows land in batches, all in one transaction that counts the statistics once at the
 * end (src/server/stats/bulk-load.ts). Re-imports never double-count: rows with
 * an id update their timeline in place, and a file already imported is refused unless forced.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import type { Provenance } from '../db/schema.ts';
import { flagUnusualWaits, needsModeratorLook } from '../moderation/flags.ts';
import type { PlausibilityNotice, RefusalCode } from '../timelines/plausibility.ts';
import { type BulkCounting, chooseBulkCounting, writeInBulk } from '../stats/bulk-load.ts';
import { BULK_BATCH } from '../timelines/repository.ts';
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
  /** When every row is written and the statistics are being counted (no finer progress). */
  onCount?: (counting: BulkCounting) => void;
}

/** Why a row is refused: the validation's reasons, or the file's own (cell count, repeated id). */
export type ImportReason = RefusalCode | 'cell_count' | 'duplicate_id';

export interface Rejection {
  line: number;
  /** The row's id cell, if any. */
  id: string | null;
  /** Every problem of the row, for a person to fix. */
  reason: string;
  reasons: ImportReason[];
}

/** A row that was kept (or, in a dry run, would be), with what is worth a word about it. */
export interface Kept {
  line: number;
  id: string | null;
  outcome: 'inserted' | 'updated' | 'valid';
  notices: PlausibilityNotice[];
}

export interface ImportSummary {
  rows: number;
  inserted: number;
  updated: number;
  rejected: Rejection[];
  kept: Kept[];
  dryRun: boolean;
}

/** A refusal of the whole file (bad header, already imported, id without source). */
export class ImportRefused extends Error {}

interface ValidRow extends ImportRow {
  line: number;
  notices: PlausibilityNotice[];
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
      rejected.push({ line: record.line, id: null, reason: `row ${row.error}`, reasons: ['cell_count'] });
      continue;
    }
    if (row.id !== null) {
      const first = seenIds.get(row.id);
      if (first !== undefined) {
        rejected.push({
          line: record.line,
          id: row.id,
          reason: `id "${row.id}" already appears on line ${first}`,
          reasons: ['duplicate_id'],
        });
        continue;
      }
      seenIds.set(row.id, record.line);
    }
    const result = validateTimelineInput(row.raw, options.now ? { now: options.now } : {});
    if (!result.ok) {
      rejected.push({
        line: record.line,
        id: row.id,
        reason: result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
        reasons: result.reasons,
      });
      continue;
    }
    valid.push({ line: record.line, rowId: row.id, fields: result.value, notices: result.notices });
  }
  return { valid, rejected, rows: records.length - 1 };
}

/** Writes one batch: rows whose (source, id) exists update it in place, the others are new. */
async function writeBatch(
  trx: Database,
  batch: readonly ValidRow[],
  options: ImportOptions,
  updatedLines: Set<number>,
): Promise<void> {
  const existing =
    options.source === null
      ? new Map<string, string>()
      : await findImportedIds(
          trx,
          options.source,
          batch.flatMap((r) => (r.rowId === null ? [] : [r.rowId])),
        );
  const fresh: ValidRow[] = [];
  const flagged: string[] = [];
  for (const row of batch) {
    const id = row.rowId === null ? undefined : existing.get(row.rowId);
    if (id) {
      await updateImported(trx, id, row.fields, options.provenance);
      updatedLines.add(row.line);
      if (needsModeratorLook(row.notices)) flagged.push(id);
    } else {
      fresh.push(row);
    }
  }
  const ids = await insertImported(trx, fresh, options.source, options.provenance);
  fresh.forEach((row, i) => {
    if (needsModeratorLook(row.notices)) flagged.push(ids[i]!);
  });
  // Unusual waits are kept and go to the moderators, in the same transaction.
  await flagUnusualWaits(trx, flagged);
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
  const summary: ImportSummary = {
    rows,
    inserted: 0,
    updated: 0,
    rejected,
    kept: [],
    dryRun: options.dryRun,
  };
  const keep = (row: ValidRow, outcome: Kept['outcome']) =>
    summary.kept.push({ line: row.line, id: row.rowId, outcome, notices: row.notices });
  if (options.dryRun) {
    for (const row of valid) keep(row, 'valid');
    return summary;
  }

  const batchSize = options.batchSize ?? BULK_BATCH;
  const counting = await chooseBulkCounting(db, valid.length);
  // The whole file is one transaction: its timelines appear together, counted, or not at all.
  const updatedLines = await writeInBulk(
    db,
    counting,
    async (trx) => {
      const updated = new Set<number>();
      for (let start = 0; start < valid.length; start += batchSize) {
        const batch = valid.slice(start, start + batchSize);
        await writeBatch(trx, batch, options, updated);
        options.onBatch?.(batch.length);
      }
      await rememberImportedFile(trx, {
        sha256,
        source: options.source,
        imported: valid.length,
        rejected: rejected.length,
      });
      return updated;
    },
    options.onCount,
  );
  for (const row of valid) keep(row, updatedLines.has(row.line) ? 'updated' : 'inserted');
  summary.updated = updatedLines.size;
  summary.inserted = valid.length - updatedLines.size;
  return summary;
}
