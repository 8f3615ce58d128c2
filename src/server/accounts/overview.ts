/** What /me shows for each owned timeline: the timeline, its progress and its share link. */
import type { Database } from '../db/client.ts';
import type { Timeline } from '../timelines/types.ts';
import { type CaseProgress, caseProgress } from './progress.ts';
import { findOwnedTimelines } from './repository.ts';
import { type ShareLinkSettings, shareLinkSettings } from './share-links.ts';
import { type StatsSettings, settingsFromEnv } from '../stats/service.ts';
import { type Standing, caseStanding } from './standing.ts';

export interface OwnedTimelineOverview {
  timeline: Timeline;
  progress: CaseProgress;
  shareLink: ShareLinkSettings | null;
  standing: Standing;
}

export async function accountOverview(
  db: Database,
  userId: string,
  now: Date = new Date(),
  settings: StatsSettings = settingsFromEnv(now),
): Promise<OwnedTimelineOverview[]> {
  const timelines = await findOwnedTimelines(db, userId);
  const links = await shareLinkSettings(
    db,
    timelines.map((t) => t.id),
  );
  return Promise.all(
    timelines.map(async (timeline) => {
      const progress = caseProgress(timeline, now);
      return {
        timeline,
        progress,
        shareLink: links.get(timeline.id) ?? null,
        standing: await caseStanding(db, timeline, progress, settings),
      };
    }),
  );
}
