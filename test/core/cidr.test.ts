import { addressIntervals, coversEverything, isCidr, openFamilies, parseCidr, rangesContain, validateCidrList, validateCidrValue } from '../../src/core/cidr';
import { expectConfigError } from '../support/errors';

describe('parseCidr', () => {
  test.each([
    ['10.0.64.0/24', 'IPv4', 24, '10.0.64.0/24'],
    ['0.0.0.0/0', 'IPv4', 0, '0.0.0.0/0'],
    ['192.168.1.7/32', 'IPv4', 32, '192.168.1.7/32'],
    ['2001:db8::/32', 'IPv6', 32, '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/64', 'IPv6', 64, '2001:db8::/64'],
    ['::/0', 'IPv6', 0, '::/0'],
    ['::1/128', 'IPv6', 128, '::1/128'],
    ['fd00:1:0:0:2::/80', 'IPv6', 80, 'fd00:1:0:0:2::/80'],
    ['::ffff:10.0.0.0/104', 'IPv6', 104, '::ffff:a00:0/104'],
  ])('%s is a valid %s range', (text, family, prefix, canonical) => {
    const parsed = parseCidr(text);
    expect(parsed).toEqual({ ok: true, cidr: expect.objectContaining({ text, family, prefix, canonical, hostBitsSet: false }) });
  });

  test.each([
    [':::::/64', 'is not an IPv4 or IPv6 address'],
    ['10.0.0.256/24', 'is not an IPv4 or IPv6 address'],
    ['010.0.0.0/8', 'is not an IPv4 or IPv6 address'],
    ['10.0.0/24', 'is not an IPv4 or IPv6 address'],
    ['2001:db8::g/64', 'is not an IPv4 or IPv6 address'],
    ['fe80::1%eth0/64', 'is not an IPv4 or IPv6 address'],
    ['10.0.0.0/33', 'not a number from 0 to 32'],
    ['2001:db8::/129', 'not a number from 0 to 128'],
    ['10.0.0.0/024', 'not a number from 0 to 32'],
    ['10.0.0.0/-1', 'not a number from 0 to 32'],
    ['10.0.0.0/ 24', 'not a number from 0 to 32'],
    ['10.0.0.0', 'not a CIDR'],
    ['10.0.0.0/8/8', 'not a CIDR'],
    ['', 'not a CIDR'],
  ])('%j is refused: %s', (text, problem) => {
    const parsed = parseCidr(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
    expect(isCidr(text)).toBe(false);
  });

  test('host bits are reported with the canonical range', () => {
    expect(parseCidr('10.0.64.5/24')).toEqual({ ok: true, cidr: expect.objectContaining({ hostBitsSet: true, canonical: '10.0.64.0/24', first: 0x0a004000n, last: 0x0a0040ffn }) });
    expect(parseCidr('2001:db8::1/64')).toEqual({ ok: true, cidr: expect.objectContaining({ hostBitsSet: true, canonical: '2001:db8::/64' }) });
  });

  test('non-strings are refused', () => {
    expect(parseCidr(undefined).ok).toBe(false);
    expect(parseCidr(['10.0.0.0/8']).ok).toBe(false);
  });
});

describe('parsed once', () => {
  test('a text read again gives the same frozen result, which callers cannot change', () => {
    const first = parseCidr('10.1.2.3/16');
    expect(parseCidr('10.1.2.3/16')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    if (!first.ok) throw new Error('expected a CIDR');
    expect(Object.isFrozen(first.cidr)).toBe(true);
    expect(() => {
      (first.cidr as any).prefix = 8;
    }).toThrow(TypeError);
    expect(parseCidr('10.1.2.3/16')).toEqual({ ok: true, cidr: expect.objectContaining({ prefix: 16, canonical: '10.1.0.0/16', hostBitsSet: true }) });
    const bad = parseCidr('10.0.0.0/33');
    expect(parseCidr('10.0.0.0/33')).toBe(bad);
    expect(bad.ok).toBe(false);
  });

  test('many different texts are all parsed right (the kept results are bounded)', () => {
    for (let i = 0; i < 10_000; i++) {
      const text = `10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`;
      const parsed = parseCidr(text);
      expect(parsed.ok && parsed.cidr.canonical).toBe(text);
    }
  });
});

describe('coverage', () => {
  test.each([
    [['0.0.0.0/0'], ['IPv4']],
    [['::/0'], ['IPv6']],
    [['0.0.0.0/1', '128.0.0.0/1'], ['IPv4']],
    [['128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'], ['IPv4']],
    [['::/1', '8000::/1'], ['IPv6']],
    [['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'], ['IPv4', 'IPv6']],
    [['0.0.0.0/0', '10.0.0.0/8'], ['IPv4']],
  ])('%j is open to %j', (cidrs, families) => {
    expect(openFamilies(cidrs)).toEqual(families);
    expect(coversEverything(cidrs)).toBe(true);
  });

  test.each([
    [[]],
    [['0.0.0.0/1']],
    [['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3']],
    [['0.0.0.0/1', 'bogus']],
    [['::/1', '0.0.0.0/1']],
  ])('%j is not open', cidrs => {
    expect(openFamilies(cidrs)).toEqual([]);
    expect(coversEverything(cidrs)).toBe(false);
  });

  test('an except that leaves a hole closes an ipBlock; an except outside the range does not', () => {
    expect(openFamilies([{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }])).toEqual([]);
    expect(openFamilies([{ cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] }, { cidr: '169.254.0.0/16' }])).toEqual(['IPv4']);
    expect(openFamilies([{ cidr: '0.0.0.0/0', except: ['2001:db8::/32'] }])).toEqual(['IPv4']);
  });

  test('intervals are merged exactly', () => {
    expect(addressIntervals(['10.0.0.0/24', '10.0.1.0/24', '10.0.3.0/24']).IPv4).toEqual([[0x0a000000n, 0x0a0001ffn], [0x0a000300n, 0x0a0003ffn]]);
    expect(addressIntervals([{ cidr: '10.0.0.0/23', except: ['10.0.0.128/25'] }]).IPv4).toEqual([[0x0a000000n, 0x0a00007fn], [0x0a000100n, 0x0a0001ffn]]);
    expect(addressIntervals(['2001:db8::/127']).IPv6).toEqual([[0x20010db8n * 2n ** 96n, 0x20010db8n * 2n ** 96n + 1n]]);
  });

  test('rangesContain uses the exact ranges', () => {
    expect(rangesContain(['10.0.0.0/8'], '10.200.1.1')).toBe(true);
    expect(rangesContain(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(rangesContain(['0.0.0.0/1', '128.0.0.0/1'], '169.254.169.254')).toBe(true);
    expect(rangesContain(['2001:db8::/32'], '2001:db8:ffff::1')).toBe(true);
    expect(rangesContain(['2001:db8::/32'], 'not-an-ip')).toBe(false);
  });
});

describe('validation', () => {
  const FIX = 'list the ranges that need access';
  test('a valid range is returned unchanged', () => {
    expect(validateCidrValue('app/x', 'cidr', '10.0.64.0/24', FIX)).toBe('10.0.64.0/24');
    expect(validateCidrList('app/x', 'cidrs', ['10.0.64.0/24', '2001:db8::/48'], { what: 'egress', openFix: FIX })).toEqual(['10.0.64.0/24', '2001:db8::/48']);
    expect(validateCidrList('app/x', 'cidrs', undefined, { what: 'egress', openFix: FIX })).toEqual([]);
  });
  test.each([':::::/64', '10.0.0.0/33', '0.0.0.0/0', '::/0', '10.0.64.5/24', 42])('%j is refused', value => {
    expectConfigError(() => validateCidrValue('app/x', 'cidr', value, FIX), { path: 'app/x', property: 'cidr', received: value });
  });
  test('the /0 and host-bit errors say what is wrong', () => {
    expect(() => validateCidrValue('app/x', 'cidr', '0.0.0.0/0', FIX)).toThrow(/every IPv4 address/);
    expect(() => validateCidrValue('app/x', 'cidr', '10.0.64.5/24', FIX)).toThrow(/"10.0.64.0\/24"/);
  });
  test('a list that covers everything is refused as a whole', () => {
    const e = expectConfigError(() => validateCidrList('app/x', 'cidrs', ['0.0.0.0/1', '128.0.0.0/1'], { what: 'egress', openFix: FIX }),
      { path: 'app/x', property: 'cidrs', received: ['0.0.0.0/1', '128.0.0.0/1'] });
    expect(e.problem).toContain('every IPv4 address');
  });
  test('a string where a list is expected, and a bad entry by index', () => {
    const e = expectConfigError(() => validateCidrList('app/x', 'cidrs', '10.0.0.0/8', { what: 'egress', openFix: FIX }), { path: 'app/x', property: 'cidrs', received: '10.0.0.0/8' });
    expect(e.fix).toContain('["10.0.0.0/8"]');
    expectConfigError(() => validateCidrList('app/x', 'cidrs', ['10.0.0.0/8', ':::::/64'], { what: 'egress', openFix: FIX }), { path: 'app/x', property: 'cidrs[1]', received: ':::::/64' });
  });
});
