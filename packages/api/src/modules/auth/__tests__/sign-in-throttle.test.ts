import { addressKeyOf } from '../sign-in-throttle';

describe('addressKeyOf: what one client is, for the per-address limits', () => {
  it('an IPv4 address is itself, written as IPv4 or as IPv4-mapped IPv6', () => {
    expect(addressKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('an IPv6 address counts by its /64, however it is written', () => {
    const key = '2001:db8:85a3:0::/64';
    expect(addressKeyOf('2001:db8:85a3::8a2e:370:7334')).toBe(key);
    expect(addressKeyOf('2001:0db8:85a3:0000:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKeyOf('2001:DB8:85A3:0:1::1%eth0')).toBe(key);
    expect(addressKeyOf('2001:db8:85a3:1::1')).not.toBe(key);
    expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(addressKeyOf('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(addressKeyOf('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('an empty address is "unknown"; anything else is kept as given', () => {
    expect(addressKeyOf('')).toBe('unknown');
    expect(addressKeyOf('not-an-address')).toBe('not-an-address');
  });
});
