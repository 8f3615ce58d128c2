import { describe, expect, it } from 'vitest';
import { type Cidr, parseCidr } from '../../../src/server/privacy/address.ts';
import { resolveClientAddress, resolveHttps, siteOrigin } from '../../../src/server/http/proxy.ts';

const ranges = (...r: string[]): Cidr[] => r.map((x) => parseCidr(x)!);
const LOOPBACK = ranges('127.0.0.1', '::1');

describe('client address behind proxies', () => {
  it.each([
    // No proxy trusted (the default): the header is never believed.
    ['203.0.113.7', '198.51.100.1', [], '203.0.113.7'],
    // A trusted proxy: the address it appended.
    ['127.0.0.1', '198.51.100.1', LOOPBACK, '198.51.100.1'],
    ['::ffff:127.0.0.1', '198.51.100.1', LOOPBACK, '198.51.100.1'],
    // Whatever the client wrote itself sits to the left and is ignored.
    ['127.0.0.1', '10.9.9.9, 1.2.3.4, 198.51.100.1', LOOPBACK, '198.51.100.1'],
    // Two trusted hops (CDN in 10/8, then nginx on loopback).
    ['127.0.0.1', 'spoofed, 2001:db8::5, 10.0.0.2', ranges('127.0.0.1', '10.0.0.0/8'), '2001:db8::5'],
    // A peer that is not trusted cannot speak for anyone.
    ['198.51.100.50', '127.0.0.1', LOOPBACK, '198.51.100.50'],
    // A trusted proxy that sent no header: the proxy is the client.
    ['127.0.0.1', null, LOOPBACK, '127.0.0.1'],
  ] as const)('peer %s, X-Forwarded-For %s → %s', (peer, header, trusted, expected) => {
    expect(resolveClientAddress(peer, header, trusted as Cidr[])).toBe(expected);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(resolveHttps('http:', '127.0.0.1', 'https', LOOPBACK)).toBe(true);
    expect(resolveHttps('http:', '203.0.113.7', 'https', LOOPBACK)).toBe(false);
    expect(resolveHttps('http:', '127.0.0.1', 'https', [])).toBe(false);
    expect(resolveHttps('https:', '203.0.113.7', null, [])).toBe(true);
  });
});

describe('site origin', () => {
  it('never reflects a foreign Host header (no SITE_ORIGIN in tests)', () => {
    expect(siteOrigin(new URL('http://evil.example/feed.atom'))).toBe('http://localhost:4321');
    expect(siteOrigin(new URL('http://127.0.0.1:5555/feed.atom'))).toBe('http://127.0.0.1:5555');
  });
});
