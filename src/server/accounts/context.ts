/** The /me API's view of an Astro request: the verified account and where the site lives. */
import type { APIContext } from 'astro';
import { siteOrigin } from '../http/proxy.ts';
import { currentAccount } from '../auth/account.ts';
import { appDatabase } from '../db/instance.ts';
import type { MeContext } from './api.ts';

export function meContextOf(context: Pick<APIContext, 'locals' | 'url'>): MeContext {
  return {
    database: appDatabase,
    account: currentAccount(context),
    origin: siteOrigin(context.url),
  };
}
