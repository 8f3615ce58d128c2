import { type RawBuilder, sql } from 'kysely';
import { usesLaterOffice } from '../../offices/catalogue.ts';
import type { StatsFilter } from '../filters.ts';

/** The office a timeline (aliased t) was at for the filter's target step (offices/catalogue.ts officeAt). */
export function officeAtTarget(filter: StatsFilter): RawBuilder<string | null> {
  return usesLaterOffice(filter.category, filter.to)
    ? sql<string | null>`coalesce(t.later_office, t.office)`
    : sql<string | null>`t.office`;
}
