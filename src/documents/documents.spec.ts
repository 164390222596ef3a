import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { readFixture } from '../instruments/fixture-reader';
import { InstrumentRegistry } from '../instruments/registry';
import { BodyFacts, computeEdition } from '../scoring';
import { renderCertificates } from './certificate';
import { CertificatePage, PublicationView } from './document-types';
import { writeRankingWorkbook } from './ranking-workbook';
import { certificateCode, normalizeCode } from './verification-code';

const ROOT = resolve(__dirname, '..', '..');

/** The contoh fixture, scored by the real core, as a published version 2 of a simulated edition. */
function contohView(): PublicationView {
  const registry = new InstrumentRegistry();
  const bundle = readFixture(join(ROOT, 'fixtures', 'contoh'), registry);
  const bodies: BodyFacts[] = bundle.bodies.map((b) => ({ body: b.code, name: b.name, category: b.category, stages: {} }));
  for (const q of bundle.questionnaires) {
    bodies.find((b) => b.body === q.body)!.stages[q.stage] = { kind: 'questionnaire', ...q };
  }
  for (const panel of bundle.panels) {
    for (const row of panel.rows) {
      const body = bodies.find((b) => b.body === row.body)!;
      const facts = (body.stages[panel.stage] ??= { kind: 'panel', sheets: [], absent: false });
      if (facts.kind !== 'panel') continue;
      if (row.status === 'absent') facts.absent = true;
      else facts.sheets.push({ assessor: row.assessor!, status: row.status, scores: row.scores, ...(row.comment ? { comment: row.comment } : {}) });
    }
  }
  const e = bundle.edition;
  return {
    edition: {
      code: e.code,
      year: e.year,
      title: e.title,
      simulated: e.simulated,
      commissionName: bundle.commission.name,
      categories: e.categories,
      stages: e.stages.map((s) => ({ code: s.code, kind: s.kind, weight: s.weight })),
      bands: e.bands,
      certificate: e.certificate,
    },
    version: 2,
    decreeNumber: '53/KEP/KI/XII/2025',
    decreeDate: '2025-12-12',
    publishedAt: '2025-12-12T03:00:00.000Z',
    superseded: false,
    results: computeEdition({ edition: e, instrument: (ref) => registry.get(ref)!, bodies }),
  };
}

function cellTexts(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
  return texts;
}

describe('documents', () => {
  let dir: string;
  const view = contohView();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-documents-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('the ranking workbook', () => {
    let admin: ExcelJS.Workbook;
    let publicBook: ExcelJS.Workbook;

    beforeAll(async () => {
      await writeRankingWorkbook(view, join(dir, 'admin.xlsx'), { includeAssessors: true });
      await writeRankingWorkbook(view, join(dir, 'public.xlsx'), { includeAssessors: false });
      admin = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'admin.xlsx'));
      publicBook = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'public.xlsx'));
    });

    it('has Ringkasan, a sheet per category, Rincian, and Penilaian Juri only for the admin', () => {
      expect(admin.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian', 'Penilaian Juri']);
      expect(publicBook.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
    });

    it('puts the ranking under a frozen, filtered header with 0.00 scores', () => {
      const sheet = admin.getWorksheet('Pemerintah Provinsi')!;
      const header = sheet.getRow(6).values as unknown[];
      expect(header.slice(1)).toEqual(['Peringkat', 'Kode', 'Badan Publik', 'SAQ (70%)', 'UJI-PUBLIK (30%)', 'Nilai Akhir', 'Predikat']);
      expect((sheet.getRow(7).values as unknown[]).slice(1)).toEqual([1, 'a', 'Badan Publik A', 60, 79.63, 65.89, 'Cukup Informatif']);
      expect((sheet.getRow(8).values as unknown[]).slice(1, 8)).toEqual([2, 'b', 'Badan Publik B', 52, undefined, 52, 'Kurang Informatif']);
      expect(sheet.getRow(7).getCell(6).numFmt).toBe('0.00');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual('Badan Publik A'.length);
    });

    it('titles every sheet with the edition, version, decree and SIMULASI', () => {
      for (const sheet of admin.worksheets) {
        const titles = [1, 2, 3, 4].map((r) => String(sheet.getRow(r).getCell(1).value ?? '')).join('\n');
        expect(titles).toContain('Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025 (contoh)');
        expect(titles).toContain('Versi 2 · SK Nomor 53/KEP/KI/XII/2025 tanggal 12 Desember 2025');
        expect(titles).toContain('SIMULASI');
      }
    });

    it('counts predicates per category in Ringkasan', () => {
      const sheet = admin.getWorksheet('Ringkasan')!;
      expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual([
        'Kategori', 'Informatif', 'Menuju Informatif', 'Cukup Informatif', 'Kurang Informatif', 'Tidak Informatif', 'Jumlah',
      ]);
      expect((sheet.getRow(7).values as unknown[]).slice(1)).toEqual(['Pemerintah Provinsi', 0, 0, 1, 1, 1, 3]);
    });

    it('lists verified indicator scores in Rincian', () => {
      const sheet = admin.getWorksheet('Rincian')!;
      expect(String(sheet.getRow(6).getCell(4).value)).toBe('SAQ 1. Jenis Informasi (60)');
      expect((sheet.getRow(7).values as unknown[]).slice(1)).toEqual(['a', 'Badan Publik A', 'Pemerintah Provinsi', 36, 24]);
    });

    it('names each juror’s sheet in the admin export, and no assessor anywhere in the public one', () => {
      const jury = admin.getWorksheet('Penilaian Juri')!;
      expect((jury.getRow(7).values as unknown[]).slice(1, 10)).toEqual(['uji-publik', 'a', 'Badan Publik A', 'juri1', 'submitted', 80, 70, 90, 79]);
      const texts = cellTexts(publicBook).join('\n');
      for (const juror of ['juri1', 'juri2', 'juri3', 'konflik kepentingan']) expect(texts).not.toContain(juror);
    });
  });

  describe('certificates', () => {
    const code = certificateCode('rahasia', { edition: 'contoh-2025', body: 'a', version: 2, final: '65.89', predicate: 'cukup_informatif' });
    const page = (bodyName: string): CertificatePage => ({
      bodyName,
      categoryName: 'Pemerintah Provinsi',
      rank: 1,
      final: 65.89,
      predicateLabel: 'Cukup Informatif',
      editionTitle: view.edition.title,
      year: 2025,
      commissionName: 'Komisi Informasi Contoh',
      decreeNumber: '53/KEP/KI/XII/2025',
      decreeDate: '2025-12-12',
      city: 'Samarinda',
      signatory: { name: 'Nama Ketua', title: 'Ketua Komisi Informasi Contoh' },
      code,
      verifyUrl: `https://monev.example.go.id/api/public/certificates/${code}`,
      simulated: true,
      superseded: false,
    });

    it('prints one A4 landscape page per body with name, predicate, decree and code', async () => {
      const file = join(dir, 'piagam.pdf');
      const long = 'Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Kalimantan Timur';
      await renderCertificates([page('Badan Publik A'), page(long)], file, { title: 'Piagam contoh' });
      const pdf = JSON.parse(execFileSync('node', [join(ROOT, 'test', 'support', 'pdf-text.mjs'), file]).toString());
      expect(pdf.pages).toBe(2);
      expect(pdf.width).toBeCloseTo(841.89, 0);
      expect(pdf.height).toBeCloseTo(595.28, 0);
      const text = pdf.text.replace(/\s+/g, ' ');
      for (const expected of ['PIAGAM PENGHARGAAN', 'Badan Publik A', 'CUKUP INFORMATIF', 'Peringkat 1 kategori Pemerintah Provinsi', 'Nomor 53/KEP/KI/XII/2025', 'Samarinda, 12 Desember 2025', code, 'SIMULASI', long]) {
        expect(text).toContain(expected);
      }
    });

    it('makes codes that change with every field and the secret, and reads them back as typed', () => {
      const fields = { edition: 'contoh-2025', body: 'a', version: 2, final: '65.89', predicate: 'cukup_informatif' };
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(certificateCode('rahasia', fields)).toBe(code);
      const variants = [
        certificateCode('lain', fields),
        certificateCode('rahasia', { ...fields, body: 'b' }),
        certificateCode('rahasia', { ...fields, version: 1 }),
        certificateCode('rahasia', { ...fields, final: '65.88' }),
        certificateCode('rahasia', { ...fields, predicate: 'informatif' }),
        certificateCode('rahasia', { ...fields, edition: 'contoh-2026' }),
      ];
      expect(new Set([code, ...variants]).size).toBe(7);
      expect(normalizeCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
      expect(normalizeCode(code.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(code);
      expect(normalizeCode('ABCD-EFGH')).toBeNull();
      expect(normalizeCode('UUUU-UUUU-UUUU')).toBeNull();
    });
  });
});
