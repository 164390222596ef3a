import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import { DefinitionError, formatIssue } from '../src/instruments/definition-error';
import { InstrumentRegistry } from '../src/instruments/registry';
import { systemActor } from '../src/common/actor';
import { readFixture } from '../src/fixtures/reader';
import { ADMIN, TestApp, importerOf, startApp } from './support/app';
import { CONTOH, Contoh, PASSWORD, VERIFIER, WHEN, as, bodyUser, setUpContoh, yamlFile } from './support/contoh';

/**
 * SPEC §16 "Texts", finding 4 of issue 12: bad input that was stored. An evidence URL of 95,000
 * characters × 20 links × 10 saves grew the database by 40 MB in a second; a body name with
 * U+FFFE/U+FFFF made every later workbook of its edition unreadable; admin texts of 100,000
 * characters gave a 39-page certificate. Every stored text now follows one rule, with one message
 * per problem, the same through HTTP and in files; certificates print every name as typed.
 */

const NONCHARACTER = 'holds U+FFFE, a Unicode noncharacter (no letter or sign of any script): remove it (character 6)';

/** The message after the field: `[0].name: …` over HTTP, `contoh/bodies.csv:2: name: …` in a file. */
const messageOf = (text: string, field: string): string => text.slice(text.indexOf(`${field}: `) + field.length + 2).split('; ')[0];

/** Binary response bodies (pdf) as Buffers. */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe('stored texts follow one rule (SPEC §16 "Texts")', () => {
  let t: TestApp;
  let c: Contoh;
  let dir: string;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);

  /** A copy of the contoh fixture folder (named contoh, as in messages) with some files replaced. */
  function fixtureWith(files: Record<string, string>): string {
    const root = mkdtempSync(join(dir, 'fixture-'));
    const copy = join(root, 'contoh');
    cpSync(CONTOH, copy, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(copy, file), text);
    return copy;
  }

  /** The issues readFixture reports for a folder, one line each. */
  function fileIssues(folder: string): string[] {
    try {
      readFixture(folder, new InstrumentRegistry());
    } catch (error) {
      if (error instanceof DefinitionError) return error.issues.map(formatIssue);
      throw error;
    }
    return [];
  }

  const bodiesCsv = (name: string) => `code,name,category\n${['a', 'b', 'c'].map((code) => `${code},"${code === 'a' ? name.replace(/"/g, '""') : `Badan Publik ${code.toUpperCase()}`}",pemprov`).join('\n')}\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-texts-'));
    t = await startApp('texts', WHEN.beforeSaq);
    c = await setUpContoh(t);
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a body name with U+FFFE is refused, over HTTP and in bodies.csv, with the same message', async () => {
    const res = await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'x', name: 'Dinas\uFFFE Kominfo', category: 'pemprov' }]);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`[0].name: ${NONCHARACTER}`);
    for (const name of ['Dinas\uFFFF', 'Dinas\uD800', 'Dinas\u{10FFFE}']) {
      const other = await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'x', name, category: 'pemprov' }]);
      expect(other.status).toBe(400);
      expect(other.body.message).toMatch(/^\[0\]\.name: holds (U\+FFFF, a Unicode noncharacter|an unpaired surrogate \(U\+D800\)|U\+10FFFE, a Unicode noncharacter)/);
    }
    expect((await admin().get(`/api/commissions/${c.commission}/bodies`)).body.map((b: { code: string }) => b.code)).not.toContain('x');

    const issues = fileIssues(fixtureWith({ 'bodies.csv': bodiesCsv('Dinas\uFFFE Kominfo') }));
    expect(issues).toEqual([`contoh/bodies.csv:2: name: ${NONCHARACTER}`]);
    expect(messageOf(issues[0], 'name')).toBe(messageOf(res.body.message, 'name'));
  });

  it('an evidence URL of 2,049 characters is refused; 21 links are refused; 2,048 characters and 20 links are saved', async () => {
    t.clock.set(WHEN.saq);
    const body = as(t.http, c.tokens[bodyUser('a')]);
    const url = (length: number) => `https://ppid.example.go.id/${'d'.repeat(length - 'https://ppid.example.go.id/'.length)}`;
    const save = (evidence: string[]) => body.put(`/api/editions/${c.edition}/saq/a/answers/1.1`, { value: true, evidence });

    const long = await save(['https://ppid.example.go.id/dip', url(2049)]);
    expect(long.status).toBe(400);
    expect(long.body.message).toBe('evidence[1]: must be at most 2,048 characters (it has 2,049)');
    const many = await save(Array.from({ length: 21 }, (_, i) => `https://ppid.example.go.id/bukti-${i}`));
    expect(many.status).toBe(400);
    expect(many.body.message).toBe('evidence: at most 20 evidence links per answer (this has 21)');
    const control = await save(['https://ppid.example.go.id/\u0000']);
    expect(control.status).toBe(400);
    expect(control.body.message).toMatch(/^evidence\[0\]: holds the control character U\+0000/);
    expect((await save(['ftp://ppid.example.go.id/x'])).body.message).toBe('evidence[0]: "ftp://ppid.example.go.id/x" is not an http(s) URL');

    const most = await save([url(2048), ...Array.from({ length: 19 }, (_, i) => `https://ppid.example.go.id/bukti-${i}`)]);
    expect(most.status).toBe(200);
    expect(most.body.evidence).toHaveLength(20);

    const saq = (evidence: string[]) => `submitted: true\nanswers:\n  "1.1": { value: true, evidence: ${JSON.stringify(evidence)} }\n  "1.2": { value: situs }\n  "1.3": { value: [laporan-keuangan, profil] }\n  "2.1": { value: true }\n  "2.2": { value: true }\n`;
    expect(fileIssues(fixtureWith({ 'saq/a.yaml': saq([url(2049)]) }))).toEqual(['contoh/saq/a.yaml:3: answers.1.1.evidence[0]: must be at most 2,048 characters (it has 2,049)']);
    expect(fileIssues(fixtureWith({ 'saq/a.yaml': saq(Array.from({ length: 21 }, (_, i) => `https://x.example/${i}`)) }))).toEqual([
      'contoh/saq/a.yaml:3: answers.1.1.evidence: at most 20 evidence links per answer (this has 21)',
    ]);
  });

  it('a note of 2,001 characters is refused; a tab in a note is accepted, in a name refused', async () => {
    // the verifier's note on a, once a has submitted
    const body = as(t.http, c.tokens[bodyUser('a')]);
    for (const [q, answer] of Object.entries<object>(yamlFile('saq', 'a.yaml').answers)) {
      expect((await body.put(`/api/editions/${c.edition}/saq/a/answers/${q}`, answer)).status).toBe(200);
    }
    expect((await body.post(`/api/editions/${c.edition}/saq/a/submit`)).status).toBe(200);
    t.clock.set(WHEN.verification);
    const verifier = as(t.http, c.tokens[VERIFIER]);
    const decide = (note: string) => verifier.put(`/api/editions/${c.edition}/verification/a/answers/1.1`, { decision: 'accept', note });
    const long = await decide('n'.repeat(2001));
    expect(long.status).toBe(400);
    expect(long.body.message).toBe('note: must be at most 2,000 characters (it has 2,001)');
    const tabbed = await decide('Bukti diperiksa:\n\t1. DIP ada\r\n\t2. SK PPID ada');
    expect(tabbed.status).toBe(200);
    expect(tabbed.body.note).toBe('Bukti diperiksa:\n\t1. DIP ada\r\n\t2. SK PPID ada');
    expect((await decide('n'.repeat(2000))).status).toBe(200);

    const name = await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'x', name: 'Dinas\tKominfo', category: 'pemprov' }]);
    expect(name.status).toBe(400);
    expect(name.body.message).toBe('[0].name: holds a tab (U+0009); tabs and line breaks are allowed only in notes, reasons and comments (character 6)');
    const commission = await admin().post('/api/commissions', { code: 'ki-baru', name: 'Komisi\nInformasi' });
    expect(commission.status).toBe(400);
    expect(commission.body.message).toMatch(/^name: holds a line break \(U\+000A\); tabs and line breaks are allowed only in notes/);

    // the same in files: a tab in a body's name, a note of 2,001 characters
    expect(fileIssues(fixtureWith({ 'bodies.csv': bodiesCsv('Dinas\tKominfo') }))).toEqual([
      'contoh/bodies.csv:2: name: holds a tab (U+0009); tabs and line breaks are allowed only in notes, reasons and comments (character 6)',
    ]);
    const verification = (note: string) => `complete: true\ndecisions:\n  "1.3": { decision: correct, value: [laporan-keuangan], note: ${JSON.stringify(note)} }\n`;
    expect(fileIssues(fixtureWith({ 'verification/a.yaml': verification('n'.repeat(2001)) }))).toEqual([
      'contoh/verification/a.yaml:3: decisions.1.3.note: must be at most 2,000 characters (it has 2,001)',
    ]);
    expect(fileIssues(fixtureWith({ 'verification/a.yaml': verification('Profil:\n\ttidak ditemukan') }))).toEqual([]);
  });

  it('refuses every stored text of a request that breaks the rule, naming its field', async () => {
    const n301 = 'n'.repeat(301);
    const cases: [string, () => request.Test, RegExp][] = [
      ['a commission name of 301 characters', () => admin().post('/api/commissions', { code: 'ki-baru', name: n301 }), /^name: must be at most 300 characters \(it has 301\)$/],
      ['a city with U+FFFF', () => admin().post('/api/commissions', { code: 'ki-baru', name: 'Komisi Baru', city: 'Kota\uFFFF' }), /^city: holds U\+FFFF/],
      ['a user name with a control character', () => admin().post('/api/users', { username: 'baru', password: PASSWORD, role: 'verifier', commission: c.commission, name: 'Siti\u0007' }), /^name: holds the control character U\+0007/],
      ['a username with a space', () => admin().post('/api/users', { username: 'siti rahma', password: PASSWORD, role: 'verifier', commission: c.commission }), /^username: must be a username/],
      ['a code of 65 characters', () => admin().post('/api/commissions', { code: 'k'.repeat(65), name: 'Komisi Baru' }), /^code: must be at most 64 characters \(it has 65\)$/],
      ['an extension reason of 2,001 characters', () => admin().post(`/api/editions/${c.edition}/extensions`, { stage: 'saq', body: 'b', until: '2025-09-07T23:59:59+08:00', reason: 'r'.repeat(2001) }), /^reason: must be at most 2,000 characters/],
      ['a decree number with a line break', () => admin().post(`/api/editions/${c.edition}/publications`, { decreeNumber: 'SK 52\n2025', decreeDate: '2025-12-12' }), /^decreeNumber: holds a line break/],
      ['a publication reason with U+FFFE', () => admin().post(`/api/editions/${c.edition}/publications`, { decreeNumber: 'SK 52', decreeDate: '2025-12-12', reason: 'koreksi\uFFFE' }), /^reason: holds U\+FFFE/],
      ['an objection reason with a lone surrogate', () => as(t.http, c.tokens[bodyUser('a')]).post(`/api/editions/${c.edition}/objections`, { body: 'a', question: '1.3', reason: 'Profil \uDC00 ada' }), /^reason: holds an unpaired surrogate/],
      ['a panel comment of 2,001 characters', () => as(t.http, c.tokens.juri1).put(`/api/editions/${c.edition}/panels/uji-publik/scores/a`, { scores: { K: 80 }, comment: 'k'.repeat(2001) }), /^comment: must be at most 2,000 characters/],
      ['a recusal reason with an escape character', () => as(t.http, c.tokens.juri1).post(`/api/editions/${c.edition}/panels/uji-publik/recusals/a`, { reason: 'konflik\u001b[31m' }), /^reason: holds the control character U\+001B/],
      ['an edition title with U+FFFE', () => admin().post('/api/editions', { ...yamlFile('edition.yaml'), code: 'contoh-2026', title: 'Monev\uFFFE 2026' }), /title: holds U\+FFFE/],
      ['a signatory title of 301 characters', () => admin().post('/api/editions', { ...yamlFile('edition.yaml'), code: 'contoh-2026', certificate: { ...yamlFile('edition.yaml').certificate, signatory: { name: 'Nama Ketua', title: n301 } } }), /certificate\.signatory\.title: must be at most 300 characters \(it has 301\)/],
      ['an instrument question with a control character', () => {
        const saq = yamlFile('instruments', 'saq-contoh.yaml');
        saq.version = 99;
        saq.indicators[0].questions[0].text = 'Apakah\u0000 ada?';
        return admin().post('/api/instruments', saq);
      }, /indicators\[0\]\.questions\[0\]\.text: holds the control character U\+0000/],
    ];
    const failing: string[] = [];
    for (const [what, send, message] of cases) {
      const res = await send();
      if (res.status !== 400 || !message.test(res.body.message)) failing.push(`${what}: ${res.status} ${JSON.stringify(res.body.message)}`);
    }
    expect(failing).toEqual([]);
  });

  it('a name of 300 characters with letters outside WinAnsi prints as typed on one page', async () => {
    let name = 'Dinas Kominfo Kab. Tana Toraja — “Lakipadada” ĀĒ ő';
    while ([...name].length < 300) name += ` ${name}`;
    name = [...name].slice(0, 300).join('').replace(/ $/, 'x');
    const commission = 'Komisi Informasi Provinsi Sulawesi Selatan — Łódź Ŝ';
    const signatory = 'Ketua Komisi Informasi Provinsi Sulawesi Selatan, Ōki Ǆ';
    const folder = fixtureWith({
      'bodies.csv': bodiesCsv(name),
      'commission.yaml': readFileSync(join(CONTOH, 'commission.yaml'), 'utf8').replace('code: ki-contoh', 'code: ki-sulsel').replace('Komisi Informasi Contoh', JSON.stringify(commission)),
      'edition.yaml': readFileSync(join(CONTOH, 'edition.yaml'), 'utf8')
        .replace('code: contoh-2025', 'code: sulsel-2025')
        .replace('commission: ki-contoh', 'commission: ki-sulsel')
        .replace('Ketua Komisi Informasi Contoh', JSON.stringify(signatory)),
    });
    expect(fileIssues(folder)).toEqual([]);
    // the CLI's import, with the services of the running app
    const importer = importerOf(t);
    await importer.importFixture(systemActor('test'), folder, new InstrumentRegistry());
    t.clock.set(WHEN.afterPanel);
    expect((await admin().post('/api/editions/sulsel-2025/compute')).status).toBe(200);
    expect((await admin().post('/api/editions/sulsel-2025/publications', { decreeNumber: '12/KEP/KI-SS/XII/2025', decreeDate: '2025-12-12' })).status).toBe(201);

    const res = await binary(admin().get('/api/editions/sulsel-2025/certificates/a.pdf'));
    expect(res.status).toBe(200);
    const file = join(dir, 'sulsel-a.pdf');
    writeFileSync(file, res.body as Buffer);
    const pdf = JSON.parse(execFileSync('node', [resolve(__dirname, 'support', 'pdf-text.mjs'), file]).toString()) as { pages: number; text: string };
    expect(pdf.pages).toBe(1);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain(name);
    expect(text).toContain(signatory);
    expect(text).toContain(`Keputusan ${commission} Nomor 12/KEP/KI-SS/XII/2025`);
  });
});
