import { applyDecorators } from '@nestjs/common';
import { IsString, ValidateBy, ValidationOptions } from 'class-validator';
import { Bilingual } from './errors';
import { inIndonesian } from './validation-options';

/**
 * SPEC §16 "Texts", the one rule for every text the service stores, whether a request, a
 * definition file, bodies.csv or a fixture brings it:
 *
 * - no control character (U+0000–U+001F, U+007F–U+009F); a note (also a reason, a comment, a
 *   question's text or guidance) may hold tabs and line breaks (LF, or CR LF as Windows writes it);
 * - no Unicode noncharacter: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE,
 *   U+FFFF, U+1FFFE, U+1FFFF, … U+10FFFF) — XML cannot hold U+FFFE/U+FFFF, so one such letter in
 *   a body's name made every later workbook of its edition unreadable;
 * - no lone surrogate (half of a UTF-16 pair, the remains of a text cut or converted wrongly);
 * - at most 64 characters for a code, 300 for a name or title, 2,000 for a note, 2,048 for a URL,
 *   counted in Unicode characters (code points), so a letter outside the BMP counts once.
 *
 * Each problem has one message, the same through HTTP (`name: …`) and in files (`bodies.csv:3:
 * name: …`), and its Indonesian text for the pages; it says where the character is, so that a
 * long text can be corrected.
 */
export type TextKind = 'code' | 'name' | 'note' | 'url';

export const TEXT_LIMITS: Readonly<Record<TextKind, number>> = { code: 64, name: 300, note: 2000, url: 2048 };

export interface TextRule {
  kind: TextKind;
  /** fewest characters, not counting surrounding spaces; default 1 (a text of spaces only is empty) */
  min?: number;
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const number = (n: number) => n.toLocaleString('en-US');
const angka = (n: number) => n.toLocaleString('id-ID');

/** The characters of a text as code points; a lone surrogate comes out as itself. */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const ch of text) points.push(ch.codePointAt(0)!);
  return points;
}

const isControl = (cp: number) => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
export const isNoncharacter = (cp: number) => (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;

function controlName(cp: number): Bilingual {
  if (cp === 0x09) return { en: `a tab (${hex(cp)})`, id: `tab (${hex(cp)})` };
  if (cp === 0x0a) return { en: `a line break (${hex(cp)})`, id: `baris baru (${hex(cp)})` };
  if (cp === 0x0d) return { en: `a carriage return (${hex(cp)})`, id: `carriage return (${hex(cp)})` };
  return { en: `the control character ${hex(cp)}`, id: `karakter kontrol ${hex(cp)}` };
}

/** What is wrong with one character of a text of this kind, or null; `next` is the character after it. */
function characterProblem(cp: number, next: number | undefined, kind: TextKind): Bilingual | null {
  if (isSurrogate(cp)) {
    return {
      en: `holds an unpaired surrogate (${hex(cp)}), half of a character: the text was cut or converted wrongly`,
      id: `memuat surrogate tanpa pasangan (${hex(cp)}), separuh karakter: teksnya terpotong atau salah dikonversi`,
    };
  }
  if (isNoncharacter(cp)) {
    return {
      en: `holds ${hex(cp)}, a Unicode noncharacter (no letter or sign of any script): remove it`,
      id: `memuat ${hex(cp)}, bukan karakter Unicode (bukan huruf atau tanda aksara apa pun): hapus karakter itu`,
    };
  }
  if (!isControl(cp)) return null;
  const name = controlName(cp);
  if (kind === 'note') {
    if (cp === 0x09 || cp === 0x0a || (cp === 0x0d && next === 0x0a)) return null;
    return {
      en: `holds ${name.en}${cp === 0x0d ? ' without a line break after it' : ''}; a note may hold tabs and line breaks, no other control character`,
      id: `memuat ${name.id}${cp === 0x0d ? ' tanpa baris baru sesudahnya' : ''}; catatan boleh memuat tab dan baris baru, bukan karakter kontrol lain`,
    };
  }
  return {
    en: `holds ${name.en}; tabs and line breaks are allowed only in notes, reasons and comments`,
    id: `memuat ${name.id}; tab dan baris baru hanya boleh dalam catatan, alasan dan komentar`,
  };
}

/**
 * What is wrong with a text under the rule, or null. The first problem is told: the length,
 * else the first character that is not allowed, with its position (1 = the first character).
 */
export function textProblem(text: string, rule: TextRule): Bilingual | null {
  const points = codePoints(text);
  const max = TEXT_LIMITS[rule.kind];
  if (points.length > max) {
    return { en: `must be at most ${number(max)} characters (it has ${number(points.length)})`, id: `paling banyak ${angka(max)} karakter (isinya ${angka(points.length)})` };
  }
  for (let i = 0; i < points.length; i++) {
    const problem = characterProblem(points[i], points[i + 1], rule.kind);
    if (problem) return { en: `${problem.en} (character ${number(i + 1)})`, id: `${problem.id} (karakter ke-${angka(i + 1)})` };
  }
  const min = rule.min ?? 1;
  const written = codePoints(text.trim()).length;
  if (written === 0 && min > 0) return { en: 'must be a non-empty text', id: 'tidak boleh kosong' };
  if (written < min) return { en: `must have at least ${number(min)} characters (it has ${number(written)})`, id: `paling sedikit ${angka(min)} karakter (isinya ${angka(written)})` };
  return null;
}

/** class-validator form of the rule: a string, then textProblem's message. */
export function IsText(rule: TextRule, options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: `isText:${rule.kind}`,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && textProblem(value, rule) === null,
          defaultMessage: (args) => (typeof args?.value === 'string' ? textProblem(args.value, rule)?.en ?? '' : 'must be a string'),
        },
      },
      { ...options, ...inIndonesian((value) => (typeof value === 'string' ? textProblem(value, rule)?.id ?? null : 'harus berupa teks'), options.each) },
    ),
  );
}

/** A name or title: one line, at most 300 characters (body, commission, user, city, decree number). */
export const IsName = (options: ValidationOptions = {}) => IsText({ kind: 'name' }, options);

/** A note, reason or comment: tabs and line breaks allowed, at most 2,000 characters; `min` characters at least. */
export const IsNote = (min = 1, options: ValidationOptions = {}) => IsText({ kind: 'note', min }, options);

/** Usernames: 2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;
export const USERNAME_TEXT = 'must be a username: 2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit';
const USERNAME_TEXT_ID = 'harus berupa nama pengguna: 2–64 huruf, angka, ".", "_", "@" atau "-", diawali huruf atau angka';

/** The username rule for a request field. */
export function IsUsername(options: ValidationOptions = {}) {
  return applyDecorators(
    IsString(options),
    ValidateBy(
      {
        name: 'isUsername',
        validator: { validate: (value: unknown) => typeof value === 'string' && USERNAME_PATTERN.test(value), defaultMessage: () => USERNAME_TEXT },
      },
      { ...options, ...inIndonesian((value) => (typeof value === 'string' && USERNAME_PATTERN.test(value) ? null : USERNAME_TEXT_ID), options.each) },
    ),
  );
}

/** A text quoted in a message, cut at 60 characters: a 95,000-character URL is not echoed back. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const points = [...text];
  return JSON.stringify(points.length > 60 ? `${points.slice(0, 60).join('')}…` : text);
}
