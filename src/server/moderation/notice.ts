/** What an owner is told about their own timeline after moderation (issues 3 and 6 render it). */
import type { ModerationState } from '../db/schema.ts';

export interface ModerationNotice {
  title: string;
  body: string;
}

export function moderationNotice(state: ModerationState): ModerationNotice | null {
  switch (state) {
    case 'visible':
      return null;
    case 'note_hidden':
      return {
        title: 'Your note is hidden',
        body: 'A moderator hid the note on this timeline, usually because it could identify you or others. Your milestones still count in the statistics and appear in the feed without the note. Editing the note does not show it again automatically.',
      };
    case 'excluded':
      return {
        title: 'This timeline is excluded',
        body: 'A moderator excluded this timeline from the public statistics and the feed, for example because its dates look implausible. Only you can see it. Correcting it does not restore it automatically.',
      };
  }
}
