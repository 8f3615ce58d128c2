/**
 * What the server may believe about a request that came through reverse proxies: the client's
 * address and scheme, only from proxies named in TRUSTED_PROXIES (never by default), and the
 * site's canonical origin, SITE_ORIGIN, never the Host header (docs/decisions/067).
 */
import { env, isLoopbackHost } from '../../env.ts';
import { type Cidr, addressBytes, inCidr, parseCidr } from '../privacy/address.ts';

let cachedRanges: { source: readonly string[]; ranges: Cidr[] } | undefined;

function trustedRanges(): Cidr[] {
  const source = env().TRUSTED_PROXIES;
  if (cachedRanges?.source !== source)
    cachedRanges = { source, ranges: source.map(parseCidr).filter((r): r is Cidr => r !== undefined) };
  return cachedRanges.ranges;
}

function isTrusted(address: string, ranges: readonly Cidr[]): boolean {
  return ranges.some((range) => inCidr(address, range));
}

/**
 * The client's address. The socket peer, unless the peer is a trusted proxy: then the
 * X-Forwarded-For list is read from the right (each proxy appends who connected to it), past
 * every trusted hop, and the first address that is not a trusted proxy is the client. Anything
 * to the left of it was written by the client and is ignored.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | null,
  ranges: readonly Cidr[] = trustedRanges(),
): string {
  if (!forwardedFor || !isTrusted(peer, ranges)) return peer;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A hop a trusted proxy wrote that is not an address at all: believe nothing further left.
    if (!addressBytes(hop)) return peer;
    if (!isTrusted(hop, ranges)) return hop;
  }
  return hops[0] ?? peer;
}

/** Whether the request reached the site over https: directly, or as a trusted proxy says. */
export function resolveHttps(
  protocol: string,
  peer: string,
  forwardedProto: string | null,
  ranges: readonly Cidr[] = trustedRanges(),
): boolean {
  if (protocol === 'https:') return true;
  if (!forwardedProto || !isTrusted(peer, ranges)) return false;
  return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** The peer address Astro saw; it throws for prerendered pages, which have no client. */
export function peerAddress(context: { clientAddress: string }): string {
  try {
    return context.clientAddress || 'unknown';
  } catch {
    return 'unknown';
  }
}

interface RequestLike {
  clientAddress: string;
  request: Request;
  url: URL;
}

export function clientAddressFor(context: Pick<RequestLike, 'clientAddress' | 'request'>): string {
  return resolveClientAddress(peerAddress(context), context.request.headers.get('x-forwarded-for'));
}

export function httpsFor(context: RequestLike): boolean {
  return resolveHttps(
    context.url.protocol,
    peerAddress(context),
    context.request.headers.get('x-forwarded-proto'),
  );
}

/**
 * The origin for links, feeds and canonical URLs: SITE_ORIGIN when set. Without it (local
 * development) the request's own origin only when it names a loopback host, so a forged Host
 * header is never written into a cacheable response.
 */
export function siteOrigin(url: URL): string {
  const configured = env().SITE_ORIGIN;
  if (configured) return new URL(configured).origin;
  return isLoopbackHost(url.hostname) ? url.origin : `http://localhost:${env().PORT}`;
}

/** The origin same-site form posts must come from: SITE_ORIGIN, or the request's own without it. */
export function expectedOrigin(url: URL): string {
  const configured = env().SITE_ORIGIN;
  return configured ? new URL(configured).origin : url.origin;
}
