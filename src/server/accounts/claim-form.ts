/** The edit page's "move to my account" button: a claim made with the link the page was opened with. */
import type { Account } from '../auth/account.ts';
import type { Database } from '../db/client.ts';
import type { FormOutcome } from '../timelines/form-actions.ts';
import { claimTimeline } from './service.ts';

export async function claimFromEditPage(
  db: Database,
  account: Account | null,
  token: string,
): Promise<FormOutcome> {
  if (!account)
    return {
      kind: 'error',
      status: 401,
      message: 'Sign in first: the timeline moves to the account you are signed in with.',
    };
  const id = await claimTimeline(db, account.userId, token);
  if (!id)
    return {
      kind: 'error',
      status: 404,
      message: 'This timeline could not be moved: its edit link no longer works.',
    };
  return { kind: 'redirect', location: '/me?claimed=1' };
}
