/** What a request that may write needs to know about its sender: only its address, for the daily client key. */
import type { APIContext, AstroGlobal } from 'astro';
import { env } from '../../env.ts';
import { appDatabase } from '../db/instance.ts';
import { clientKey } from '../privacy/client-key.ts';
import { clientAddressFor } from './proxy.ts';
import { bearerSessionRejected, currentAccount } from '../auth/account.ts';
import type { ApiContext } from '../timelines/api.ts';
import type { WriteContext } from '../timelines/service.ts';

/** The API's view of an Astro request. */
export function apiContextOf(context: Pick<APIContext, 'clientAddress' | 'locals' | 'request'>): ApiContext {
  const account = currentAccount(context);
  return {
    database: appDatabase,
    clientAddress: clientAddressFor(context),
    rateLimitPerHour: env().RATE_LIMIT_PER_HOUR,
    account,
    sessionRejected: bearerSessionRejected(context.request, account),
  };
}

/** The write context of a page's form post. */
export function writeContextFor(context: Pick<AstroGlobal, 'clientAddress' | 'request'>): WriteContext {
  return {
    clientKey: clientKey(clientAddressFor(context)),
    rateLimitPerHour: env().RATE_LIMIT_PER_HOUR,
  };
}
