/** Table types for Kysely<DB>. Rows never leave the repositories that read them. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Provenance = 'web' | 'import' | 'demo';
export type ModerationState = 'visible' | 'note_hidden' | 'excluded';

export interface TimelinesTable {
  id: Generated<string>;
  category: string;
  subcategory: string | null;
  country: string;
  service_center: string | null;
  premium: Generated<boolean>;
  concurrent: Generated<boolean>;
  filed_month: number;
  last_confirmed_month: number;
  note: string | null;
  provenance: Provenance;
  owner_id: string | null;
  edit_token_hash: string | null;
  moderation_state: Generated<ModerationState>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MilestonesTable {
  timeline_id: string;
  key: string;
  month: number;
}

export interface ClientKeySecretsTable {
  /** UTC day, 'YYYY-MM-DD'. */
  day: ColumnType<string, string, never>;
  secret: string;
}

export interface RateLimitEventsTable {
  client_key: string;
  action: string;
  at: ColumnType<Date, Date | string | undefined, never>;
}

/** The duplicate guard: hashes of recent submissions, never joined to timelines. */
export interface SubmissionFingerprintsTable {
  fingerprint: string;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
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

export interface DB {
  timelines: TimelinesTable;
  milestones: MilestonesTable;
  client_key_secrets: ClientKeySecretsTable;
  rate_limit_events: RateLimitEventsTable;
  submission_fingerprints: SubmissionFingerprintsTable;
  share_links: ShareLinksTable;
}

export type TimelineRow = Selectable<TimelinesTable>;
export type NewTimelineRow = Insertable<TimelinesTable>;
export type TimelineUpdate = Updateable<TimelinesTable>;
export type MilestoneRow = Selectable<MilestonesTable>;
