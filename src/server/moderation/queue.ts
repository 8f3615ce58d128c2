/** What moderators see: open reports grouped per timeline, moderated timelines, the audit log. */
import { sql } from 'kysely';
import type { Database } from '../db/client.ts';
import type { ModerationAction, ModerationState, ReportReason } from '../db/schema.ts';
import { referenceCodec } from '../feed/references.ts';
import { type CategoryKey, type Subcategory, categoryLabel } from '../timelines/catalogue.ts';
import { countryName } from '../timelines/countries.ts';
import { displayMonth } from '../timelines/months.ts';
import { REPORT_REASONS } from './reports.ts';

export const QUEUE_LIMIT = 100;

export interface ModeratedTimeline {
  ref: string;
  categoryText: string;
  /** Moderators see the real country: they judge identifying details. */
  countryText: string;
  serviceCenter: string | null;
  filedText: string;
  note: string | null;
  state: ModerationState;
  demo: boolean;
}

export interface QueueEntry extends ModeratedTimeline {
  total: number;
  reasons: Record<ReportReason, number>;
  lastReportedAt: Date;
}

export interface AuditEntry {
  at: Date;
  moderator: string;
  action: ModerationAction;
  ref: string;
  fromState: ModerationState;
  toState: ModerationState;
  reportsResolved: number;
  reason: string;
}

export interface ModerationQueue {
  openReports: number;
  reportedItems: number;
  entries: QueueEntry[];
  moderated: ModeratedTimeline[];
  audit: AuditEntry[];
}

type TimelineColumns = {
  id: string;
  category: string;
  subcategory: string | null;
  country: string;
  service_center: string | null;
  filed_month: number;
  note: string | null;
  moderation_state: ModerationState;
  provenance: string;
};

function describe(row: TimelineColumns, toRef: (id: string) => string): ModeratedTimeline {
  return {
    ref: toRef(row.id),
    categoryText: categoryLabel(row.category as CategoryKey, row.subcategory as Subcategory | null),
    countryText: countryName(row.country),
    serviceCenter: row.service_center,
    filedText: displayMonth(row.filed_month),
    note: row.note,
    state: row.moderation_state,
    demo: row.provenance === 'demo',
  };
}

const timelineColumns = [
  't.id',
  't.category',
  't.subcategory',
  't.country',
  't.service_center',
  't.filed_month',
  't.note',
  't.moderation_state',
  't.provenance',
] as const;

export async function loadModerationQueue(db: Database, limit = QUEUE_LIMIT): Promise<ModerationQueue> {
  const { toRef } = referenceCodec();
  const totals = await db
    .selectFrom('reports')
    .select([
      (eb) => eb.fn.countAll<number>().as('reports'),
      (eb) => eb.fn.count<number>('timeline_id').distinct().as('items'),
    ])
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();

  const grouped = await db
    .selectFrom('reports as r')
    .innerJoin('timelines as t', 't.id', 'r.timeline_id')
    .select([
      ...timelineColumns,
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.max('r.created_at').as('last_reported_at'),
      ...REPORT_REASONS.map((reason) =>
        sql<number>`count(*) filter (where r.reason = ${reason})`.as(`n_${reason}`),
      ),
    ])
    .where('r.resolved_at', 'is', null)
    .groupBy('t.id')
    .orderBy('total', 'desc')
    .orderBy('last_reported_at', 'desc')
    .limit(limit)
    .execute();

  const moderated = await db
    .selectFrom('timelines as t')
    .select([...timelineColumns])
    .where('t.moderation_state', '!=', 'visible')
    .orderBy('t.updated_month', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();

  const audit = await db
    .selectFrom('moderation_audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

  return {
    openReports: Number(totals.reports),
    reportedItems: Number(totals.items),
    entries: grouped.map((row) => {
      const counts = row as unknown as Record<string, number>;
      return {
        ...describe(row, toRef),
        total: Number(row.total),
        reasons: Object.fromEntries(REPORT_REASONS.map((r) => [r, Number(counts[`n_${r}`])])) as Record<
          ReportReason,
          number
        >,
        lastReportedAt: new Date(row.last_reported_at as Date),
      };
    }),
    moderated: moderated.map((row) => describe(row, toRef)),
    audit: audit.map((row) => ({
      at: new Date(row.at),
      moderator: row.moderator,
      action: row.action,
      ref: toRef(row.timeline_id),
      fromState: row.from_state,
      toState: row.to_state,
      reportsResolved: row.reports_resolved,
      reason: row.reason,
    })),
  };
}
