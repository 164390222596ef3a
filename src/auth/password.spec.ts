import { passwordProblem } from './password-rule';
import { hashing, hashPassword, UNUSABLE_HASH, verifyPassword } from './password';

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

describe('password hashing', () => {
  it('runs at most one hash per core at once, however many logins arrive together', async () => {
    const { availableParallelism } = await import('os');
    hashing.peak = 0;
    await Promise.all(Array.from({ length: 12 }, (_, i) => verifyPassword(`kata-sandi-${i}`, UNUSABLE_HASH)));
    expect(hashing.peak).toBe(Math.min(12, availableParallelism()));
  });
});

describe('the password rule', () => {
  it('takes 12 to 128 characters of any kind, counted as characters, with no composition rule', () => {
    expect(passwordProblem('a'.repeat(11))).toEqual({ en: 'must be 12 to 128 characters (it has 11)', id: 'harus 12 sampai 128 karakter (isinya 11)' });
    expect(passwordProblem('aaaaaaaaaaaa')).toBeNull();
    expect(passwordProblem('kata sandi panjang 🙂')).toBeNull();
    expect(passwordProblem('🙂'.repeat(12))).toBeNull();
    expect(passwordProblem('é'.repeat(128))).toBeNull();
    expect(passwordProblem('x'.repeat(129))?.en).toBe('must be 12 to 128 characters (it has 129)');
  });
});
