/** Table types for Kysely<DB>. Rows never leave the repositories that read them. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Provenance = 'web' | 'import' | 'demo';
export type ModerationState = 'visible' | 'note_hidden' | 'excluded';

export interface TimelinesTable {
  id: Generated<string>;
  category: string;
  subcategory: string | null;
  country: string;
  /** Where the case is filed and first decided: an office code (src/server/offices/list.ts). */
  office: string | null;
  /** Where it ends, for categories that move (I-485 interview, I-130 consular post). */
  later_office: ColumnType<string | null, string | null | undefined, string | null>;
  /** Generated from `office` for the statistics triggers (docs/decisions/080); never written. */
  service_center: ColumnType<string | null, never, never>;
  premium: Generated<boolean>;
  concurrent: Generated<boolean>;
  filed_month: number;
  last_confirmed_month: number;
  note: string | null;
  provenance: Provenance;
  owner_id: string | null;
  edit_token_hash: string | null;
  moderation_state: Generated<ModerationState>;
  /** The months (year * 12 + month - 1) it was written and last changed: nothing finer is kept. */
  created_month: ColumnType<number, number | undefined, never>;
  updated_month: ColumnType<number, number | undefined, number>;
  /** Bulk import: the --source name and the spreadsheet's own row id, unique together. */
  import_source: ColumnType<string | null, string | null | undefined, string | null>;
  import_row_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MilestonesTable {
  timeline_id: string;
  key: string;
  month: number;
  /** The month the row was written: orders the feed within a milestone month. */
  written_month: ColumnType<number, number | undefined, never>;
}

/** Attempts per client key, action and hour (whole hours since the epoch); no exact times. */
export interface RateLimitCountersTable {
  client_key: string;
  action: string;
  hour: number;
  count: number;
}

/** The duplicate guard: keyed hashes of recent submissions, never joined to timelines. */
export interface SubmissionFingerprintsTable {
  fingerprint: string;
  /** Whole hours since the epoch. */
  seen_hour: number;
}

/** A read-only share link of a timeline (one at most): which fields its owner chose to show. */
export interface ShareLinksTable {
  timeline_id: string;
  token_hash: string;
  show_country: Generated<boolean>;
  show_service_center: Generated<boolean>;
  show_milestones: Generated<boolean>;
  show_note: Generated<boolean>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The statistics rollup, maintained by triggers (docs/decisions/021, 113). */
export interface StatsHistogramsTable {
  category: string;
  from_key: string;
  to_key: string;
  /** Bit set of the dimensions kept: 1 country, 2 office, 4 filing month (0–4 exist). */
  grain: number;
  /** '*' outside the grain. */
  country: string;
  /** The office at the target step; '' when unknown, '*' outside the grain. */
  office: string;
  /** -1 outside the grain. */
  filed_month: number;
  /** '' when none. */
  subcategory: string;
  premium: boolean;
  concurrent: boolean;
  is_demo: boolean;
  /** events[d + 1]: how many reached the target d months after the start. */
  events: number[];
  /** censored[d + 1]: how many were still open d months after the start. */
  censored: number[];
  /** How many ended another way (duration 0). */
  closed: number;
}

/** stats_histograms unfolded: one row per (group, duration, outcome) whose count is not 0. */
export type StatsCellsView = Omit<StatsHistogramsTable, 'events' | 'censored' | 'closed'> & {
  duration: number;
  /** 0 censored, 1 event, 2 closed_other. */
  outcome: number;
  n: number;
};

/** One row per timeline: what the statistics last counted for it (docs/decisions/113). */
/** Timelines changed in a bulk load whose counting waits for its end (db/migrations/2026_12_01_1800_*). */
export interface StatsPendingTimelinesTable {
  timeline_id: string;
}

export interface StatsTimelineFactsTable {
  timeline_id: string;
  category: string;
  subcategory: string | null;
  country: string;
  office: string | null;
  later_office: string | null;
  premium: boolean;
  concurrent: boolean;
  filed_month: number;
  last_confirmed_month: number;
  is_demo: boolean;
  moderation_excluded: boolean;
  keys: string[];
  months: number[];
}

export interface StatsMilestoneStepsTable {
  category: string;
  key: string;
  step: number;
  /** Milestones whose presence proves this one happened (docs/decisions/070). */
  implied_by: string[];
  /** Milestones whose presence, without this one, means it will not come. */
  closed_by: string[];
  /** Whether a case is at its later office by this step (docs/decisions/080). */
  at_later_office: boolean;
}

/** Bumped by every statement that writes statistics input (db/migrations/2026_12_01_1500_*). */
export interface StatsDataVersionTable {
  slot: number;
  version: ColumnType<string | number, never, never>;
}

export interface ImportFilesTable {
  sha256: string;
  source: string | null;
  rows_imported: number;
  rows_rejected: number;
  imported_at: ColumnType<Date, Date | string | undefined, never>;
}

export type ReportReason = 'identifying' | 'spam' | 'abusive' | 'implausible_dates';
export type ReportResolution = 'dismissed' | 'note_hidden' | 'excluded' | 'restored';

export interface ReportsTable {
  id: Generated<string>;
  timeline_id: string;
  reason: ReportReason;
  dedupe_key: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolution: ReportResolution | null;
}

export type ModerationAction = 'hide_note' | 'exclude' | 'restore' | 'dismiss';

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface ModerationAuditLogTable {
  id: ColumnType<number, never, never>;
  at: ColumnType<Date, never, never>;
  moderator: string;
  action: ModerationAction;
  timeline_id: string;
  from_state: ModerationState;
  to_state: ModerationState;
  reports_resolved: number;
  reason: string;
}

/** A signed-in person's priority date for the Visa Bulletin answer (one per account). */
export interface PriorityDatesTable {
  owner_id: string;
  category: string;
  area: string;
  priority_month: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Admin-token sign-ins (docs/decisions/069): keyed hashes only, so a copy opens nothing. */
export interface ModeratorSessionsTable {
  token_hash: string;
  credential: string;
  expires_at: ColumnType<Date, Date | string, never>;
}

export interface DB {
  priority_dates: PriorityDatesTable;
  timelines: TimelinesTable;
  milestones: MilestonesTable;
  rate_limit_counters: RateLimitCountersTable;
  submission_fingerprints: SubmissionFingerprintsTable;
  share_links: ShareLinksTable;
  stats_histograms: StatsHistogramsTable;
  stats_cells: StatsCellsView;
  stats_timeline_facts: StatsTimelineFactsTable;
  stats_pending_timelines: StatsPendingTimelinesTable;
  stats_milestone_steps: StatsMilestoneStepsTable;
  stats_data_version: StatsDataVersionTable;
  import_files: ImportFilesTable;
  reports: ReportsTable;
  moderation_audit_log: ModerationAuditLogTable;
  moderator_sessions: ModeratorSessionsTable;
}

export type TimelineRow = Selectable<TimelinesTable>;
export type NewTimelineRow = Insertable<TimelinesTable>;
export type TimelineUpdate = Updateable<TimelinesTable>;
export type MilestoneRow = Selectable<MilestonesTable>;
