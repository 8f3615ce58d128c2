import { describe, expect, it } from 'vitest';
import { clientKey } from '../../../src/server/privacy/client-key.ts';
import { inCidr, networkOf, parseCidr } from '../../../src/server/privacy/address.ts';

describe('client keys', () => {
  const day = new Date('2026-11-23T08:00:00Z');

  it('is stable within a day, differs per address, and never contains the address', () => {
    const a = clientKey('203.0.113.7', day);
    expect(clientKey('203.0.113.7', new Date('2026-11-23T22:00:00Z'))).toBe(a);
    expect(clientKey('203.0.113.8', day)).not.toBe(a);
    expect(a).not.toContain('203');
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('changes every UTC day', () => {
    expect(clientKey('198.51.100.1', new Date('2026-11-24T12:00:00Z'))).not.toBe(
      clientKey('198.51.100.1', day),
    );
  });

  it('keys IPv6 clients by their /64, and IPv4-mapped addresses as IPv4', () => {
    const key = clientKey('2001:db8:1:2::1', day);
    // Rotating within the /64 does not buy a new key.
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff', day)).toBe(key);
    expect(clientKey('2001:0db8:0001:0002:0:0:0:1234', day)).toBe(key);
    expect(clientKey('2001:db8:1:3::1', day)).not.toBe(key);
    expect(clientKey('::ffff:203.0.113.7', day)).toBe(clientKey('203.0.113.7', day));
  });
});

describe('addresses', () => {
  it.each([
    ['203.0.113.7', 'v4:203.0.113.7'],
    ['::ffff:203.0.113.7', 'v4:203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', 'v6:20010db800010002/64'],
    ['[2001:db8:1:2::9]', 'v6:20010db800010002/64'],
    ['fe80::1%eth0', 'v6:fe80000000000000/64'],
    ['unknown', 'other:unknown'],
  ])('%s is keyed as %s', (address, network) => {
    expect(networkOf(address)).toBe(network);
  });

  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['::ffff:127.0.0.1', '127.0.0.1', true],
    ['::1', '::1', true],
    ['2001:db8::5', '2001:db8::/32', true],
    ['2001:db9::5', '2001:db8::/32', false],
    ['127.0.0.1', '::1', false],
  ])('%s in %s: %s', (address, range, inside) => {
    expect(inCidr(address, parseCidr(range)!)).toBe(inside);
  });
});
