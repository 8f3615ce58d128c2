/**
 * Network addresses as the abuse controls see them: an IPv4 address, or the /64 an IPv6
 * address belongs to (one subscriber usually holds a whole /64 and can rotate within it
 * freely), and CIDR ranges for TRUSTED_PROXIES. Pure functions, no I/O.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An address as 4 (IPv4) or 16 (IPv6) bytes, or undefined when it is not one. */
export function addressBytes(text: string): Uint8Array | undefined {
  const address = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  if (!isIPv6(address)) return undefined;
  // An embedded IPv4 tail (::ffff:192.0.2.1) is the last two groups written in decimal.
  const hex = address.replace(/(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, (_m, a, b, c, d) =>
    [((Number(a) << 8) | Number(b)).toString(16), ((Number(c) << 8) | Number(d)).toString(16)].join(':'),
  );
  const [left = '', right] = hex.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const groups = right === undefined ? l : [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d, what dual-stack sockets report) as IPv4. */
function unmapped(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 16 && V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return bytes.slice(12);
  return bytes;
}

/**
 * What one client is keyed by: "v4:a.b.c.d" or "v6:<first 64 bits in hex>/64". Anything that
 * is not an address (the adapter could not tell) is kept as given, so it still gets one key.
 */
export function networkOf(address: string): string {
  const parsed = addressBytes(address);
  if (!parsed) return `other:${address}`;
  const bytes = unmapped(parsed);
  if (bytes.length === 4) return `v4:${bytes.join('.')}`;
  return `v6:${Buffer.from(bytes.subarray(0, 8)).toString('hex')}/64`;
}

export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/** "10.0.0.0/8", "::1", "fd00::/8" → a range; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText] = text.trim().split('/');
  const parsed = addressBytes(address);
  if (!parsed) return undefined;
  const bytes = unmapped(parsed);
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { bytes, prefix };
}

/** Whether an address lies in a range (IPv4-mapped IPv6 counts as IPv4). */
export function inCidr(address: string, range: Cidr): boolean {
  const parsed = addressBytes(address);
  if (!parsed) return false;
  const bytes = unmapped(parsed);
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const take = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (range.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}
