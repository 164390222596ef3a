import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';

describe('password hashes', () => {
  it('are salted scrypt hashes that verify only the right password', async () => {
    const first = await hashPassword('rahasia-sekali-123');
    const second = await hashPassword('rahasia-sekali-123');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('rahasia-sekali-123', first)).toBe(true);
    expect(await verifyPassword('rahasia-sekali-124', first)).toBe(false);
  });

  it('never match a malformed or unusable hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('', UNUSABLE_HASH)).toBe(false);
  });
});
