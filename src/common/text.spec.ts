import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validationIssues } from './validation-options';
import { IsName, IsNote, IsText, IsUsername, TEXT_LIMITS, TextRule, isNoncharacter, quoted, textProblem } from './text';

class Sample {
  @IsName() name!: string;
  @IsNote(3) reason!: string;
  @IsText({ kind: 'code' }) login!: string;
  @IsUsername() username!: string;
}

/** The English message of the rule (as files and the API's `message` carry it), or null. */
const en = (text: string, rule: TextRule) => textProblem(text, rule)?.en ?? null;
/** Its Indonesian text (the pages'). */
const id = (text: string, rule: TextRule) => textProblem(text, rule)?.id ?? null;

const issuesOf = (value: Partial<Sample>) => {
  const valid: Sample = { name: 'Dinas Kominfo', reason: 'Banjir', login: 'admin', username: 'ppid-a' };
  return validationIssues(validateSync(plainToInstance(Sample, { ...valid, ...value })));
};

describe('the text rule (SPEC §16 "Texts")', () => {
  it('accepts names in every script, as typed', () => {
    for (const name of ['Dinas Kominfo Kab. Tana Toraja — “Lakipadada” ĀĒ ő', 'Badan Publik 𝔸 (astral)', 'دائرة', '東京都', 'Pemerintah Desa Handil Permai']) {
      expect(en(name, { kind: 'name' })).toBeNull();
    }
  });

  it.each([
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
    ['U+FDD0', '\uFDD0'],
    ['U+FDEF', '\uFDEF'],
    ['U+1FFFE', '\u{1FFFE}'],
    ['U+10FFFF', '\u{10FFFF}'],
  ])('refuses the noncharacter %s anywhere, naming it and where it is', (code, ch) => {
    expect(en(`Dinas${ch} Kominfo`, { kind: 'name' })).toBe(`holds ${code}, a Unicode noncharacter (no letter or sign of any script): remove it (character 6)`);
    expect(en(`catatan ${ch}`, { kind: 'note' })).toBe(`holds ${code}, a Unicode noncharacter (no letter or sign of any script): remove it (character 9)`);
  });

  it('knows the noncharacters: 66 of them, and their neighbours are characters', () => {
    const all = Array.from({ length: 0x110000 }, (_, cp) => cp).filter(isNoncharacter);
    expect(all.length).toBe(66);
    for (const cp of [0xfdcf, 0xfdf0, 0xfffd, 0x1fffd, 0x20000]) expect(isNoncharacter(cp)).toBe(false);
  });

  it('refuses a lone surrogate, and accepts the pair it belongs to', () => {
    expect(en('a\uD83D', { kind: 'name' })).toBe('holds an unpaired surrogate (U+D83D), half of a character: the text was cut or converted wrongly (character 2)');
    expect(en('\uDE00b', { kind: 'note' })).toMatch(/unpaired surrogate \(U\+DE00\)/);
    expect(en('a\uD83D\uDE00', { kind: 'name' })).toBeNull();
  });

  it('refuses control characters; a note may hold tabs and line breaks (LF or CR LF), a name none', () => {
    expect(en('Dinas\tKominfo', { kind: 'name' })).toBe('holds a tab (U+0009); tabs and line breaks are allowed only in notes, reasons and comments (character 6)');
    expect(en('Dinas\nKominfo', { kind: 'name' })).toMatch(/^holds a line break \(U\+000A\)/);
    expect(en('baris 1\n\tbaris 2\r\nbaris 3', { kind: 'note' })).toBeNull();
    expect(en('baris\r1', { kind: 'note' })).toBe('holds a carriage return (U+000D) without a line break after it; a note may hold tabs and line breaks, no other control character (character 6)');
    for (const cp of [0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9f]) {
      const ch = String.fromCodePoint(cp);
      expect(en(`x${ch}`, { kind: 'note' })).toMatch(/^holds the control character U\+00[0-9A-F]{2}; a note may hold tabs and line breaks/);
      expect(en(`x${ch}`, { kind: 'code' })).toMatch(/^holds the control character/);
    }
    expect(en('\u00A0no-break space', { kind: 'name' })).toBeNull();
  });

  it('counts characters, not UTF-16 units, against the limits: codes 64, names 300, notes 2,000, URLs 2,048', () => {
    expect(TEXT_LIMITS).toEqual({ code: 64, name: 300, note: 2000, url: 2048 });
    for (const [kind, max] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
      expect(en('a'.repeat(max), { kind })).toBeNull();
      expect(en('a'.repeat(max + 1), { kind })).toBe(`must be at most ${max.toLocaleString('en-US')} characters (it has ${(max + 1).toLocaleString('en-US')})`);
    }
    expect(en('𝔸'.repeat(300), { kind: 'name' })).toBeNull();
    expect(en('x'.repeat(100_000), { kind: 'name' })).toBe('must be at most 300 characters (it has 100,000)');
  });

  it('refuses an empty text, or one of spaces only, and a text shorter than asked', () => {
    expect(en('', { kind: 'name' })).toBe('must be a non-empty text');
    expect(en('   ', { kind: 'note' })).toBe('must be a non-empty text');
    expect(en('ab', { kind: 'note', min: 3 })).toBe('must have at least 3 characters (it has 2)');
    expect(en('', { kind: 'note', min: 0 })).toBeNull();
  });

  it('says each problem in Indonesian too, with the same position and counts', () => {
    expect(id('Dinas\uFFFE', { kind: 'name' })).toBe('memuat U+FFFE, bukan karakter Unicode (bukan huruf atau tanda aksara apa pun): hapus karakter itu (karakter ke-6)');
    expect(id('a\uD83D', { kind: 'name' })).toBe('memuat surrogate tanpa pasangan (U+D83D), separuh karakter: teksnya terpotong atau salah dikonversi (karakter ke-2)');
    expect(id('Dinas\tKominfo', { kind: 'name' })).toBe('memuat tab (U+0009); tab dan baris baru hanya boleh dalam catatan, alasan dan komentar (karakter ke-6)');
    expect(id('baris\r1', { kind: 'note' })).toBe('memuat carriage return (U+000D) tanpa baris baru sesudahnya; catatan boleh memuat tab dan baris baru, bukan karakter kontrol lain (karakter ke-6)');
    expect(id('x\u0007', { kind: 'code' })).toBe('memuat karakter kontrol U+0007; tab dan baris baru hanya boleh dalam catatan, alasan dan komentar (karakter ke-2)');
    expect(id('x'.repeat(2001), { kind: 'note' })).toBe('paling banyak 2.000 karakter (isinya 2.001)');
    expect(id('  ', { kind: 'name' })).toBe('tidak boleh kosong');
    expect(id('ab', { kind: 'note', min: 3 })).toBe('paling sedikit 3 karakter (isinya 2)');
    expect(textProblem('Dinas Kominfo', { kind: 'name' })).toBeNull();
  });

  it('quotes a value in a message cut at 60 characters', () => {
    expect(quoted('x'.repeat(95_000))).toBe(JSON.stringify(`${'x'.repeat(60)}…`));
    expect(quoted('short')).toBe('"short"');
  });

  it('gives request fields the same messages as files, naming each field', () => {
    expect(issuesOf({})).toEqual([]);
    expect(issuesOf({ name: 'Dinas\uFFFE' })).toEqual([{ field: 'name', message: en('Dinas\uFFFE', { kind: 'name' }), text: id('Dinas\uFFFE', { kind: 'name' }) }]);
    expect(issuesOf({ name: 'x'.repeat(301) })).toEqual([{ field: 'name', message: 'must be at most 300 characters (it has 301)', text: 'paling banyak 300 karakter (isinya 301)' }]);
    expect(issuesOf({ reason: 'baris 1\nbaris 2\tdengan tab' })).toEqual([]);
    expect(issuesOf({ reason: 'ok' })).toEqual([{ field: 'reason', message: 'must have at least 3 characters (it has 2)', text: 'paling sedikit 3 karakter (isinya 2)' }]);
    expect(issuesOf({ name: 42 as unknown as string })).toEqual([{ field: 'name', message: 'must be a string', text: 'harus berupa teks' }]);
    expect(issuesOf({ login: 'admin\u0000' })).toEqual([
      {
        field: 'login',
        message: 'holds the control character U+0000; tabs and line breaks are allowed only in notes, reasons and comments (character 6)',
        text: 'memuat karakter kontrol U+0000; tab dan baris baru hanya boleh dalam catatan, alasan dan komentar (karakter ke-6)',
      },
    ]);
    expect(issuesOf({ username: 'x' })).toEqual([
      {
        field: 'username',
        message: 'must be a username: 2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
        text: 'harus berupa nama pengguna: 2–64 huruf, angka, ".", "_", "@" atau "-", diawali huruf atau angka',
      },
    ]);
  });
});
