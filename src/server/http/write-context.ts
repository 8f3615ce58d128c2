/** What a request that may write needs to know about its sender: only its address, for the daily client key. */
import type { APIContext, AstroGlobal } from 'astro';
import { env } from '../../env.ts';
import { appDatabase } from '../db/instance.ts';
import { clientKey } from '../privacy/client-key.ts';
import { bearerSessionRejected, currentAccount } from '../auth/account.ts';
import type { ApiContext } from '../timelines/api.ts';
import type { WriteContext } from '../timelines/service.ts';

/** The client's address, or a shared stand-in when the adapter cannot tell (never stored). */
export function clientAddressOf(context: Pick<APIContext | AstroGlobal, 'clientAddress'>): string {
  try {
    return context.clientAddress || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The API's view of an Astro request. */
export function apiContextOf(context: Pick<APIContext, 'clientAddress' | 'locals' | 'request'>): ApiContext {
  const account = currentAccount(context);
  return {
    database: appDatabase,
    clientAddress: clientAddressOf(context),
    rateLimitPerHour: env().RATE_LIMIT_PER_HOUR,
    account,
    sessionRejected: bearerSessionRejected(context.request, account),
  };
}

/** The write context of a page's form post. */
export function writeContextFor(context: Pick<AstroGlobal, 'clientAddress'>): WriteContext {
  return {
    clientKey: clientKey(clientAddressOf(context)),
    rateLimitPerHour: env().RATE_LIMIT_PER_HOUR,
  };
}
