import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { openSaqWorkbook, writeSaqWorkbook } from '../src/documents/saq-workbook';
import { workbookKey } from '../src/saq/saq.service';
import { QuestionnaireDef } from '../src/scoring';
import { SecretKeys } from '../src/secrets/secret-keys';
import { ADMIN, startApp, TestApp } from './support/app';
import { as, bodyUser, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN, yamlFile } from './support/contoh';
import { cliOn } from './support/cli';
import { csrfOf, webLogin } from './support/web';
import { describeWithSoffice, SOFFICE } from './support/soffice';

/**
 * The offline SAQ workbook (SPEC §14) over HTTP on the contoh edition: download with the current
 * answers, fill in, upload all or nothing with every error by sheet and cell, the same rules as a
 * save, audit entries with source workbook.
 */
describe('the offline SAQ workbook (SPEC §14)', () => {
  let t: TestApp;
  let c: Contoh;
  let E: string;
  const OUT = mkdtempSync(join(tmpdir(), 'monev-saq-workbook-'));
  const body = (code: string) => as(t.http, c.tokens[bodyUser(code)]);
  const admin = () => as(t.http, c.tokens[ADMIN.username]);

  const binary = (req: request.Test) =>
    req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const download = async (code: string, token = c.tokens[bodyUser(code)], edition = c.edition): Promise<Buffer> => {
    const res = await binary(t.http().get(`/api/editions/${edition}/saq/${code}/workbook.xlsx`).set('Authorization', `Bearer ${token}`));
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const upload = (code: string, bytes: Buffer, token = c.tokens[bodyUser(code)]) =>
    t.http().post(`${E}/saq/${code}/workbook`).set('Authorization', `Bearer ${token}`).attach('file', bytes, 'kuesioner.xlsx');
  const answersOf = async (code: string) => (await body(code).get(`${E}/saq/${code}`).expect(200)).body.answers as Record<string, { value: unknown; evidence: string[]; updatedBy: string }>;
  const values = (answers: Record<string, { value: unknown; evidence: string[] }>) => Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, { value: a.value, evidence: a.evidence }]));
  const audit = async (code: string) => (await admin().get(`${E}/audit?body=${code}`).expect(200)).body as { actor: string; action: string; subject: string; after: Record<string, unknown> | null }[];

  async function edit(bytes: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    change(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  /** What an operator does offline: every question type answered, links typed one per line. */
  const fillIn = (wb: ExcelJS.Workbook) => {
    const jenis = wb.getWorksheet('Jenis Informasi')!;
    jenis.getCell('C2').value = 'Ya';
    jenis.getCell('D2').value = 'https://ppid.example.go.id/dip\nhttps://ppid.example.go.id/dip-2025';
    jenis.getCell('C3').value = 'Situs web dan aplikasi';
    jenis.getCell('C5').value = 'Ya';
    jenis.getCell('C6').value = 'Ya';
    jenis.getCell('C7').value = 'Tidak';
    wb.getWorksheet('Komitmen Organisasi')!.getCell('C2').value = 'Tidak';
  };
  const FILLED = {
    '1.1': { value: true, evidence: ['https://ppid.example.go.id/dip', 'https://ppid.example.go.id/dip-2025'] },
    '1.2': { value: 'situs-aplikasi', evidence: [] },
    '1.3': { value: ['laporan-keuangan', 'laporan-kinerja'], evidence: [] },
    '2.1': { value: false, evidence: [] },
  };

  beforeAll(async () => {
    t = await startApp('saq-workbook', WHEN.beforeSaq);
    c = await setUpContoh(t);
    E = `/api/editions/${c.edition}`;
    t.clock.set(WHEN.saq);
  }, 120_000);

  afterAll(async () => {
    await t.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('the body, its verifier and the admin download it; another body does not', async () => {
    await body('a').put(`${E}/saq/a/answers/1.2`, { value: 'situs' }).expect(200);
    for (const token of [c.tokens[bodyUser('a')], c.tokens[VERIFIER], c.tokens[ADMIN.username]]) {
      const bytes = await download('a', token);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      expect(wb.getWorksheet('Jenis Informasi')!.getCell('C3').value).toBe('Situs web saja');
      expect(wb.getWorksheet('Petunjuk')!.getColumn(2).values.join('\n')).toContain('31 Agustus 2025 pukul 23.59');
    }
    const res = await t.http().get(`${E}/saq/a/workbook.xlsx`).set('Authorization', `Bearer ${c.tokens[bodyUser('b')]}`);
    expect(res.status).toBe(404);
  });

  it('a filled-in workbook answers every question type, counts changed, unchanged and empty, and audits each change with source workbook', async () => {
    const bytes = await edit(await download('a'), fillIn);
    writeFileSync(join(OUT, 'a-filled.xlsx'), bytes);
    const res = await upload('a', bytes).expect(200);
    // 1.2 was already "situs" before; the workbook changes it, so four changed; 2.2 stays empty
    expect(res.body).toEqual({ changed: 4, unchanged: 0, empty: 1 });
    const answers = await answersOf('a');
    expect(values(answers)).toEqual(FILLED);
    expect(answers['1.1'].updatedBy).toBe(bodyUser('a'));
    const entries = (await audit('a')).filter((e) => e.action === 'answer.save' && e.after?.source === 'workbook');
    expect(entries.map((e) => e.subject).sort()).toEqual(['answer saq 1.1', 'answer saq 1.2', 'answer saq 1.3', 'answer saq 2.1']);
    expect(entries[0].actor).toBe(bodyUser('a'));

    // uploading it again changes nothing and writes no audit entry
    const before = (await audit('a')).length;
    expect((await upload('a', bytes).expect(200)).body).toEqual({ changed: 0, unchanged: 4, empty: 1 });
    expect((await audit('a')).length).toBe(before);
  });

  it('the downloaded workbook carries the current answers back unchanged (the round trip over HTTP)', async () => {
    expect((await upload('a', await download('a')).expect(200)).body).toEqual({ changed: 0, unchanged: 4, empty: 1 });
    expect(values(await answersOf('a'))).toEqual(FILLED);
  });

  it('a value outside the list and a bad link are refused, naming sheet and cell, and nothing is saved', async () => {
    const before = values(await answersOf('a'));
    const bytes = await edit(await download('a'), (wb) => {
      wb.getWorksheet('Komitmen Organisasi')!.getCell('C2').value = 'Ya'; // a valid change: must not be saved either
      wb.getWorksheet('Jenis Informasi')!.getCell('C7').value = 'Mungkin';
      wb.getWorksheet('Komitmen Organisasi')!.getCell('C3').value = 'Ya';
      wb.getWorksheet('Komitmen Organisasi')!.getCell('D3').value = 'ftp://ppid.example.go.id/anggaran';
    });
    const res = await upload('a', bytes).expect(400);
    expect(res.body.message).toBe('Jenis Informasi!C7: "Mungkin" is not one of: Ya, Tidak; Komitmen Organisasi!D3: "ftp://ppid.example.go.id/anggaran" is not an http(s) URL');
    expect(res.body.text).toContain('sel Jenis Informasi!C7: "Mungkin" bukan salah satu dari: Ya, Tidak');
    expect(values(await answersOf('a'))).toEqual(before);
  });

  it('a workbook of another body, of another edition, or of another instrument version is refused and changes nothing', async () => {
    const beforeA = values(await answersOf('a'));
    const ofB = await edit(await download('b'), fillIn);
    const res = await upload('a', ofB, c.tokens[bodyUser('a')]).expect(400);
    expect(res.body.message).toBe('file: the workbook is the questionnaire of body "b", not of "a"');

    // the same bodies in a second edition of the commission
    const other = { ...yamlFile('edition.yaml'), code: 'contoh-2025-ulang' };
    await admin().post('/api/editions', other).expect(201);
    await admin().post(`/api/editions/${other.code}/participants`, { bodies: ['a'] }).expect(201);
    const ofOther = await edit(await download('a', c.tokens[bodyUser('a')], other.code), fillIn);
    expect((await upload('a', ofOther).expect(400)).body.message).toBe(
      'file: the workbook belongs to edition "contoh-2025-ulang" stage "saq", not to edition "contoh-2025" stage "saq"',
    );

    // a workbook made for version 2 of the questionnaire, signed with the service's own key
    const def = (await admin().get('/api/instruments/saq-contoh/1').expect(200)).body as QuestionnaireDef;
    const v2 = await writeSaqWorkbook({
      stamp: { edition: c.edition, stage: 'saq', body: 'a', instrument: 'saq-contoh', version: 2 },
      questionnaire: { ...def, version: 2 },
      answers: { '2.1': { value: true, evidence: [] } },
      editionTitle: 'x', bodyName: 'x', deadline: null, timeZone: 'Asia/Makassar',
      key: workbookKey(t.app.get(SecretKeys)),
    });
    expect((await upload('a', v2).expect(400)).body.message).toMatch(/made for questionnaire saq-contoh version 2; this stage uses saq-contoh version 1/);

    // a stamp edited by hand no longer matches its signature
    const forged = await edit(ofB, (wb) => (wb.getWorksheet('monev-kip')!.getCell('B4').value = 'a'));
    expect((await upload('a', forged).expect(400)).body.message).toMatch(/signature does not match/);
    expect(values(await answersOf('a'))).toEqual(beforeA);
  });

  it('refuses a file that is not a workbook (400), one over 5 MB (413), a missing file (400), and another role (403)', async () => {
    expect((await upload('a', Buffer.from('%PDF-1.4 bukan kuesioner')).expect(400)).body.message).toBe('file: not a readable .xlsx workbook');
    // a blank workbook: refused, and the questionnaire is not even started by it
    expect((await upload('b', await download('b')).expect(400)).body.message).toBe('file: the workbook answers no question');
    expect((await body('b').get(`${E}/saq/b`).expect(200)).body.status).toBe('not_started');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);
    expect((await upload('a', big)).status).toBe(413);
    const none = await t.http().post(`${E}/saq/a/workbook`).set('Authorization', `Bearer ${c.tokens[bodyUser('a')]}`).field('x', 'y');
    expect(none.status).toBe(400);
    expect((await upload('a', await download('a'), c.tokens[VERIFIER])).status).toBe(403);
  });

  it('an upload after submission is refused with 409 and changes nothing', async () => {
    const bytes = await edit(await download('b'), fillIn);
    await body('b').put(`${E}/saq/b/answers/2.2`, { value: true }).expect(200);
    await body('b').post(`${E}/saq/b/submit`).expect(200);
    const res = await upload('b', bytes).expect(409);
    expect(res.body.code).toBe('saq.submitted');
    expect(values(await answersOf('b'))).toEqual({ '2.2': { value: true, evidence: [] } });
  });

  it('an upload after the window closes is refused with 409', async () => {
    const bytes = await edit(await download('c'), fillIn);
    t.clock.set(WHEN.afterSaq);
    try {
      expect((await upload('c', bytes).expect(409)).body.code).toBe('window.closed');
    } finally {
      t.clock.set(WHEN.saq);
    }
    expect(values(await answersOf('c'))).toEqual({});
  });

  describeWithSoffice('a workbook re-saved by LibreOffice Calc', () => {
    it('imports exactly like the original', async () => {
      const filled = await edit(await download('c'), fillIn);
      const dir = mkdtempSync(join(OUT, 'lo-'));
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in', 'kuesioner.xlsx'), filled);
      execFileSync(SOFFICE!, ['--headless', '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), join(dir, 'in', 'kuesioner.xlsx')], {
        env: { ...process.env, HOME: join(dir, 'home') },
        stdio: 'pipe',
        timeout: 120_000,
      });
      const resaved = readFileSync(join(dir, 'out', 'kuesioner.xlsx'));
      expect(resaved.equals(filled)).toBe(false);
      // Calc keeps the drop-down lists (it turns the very hidden stamp sheet into a merely hidden one: the signature still holds)
      const calc = new ExcelJS.Workbook();
      await calc.xlsx.load(resaved as unknown as ExcelJS.Buffer);
      expect(calc.getWorksheet('Jenis Informasi')!.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: expect.arrayContaining(["'monev-kip'!$E$1:$E$3"]) });
      const key = workbookKey(t.app.get(SecretKeys));
      const [original, again] = await Promise.all([openSaqWorkbook(filled, key), openSaqWorkbook(resaved, key)]);
      const def = (await admin().get('/api/instruments/saq-contoh/1').expect(200)).body as QuestionnaireDef;
      if (!original.ok || !again.ok) throw new Error('a workbook did not open');
      expect(again.read(def)).toEqual(original.read(def));

      expect((await upload('c', resaved).expect(200)).body).toEqual({ changed: 4, unchanged: 0, empty: 1 });
      expect(values(await answersOf('c'))).toEqual(FILLED);
      expect(existsSync(join(dir, 'out', 'kuesioner.xlsx'))).toBe(true);
    }, 180_000);
  });

  it('the CLI exports a workbook and imports one handed in on a CD: each mistake on its own line, the window rule kept, the audit saying system:cli and source workbook', async () => {
    const file = join(OUT, 'cli', 'kuesioner-c.xlsx');
    const exported = await cliOn(t.db, 'saq-workbook', 'export', c.edition, 'c', '-o', file);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain(`Kuesioner c (edisi ${c.edition}) ditulis ke ${file}`);
    const handedIn = join(OUT, 'cli', 'diisi.xlsx');
    writeFileSync(handedIn, await edit(readFileSync(file), (wb) => (wb.getWorksheet('Komitmen Organisasi')!.getCell('C3').value = 'Ya')));
    const wrong = join(OUT, 'cli', 'salah.xlsx');
    writeFileSync(wrong, await edit(readFileSync(handedIn), (wb) => {
      wb.getWorksheet('Jenis Informasi')!.getCell('C7').value = 'Mungkin';
      wb.getWorksheet('Jenis Informasi')!.getCell('C3').value = 'Situs';
    }));

    // the CLI runs on the real clock: the contoh window of 2025 is closed, and the rule stays
    const closed = await cliOn(t.db, 'saq-workbook', 'import', c.edition, 'c', handedIn);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/^Galat: .*ditutup/);

    await admin().post(`${E}/extensions`, { stage: 'saq', body: 'c', until: '2099-12-31T23:59:59+08:00', reason: 'kuesioner diserahkan lewat CD' }).expect(201);
    const mistakes = await cliOn(t.db, 'saq-workbook', 'import', c.edition, 'c', wrong);
    expect(mistakes.code).toBe(1);
    expect(mistakes.stderr.split('\n').slice(1, 3)).toEqual([
      '  sel Jenis Informasi!C3: "Situs" bukan salah satu dari: Tidak ada, Situs web saja, Situs web dan aplikasi',
      '  sel Jenis Informasi!C7: "Mungkin" bukan salah satu dari: Ya, Tidak',
    ]);
    const beforeImport = values(await answersOf('c'));
    expect(beforeImport['2.2']).toBeUndefined();

    const imported = await cliOn(t.db, 'saq-workbook', 'import', c.edition, 'c', handedIn);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^Kuesioner c \(edisi contoh-2025\) dimuat: 1 jawaban berubah, \d+ tidak berubah, \d+ pertanyaan kosong\.$/m);
    expect(values(await answersOf('c'))).toEqual({ ...beforeImport, '2.2': { value: true, evidence: [] } });
    const entry = (await audit('c')).find((e) => e.subject === 'answer saq 2.2')!;
    expect(entry).toMatchObject({ actor: 'system:cli', action: 'answer.save', after: { value: true, evidence: [], source: 'workbook' } });
  }, 120_000);

  describe('from the web SAQ page (Unduh kuesioner (Excel), Unggah kuesioner (Excel))', () => {
    let cookie: string[];
    let csrf: string;
    const post = (parts: { csrf?: string; file?: Buffer }) => {
      let req = t.http().post(`/ppid/${c.edition}/kuesioner-excel`).set('Cookie', cookie);
      if (parts.csrf) req = req.field('_csrf', parts.csrf);
      req = req.field('tahap', 'saq');
      return parts.file ? req.attach('file', parts.file, 'kuesioner.xlsx') : req;
    };

    beforeAll(async () => {
      cookie = await webLogin(t, bodyUser('a'), PASSWORD);
      const html = (await t.http().get(`/ppid/${c.edition}/kuesioner`).set('Cookie', cookie).expect(200)).text;
      csrf = csrfOf(html);
      expect(html).toContain(`<a class="tombol tombol-kedua" href="/ppid/${c.edition}/kuesioner.xlsx?tahap=saq">Unduh kuesioner (Excel)</a>`);
      expect(html).toMatch(/<form method="post" action="\/ppid\/contoh-2025\/kuesioner-excel" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);
      expect(html).toContain('<button type="submit" class="tombol">Unggah kuesioner (Excel)</button>');
    });

    it('the link streams the same workbook as the API, with the current answers', async () => {
      const res = await binary(t.http().get(`/ppid/${c.edition}/kuesioner.xlsx?tahap=saq`).set('Cookie', cookie)).expect(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="kuesioner-${c.edition}-saq-a.xlsx"`);
      const opened = await openSaqWorkbook(res.body as Buffer, workbookKey(t.app.get(SecretKeys)));
      const def = (await admin().get('/api/instruments/saq-contoh/1').expect(200)).body as QuestionnaireDef;
      if (!opened.ok) throw new Error(opened.issue.message);
      const read = Object.fromEntries(opened.read(def).answers.filter((a) => a.value !== null).map((a) => [a.question, { value: a.value, evidence: a.evidence }]));
      expect(read).toEqual(values(await answersOf('a')));
    });

    it('the form uploads a filled-in workbook and the page says what changed', async () => {
      const before = values(await answersOf('a'));
      const bytes = await edit(await download('a'), (wb) => (wb.getWorksheet('Komitmen Organisasi')!.getCell('C3').value = 'Ya'));
      const res = await post({ csrf, file: bytes }).expect(200);
      const unchanged = Object.keys(before).filter((q) => q !== '2.2').length;
      expect(res.text).toContain(`<p class="berhasil" id="hasil-luring">Kuesioner dari Excel dimuat: 1 jawaban berubah, ${unchanged} tidak berubah, ${4 - unchanged} pertanyaan kosong.</p>`);
      expect(values(await answersOf('a'))).toEqual({ ...before, '2.2': { value: true, evidence: [] } });
    });

    it('a workbook with mistakes: 400, every mistake by sheet and cell in an alert, nothing saved', async () => {
      const before = values(await answersOf('a'));
      const bytes = await edit(await download('a'), (wb) => {
        wb.getWorksheet('Jenis Informasi')!.getCell('C7').value = 'Mungkin';
        wb.getWorksheet('Komitmen Organisasi')!.getCell('C2').value = 'Ya';
      });
      const res = await post({ csrf, file: bytes }).expect(400);
      const alert = res.text.slice(res.text.indexOf('<div role="alert" class="galat" id="hasil-luring">'));
      expect(alert).toContain('Berkas tidak dimuat; tidak ada jawaban yang disimpan. Perbaiki 1 kesalahan berikut lalu unggah lagi:');
      expect(alert).toContain('<li>sel Jenis Informasi!C7: &quot;Mungkin&quot; bukan salah satu dari: Ya, Tidak</li>');
      expect(values(await answersOf('a'))).toEqual(before);
    });

    it('without the CSRF token (403), without a file (400), over 5 MB (413): nothing saved', async () => {
      const before = values(await answersOf('a'));
      const bytes = await edit(await download('a'), (wb) => (wb.getWorksheet('Komitmen Organisasi')!.getCell('C2').value = 'Ya'));
      expect((await post({ file: bytes })).status).toBe(403);
      expect((await post({ csrf })).status).toBe(400);
      const big = await post({ csrf, file: Buffer.alloc(5 * 1024 * 1024 + 1, 0x41) });
      expect(big.status).toBe(413);
      expect(big.text).toContain('Berkas lebih besar dari 5 MB');
      expect(values(await answersOf('a'))).toEqual(before);
    });
  });
});
