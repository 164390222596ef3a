import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { systemActor } from '../src/common/actor';
import { InstrumentRegistry } from '../src/instruments/registry';
import { ADMIN, TestApp, importerOf, startApp } from './support/app';
import { cli } from './support/cli';
import { CONTOH, WHEN, as } from './support/contoh';

/** Collects a binary response body (xlsx, pdf) as a Buffer. */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);
const REASON = 'Rapat pleno 10 Desember 2025: verifikasi Badan Publik B tidak selesai dalam jadwal; hasilnya ditetapkan dengan tanda.';

/**
 * SPEC §15, issue 14 item 4: a publication tells the truth about what it publishes. An edition
 * with an unverified result (B: verification never completed) and an absent body (A: recorded
 * absent from the uji publik, so it scores 0 there) is published only with acceptUnverified and a
 * reason; its workbook, certificates and public results mark `Belum diverifikasi` and `Tidak
 * hadir`. A fully verified edition publishes as before.
 */
describe('a publication tells the truth', () => {
  let t: TestApp;
  let dir: string;
  let token: string;
  const admin = () => as(t.http, token);
  const anyone = () => as(t.http, undefined);
  const TRUTH = '/api/editions/kebenaran-2025';
  const FULL = '/api/editions/lengkap-2025';

  /** fixtures/contoh under another commission and edition code, with some files changed. */
  function fixture(commission: string, edition: string, files: Record<string, string> = {}, editionText = (s: string) => s): string {
    const copy = join(mkdtempSync(join(dir, 'fixture-')), edition);
    cpSync(CONTOH, copy, { recursive: true });
    writeFileSync(join(copy, 'commission.yaml'), readFileSync(join(CONTOH, 'commission.yaml'), 'utf8').replace('code: ki-contoh', `code: ${commission}`));
    const text = readFileSync(join(CONTOH, 'edition.yaml'), 'utf8').replace('code: contoh-2025', `code: ${edition}`).replace('commission: ki-contoh', `commission: ${commission}`);
    writeFileSync(join(copy, 'edition.yaml'), editionText(text));
    for (const [file, content] of Object.entries(files)) writeFileSync(join(copy, file), content);
    return copy;
  }

  /** B's verification never completed; A recorded absent from the uji publik; certificates down to Kurang Informatif, so both get one. */
  const marked = (commission: string, edition: string) =>
    fixture(
      commission,
      edition,
      {
        'verification/b.yaml': 'complete: false\ndecisions: {}\n',
        'panels/uji-publik.csv': 'assessor,body,status,K,I,S,comment\n,a,absent,,,,Tidak hadir pada jadwal presentasi\n',
      },
      (s) => s.replace('predicates: [informatif, menuju_informatif, cukup_informatif]', 'predicates: [informatif, menuju_informatif, cukup_informatif, kurang_informatif]'),
    );

  function pdfText(pdf: Buffer): string {
    const file = join(dir, `doc-${Date.now()}-${Math.random()}.pdf`);
    writeFileSync(file, pdf);
    const parsed = JSON.parse(execFileSync('node', [resolve(__dirname, 'support', 'pdf-text.mjs'), file]).toString()) as { pages: number; text: string };
    expect(parsed.pages).toBe(1);
    return parsed.text.replace(/\s+/g, ' ');
  }

  const download = async (url: string, who = admin()) => {
    const res = await binary(who.get(url));
    expect(res.status).toBe(200);
    return { bytes: res.body as Buffer, etag: res.headers.etag as string };
  };
  const book = async (bytes: Buffer) => new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-truth-'));
    t = await startApp('truth', WHEN.afterPanel);
    token = await t.login(ADMIN.username, ADMIN.password);
    const importer = importerOf(t);
    await importer.importFixture(systemActor('test'), marked('ki-kebenaran', 'kebenaran-2025'), new InstrumentRegistry());
    await importer.importFixture(systemActor('test'), fixture('ki-lengkap', 'lengkap-2025'), new InstrumentRegistry());
    for (const edition of [TRUTH, FULL]) expect((await admin().post(`${edition}/compute`)).status).toBe(200);
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to publish while a result is unverified, naming the bodies and their count; nothing is published', async () => {
    const res = await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('publication.unverified');
    expect(res.body.message).toBe('1 results are unverified, their verification was never completed (b): complete it, or publish with acceptUnverified: true and a reason');
    expect(res.body.text).toContain('1 hasil belum diverifikasi');
    // acceptUnverified: false says the same
    expect((await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', acceptUnverified: false })).body.code).toBe('publication.unverified');
    expect((await anyone().get('/api/public/editions/kebenaran-2025/publications')).body).toEqual([]);
    const audit = (await admin().get(`${TRUTH}/audit`)).body as { action: string }[];
    expect(audit.filter((e) => e.action === 'publish')).toEqual([]);
  });

  it('wants a reason with acceptUnverified (400 naming reason), and a boolean', async () => {
    const res = await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', acceptUnverified: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('input.invalid');
    expect(res.body.message).toBe('reason: required with acceptUnverified: say why results whose verification was not completed are published');
    expect(res.body.text).toContain('kolom "reason": wajib diisi bila acceptUnverified');
    // a blank reason is no reason (the text rule refuses it before the service)
    const blank = await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', acceptUnverified: true, reason: '   ' });
    expect([blank.status, String(blank.body.message)]).toEqual([400, expect.stringMatching(/^reason: /)]);
    const notBoolean = await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', acceptUnverified: 'ya', reason: REASON });
    expect(notBoolean.status).toBe(400);
    expect(JSON.stringify(notBoolean.body.message)).toContain('acceptUnverified');
    expect((await anyone().get('/api/public/editions/kebenaran-2025/publications')).body).toEqual([]);
  });

  it('publishes with acceptUnverified and a reason, and records both: the publication, its history, the audit', async () => {
    const res = await admin().post(`${TRUTH}/publications`, { decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', acceptUnverified: true, reason: REASON });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, decreeNumber: '52/KEP/KI/XII/2025', reason: REASON, acceptUnverified: true, superseded: false });
    const history = (await anyone().get('/api/public/editions/kebenaran-2025/publications')).body;
    expect(history).toEqual([{ version: 1, decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-12', reason: REASON, acceptUnverified: true, publishedAt: expect.any(String), superseded: false }]);
    const audit = ((await admin().get(`${TRUTH}/audit`)).body as { action: string; actor: string; after: Record<string, unknown> }[]).filter((e) => e.action === 'publish');
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(ADMIN.username);
    expect(audit[0].after).toMatchObject({ version: 1, acceptUnverified: true, reason: REASON, unverified: { count: 1, bodies: ['b'] } });
  });

  it('marks them in the public results: statusLabel, absent stages and marks beside the unchanged status and scores', async () => {
    const results = (await anyone().get('/api/public/editions/kebenaran-2025/results')).body;
    expect(results.map((r: Record<string, unknown>) => [r.rank, r.body, r.stages, r.final, r.status, r.statusLabel, r.absent, r.marks])).toEqual([
      // B: claimed answers, all accepted but never completed: 52.00; A: 0.7 × 60 + 0.3 × 0 = 42.00
      [1, 'b', { saq: 52, 'uji-publik': null }, 52, 'unverified', 'Belum diverifikasi', [], ['belum_diverifikasi']],
      [2, 'a', { saq: 60, 'uji-publik': 0 }, 42, 'complete', 'Tidak hadir', ['uji-publik'], ['tidak_hadir']],
      [3, 'c', { saq: null, 'uji-publik': null }, 0, 'not_submitted', 'Tidak mengisi SAQ', [], []],
    ]);
  });

  it('marks them in the workbook: the stage column and status of the absent body, the status and Rincian of the unverified one, the reason in the titles', async () => {
    for (const [url, jury] of [['/api/public/editions/kebenaran-2025/ranking.xlsx', false], [`${TRUTH}/exports/ranking.xlsx`, true]] as const) {
      const workbook = await book((await download(url, jury ? admin() : anyone())).bytes);
      const sheet = workbook.getWorksheet('Pemerintah Provinsi')!;
      expect(values(sheet.getRow(7))).toEqual([1, 'b', 'Badan Publik B', 52, undefined, 52, 'Kurang Informatif', 'Belum diverifikasi']);
      expect(values(sheet.getRow(8))).toEqual([2, 'a', 'Badan Publik A', 60, 'Tidak hadir', 42, 'Kurang Informatif', 'Tidak hadir']);
      expect(values(sheet.getRow(9))).toEqual([3, 'c', 'Badan Publik C', undefined, undefined, 0, 'Tidak Informatif', 'Tidak mengisi SAQ']);
      const rincian = workbook.getWorksheet('Rincian')!;
      expect(values(rincian.getRow(6)).at(-1)).toBe('Keterangan');
      expect(values(rincian.getRow(7)).at(-1)).toBe('Belum diverifikasi');
      expect(values(rincian.getRow(8))).toEqual(['a', 'Badan Publik A', 'Pemerintah Provinsi', 36, 24]);
      for (const s of workbook.worksheets) expect(String(s.getRow(4).getCell(1).value)).toContain(`Memuat 1 hasil belum diverifikasi, ditetapkan dengan alasan: ${REASON}`);
      if (!jury) continue;
      expect(values(workbook.getWorksheet('Penilaian Juri')!.getRow(7))).toEqual(['uji-publik', 'a', 'Badan Publik A', undefined, 'Tidak hadir']);
    }
    // no status anywhere says "Lengkap" for the absent body
    const workbook = await book((await download(`${TRUTH}/exports/ranking.xlsx`)).bytes);
    expect(values(workbook.getWorksheet('Pemerintah Provinsi')!.getRow(8))).not.toContain('Lengkap');
  });

  it('marks them on the certificates, and the certificate check says so', async () => {
    const b = pdfText((await download(`${TRUTH}/certificates/b.pdf`)).bytes);
    expect(b).toContain('NILAI BELUM DIVERIFIKASI');
    expect(b).toContain('Peringkat 1 kategori Pemerintah Provinsi dengan nilai akhir 52,00 (belum diverifikasi)');
    const a = pdfText((await download(`${TRUTH}/certificates/a.pdf`)).bytes);
    expect(a).toContain('TIDAK HADIR PADA PENILAIAN PANEL');
    expect(a).toContain('Peringkat 2 kategori Pemerintah Provinsi dengan nilai akhir 42,00 (tidak hadir pada UJI-PUBLIK)');
    expect(a).not.toContain('belum diverifikasi');
    for (const [text, marks] of [[b, ['belum_diverifikasi']], [a, ['tidak_hadir']]] as const) {
      const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)![0];
      const check = (await anyone().get(`/api/public/certificates/${code}`)).body;
      expect(check).toMatchObject({ valid: true, superseded: false, version: 1, marks });
    }
  });

  it('keeps a publication made before the rule as it was rendered: no marks in its documents, the truth in its JSON', async () => {
    const db = t.app.get(DataSource);
    const before = await download(`${TRUTH}/exports/ranking.xlsx`);
    await db.query('UPDATE publication SET "acceptUnverified" = NULL');
    try {
      expect((await anyone().get('/api/public/editions/kebenaran-2025/publications')).body[0].acceptUnverified).toBeNull();
      const legacy = await download(`${TRUTH}/exports/ranking.xlsx`);
      expect(legacy.etag).not.toBe(before.etag);
      const workbook = await book(legacy.bytes);
      const sheet = workbook.getWorksheet('Pemerintah Provinsi')!;
      expect(values(sheet.getRow(8))).toEqual([2, 'a', 'Badan Publik A', 60, 0, 42, 'Kurang Informatif', 'Lengkap']);
      expect(values(workbook.getWorksheet('Rincian')!.getRow(6))).not.toContain('Keterangan');
      expect(String(sheet.getRow(4).getCell(1).value)).not.toContain('belum diverifikasi');
      const a = pdfText((await download(`${TRUTH}/certificates/a.pdf`)).bytes);
      expect(a).toContain('dengan nilai akhir 42,00 dalam');
      expect(a).not.toContain('TIDAK HADIR');
      // the summaries stored then lack the absences: the JSON reads them from the breakdowns
      const results = (await anyone().get('/api/public/editions/kebenaran-2025/results')).body;
      expect(results.map((r: Record<string, unknown>) => [r.body, r.statusLabel, r.marks])).toEqual([
        ['b', 'Belum diverifikasi', ['belum_diverifikasi']],
        ['a', 'Tidak hadir', ['tidak_hadir']],
        ['c', 'Tidak mengisi SAQ', []],
      ]);
    } finally {
      await db.query('UPDATE publication SET "acceptUnverified" = TRUE');
    }
    // back under the rule, the kept marked workbook is rendered again: the same bytes as before
    const again = await download(`${TRUTH}/exports/ranking.xlsx`);
    expect(again.etag).toBe(before.etag);
    expect(again.bytes.equals(before.bytes)).toBe(true);
  });

  it('publishes a fully verified edition as before: no flag needed, acceptUnverified false, no marks', async () => {
    const res = await admin().post(`${FULL}/publications`, { decreeNumber: '7/KEP/KI/XII/2025', decreeDate: '2025-12-12' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, reason: null, acceptUnverified: false });
    // accepting unverified results where there are none accepts nothing
    const results = (await anyone().get('/api/public/editions/lengkap-2025/results')).body;
    expect(results.map((r: Record<string, unknown>) => [r.body, r.final, r.status, r.statusLabel, r.marks])).toEqual([
      ['a', 65.89, 'complete', 'Lengkap', []],
      ['b', 52, 'complete', 'Lengkap', []],
      ['c', 0, 'not_submitted', 'Tidak mengisi SAQ', []],
    ]);
    const workbook = await book((await download(`${FULL}/exports/ranking.xlsx`)).bytes);
    expect(values(workbook.getWorksheet('Pemerintah Provinsi')!.getRow(7))).toEqual([1, 'a', 'Badan Publik A', 60, 79.63, 65.89, 'Cukup Informatif', 'Lengkap']);
    expect(values(workbook.getWorksheet('Rincian')!.getRow(6))).toEqual(['Kode', 'Badan Publik', 'Kategori', 'SAQ 1. Jenis Informasi (60)', 'SAQ 2. Komitmen Organisasi (40)']);
    expect(String(workbook.getWorksheet('Ringkasan')!.getRow(4).getCell(1).value)).toBe('SIMULASI — bukan hasil resmi');
    const a = pdfText((await download(`${FULL}/certificates/a.pdf`)).bytes);
    expect(a).toContain('Peringkat 1 kategori Pemerintah Provinsi dengan nilai akhir 65,89 dalam');
    expect(a).not.toMatch(/BELUM DIVERIFIKASI|TIDAK HADIR/);
  });

  it('gives a fully verified edition the same document bytes as a publication made before the rule, rendered again after an upgrade', async () => {
    const db = t.app.get(DataSource);
    const urls = [`${FULL}/exports/ranking.xlsx`, '/api/public/editions/lengkap-2025/ranking.xlsx', `${FULL}/certificates/a.pdf`, `${FULL}/certificates.pdf`];
    const kept = await Promise.all(urls.map((u) => download(u, u.includes('/public/') ? anyone() : admin())));
    // an upgrade of the renderers drops what was kept (another fingerprint); a version from before the rule has no acceptUnverified
    await db.query('DELETE FROM rendered_document');
    await db.query(`UPDATE publication SET "acceptUnverified" = NULL WHERE "editionId" = (SELECT id FROM edition WHERE code = 'lengkap-2025')`);
    try {
      for (const [i, url] of urls.entries()) {
        const again = await download(url, url.includes('/public/') ? anyone() : admin());
        expect([url, again.etag]).toEqual([url, kept[i].etag]);
        expect(again.bytes.equals(kept[i].bytes)).toBe(true);
      }
    } finally {
      await db.query(`UPDATE publication SET "acceptUnverified" = FALSE WHERE "editionId" = (SELECT id FROM edition WHERE code = 'lengkap-2025')`);
    }
  });

  it('the CLI: publish refuses unverified results, --accept-unverified wants --reason, and with it says what it accepted', async () => {
    const db = join(dir, 'cli.sqlite');
    expect((await cli(db, 'import', marked('ki-kebenaran', 'kebenaran-2025'))).code).toBe(0);
    const computed = await cli(db, 'compute', 'kebenaran-2025');
    expect(computed.code).toBe(0);
    expect(computed.stdout).toMatch(/b +Badan Publik B .* belum diverifikasi/);
    expect(computed.stdout).toMatch(/a +Badan Publik A .* tidak hadir/);
    const refused = await cli(db, 'publish', 'kebenaran-2025', '--decree', '52/KEP/KI/XII/2025', '--date', '2025-12-12');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 hasil belum diverifikasi');
    const noReason = await cli(db, 'publish', 'kebenaran-2025', '--decree', '52/KEP/KI/XII/2025', '--date', '2025-12-12', '--accept-unverified');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('reason');
    const published = await cli(db, 'publish', 'kebenaran-2025', '--decree', '52/KEP/KI/XII/2025', '--date', '2025-12-12', '--accept-unverified', '--reason', REASON);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain('Ditetapkan: kebenaran-2025 versi 1, SK 52/KEP/KI/XII/2025 tanggal 2025-12-12');
    expect(published.stdout).toContain(`Termasuk hasil yang belum diverifikasi (ditandai "Belum diverifikasi" di buku peringkat dan sertifikat), dengan alasan: ${REASON}`);
  });
});
