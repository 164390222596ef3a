import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateCommissionDto } from '../commissions/dto/create-commission.dto';
import { GrantExtensionDto } from '../editions/dto/extension.dto';
import { EnrolParticipantsDto } from '../editions/dto/participants.dto';
import { PublishDto } from '../results/dto/publication.dto';
import { SaveAnswerDto } from '../saq/dto/answer.dto';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { AuditQueryDto } from '../audit/dto/audit-query.dto';
import { ArrayBodyPipe, validationIssues } from './validation-options';
import { FieldIssue, InvalidInputError } from './errors';

const issuesOf = <T extends object>(type: new () => T, value: object): FieldIssue[] =>
  validationIssues(validateSync(plainToInstance(type, value), { whitelist: true, forbidNonWhitelisted: true }));

const user = { username: 'ppid-a', password: 'kata-sandi-yang-panjang', role: 'body' };

describe('every refusal of the validation pipe names its field, in English and in Indonesian', () => {
  it('class-validator\'s own constraints, in Indonesian with their numbers and choices', () => {
    expect(issuesOf(CreateUserDto, { ...user, role: 'operator' })).toEqual([
      { field: 'role', message: 'must be one of the following values: admin, verifier, juror, body', text: 'nilai tidak dikenal; pilihan: admin, verifier, juror, body' },
    ]);
    expect(issuesOf(CreateUserDto, { ...user, role: undefined })).toEqual([{ field: 'role', message: 'required', text: 'wajib diisi' }]);
    expect(issuesOf(CreateUserDto, { ...user, nickname: 'x' })).toEqual([
      { field: 'nickname', message: 'unknown field; it is not part of this request', text: 'kolom tidak dikenal; bukan bagian dari permintaan ini' },
    ]);
    expect(issuesOf(EnrolParticipantsDto, { bodies: [] })).toEqual([{ field: 'bodies', message: 'must contain at least 1 elements', text: 'paling sedikit 1 isian' }]);
    expect(issuesOf(AuditQueryDto, { limit: '5000' })).toEqual([{ field: 'limit', message: 'must not be greater than 1000', text: 'paling besar 1000' }]);
  });

  it('the domain\'s own rules in their own Indonesian: passwords, codes, instants, zones, texts', () => {
    expect(issuesOf(CreateUserDto, { ...user, password: 'pendek' })).toEqual([
      { field: 'password', message: 'must be 12 to 128 characters (it has 6)', text: 'harus 12 sampai 128 karakter (isinya 6)' },
    ]);
    expect(issuesOf(CreateUserDto, { ...user, body: 'bukan kode!' })).toEqual([
      {
        field: 'body',
        message: 'must be a code: letters, digits, ".", "_" or "-", starting with a letter or digit',
        text: 'harus berupa kode: huruf, angka, ".", "_" atau "-", diawali huruf atau angka',
      },
    ]);
    expect(issuesOf(GrantExtensionDto, { stage: 'saq', body: 'a', until: '2025-02-30T00:00:00Z', reason: 'banjir' })).toEqual([
      {
        field: 'until',
        message: '"2025-02-30T00:00:00Z" is not an RFC 3339 instant: 2025 has no 30 February',
        text: '"2025-02-30T00:00:00Z" bukan waktu RFC 3339: tidak ada tanggal 30 pada bulan 02 tahun 2025',
      },
    ]);
    expect(issuesOf(CreateCommissionDto, { code: 'ki-kaltim', name: 'KI Kaltim', timeZone: 'WITA' })).toEqual([
      {
        field: 'timeZone',
        message: '"WITA" is not a time zone: write an IANA name such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)',
        text: '"WITA" bukan zona waktu: tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)',
      },
    ]);
    expect(issuesOf(CreateCommissionDto, { code: 'ki-kaltim', name: 'KI Kaltim', timeZone: 'Asia/Makassar' })).toEqual([]);
    expect(issuesOf(GrantExtensionDto, { stage: 'saq', body: 'a', until: '2025-09-07T23:59:59+08:00', reason: 'x' })).toEqual([
      { field: 'reason', message: 'must have at least 3 characters (it has 1)', text: 'paling sedikit 3 karakter (isinya 1)' },
    ]);
    expect(issuesOf(SaveAnswerDto, { value: true, evidence: Array(21).fill('https://a.example') })).toEqual([
      { field: 'evidence', message: 'at most 20 evidence links per answer (this has 21)', text: 'paling banyak 20 tautan bukti dukung per jawaban (jawaban ini punya 21)' },
    ]);
    expect(issuesOf(PublishDto, { decreeNumber: '52/KEP', decreeDate: '12-12-2025' })).toEqual([
      { field: 'decreeDate', message: 'must be a date YYYY-MM-DD', text: 'harus berupa tanggal YYYY-MM-DD' },
    ]);
  });

  it('a rule over each item of a list is told for the first item it refuses', () => {
    const issues = issuesOf(EnrolParticipantsDto, { bodies: ['a', 'Bukan Kode!', 'x'.repeat(65)] });
    expect(issues.map((i) => [i.field, i.text])).toEqual([
      ['bodies', 'isian [2]: paling banyak 64 karakter (isinya 65)'],
      ['bodies', 'isian [1]: harus berupa kode: huruf, angka, ".", "_" atau "-", diawali huruf atau angka'],
    ]);
  });

  it('a bulk body names each item: [i].field, in both languages', async () => {
    const pipe = new ArrayBodyPipe(CreateCommissionDto);
    const refused = await pipe.transform([{ code: 'ki-a', name: 'KI A' }, { code: 'ki-b', name: 'KI B', timeZone: 'Bulan/Purnama' }, 7], { type: 'body' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).text).toBe(
      'kolom "[1].timeZone": "Bulan/Purnama" bukan zona waktu: tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT); kolom "[2]": harus berupa objek',
    );
    const notAList = await pipe.transform({}, { type: 'body' }).catch((e: unknown) => e);
    expect((notAList as InvalidInputError).text).toBe('isi permintaan: harus berupa daftar JSON');
  });
});
