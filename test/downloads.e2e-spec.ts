import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApp } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { Clock } from '../src/common/clock';
import { APP_CONFIG } from '../src/common/config';
import * as workbookRenderer from '../src/documents/ranking-workbook';
import { ADMIN, TestApp, startApp } from './support/app';
import { runContohToResults, Contoh, WHEN, as, bodyUser, setUpContoh } from './support/contoh';

/**
 * SPEC §16 "Public downloads", finding 5 of issue 12: 30 downloads of a 3,000-body ranking.xlsx,
 * 10 at a time, took 8 s and pushed /api/health to 1.2 s, because every anonymous request
 * rendered the workbook again. A published version's documents are rendered once, kept in the
 * database, served with a strong ETag (304 on If-None-Match); anonymous downloads are limited per
 * address.
 */

/** Collects a binary response body (xlsx, pdf) as a Buffer. */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

const STRONG_ETAG = /^"[A-Za-z0-9_-]{43}"$/;

describe('public downloads, rendered once per published version', () => {
  let t: TestApp;
  let c: Contoh;
  const workbookUrl = () => `/api/public/editions/${c.edition}/ranking.xlsx`;
  const anyone = () => as(t.http, undefined);
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const kept = async (kind: string): Promise<{ id: number; etag: string; renderedAt: string; version: number }[]> =>
    t.app.get(DataSource).query(`SELECT id, etag, "renderedAt", version FROM rendered_document WHERE kind = '${kind}' ORDER BY id`);
  /** a minute later: the download limit of the tests before is forgotten */
  const aMinuteLater = () => t.clock.set(new Date(t.clock.now().getTime() + 61_000));

  beforeAll(async () => {
    t = await startApp('downloads', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await runContohToResults(t, c);
    expect((await admin().post(`/api/editions/${c.edition}/publications`, { decreeNumber: 'SK 52/2025', decreeDate: '2025-12-12' })).status).toBe(201);
  });

  afterAll(() => t.close());

  it('the second download of a published workbook is not rendered again (same ETag, 304 on If-None-Match)', async () => {
    const renders = jest.spyOn(workbookRenderer, 'writeRankingWorkbook');
    const first = await binary(anyone().get(workbookUrl()));
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(STRONG_ETAG);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const book = await new ExcelJS.Workbook().xlsx.load(first.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
    const [row] = await kept('ranking.xlsx');
    expect(row).toMatchObject({ version: 1 });

    // served from what was kept: the bytes stored, not a new rendering
    t.clock.set(new Date(t.clock.now().getTime() + 1000));
    const second = await binary(anyone().get(workbookUrl()));
    expect(second.status).toBe(200);
    expect(second.headers.etag).toBe(etag);
    expect((second.body as Buffer).equals(first.body as Buffer)).toBe(true);
    expect(await kept('ranking.xlsx')).toEqual([row]);

    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await binary(anyone().get(workbookUrl()).set('If-None-Match', tag));
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(etag);
      expect((again.body as Buffer).length).toBe(0);
    }
    expect((await binary(anyone().get(workbookUrl()).set('If-None-Match', '"an-older-copy"'))).status).toBe(200);
    expect(renders).toHaveBeenCalledTimes(1);
    renders.mockRestore();
  });

  it('serves what the database keeps, so another API process on the same database does not render it again', async () => {
    const db = t.app.get(DataSource);
    const [row] = await kept('ranking.xlsx');
    // a marker in place of the kept bytes shows who rendered: a second process serves the marker
    await db.query(`UPDATE rendered_document SET content = '${Buffer.from('kept bytes').toString('base64')}' WHERE id = ${row.id}`);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(APP_CONFIG).useValue(t.config).overrideProvider(Clock).useValue(t.clock).compile();
    const other: INestApplication = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
    await other.init();
    try {
      const res = await binary(request(other.getHttpServer()).get(workbookUrl()));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${row.etag}"`);
      expect((res.body as Buffer).toString()).toBe('kept bytes');
    } finally {
      await other.close();
      // back to a workbook: dropped, it is rendered again on the next download (its zip entries
      // carry the time of rendering, so the bytes and the tag may differ from the first copy)
      await db.query('DELETE FROM rendered_document');
    }
    const again = await binary(anyone().get(workbookUrl()));
    expect(again.status).toBe(200);
    expect(again.headers.etag).toMatch(STRONG_ETAG);
    await new ExcelJS.Workbook().xlsx.load(again.body as unknown as ArrayBuffer);
    expect((await binary(anyone().get(workbookUrl()).set('If-None-Match', again.headers.etag as string))).status).toBe(304);
  });

  it('renders again when what the workbook prints besides the frozen results changes (the commission’s name)', async () => {
    const before = await binary(anyone().get(workbookUrl()));
    const db = t.app.get(DataSource);
    await db.query(`UPDATE commission SET name = 'Komisi Informasi Contoh (baru)' WHERE code = '${c.commission}'`);
    try {
      const after = await binary(anyone().get(workbookUrl()).set('If-None-Match', before.headers.etag as string));
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      const book = await new ExcelJS.Workbook().xlsx.load(after.body as unknown as ArrayBuffer);
      expect(String(book.getWorksheet('Ringkasan')!.getRow(2).getCell(1).value)).toContain('Komisi Informasi Contoh (baru)');
      expect(await kept('ranking.xlsx')).toHaveLength(1);
    } finally {
      await db.query(`UPDATE commission SET name = 'Komisi Informasi Contoh' WHERE code = '${c.commission}'`);
    }
  });

  it('keeps certificates too: a body’s own, and the admin’s bundle with its count', async () => {
    const body = as(t.http, c.tokens[bodyUser('a')]);
    const url = `/api/editions/${c.edition}/certificates/a.pdf`;
    const first = await binary(body.get(url));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toBe(`attachment; filename="sertifikat-${c.edition}-a.pdf"`);
    expect(first.headers.etag).toMatch(STRONG_ETAG);
    expect((await binary(body.get(url).set('If-None-Match', first.headers.etag as string))).status).toBe(304);
    expect((await binary(admin().get(url))).headers.etag).toBe(first.headers.etag);
    // another body is refused before anything is looked up
    expect((await binary(as(t.http, c.tokens[bodyUser('b')]).get(url))).status).toBe(404);

    const bundle = await binary(admin().get(`/api/editions/${c.edition}/certificates.pdf?category=pemprov`));
    expect(bundle.status).toBe(200);
    expect(bundle.headers['x-certificate-count']).toBe('1');
    const again = await binary(admin().get(`/api/editions/${c.edition}/certificates.pdf?category=pemprov`).set('If-None-Match', bundle.headers.etag as string));
    expect(again.status).toBe(304);
    expect((await binary(admin().get(`/api/editions/${c.edition}/certificates.pdf?category=nope`))).status).toBe(404);
    expect((await kept('certificate.pdf')).length).toBe(1);
    expect((await kept('certificates.pdf')).length).toBe(1);
  });

  it('renders concurrent first downloads once', async () => {
    await t.app.get(DataSource).query("DELETE FROM rendered_document WHERE kind = 'ranking-juri.xlsx'");
    const renders = jest.spyOn(workbookRenderer, 'writeRankingWorkbook');
    const all = await Promise.all(Array.from({ length: 5 }, () => binary(admin().get(`/api/editions/${c.edition}/exports/ranking.xlsx`))));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(all.map((r) => r.headers.etag)).size).toBe(1);
    expect(await kept('ranking-juri.xlsx')).toHaveLength(1);
    expect(renders).toHaveBeenCalledTimes(1);
    renders.mockRestore();
  });

  it('a burst of anonymous downloads from one address is refused with 429, and served again a minute later', async () => {
    aMinuteLater();
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    for (let i = 0; i < 35; i++) {
      const res = await binary(anyone().get(workbookUrl()));
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(JSON.parse((refused!.body as Buffer).toString())).toMatchObject({ statusCode: 429, message: expect.stringMatching(/too many downloads from this address; try again in \d+ s/) });
    // a logged-in admin's downloads are not counted against the address
    expect((await binary(admin().get(`/api/editions/${c.edition}/exports/ranking.xlsx`))).status).toBe(200);
    aMinuteLater();
    expect((await binary(anyone().get(workbookUrl()))).status).toBe(200);
  });
});
