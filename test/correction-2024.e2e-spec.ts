import { execFile, execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import request from 'supertest';
import { promisify } from 'util';
import { ADMIN, startApp, TestApp } from './support/app';
import { ROOT } from './support/cli';
import { as } from './support/contoh';
import { testDatabase, TestDatabase } from './support/database';

jest.setTimeout(180_000);

const FIXTURE = join(ROOT, 'fixtures', 'ki-pusat-2024-koreksi');
const E = 'monev-2024-pemprov';
const REOPEN_REASON = 'Keputusan rapat pleno Komisi Informasi Pusat 16 Desember 2024: bukti dukung jawaban 1.8 Kalimantan Timur ternyata tersedia pada tautan yang dilampirkan; verifikasi dibuka kembali.';
const V2_REASON = 'Koreksi atas SK 52: kesalahan verifikasi jawaban 1.8 Pemerintah Provinsi Kalimantan Timur (rapat pleno 16 Desember 2024).';

const run = promisify(execFile);

/** Collects a binary response body (xlsx, pdf) as a Buffer. */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/**
 * Issue 14 item 3: the KI Pusat 2024 correction (SK 52 → SK 53) as a recorded procedure, on the
 * bundled fixture `ki-pusat-2024-koreksi`, through the CLI (import, compute, publish, changes)
 * and over HTTP (the reopening, the decision, completion, the public and admin reads).
 */
describe('the KI Pusat 2024 correction: Kalimantan Timur 92.31 (rank 19) → 98.31 (rank 2, tied with Aceh)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let token: string;
  const admin = () => as(t.http, token);
  const anyone = () => as(t.http, undefined);
  const codes: Record<string, string> = {};
  let v1Workbook: Buffer;
  let v1Certificate: Buffer;

  /** The real command line on the test's database (SQLite, or PostgreSQL in CI's second pass). */
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...db.env };
    if (!db.databaseUrl) delete env.DATABASE_URL;
    try {
      const { stdout, stderr } = await run('node', ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  function pdfText(pdf: Buffer): string {
    const file = join(dir, `doc-${Date.now()}-${Math.random()}.pdf`);
    writeFileSync(file, pdf);
    return (JSON.parse(execFileSync('node', [resolve(__dirname, 'support', 'pdf-text.mjs'), file]).toString()) as { text: string }).text.replace(/\s+/g, ' ');
  }

  const line = (results: { body: string; final: number; rank: number; predicate: string }[], body: string) => {
    const r = results.find((x) => x.body === body)!;
    return { final: r.final, rank: r.rank, predicate: r.predicate };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-koreksi-'));
    db = await testDatabase('correction-2024');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('version 1 (SK 52) through the CLI: NTB 98.52 first, Aceh 98.31 second, Kalimantan Timur 92.31 nineteenth', async () => {
    const imported = await cli('import', FIXTURE);
    expect(imported.code).toBe(0);
    const computed = await cli('compute', E);
    expect(computed.stdout).toMatch(/1\s+ntb\s+Pemerintah Provinsi Nusa Tenggara Barat\s+100\.00\s+96\.30\s+98\.52\s+Informatif/);
    expect(computed.stdout).toMatch(/2\s+aceh\s+Pemerintah Aceh\s+100\.00\s+95\.78\s+98\.31\s+Informatif/);
    expect(computed.stdout).toMatch(/19\s+kaltim\s+Pemerintah Provinsi Kalimantan Timur\s+90\.00\s+95\.78\s+92\.31\s+Informatif/);
    const published = await cli('publish', E, '--decree', '52/KEP/KIP/XII/2024', '--date', '2024-12-10');
    expect(published.code).toBe(0);

    t = await startApp('correction-2024', '2024-12-16T10:00:00+07:00', {}, db);
    token = await t.login(ADMIN.username, ADMIN.password);
    const results = (await anyone().get(`/api/public/editions/${E}/results`).expect(200)).body;
    expect(line(results, 'ntb')).toEqual({ final: 98.52, rank: 1, predicate: 'informatif' });
    expect(line(results, 'aceh')).toEqual({ final: 98.31, rank: 2, predicate: 'informatif' });
    expect(line(results, 'jabar')).toEqual({ final: 98.05, rank: 3, predicate: 'informatif' });
    expect(line(results, 'kaltim')).toEqual({ final: 92.31, rank: 19, predicate: 'informatif' });

    for (const body of ['kaltim', 'ntb', 'aceh', 'jabar']) {
      const pdf = (await binary(admin().get(`/api/editions/${E}/certificates/${body}.pdf`)).expect(200)).body as Buffer;
      if (body === 'kaltim') v1Certificate = pdf;
      codes[body] = /Kode verifikasi ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(pdfText(pdf))![1];
    }
    v1Workbook = (await binary(anyone().get(`/api/public/editions/${E}/ranking.xlsx`)).expect(200)).body as Buffer;
    expect((await anyone().get(`/api/public/certificates/${codes.kaltim}`).expect(200)).body).toMatchObject({ valid: true, superseded: false, final: 92.31, version: 1 });
  });

  it('the admin reopens Kalimantan Timur\'s verification with the plenary\'s reason; a new decision waits for the window the admin moves', async () => {
    expect((await admin().post(`/api/editions/${E}/verification/kaltim/reopen`, {}).expect(400)).body.message).toMatch(/reason/);
    const reopened = await admin().post(`/api/editions/${E}/verification/kaltim/reopen`, { reason: REOPEN_REASON }).expect(200);
    expect(reopened.body).toMatchObject({ body: 'kaltim', reason: REOPEN_REASON });
    // the verification window of 2024 closed long ago: the decision is refused until the admin moves it
    const closed = await admin().put(`/api/editions/${E}/verification/kaltim/answers/1.8`, { decision: 'accept' }).expect(409);
    expect(closed.body.code).toBe('window.closed');
    await admin().patch(`/api/editions/${E}/stages/saq`, {
      verificationWindow: { opens: '2024-12-16T00:00:00+07:00', closes: '2024-12-18T23:59:59+07:00' },
    }).expect(200);
    await admin().put(`/api/editions/${E}/verification/kaltim/answers/1.8`, { decision: 'accept', note: 'Bukti dukung tersedia (rapat pleno 16 Desember 2024).' }).expect(200);
    const completed = await admin().post(`/api/editions/${E}/verification/kaltim/complete`).expect(200);
    expect(completed.body.verifiedScore).toBe(100);
    // nothing else became editable: another province's verification is still locked
    expect((await admin().put(`/api/editions/${E}/verification/ntb/answers/1.1`, { decision: 'reject', note: 'x' }).expect(409)).body.code).toBe('verification.complete');
    // the results of SK 52 are stale: no publication before a new compute
    expect((await admin().post(`/api/editions/${E}/publications`, { decreeNumber: '53/KEP/KIP/XII/2024', decreeDate: '2024-12-20', reason: V2_REASON }).expect(409)).body.code).toBe('results.stale');
    const audit = (await admin().get(`/api/editions/${E}/audit?body=kaltim`).expect(200)).body as { action: string; after: { reason?: string } | null }[];
    expect(audit.filter((a) => a.action === 'verification.reopen').map((a) => a.after?.reason)).toEqual([REOPEN_REASON]);
  });

  it('version 2 (SK 53) through the CLI: the change list names Kalimantan Timur only, 92.31 rank 19 → 98.31 rank 2', async () => {
    expect((await cli('compute', E)).stdout).toMatch(/2\s+kaltim\s+Pemerintah Provinsi Kalimantan Timur\s+100\.00\s+95\.78\s+98\.31\s+Informatif/);
    const published = await cli('publish', E, '--decree', '53/KEP/KIP/XII/2024', '--date', '2024-12-20', '--reason', V2_REASON);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/kaltim\s+Pemerintah Provinsi Kalimantan Timur\s+92\.31 Informatif, peringkat 19\s+→\s+98\.31 Informatif, peringkat 2/);
    for (const other of ['ntb', 'aceh', 'jabar', 'bengkulu', 'jambi']) expect(published.stdout).not.toMatch(new RegExp(`^${other}\\s`, 'm'));
    // the same list again, later
    const again = await cli('changes', E, '2');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/kaltim\s+Pemerintah Provinsi Kalimantan Timur\s+92\.31 Informatif, peringkat 19\s+→\s+98\.31 Informatif, peringkat 2/);
    expect(again.stdout).toContain(REOPEN_REASON);
  });

  it('the public sees SK 53: Aceh and Kalimantan Timur tied at 98.31, rank 2; the history says what changed and why', async () => {
    const results = (await anyone().get(`/api/public/editions/${E}/results`).expect(200)).body;
    expect(line(results, 'ntb')).toEqual({ final: 98.52, rank: 1, predicate: 'informatif' });
    expect(line(results, 'aceh')).toEqual({ final: 98.31, rank: 2, predicate: 'informatif' });
    expect(line(results, 'kaltim')).toEqual({ final: 98.31, rank: 2, predicate: 'informatif' });
    expect(line(results, 'jabar')).toEqual({ final: 98.05, rank: 4, predicate: 'informatif' });
    const history = (await anyone().get(`/api/public/editions/${E}/publications`).expect(200)).body;
    expect(history.map((p: { version: number; decreeNumber: string; superseded: boolean }) => [p.version, p.decreeNumber, p.superseded])).toEqual([
      [1, '52/KEP/KIP/XII/2024', true],
      [2, '53/KEP/KIP/XII/2024', false],
    ]);
    expect(history[0].changes).toBeUndefined();
    expect(history[1].reason).toBe(V2_REASON);
    expect(history[1].changes).toEqual([{
      body: 'kaltim', bodyName: 'Pemerintah Provinsi Kalimantan Timur',
      before: { final: 92.31, predicate: 'informatif', rank: 19 },
      after: { final: 98.31, predicate: 'informatif', rank: 2 },
    }]);
  });

  it('the admin sees the facts behind it: question 1.8 rejected → accepted, who, when, and the reopening\'s reason', async () => {
    const report = (await admin().get(`/api/editions/${E}/publications/2/changes`).expect(200)).body;
    expect(report.changes.map((c: { body: string }) => c.body)).toEqual(['kaltim']);
    const kaltim = report.changes[0];
    expect(kaltim.facts.questions).toEqual([
      expect.objectContaining({ stage: 'saq', question: '1.8', before: expect.objectContaining({ decision: 'reject', points: '0' }), after: expect.objectContaining({ decision: 'accept', points: '10' }), by: ADMIN.username, action: 'decision.save' }),
    ]);
    expect(kaltim.facts.reopenings).toEqual([expect.objectContaining({ action: 'verification.reopen', by: ADMIN.username, reason: REOPEN_REASON })]);
    // the audit has the whole procedure, each step with who and when
    const audit = (await admin().get(`/api/editions/${E}/audit?body=kaltim`).expect(200)).body as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['verification.reopen', 'decision.save', 'verification.complete']));
  });

  it('the certificates: Kalimantan Timur\'s SK 52 certificate is superseded and changed; the other provinces\' are superseded, unchanged', async () => {
    expect((await anyone().get(`/api/public/certificates/${codes.kaltim}`).expect(200)).body).toMatchObject({
      valid: true, superseded: true, version: 1, final: 92.31,
      supersededBy: { version: 2, decreeNumber: '53/KEP/KIP/XII/2024', decreeDate: '2024-12-20', final: 98.31, predicate: 'informatif', rank: 2, changed: true },
    });
    for (const [body, final, rank] of [['ntb', 98.52, 1], ['aceh', 98.31, 2], ['jabar', 98.05, 4]] as const) {
      expect((await anyone().get(`/api/public/certificates/${codes[body]}`).expect(200)).body).toMatchObject({
        valid: true, superseded: true, version: 1, supersededBy: { version: 2, final, rank, changed: false },
      });
    }
    const v2 = (await binary(admin().get(`/api/editions/${E}/certificates/kaltim.pdf`)).expect(200)).body as Buffer;
    expect(pdfText(v2)).toMatch(/PEMERINTAH PROVINSI KALIMANTAN TIMUR|Pemerintah Provinsi Kalimantan Timur/);
  });

  it('version 1 stays what it was: its results, its workbook and its certificate, byte for byte; version 2\'s workbook has Perubahan', async () => {
    expect((await binary(anyone().get(`/api/public/editions/${E}/ranking.xlsx?version=1`)).expect(200)).body).toEqual(v1Workbook);
    expect((await binary(admin().get(`/api/editions/${E}/certificates/kaltim.pdf?version=1`)).expect(200)).body).toEqual(v1Certificate);
    const workbook = await new ExcelJS.Workbook().xlsx.load((await binary(anyone().get(`/api/public/editions/${E}/ranking.xlsx`)).expect(200)).body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Perubahan')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const kaltim = rows.find((r) => r[0] === 'kaltim')!;
    expect(kaltim.slice(0, 2)).toEqual(['kaltim', 'Pemerintah Provinsi Kalimantan Timur']);
    expect(kaltim.filter((v) => typeof v === 'number')).toEqual([92.31, 19, 98.31, 2]);
    expect(rows.filter((r) => typeof r[0] === 'string' && ['ntb', 'aceh', 'jabar'].includes(r[0] as string))).toEqual([]);
    expect(new ExcelJS.Workbook().xlsx.load(v1Workbook as unknown as ArrayBuffer).then((w) => w.getWorksheet('Perubahan'))).resolves.toBeUndefined();
  });
});
