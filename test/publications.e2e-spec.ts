import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Actor, systemActor } from '../src/common/actor';
import { ForbiddenError, NotFoundError } from '../src/common/errors';
import { ComputeService } from '../src/results/compute.service';
import { PublicationsService } from '../src/results/publications.service';
import { ADMIN, TestApp, startApp } from './support/app';
import { runContohToResults, Contoh, VERIFIER, WHEN, as, bodyUser, setUpContoh } from './support/contoh';

/** Collects a binary response body (xlsx, pdf) as a Buffer. */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe('publications, the public side, workbooks and certificates', () => {
  let t: TestApp;
  let c: Contoh;
  let dir: string;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const anyone = () => as(t.http, undefined);
  const edition = () => c.edition;

  function pdfText(pdf: Buffer): { pages: number; text: string; width: number; height: number } {
    const file = join(dir, `doc-${Date.now()}-${Math.random()}.pdf`);
    writeFileSync(file, pdf);
    return JSON.parse(execFileSync('node', [resolve(__dirname, 'support', 'pdf-text.mjs'), file]).toString());
  }

  async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
    return new ExcelJS.Workbook().xlsx.load(buffer as unknown as ArrayBuffer);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-pub-'));
    t = await startApp('publications', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await runContohToResults(t, c);
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows nothing publicly before the first publication', async () => {
    expect((await anyone().get(`/api/public/editions/${edition()}/results`)).status).toBe(404);
    expect((await binary(anyone().get(`/api/public/editions/${edition()}/ranking.xlsx`))).status).toBe(404);
    expect((await anyone().get(`/api/public/editions/${edition()}/publications`)).body).toEqual([]);
    expect((await binary(as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/certificates/a.pdf`))).status).toBe(404);
    expect((await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/results/a`)).status).toBe(404);
  });

  it('lets only the admin publish, with a decree number and date', async () => {
    const bad = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 52', decreeDate: '12-12-2025' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/decreeDate/);
    const stranger = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 52', decreeDate: '2025-12-12', extra: 1 });
    expect(stranger.status).toBe(400);
    for (const user of [VERIFIER, 'juri1', bodyUser('a')]) {
      const res = await as(t.http, c.tokens[user]).post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 52', decreeDate: '2025-12-12' });
      expect(res.status).toBe(403);
    }
    expect((await anyone().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 52', decreeDate: '2025-12-12' })).status).toBe(401);
  });

  it('refuses publishing and computing to anyone but an admin of the commission, whoever calls the services (the CLI, a page)', async () => {
    const decree = { decreeNumber: 'SK 52', decreeDate: '2025-12-12' };
    for (const role of ['verifier', 'juror', 'body'] as const) {
      const actor: Actor = { id: 1000, username: `someone-${role}`, role, commissionId: null, commission: null, bodyId: null, body: null };
      await expect(t.app.get(PublicationsService).publish(actor, edition(), decree)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(t.app.get(ComputeService).compute(actor, edition())).rejects.toBeInstanceOf(ForbiddenError);
    }
    const elsewhere: Actor = { ...systemActor('elsewhere'), commissionId: 999999, commission: 'ki-lain' };
    await expect(t.app.get(PublicationsService).publish(elsewhere, edition(), decree)).rejects.toBeInstanceOf(NotFoundError);
    expect((await anyone().get(`/api/public/editions/${edition()}/publications`)).body).toEqual([]);
  });

  let firstCode: string;

  it('publishes version 1 and serves it publicly without draft or juror data', async () => {
    const res = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 52/2025', decreeDate: '2025-12-12' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, decreeNumber: 'SK 52/2025', decreeDate: '2025-12-12', reason: null, superseded: false });
    const results = await anyone().get(`/api/public/editions/${edition()}/results`);
    expect(results.status).toBe(200);
    expect(results.body.map((r: { body: string; final: number; rank: number; predicate: string }) => [r.body, r.final, r.rank, r.predicate])).toEqual([
      ['a', 65.89, 1, 'cukup_informatif'],
      ['b', 52, 2, 'kurang_informatif'],
      ['c', 0, 3, 'tidak_informatif'],
    ]);
    const text = JSON.stringify(results.body);
    for (const leak of ['juri1', 'juri2', 'trace', 'assessor', 'konflik']) expect(text).not.toContain(leak);
    expect((await anyone().get(`/api/public/editions/${edition()}/results?category=kementerian`)).body).toEqual([]);
  });

  it('gives the body its own published breakdown, jurors unnamed', async () => {
    const res = await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/results/a`);
    expect(res.status).toBe(200);
    expect(res.body.trace.final.formula).toBe('(70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89');
    expect(JSON.stringify(res.body)).not.toContain('juri1');
    expect((await as(t.http, c.tokens[bodyUser('b')]).get(`/api/editions/${edition()}/results/a`)).status).toBe(404);
  });

  it('prints A’s certificate (Cukup Informatif is awarded here) and verifies its code', async () => {
    const res = await binary(as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/certificates/a.pdf`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = pdfText(res.body as Buffer);
    expect(pdf.pages).toBe(1);
    expect(pdf.width).toBeCloseTo(841.89, 0);
    const text = pdf.text.replace(/\s+/g, ' ');
    for (const expected of ['PIAGAM PENGHARGAAN', 'Badan Publik A', 'CUKUP INFORMATIF', 'Nomor SK 52/2025', 'SIMULASI']) expect(text).toContain(expected);
    firstCode = /Kode verifikasi ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)![1];
    const check = await anyone().get(`/api/public/certificates/${firstCode.toLowerCase().replace(/-/g, '')}`);
    expect(check.body).toEqual({ valid: true, superseded: false, edition: edition(), body: 'a', bodyName: 'Badan Publik A', predicate: 'cukup_informatif', final: 65.89, version: 1, marks: [], supersededBy: null });
  });

  it('refuses certificates to those who did not earn one or may not see them', async () => {
    expect((await binary(admin().get(`/api/editions/${edition()}/certificates/b.pdf`))).status).toBe(404);
    expect((await binary(as(t.http, c.tokens[bodyUser('b')]).get(`/api/editions/${edition()}/certificates/a.pdf`))).status).toBe(404);
    expect((await binary(as(t.http, c.tokens['juri1']).get(`/api/editions/${edition()}/certificates.pdf`))).status).toBe(403);
    const bulk = await binary(admin().get(`/api/editions/${edition()}/certificates.pdf?category=pemprov`));
    expect(bulk.status).toBe(200);
    expect(pdfText(bulk.body as Buffer).pages).toBe(1);
  });

  it('says a forged or mistyped code is not valid', async () => {
    const forged = firstCode.slice(0, -1) + (firstCode.endsWith('0') ? '1' : '0');
    expect((await anyone().get(`/api/public/certificates/${forged}`)).body).toMatchObject({ valid: false, body: null });
    expect((await anyone().get('/api/public/certificates/not-a-code')).body).toMatchObject({ valid: false });
  });

  it('serves the public workbook without juror names and the admin one with them', async () => {
    const pub = await binary(anyone().get(`/api/public/editions/${edition()}/ranking.xlsx`));
    expect(pub.status).toBe(200);
    const book = await workbook(pub.body as Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
    const cells: string[] = [];
    book.eachSheet((s) => s.eachRow((r) => r.eachCell((cell) => cells.push(String(cell.value)))));
    expect(cells.join('|')).not.toMatch(/juri\d/);
    expect(cells.some((x) => x.includes('Versi 1 · SK Nomor SK 52/2025 tanggal 12 Desember 2025'))).toBe(true);
    const adminBook = await workbook((await binary(admin().get(`/api/editions/${edition()}/exports/ranking.xlsx`))).body as Buffer);
    expect(adminBook.getWorksheet('Penilaian Juri')).toBeDefined();
    expect((await binary(as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/exports/ranking.xlsx`))).status).toBe(403);
  });

  it('reads a publication stored before summaries existed (from its breakdowns) exactly the same', async () => {
    const rincian = async () => {
      const book = await workbook((await binary(anyone().get(`/api/public/editions/${edition()}/ranking.xlsx`))).body as Buffer);
      return book.getWorksheet('Rincian')!.getSheetValues();
    };
    const list = (await anyone().get(`/api/public/editions/${edition()}/results`)).body;
    const sheet = await rincian();
    const db = t.app.get(DataSource);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM publication_result WHERE summary IS NOT NULL'))[0].n)).toBe(3);
    await db.query('UPDATE publication_result SET summary = NULL');
    // the workbook is kept once rendered: drop it, so that it is rendered again from the breakdowns
    await db.query('DELETE FROM rendered_document');
    expect((await anyone().get(`/api/public/editions/${edition()}/results`)).body).toEqual(list);
    expect(await rincian()).toEqual(sheet);
    expect(sheet[7]).toEqual([undefined, 'a', 'Badan Publik A', 'Pemerintah Provinsi', 36, 24]);
  });

  it('refuses a second version that changes nothing, or that gives no reason', async () => {
    const noReason = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 53/2025', decreeDate: '2025-12-20' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const same = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 53/2025', decreeDate: '2025-12-20', reason: 'koreksi' });
    expect(same.status).toBe(409);
    expect(same.body.message).toMatch(/nothing changed since version 1/);
  });

  it('reads results stored before scores carried hundredths and text (drafts and publications) exactly the same', async () => {
    const reads = async () => ({
      drafts: (await admin().get(`/api/editions/${edition()}/results`)).body,
      draft: (await admin().get(`/api/editions/${edition()}/results/a`)).body,
      published: (await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${edition()}/results/a`)).body,
      certificate: (await anyone().get(`/api/public/certificates/${firstCode}`)).body,
    });
    const before = await reads();
    expect(before.draft.final).toEqual({ exact: '65.8875', rounded: 65.89, hundredths: 6589, text: '65.89' });
    // a score as an earlier version stored it: exact and rounded only
    const older = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(older);
      if (!value || typeof value !== 'object') return value;
      const score = 'exact' in value && 'rounded' in value;
      return Object.fromEntries(Object.entries(value).filter(([key]) => !score || (key !== 'hundredths' && key !== 'text')).map(([key, v]) => [key, older(v)]));
    };
    const db = t.app.get(DataSource);
    const param = (n: number) => (t.db.kind === 'postgres' ? `$${n}` : '?');
    for (const table of ['result', 'publication_result']) {
      for (const row of (await db.query(`SELECT id, detail FROM ${table}`)) as { id: number; detail: string }[]) {
        await db.query(`UPDATE ${table} SET detail = ${param(1)} WHERE id = ${param(2)}`, [JSON.stringify(older(JSON.parse(row.detail))), row.id]);
      }
      const stored = (await db.query(`SELECT detail FROM ${table}`)) as { detail: string }[];
      expect(stored.map((r) => r.detail).join()).not.toMatch(/"hundredths"|"text"/);
    }
    expect(await reads()).toEqual(before);
    // the stored drafts still match a fresh scoring of the facts: nothing changed since version 1
    const same = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 53/2025', decreeDate: '2025-12-20', reason: 'koreksi' });
    expect([same.status, same.body.message]).toEqual([409, 'nothing changed since version 1']);
  });

  it('keeps version 1 unchanged after a later objection changes A, until a corrected version 2 supersedes it', async () => {
    // the KI Pusat 2024 case in small: a correction after the decree
    t.clock.set(WHEN.objection);
    const body = as(t.http, c.tokens[bodyUser('a')]);
    const objection = await body.post(`/api/editions/${edition()}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan ada di situs' });
    expect(objection.status).toBe(201);
    const ruling = await as(t.http, c.tokens[VERIFIER]).put(`/api/editions/${edition()}/objections/${objection.body.id}`, { decision: 'upheld', note: 'Terbukti' });
    expect(ruling.status).toBe(200);
    t.clock.set(WHEN.afterPanel);
    // the draft no longer explains itself, and nothing is published from it, until computed again
    const stale = await admin().get(`/api/editions/${edition()}/results/a`);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/body "a" changed after the results were computed .*compute again/);
    const early = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 53/2025', decreeDate: '2025-12-20', reason: 'Sanggah badan publik A dikabulkan' });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/changed after the last compute \(1 bodies: a\): compute again/);
    expect((await anyone().get(`/api/public/editions/${edition()}/publications`)).body).toHaveLength(1);
    expect((await admin().post(`/api/editions/${edition()}/compute`)).status).toBe(200);

    const stillV1 = await anyone().get(`/api/public/editions/${edition()}/results`);
    expect(stillV1.body[0]).toMatchObject({ body: 'a', final: 65.89 });
    // the question lines come from the facts frozen with each version, not from today's facts
    const line = async (token: string) => {
      const res = await as(t.http, token).get(`/api/editions/${edition()}/results/a`);
      expect(res.status).toBe(200);
      return res.body.trace.stages[0].questions.find((q: { code: string }) => q.code === '1.3');
    };
    const frozen = await line(c.tokens[bodyUser('a')]);
    const draft = await line(c.tokens[ADMIN.username]);
    expect(frozen).toMatchObject({ objection: null });
    expect(draft).toMatchObject({ objection: 'upheld', verifiedPoints: draft.claimedPoints });
    expect(frozen.verifiedPoints).not.toBe(draft.verifiedPoints);

    const v2 = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 53/2025', decreeDate: '2025-12-20', reason: 'Sanggah badan publik A dikabulkan' });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    const now = await anyone().get(`/api/public/editions/${edition()}/results`);
    // 1.3 restored: SAQ 60 × 10/15 + 24 = 64; 0.7 × 64 + 0.3 × 79.625 = 68.6875
    expect(now.body[0]).toMatchObject({ body: 'a', final: 68.69, stages: { saq: 64, 'uji-publik': 79.63 } });
    expect(await line(c.tokens[bodyUser('a')])).toEqual(draft);
    const history = await anyone().get(`/api/public/editions/${edition()}/publications`);
    expect(history.body.map((p: { version: number; decreeNumber: string; superseded: boolean; reason: string | null }) => [p.version, p.decreeNumber, p.superseded, p.reason])).toEqual([
      [1, 'SK 52/2025', true, null],
      [2, 'SK 53/2025', false, 'Sanggah badan publik A dikabulkan'],
    ]);
    expect((await anyone().get(`/api/public/certificates/${firstCode}`)).body).toMatchObject({ valid: true, superseded: true, version: 1, final: 65.89 });
    const cert = pdfText((await binary(admin().get(`/api/editions/${edition()}/certificates/a.pdf`))).body as Buffer).text.replace(/\s+/g, ' ');
    const secondCode = /Kode verifikasi ([0-9A-Z-]{14})/.exec(cert)![1];
    expect(secondCode).not.toBe(firstCode);
    expect((await anyone().get(`/api/public/certificates/${secondCode}`)).body).toMatchObject({ valid: true, superseded: false, version: 2, final: 68.69 });
  });

  it('refuses to publish while a result is incomplete', async () => {
    // a fourth body whose panel has no sheets yet: its result is incomplete
    await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'd', name: 'Badan Publik D', category: 'pemprov' }]);
    await admin().post(`/api/editions/${edition()}/participants`, { bodies: ['d'] });
    await admin().post('/api/users', { username: bodyUser('d'), password: 'password-12345', role: 'body', body: 'd', commission: c.commission });
    const d = as(t.http, await t.login(bodyUser('d'), 'password-12345'));
    t.clock.set(WHEN.saq);
    for (const [q, answer] of Object.entries({ '1.1': { value: true, evidence: ['https://ppid.d.example.go.id/dip'] }, '1.2': { value: 'situs-aplikasi' }, '2.1': { value: true } })) {
      expect((await d.put(`/api/editions/${edition()}/saq/d/answers/${q}`, answer)).status).toBe(200);
    }
    expect((await d.post(`/api/editions/${edition()}/saq/d/submit`)).status).toBe(200);
    t.clock.set(WHEN.afterPanel);
    const computed = await admin().post(`/api/editions/${edition()}/compute`);
    expect(computed.body.find((r: { body: string }) => r.body === 'd')).toMatchObject({ status: 'incomplete', final: null, rank: null });
    const refused = await admin().post(`/api/editions/${edition()}/publications`, { decreeNumber: 'SK 54/2025', decreeDate: '2025-12-22', reason: 'tambahan' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/incomplete.*\(d\)/);
  });
});
