/** Domain shapes of a timeline, independent of how the database stores them. */
import type { CategoryKey, MilestoneKey, ServiceCenter, Subcategory } from './catalogue.ts';
import type { MonthIndex } from './months.ts';
import type { ModerationState, Provenance } from '../db/schema.ts';

export interface Milestone {
  key: MilestoneKey;
  month: MonthIndex;
}

/** Everything a timeline holds. The filed month is also its `filed` milestone. */
export interface NewTimeline {
  category: CategoryKey;
  subcategory: Subcategory | null;
  country: string;
  serviceCenter: ServiceCenter | null;
  premium: boolean;
  concurrent: boolean;
  filedMonth: MonthIndex;
  lastConfirmedMonth: MonthIndex;
  note: string | null;
  provenance: Provenance;
  ownerId: string | null;
  editTokenHash: string | null;
  /** Milestones other than `filed`, in any order. */
  milestones: Milestone[];
}

/** A timeline's own fields, as validation returns them; callers add provenance, owner and token. */
export type TimelineFields = Omit<NewTimeline, 'provenance' | 'ownerId' | 'editTokenHash'>;

export interface Timeline extends Omit<NewTimeline, 'editTokenHash'> {
  id: string;
  moderationState: ModerationState;
  /** The months it was shared and last changed; nothing finer is kept (docs/decisions/066). */
  createdMonth: MonthIndex;
  updatedMonth: MonthIndex;
}
