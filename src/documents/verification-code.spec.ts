import { certificateCode, normalizeCode } from './verification-code';

describe('certificate verification codes', () => {
  const fields = { edition: 'contoh-2025', body: 'a', version: 2, final: '65.89', predicate: 'cukup_informatif' };
  const code = certificateCode('rahasia', fields);

  it('are 12 Crockford base32 characters in three groups, the same every time', () => {
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(certificateCode('rahasia', { ...fields })).toBe(code);
  });

  it('change with the secret and with every field the certificate states', () => {
    const variants = [
      certificateCode('lain', fields),
      certificateCode('rahasia', { ...fields, edition: 'contoh-2026' }),
      certificateCode('rahasia', { ...fields, body: 'b' }),
      certificateCode('rahasia', { ...fields, version: 1 }),
      certificateCode('rahasia', { ...fields, final: '65.88' }),
      certificateCode('rahasia', { ...fields, predicate: 'informatif' }),
    ];
    expect(new Set([code, ...variants]).size).toBe(variants.length + 1);
  });

  it('cannot be shifted from one field into the next', () => {
    // "a" + "b\nc" and "a\nb" + "c" must not read the same
    expect(certificateCode('rahasia', { ...fields, edition: 'x', body: 'y\n2' })).not.toBe(certificateCode('rahasia', { ...fields, edition: 'x\ny', body: '2' }));
  });

  it('spread over the alphabet: 1,000 bodies, 1,000 different codes', () => {
    const codes = new Set(Array.from({ length: 1000 }, (_, i) => certificateCode('rahasia', { ...fields, body: `bp-${i}` })));
    expect(codes.size).toBe(1000);
    const first = new Set([...codes].map((c) => c[0]));
    expect(first.size).toBeGreaterThan(25);
  });

  it('are read back as people type them', () => {
    expect(normalizeCode(code)).toBe(code);
    expect(normalizeCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
    expect(normalizeCode(` ${code.slice(0, 4)} ${code.slice(5)} `)).toBe(code);
    expect(normalizeCode('7k3d qx9m 2pto')).toBe('7K3D-QX9M-2PT0');
    expect(normalizeCode('ioL0-1111-0000')).toBe('1010-1111-0000');
    expect(normalizeCode('ABCD-EFGH')).toBeNull();
    expect(normalizeCode('UUUU-UUUU-UUUU')).toBeNull();
    expect(normalizeCode('ABCD-EFGH-JKMN-P')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });
});
