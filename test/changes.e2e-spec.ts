import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { UnitOfWork } from '../src/database/unit-of-work';
import { FactsReader } from '../src/facts/facts.reader';
import { DataSource } from 'typeorm';
import { ADMIN, TestApp, startApp } from './support/app';
import { cliOn } from './support/cli';
import { answerSaq, as, bodyUser, CAST, Contoh, PASSWORD, scorePanels, setUpContoh, setUpOutsiders, verify, VERIFIER, WHEN } from './support/contoh';

/**
 * What changed between published versions, shown (SPEC §15, issue 14 items 2 and 5): the public
 * change list, the admin's facts behind each change, the workbook's `Perubahan`, the certificate
 * check's `supersededBy`, and the CLI — on the contoh edition with a fourth body D that version 1
 * published absent from uji publik (70.00, rank 1), corrected in version 2 when the absence was
 * withdrawn and the jurors scored it (97.00, still rank 1), and body A corrected in version 3 by an
 * upheld objection (65.89 → 68.69).
 */

function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const D_ANSWERS = {
  '1.1': { value: true, evidence: ['https://ppid.d.example.go.id/dip'] },
  '1.2': { value: 'situs-aplikasi' },
  '1.3': { value: ['laporan-keuangan', 'laporan-kinerja', 'profil'] },
  '2.1': { value: true },
  '2.2': { value: true, evidence: ['https://ppid.d.example.go.id/anggaran'] },
};
const WITHDRAWAL = 'Keputusan rapat pleno 15 Desember 2025: Badan Publik D hadir, ketidakhadirannya salah catat';
const V2_REASON = 'Koreksi: ketidakhadiran Badan Publik D dicabut (SK 53)';
const REOPEN_REASON = 'Keputusan rapat pleno 20 Desember 2025: verifikasi Badan Publik A dibuka kembali';

describe('what changed between published versions (SPEC §15)', () => {
  let t: TestApp;
  let c: Contoh;
  let dir: string;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const anyone = () => as(t.http, undefined);
  const e = () => c.edition;
  /** the v1 documents as downloaded while v1 was the latest */
  const v1 = {} as { publicBook: Buffer; publicTag: string; adminBook: Buffer; adminTag: string; certA: Buffer; codeA: string; codeD: string };

  function pdfText(pdf: Buffer): string {
    const file = join(dir, `doc-${Date.now()}-${Math.random()}.pdf`);
    writeFileSync(file, pdf);
    return (JSON.parse(execFileSync('node', [resolve(__dirname, 'support', 'pdf-text.mjs'), file]).toString()) as { text: string }).text.replace(/\s+/g, ' ');
  }
  const codeOf = (pdf: Buffer) => /Kode verifikasi ([0-9A-Z-]{14})/.exec(pdfText(pdf))![1];
  const book = (bytes: Buffer) => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer);
  const rowsOf = (sheet: ExcelJS.Worksheet, from: number) => {
    const rows: ExcelJS.CellValue[][] = [];
    for (let i = from; i <= sheet.rowCount; i++) rows.push((sheet.getRow(i).values as ExcelJS.CellValue[]).slice(1));
    return rows;
  };
  const publish = async (decreeNumber: string, decreeDate: string, reason?: string) => {
    const res = await admin().post(`/api/editions/${e()}/publications`, { decreeNumber, decreeDate, ...(reason ? { reason } : {}) });
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    return res.body.version as number;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-changes-'));
    t = await startApp('changes', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    // a fourth body D, verified and assigned to juri1 and juri2 in uji publik
    await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'd', name: 'Badan Publik D', category: 'pemprov' }]).expect(201);
    await admin().post(`/api/editions/${e()}/participants`, { bodies: ['d'] }).expect(201);
    await admin().post('/api/users', { username: bodyUser('d'), password: PASSWORD, role: 'body', body: 'd', commission: c.commission }).expect(201);
    await admin()
      .post(`/api/editions/${e()}/assignments`, [
        { stage: 'saq', username: VERIFIER, body: 'd' },
        { stage: 'uji-publik', username: 'juri1', body: 'd' },
        { stage: 'uji-publik', username: 'juri2', body: 'd' },
      ])
      .expect(201);
    c.tokens[bodyUser('d')] = await t.login(bodyUser('d'), PASSWORD);

    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    const d = as(t.http, c.tokens[bodyUser('d')]);
    for (const [q, answer] of Object.entries(D_ANSWERS)) await d.put(`/api/editions/${e()}/saq/d/answers/${q}`, answer).expect(200);
    await d.post(`/api/editions/${e()}/saq/d/submit`).expect(200);
    t.clock.set(WHEN.verification);
    await verify(t, c);
    await as(t.http, c.tokens[VERIFIER]).post(`/api/editions/${e()}/verification/d/complete`).expect(200);
    t.clock.set(WHEN.panel);
    await admin().post(`/api/editions/${e()}/compute`).expect(200);
    await scorePanels(t, c);
    // version 1's mistake: D recorded absent from uji publik (0 there)
    await admin().post(`/api/editions/${e()}/panels/uji-publik/absences/d`, { reason: 'tidak hadir' }).expect(201);
    t.clock.set(WHEN.afterPanel);
    await admin().post(`/api/editions/${e()}/compute`).expect(200);
  });

  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('version 1 has no change list; its documents are downloaded while it is the latest', async () => {
    expect(await publish('SK 52/2025', '2025-12-12')).toBe(1);
    const results = await anyone().get(`/api/public/editions/${e()}/results`);
    expect(results.body.map((r: { body: string; final: number; rank: number; predicate: string }) => [r.body, r.final, r.rank, r.predicate])).toEqual([
      ['d', 70, 1, 'cukup_informatif'],
      ['a', 65.89, 2, 'cukup_informatif'],
      ['b', 52, 3, 'kurang_informatif'],
      ['c', 0, 4, 'tidak_informatif'],
    ]);
    const history = await anyone().get(`/api/public/editions/${e()}/publications`);
    expect(history.status).toBe(200);
    expect(history.body).toHaveLength(1);
    expect(history.body[0]).not.toHaveProperty('changes');
    const report = await admin().get(`/api/editions/${e()}/publications/1/changes`);
    expect(report.body).toEqual({
      edition: e(), version: 1, decreeNumber: 'SK 52/2025', decreeDate: '2025-12-12', reason: null, publishedAt: expect.any(String), replaces: null, changes: [],
    });

    const pub = await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx`));
    const adm = await binary(admin().get(`/api/editions/${e()}/exports/ranking.xlsx`));
    const certA = await binary(admin().get(`/api/editions/${e()}/certificates/a.pdf`));
    const certD = await binary(admin().get(`/api/editions/${e()}/certificates/d.pdf`));
    expect([pub.status, adm.status, certA.status, certD.status]).toEqual([200, 200, 200, 200]);
    Object.assign(v1, {
      publicBook: pub.body, publicTag: pub.headers.etag, adminBook: adm.body, adminTag: adm.headers.etag, certA: certA.body, codeA: codeOf(certA.body), codeD: codeOf(certD.body),
    });
    // version 1's workbook has no Perubahan sheet
    expect((await book(v1.publicBook)).worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
    expect((await anyone().get(`/api/public/certificates/${v1.codeA}`)).body).toMatchObject({ valid: true, superseded: false, version: 1, supersededBy: null });
  });

  it('version 2 after the absence is withdrawn: the public list names D only, before and after; unchanged bodies are not listed', async () => {
    // the correction route of SPEC §15 on this branch: the admin withdraws D's absence with the reason
    const withdrawn = await t.http().delete(`/api/editions/${e()}/panels/uji-publik/absences/d`).set('Authorization', `Bearer ${c.tokens[ADMIN.username]}`).send({ reason: WITHDRAWAL });
    expect(withdrawn.status).toBe(200);
    // the panel window closed: the admin moves it, and D's jurors score its presentation
    t.clock.set('2025-12-16T09:00:00+08:00');
    await admin().patch(`/api/editions/${e()}/stages/uji-publik`, { window: { opens: '2025-11-01T00:00:00+08:00', closes: '2025-12-18T23:59:59+08:00' } }).expect(200);
    for (const juror of ['juri1', 'juri2']) {
      const j = as(t.http, c.tokens[juror]);
      await j.put(`/api/editions/${e()}/panels/uji-publik/scores/d`, { scores: { K: 90, I: 90, S: 90 } }).expect(200);
      await j.post(`/api/editions/${e()}/panels/uji-publik/scores/d/submit`).expect(200);
    }
    t.clock.set('2025-12-19T09:00:00+08:00');
    await admin().post(`/api/editions/${e()}/compute`).expect(200);
    expect(await publish('SK 53/2025', '2025-12-19', V2_REASON)).toBe(2);

    const history = await anyone().get(`/api/public/editions/${e()}/publications`);
    expect(history.body.map((p: { version: number; superseded: boolean }) => [p.version, p.superseded])).toEqual([[1, true], [2, false]]);
    expect(history.body[0]).not.toHaveProperty('changes');
    // 0.7 × 100 + 0.3 × 90 = 97.00; A (rank 2), B and C keep their final, predicate and rank
    expect(history.body[1].changes).toEqual([
      { body: 'd', bodyName: 'Badan Publik D', before: { final: 70, predicate: 'cukup_informatif', rank: 1 }, after: { final: 97, predicate: 'informatif', rank: 1 } },
    ]);
  });

  it('gives the admin the facts behind D’s change: the sheets, the absence withdrawn, the reopening’s reason, who and when', async () => {
    const res = await admin().get(`/api/editions/${e()}/publications/2/changes`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ edition: e(), version: 2, decreeNumber: 'SK 53/2025', reason: V2_REASON, replaces: { version: 1, decreeNumber: 'SK 52/2025', decreeDate: '2025-12-12' } });
    expect(res.body.changes).toHaveLength(1);
    const [d] = res.body.changes;
    expect(d).toMatchObject({ body: 'd', category: 'pemprov', before: { final: 70 }, after: { final: 97 } });
    expect(d.facts.questions).toEqual([]);
    expect(d.facts.sheets).toEqual(
      ['juri1', 'juri2'].map((juror) => ({
        stage: 'uji-publik', juror, before: null, after: { status: 'submitted', total: 90, counted: true }, by: juror, at: '2025-12-16T01:00:00.000Z', action: 'sheet.submit',
      })),
    );
    expect(d.facts.absences).toEqual([{ stage: 'uji-publik', before: true, after: false, by: ADMIN.username, at: expect.any(String), action: 'panel.absence.withdraw', reason: WITHDRAWAL }]);
    expect(d.facts.reopenings).toEqual([{ action: 'panel.absence.withdraw', subject: 'absence uji-publik d', by: ADMIN.username, at: expect.any(String), reason: WITHDRAWAL }]);
  });

  it('the workbook of version 2 has Perubahan with D’s row, its title naming the version, the decree, the version replaced and the reason', async () => {
    for (const download of [() => anyone().get(`/api/public/editions/${e()}/ranking.xlsx`), () => admin().get(`/api/editions/${e()}/exports/ranking.xlsx`)]) {
      const res = await binary(download());
      expect(res.status).toBe(200);
      const wb = await book(res.body);
      expect(wb.worksheets.map((s) => s.name).slice(0, 3)).toEqual(['Ringkasan', 'Perubahan', 'Pemerintah Provinsi']);
      const sheet = wb.getWorksheet('Perubahan')!;
      expect(String(sheet.getCell('A1').value)).toBe('PERUBAHAN HASIL — VERSI 2 MENGGANTIKAN VERSI 1');
      expect(String(sheet.getCell('A3').value)).toContain('Versi 2 · SK Nomor SK 53/2025 tanggal 19 Desember 2025');
      expect(String(sheet.getCell('A5').value)).toBe(`Menggantikan versi 1 (SK Nomor SK 52/2025 tanggal 12 Desember 2025). Alasan: ${V2_REASON}. 1 badan publik berubah.`);
      expect(rowsOf(sheet, 6)).toEqual([
        ['Kode', 'Badan Publik', 'Kategori', 'Nilai Akhir (sebelum)', 'Predikat (sebelum)', 'Peringkat (sebelum)', 'Nilai Akhir (sesudah)', 'Predikat (sesudah)', 'Peringkat (sesudah)'],
        ['d', 'Badan Publik D', 'Pemerintah Provinsi', 70, 'Cukup Informatif', 1, 97, 'Informatif', 1],
      ]);
      expect([sheet.getCell('D7').numFmt, sheet.getCell('G7').numFmt]).toEqual(['0.00', '0.00']);
    }
  });

  it('serves version 1’s workbooks and certificate byte-for-byte as they were downloaded before version 2', async () => {
    const pub = await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx?version=1`));
    const adm = await binary(admin().get(`/api/editions/${e()}/exports/ranking.xlsx?version=1`));
    const certA = await binary(admin().get(`/api/editions/${e()}/certificates/a.pdf?version=1`));
    expect([pub.headers.etag, adm.headers.etag]).toEqual([v1.publicTag, v1.adminTag]);
    expect((pub.body as Buffer).equals(v1.publicBook)).toBe(true);
    expect((adm.body as Buffer).equals(v1.adminBook)).toBe(true);
    expect((certA.body as Buffer).equals(v1.certA)).toBe(true);
    expect((await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx?version=1`).set('If-None-Match', v1.publicTag))).status).toBe(304);
    // the latest is version 2, a version that was never published is not found
    expect((await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx`))).headers['content-disposition']).toContain('-v2.xlsx');
    expect((await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx?version=9`))).status).toBe(404);
    expect((await binary(anyone().get(`/api/public/editions/${e()}/ranking.xlsx?version=satu`))).status).toBe(404);
  });

  it('answers a version 1 certificate with supersededBy: changed for D, unchanged for A; a current certificate with supersededBy null', async () => {
    const a = await anyone().get(`/api/public/certificates/${v1.codeA}`);
    expect(a.body).toEqual({
      valid: true, superseded: true, edition: e(), body: 'a', bodyName: 'Badan Publik A', predicate: 'cukup_informatif', final: 65.89, version: 1, marks: [],
      // A kept its result; its rank moved from 1 to 2 by D's correction
      supersededBy: { version: 2, decreeNumber: 'SK 53/2025', decreeDate: '2025-12-19', final: 65.89, predicate: 'cukup_informatif', rank: 2, changed: false },
    });
    const d = await anyone().get(`/api/public/certificates/${v1.codeD}`);
    expect(d.body).toMatchObject({
      valid: true, superseded: true, version: 1, final: 70, predicate: 'cukup_informatif',
      supersededBy: { version: 2, decreeNumber: 'SK 53/2025', decreeDate: '2025-12-19', final: 97, predicate: 'informatif', rank: 1, changed: true },
    });
    const current = codeOf((await binary(admin().get(`/api/editions/${e()}/certificates/d.pdf`))).body);
    expect((await anyone().get(`/api/public/certificates/${current}`)).body).toMatchObject({ valid: true, superseded: false, version: 2, final: 97, supersededBy: null });
    expect((await anyone().get('/api/public/certificates/0000-0000-0000')).body).toMatchObject({ valid: false, supersededBy: null });
  });

  it('CLI: changes <edition> <version> prints the list again in Indonesian, --json the admin route’s JSON; an unknown edition or version exits non-zero', async () => {
    const printed = await cliOn(t.db, 'changes', e(), '2');
    expect(printed.code).toBe(0);
    expect(printed.stderr).not.toMatch(/Galat|Error/);
    expect(printed.stdout).toContain('Perubahan versi 2 (SK SK 53/2025 tanggal 2025-12-19) terhadap versi 1 (SK SK 52/2025 tanggal 2025-12-12)');
    expect(printed.stdout).toContain(`Alasan: ${V2_REASON}`);
    expect(printed.stdout).toMatch(/d\s+Badan Publik D\s+70\.00 Cukup Informatif, peringkat 1\s+→\s+97\.00 Informatif, peringkat 1/);
    expect(printed.stdout).not.toMatch(/Badan Publik A/);
    expect(printed.stdout).toContain(`d: ${WITHDRAWAL} (panel.absence.withdraw, ${ADMIN.username},`);
    const json = await cliOn(t.db, 'changes', e(), '2', '--json');
    expect(JSON.parse(json.stdout)).toEqual((await admin().get(`/api/editions/${e()}/publications/2/changes`)).body);
    expect((await cliOn(t.db, 'changes', e(), '1')).stdout).toContain('Versi 1 adalah penetapan pertama');

    const unknownVersion = await cliOn(t.db, 'changes', e(), '9');
    expect([unknownVersion.code, unknownVersion.stderr.trim()]).toEqual([1, `Galat: penetapan edisi "${e()} v9" tidak ditemukan`]);
    const unknownEdition = await cliOn(t.db, 'changes', 'tidak-ada', '1');
    expect([unknownEdition.code, unknownEdition.stderr.trim()]).toEqual([1, 'Galat: edisi "tidak-ada" tidak ditemukan']);
    const notANumber = await cliOn(t.db, 'changes', e(), 'dua');
    expect([notANumber.code, notANumber.stderr.trim()]).toEqual([2, 'Galat: versi harus bilangan bulat ≥ 1, bukan "dua"']);
  });

  it('version 3 (published through the CLI, which prints its change list) after an upheld objection: A’s question, who ruled, and the reopening’s reason', async () => {
    // the objection window is moved for A's objection; the verifier upholds it
    t.clock.set('2025-12-20T09:00:00+08:00');
    await admin()
      .patch(`/api/editions/${e()}/stages/saq`, { objectionWindow: { opens: '2025-10-01T00:00:00+08:00', closes: '2025-12-21T23:59:59+08:00' } })
      .expect(200);
    const objection = await as(t.http, c.tokens[bodyUser('a')]).post(`/api/editions/${e()}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan ada di situs' });
    expect(objection.status).toBe(201);
    await as(t.http, c.tokens[VERIFIER]).put(`/api/editions/${e()}/objections/${objection.body.id}`, { decision: 'upheld', note: 'Terbukti' }).expect(200);
    // a reopening of A's verification as the reopening route records it (SPEC §15; its route is another part of issue 14)
    const edition = await t.app.get(FactsReader).edition(t.app.get(DataSource).manager, e());
    await t.app.get(UnitOfWork).write((manager) =>
      t.app.get(AuditService).record(manager, {
        actor: ADMIN.username, action: 'verification.reopen', editionId: edition.id, bodyCode: 'a', subject: 'verification a', before: null, after: { reason: REOPEN_REASON },
      }),
    );
    await admin().post(`/api/editions/${e()}/compute`).expect(200);

    const published = await cliOn(t.db, 'publish', e(), '--decree', 'SK 54/2025', '--date', '2025-12-22', '--reason', 'Sanggah Badan Publik A dikabulkan');
    expect(published.code).toBe(0);
    expect(published.stderr).not.toMatch(/Galat|Error/);
    expect(published.stdout).toContain('Ditetapkan: contoh-2025 versi 3, SK SK 54/2025 tanggal 2025-12-22');
    expect(published.stdout).toMatch(/a\s+Badan Publik A\s+65\.89 Cukup Informatif, peringkat 2\s+→\s+68\.69 Cukup Informatif, peringkat 2/);
    expect(published.stdout).toContain(`a: ${REOPEN_REASON} (verification.reopen, ${ADMIN.username},`);
    expect(published.stdout).not.toMatch(/Badan Publik D/);

    const history = await anyone().get(`/api/public/editions/${e()}/publications`);
    expect(history.body[2].changes).toEqual([
      { body: 'a', bodyName: 'Badan Publik A', before: { final: 65.89, predicate: 'cukup_informatif', rank: 2 }, after: { final: 68.69, predicate: 'cukup_informatif', rank: 2 } },
    ]);
    // version 2's list stays what it was
    expect(history.body[1].changes.map((ch: { body: string }) => ch.body)).toEqual(['d']);

    const report = await admin().get(`/api/editions/${e()}/publications/3/changes`);
    const [a] = report.body.changes;
    expect(a.facts.questions).toEqual([
      {
        stage: 'saq', question: '1.3', text: expect.any(String),
        before: { answer: ['laporan-keuangan', 'profil'], evidence: [], decision: 'correct', objection: null, value: ['laporan-keuangan'], points: '2' },
        after: { answer: ['laporan-keuangan', 'profil'], evidence: [], decision: 'correct', objection: 'upheld', value: ['laporan-keuangan', 'profil'], points: '3' },
        by: VERIFIER, at: '2025-12-20T01:00:00.000Z', action: 'objection.rule',
      },
    ]);
    expect(a.facts.sheets).toEqual([]);
    expect(a.facts.reopenings).toEqual([{ action: 'verification.reopen', subject: 'verification a', by: ADMIN.username, at: '2025-12-20T01:00:00.000Z', reason: REOPEN_REASON }]);
    // A's version 1 certificate now names version 3, where A's result changed
    expect((await anyone().get(`/api/public/certificates/${v1.codeA}`)).body.supersededBy).toEqual({
      version: 3, decreeNumber: 'SK 54/2025', decreeDate: '2025-12-22', final: 68.69, predicate: 'cukup_informatif', rank: 2, changed: true,
    });
  });

  it('refuses the facts route to everyone but the commission’s admin, and says "not found" for a version never published', async () => {
    const url = `/api/editions/${e()}/publications/2/changes`;
    for (const who of [CAST.verifier, CAST.juror, CAST.body, CAST.otherBody]) {
      const token = c.tokens[who] ?? (await t.login(who, PASSWORD));
      expect([who, (await as(t.http, token).get(url)).status]).toEqual([who, 403]);
    }
    expect((await as(t.http, await t.login(CAST.otherAdmin, PASSWORD)).get(url)).status).toBe(404);
    expect((await anyone().get(url)).status).toBe(401);
    expect((await admin().get(`/api/editions/${e()}/publications/9/changes`)).body).toMatchObject({ statusCode: 404, code: 'not_found', text: `penetapan edisi "${e()} v9" tidak ditemukan` });
    expect((await admin().get(`/api/editions/${e()}/publications/0/changes`)).status).toBe(404);
    expect((await admin().get(`/api/editions/${e()}/publications/dua/changes`)).status).toBe(404);
  });
});
