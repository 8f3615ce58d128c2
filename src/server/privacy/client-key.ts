/**
 * Client keys: an HMAC of the client's network (IPv4 address, or IPv6 /64) and the UTC day,
 * under a key derived from SERVER_SECRET. The address is never stored or logged, and the
 * secret is never in the database, so a copy of the database cannot map keys back to
 * addresses by hashing candidates (docs/decisions/065). Keys change every day, so counters
 * from different days cannot be joined either.
 */
import { createHmac } from 'node:crypto';
import { serverKey } from '../secrets/server-secret.ts';
import { networkOf } from './address.ts';

function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The client key for an address today. */
export function clientKey(address: string, now: Date = new Date()): string {
  return createHmac('sha256', serverKey('client-key'))
    .update(`${utcDay(now)}\n${networkOf(address)}`)
    .digest('base64url')
    .slice(0, 32);
}
