import { parseTrustProxy } from './trust-proxy';

describe('MONEV_TRUST_PROXY', () => {
  it('is off unless set', () => {
    for (const text of [undefined, '', ' ', 'false', 'off', '0']) expect(parseTrustProxy(text)).toEqual({ value: false });
  });

  it('takes a hop count or a list of proxy addresses and networks', () => {
    expect(parseTrustProxy('1')).toEqual({ value: 1 });
    expect(parseTrustProxy(' 10.0.0.0/8, 192.168.1.5 ,::1,fd00::/8,loopback')).toEqual({ value: ['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8', 'loopback'] });
  });

  it('refuses what would trust anyone, or is not an address', () => {
    expect(parseTrustProxy('true')).toEqual({ problem: expect.stringContaining('"true" is neither a hop count nor an address or CIDR network') });
    expect(parseTrustProxy('10.0.0.0/33')).toEqual({ problem: expect.stringContaining('"10.0.0.0/33"') });
    expect(parseTrustProxy('10.0.0.1,proxy.internal')).toEqual({ problem: expect.stringContaining('"proxy.internal"') });
    expect(parseTrustProxy('1000')).toEqual({ problem: expect.stringContaining('at most 10') });
  });
});
