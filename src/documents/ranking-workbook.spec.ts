import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { readFixture } from '../fixtures/reader';
import { InstrumentRegistry } from '../instruments/registry';
import { PublishedResult, toPublishedResult } from '../results/result-view';
import { BodyFacts, computeEdition } from '../scoring';
import { PublicationView } from './document-types';
import { TEXT_LIMITS } from '../common/text';
import { EXCEL_CELL_LIMIT, cellText, sheetName, writeRankingWorkbook } from './ranking-workbook';

const ROOT = resolve(__dirname, '..', '..');
const LONG_CATEGORY = 'Badan Usaha Milik Daerah: Air Minum/Perbankan [Kab*Kota]?';

/** The contoh fixture, scored by the real core, as the published version 2 of its simulated edition. */
function contohView(change: (bodies: BodyFacts[]) => void = () => undefined): PublicationView {
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
  change(bodies);
  const e = bundle.edition;
  return {
    edition: {
      code: e.code,
      year: e.year,
      title: e.title,
      simulated: e.simulated,
      commissionName: bundle.commission.name,
      categories: e.categories,
      stages: e.stages.map((s) => {
        const content = registry.get(s.instrument)!;
        return { code: s.code, kind: s.kind, weight: s.weight, ...(content.kind === 'questionnaire' ? { indicators: content.indicators } : {}) };
      }),
      bands: e.bands,
      certificate: e.certificate,
    },
    version: 2,
    decreeNumber: '53/KEP/KI/XII/2025',
    decreeDate: '2025-12-12',
    publishedAt: '2025-12-12T03:00:00.000Z',
    superseded: false,
    marking: { acceptUnverified: false, reason: null },
    results: computeEdition({ edition: e, instrument: (ref) => registry.get(ref)!, bodies }).map((r) => toPublishedResult(r, true)),
  };
}

/** contoh plus a second category whose name breaks Excel's sheet-name rules, holding a copy of B. */
function twoCategoryView(): PublicationView {
  const view = contohView();
  const b = view.results.find((r) => r.body === 'b')!;
  const copy: PublishedResult = { ...b, body: 'pdam', bodyName: 'Perumda Air Minum Tirta Kencana', category: 'bumd', rank: 1 };
  return {
    ...view,
    edition: { ...view.edition, simulated: false, categories: [...view.edition.categories, { code: 'bumd', name: LONG_CATEGORY }] },
    superseded: true,
    results: [copy, ...view.results],
  };
}

function cellTexts(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
  return texts;
}

const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);

describe('the ranking workbook', () => {
  let dir: string;
  let admin: ExcelJS.Workbook;
  let publicBook: ExcelJS.Workbook;
  let twoCategories: ExcelJS.Workbook;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-workbook-'));
    const view = contohView();
    await writeRankingWorkbook(view, join(dir, 'admin.xlsx'), { includeAssessors: true });
    await writeRankingWorkbook(view, join(dir, 'public.xlsx'), { includeAssessors: false });
    await writeRankingWorkbook(twoCategoryView(), join(dir, 'two.xlsx'), { includeAssessors: false });
    admin = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'admin.xlsx'));
    publicBook = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'public.xlsx'));
    twoCategories = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'two.xlsx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has Ringkasan, a sheet per category, Rincian, and Penilaian Juri only in the admin export', () => {
    expect(admin.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian', 'Penilaian Juri']);
    expect(publicBook.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
  });

  it('ranks each category under a frozen, filtered header, scores as numbers in 0.00', () => {
    const sheet = admin.getWorksheet('Pemerintah Provinsi')!;
    expect(values(sheet.getRow(6))).toEqual(['Peringkat', 'Kode', 'Badan Publik', 'SAQ (70%)', 'UJI-PUBLIK (30%)', 'Nilai Akhir', 'Predikat', 'Status']);
    expect(values(sheet.getRow(7))).toEqual([1, 'a', 'Badan Publik A', 60, 79.63, 65.89, 'Cukup Informatif', 'Lengkap']);
    expect(values(sheet.getRow(8))).toEqual([2, 'b', 'Badan Publik B', 52, undefined, 52, 'Kurang Informatif', 'Lengkap']);
    for (const column of [4, 5, 6]) expect(sheet.getRow(7).getCell(column).numFmt).toBe('0.00');
    expect(sheet.getRow(7).getCell(6).value).toBe(65.89);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(sheet.autoFilter).toBe('A6:H6');
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual('Badan Publik A'.length);
  });

  it('keeps a body that never submitted, with a final of 0.00 and no stage scores', () => {
    const row = admin.getWorksheet('Pemerintah Provinsi')!.getRow(9);
    expect(values(row)).toEqual([3, 'c', 'Badan Publik C', undefined, undefined, 0, 'Tidak Informatif', 'Tidak mengisi SAQ']);
    expect(row.getCell(6).numFmt).toBe('0.00');
  });

  it('titles every sheet with the edition and year, version, decree and SIMULASI', () => {
    for (const sheet of admin.worksheets) {
      const titles = [1, 2, 3, 4].map((r) => String(sheet.getRow(r).getCell(1).value ?? '')).join('\n');
      expect(titles).toContain('Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025 (contoh) — Komisi Informasi Contoh');
      expect(titles).toContain('Versi 2 · SK Nomor 53/KEP/KI/XII/2025 tanggal 12 Desember 2025');
      expect(titles).toContain('SIMULASI');
      expect(titles).not.toContain('DIGANTIKAN');
    }
  });

  it('counts predicates per category in Ringkasan, with a total row', () => {
    const sheet = admin.getWorksheet('Ringkasan')!;
    expect(values(sheet.getRow(6))).toEqual(['Kategori', 'Informatif', 'Menuju Informatif', 'Cukup Informatif', 'Kurang Informatif', 'Tidak Informatif', 'Jumlah']);
    expect(values(sheet.getRow(7))).toEqual(['Pemerintah Provinsi', 0, 0, 1, 1, 1, 3]);
    expect(values(sheet.getRow(8))).toEqual(['Jumlah', 0, 0, 1, 1, 1, 3]);
    expect(sheet.getRow(8).getCell(1).font?.bold).toBe(true);
  });

  it('lists verified indicator scores in Rincian, empty for a body that never submitted', () => {
    const sheet = admin.getWorksheet('Rincian')!;
    expect(values(sheet.getRow(6))).toEqual(['Kode', 'Badan Publik', 'Kategori', 'SAQ 1. Jenis Informasi (60)', 'SAQ 2. Komitmen Organisasi (40)']);
    expect(values(sheet.getRow(7))).toEqual(['a', 'Badan Publik A', 'Pemerintah Provinsi', 36, 24]);
    expect(values(sheet.getRow(8))).toEqual(['b', 'Badan Publik B', 'Pemerintah Provinsi', 36, 16]);
    expect(values(sheet.getRow(9))).toEqual(['c', 'Badan Publik C', 'Pemerintah Provinsi']);
    expect(sheet.getRow(7).getCell(4).numFmt).toBe('0.00');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
  });

  it('gives the admin one row per juror’s sheet, recusals included', () => {
    const jury = admin.getWorksheet('Penilaian Juri')!;
    expect(values(jury.getRow(6))).toEqual(['Tahap', 'Kode', 'Badan Publik', 'Juri', 'Status', 'K', 'I', 'S', 'Total', 'Komentar']);
    expect(values(jury.getRow(7))).toEqual(['uji-publik', 'a', 'Badan Publik A', 'juri1', 'Dikirim', 80, 70, 90, 79]);
    expect(values(jury.getRow(8))).toEqual(['uji-publik', 'a', 'Badan Publik A', 'juri2', 'Dikirim', 85, 75, 80, 80.25]);
    expect(values(jury.getRow(9))).toEqual(['uji-publik', 'a', 'Badan Publik A', 'juri3', 'Mengundurkan diri', undefined, undefined, undefined, undefined, 'konflik kepentingan']);
    expect(jury.getRow(8).getCell(9).numFmt).toBe('0.00');
  });

  it('names no assessor anywhere in the public export, nor their comments', () => {
    const texts = cellTexts(publicBook).join('\n');
    for (const secret of ['juri1', 'juri2', 'juri3', 'konflik kepentingan', 'Juri']) expect(texts).not.toContain(secret);
  });

  it('names category sheets within Excel’s rules and marks a superseded publication', () => {
    expect(twoCategories.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Badan Usaha Milik Daerah- Air M', 'Rincian']);
    const sheet = twoCategories.worksheets[2];
    expect(String(sheet.getRow(1).getCell(1).value)).toBe(`PERINGKAT — ${LONG_CATEGORY.toUpperCase()}`);
    expect(values(sheet.getRow(7)).slice(0, 3)).toEqual([1, 'pdam', 'Perumda Air Minum Tirta Kencana']);
    expect(String(sheet.getRow(4).getCell(1).value)).toBe('DIGANTIKAN oleh penetapan yang lebih baru');
    expect(values(twoCategories.getWorksheet('Ringkasan')!.getRow(8))).toEqual([LONG_CATEGORY, 0, 0, 0, 1, 0, 1]);
    expect(values(twoCategories.getWorksheet('Ringkasan')!.getRow(9))).toEqual(['Jumlah', 0, 0, 1, 2, 1, 4]);
  });

  it('sanitises sheet names: forbidden characters, 31 characters, unique, fixed sheet names reserved', () => {
    const taken = new Set(['ringkasan', 'rincian']);
    expect(sheetName('Kab/Kota: [Jawa]*?', taken)).toBe('Kab-Kota- -Jawa---');
    expect(sheetName('Rincian', taken)).toBe('Rincian 2');
    expect(sheetName("'Kementerian'", taken)).toBe('Kementerian');
    expect(sheetName('kementerian', taken)).toBe('kementerian 2');
    const long = 'Perguruan Tinggi Negeri Badan Hukum dan Satuan Kerja';
    expect(sheetName(long, taken)).toBe('Perguruan Tinggi Negeri Badan H');
    expect(sheetName(long, taken)).toBe('Perguruan Tinggi Negeri Badan 2');
    expect(sheetName('***', taken)).toBe('---');
    expect(sheetName('', taken)).toBe('Kategori');
  });

  describe('cells within what Excel and XML hold', () => {
    const text = (length: number, word = 'Informasi Publik Ł') => Array.from({ length }, (_, i) => word[i % word.length]).join('');

    /** contoh with every text the jury sheet and titles show at the longest the rules of SPEC §16 allow. */
    function longestView(): PublicationView {
      const view = contohView();
      const name = TEXT_LIMITS.name;
      return {
        ...view,
        decreeNumber: text(name),
        edition: {
          ...view.edition,
          title: text(name),
          commissionName: text(name),
          categories: view.edition.categories.map((c) => ({ ...c, name: text(name) })),
          bands: view.edition.bands.map((b, i) => ({ ...b, label: `${i}${text(name - 1)}` })),
          stages: view.edition.stages.map((st) => ({ ...st, indicators: st.indicators?.map((ind) => ({ ...ind, code: text(TEXT_LIMITS.code, 'k'), name: text(name) })) })),
        },
        results: view.results.map((r) => ({
          ...r,
          bodyName: text(name),
          predicateLabel: r.predicateLabel && text(name),
          panels: r.panels?.map((t) => ({ ...t, assessors: t.assessors.map((a) => ({ ...a, assessor: text(TEXT_LIMITS.code, 'j'), comment: text(TEXT_LIMITS.note) })) })),
        })),
      };
    }

    it('never comes near 32,767 characters a cell with texts under the length rules', async () => {
      const file = join(dir, 'terpanjang.xlsx');
      await writeRankingWorkbook(longestView(), file, { includeAssessors: true });
      const longest = Math.max(...cellTexts(await new ExcelJS.Workbook().xlsx.readFile(file)).map((t) => t.length));
      expect(longest).toBeGreaterThanOrEqual(TEXT_LIMITS.note);
      expect(longest).toBeLessThan(EXCEL_CELL_LIMIT / 10);
    });

    it('writes a readable workbook from texts stored before the rules: U+FFFE and lone surrogates replaced, 100,000 characters cut with a mark', async () => {
      const view = contohView();
      const old: PublicationView = {
        ...view,
        edition: { ...view.edition, commissionName: 'Komisi\uFFFF Informasi' },
        results: view.results.map((r) => ({
          ...r,
          bodyName: r.body === 'a' ? 'Badan\uFFFE Publik\u0007 A\uD800' : r.bodyName,
          panels: r.panels?.map((t) => ({ ...t, assessors: t.assessors.map((a) => ({ ...a, comment: 'x'.repeat(100_000) })) })),
        })),
      };
      const file = join(dir, 'lama.xlsx');
      await writeRankingWorkbook(old, file, { includeAssessors: true });
      const book = await new ExcelJS.Workbook().xlsx.readFile(file);
      expect(values(book.getWorksheet('Pemerintah Provinsi')!.getRow(7)).slice(0, 3)).toEqual([1, 'a', 'Badan\uFFFD Publik\uFFFD A\uFFFD']);
      const texts = cellTexts(book);
      expect(texts.some((t) => t.includes('Komisi\uFFFD Informasi'))).toBe(true);
      const comments = texts.filter((t) => t.startsWith('xxx'));
      expect(comments.length).toBeGreaterThan(0);
      for (const comment of comments) {
        expect(comment.length).toBe(EXCEL_CELL_LIMIT);
        expect(comment.endsWith('… [dipotong]')).toBe(true);
      }
    });

    it('leaves tabs, line breaks and every script as they are', () => {
      expect(cellText('baris 1\n\tbaris 2\r\nĀĒ ő 𝔸 東京')).toBe('baris 1\n\tbaris 2\r\nĀĒ ő 𝔸 東京');
      expect(cellText('\uFDD0')).toBe('\uFDD0');
      expect(cellText(`${'x'.repeat(EXCEL_CELL_LIMIT - 1)}😀`).length).toBeLessThanOrEqual(EXCEL_CELL_LIMIT);
    });
  });
  describe('what a publication says beside the scores (SPEC §15)', () => {
    /** contoh with A absent from the uji publik (its sheets no longer count) and B's verification never completed. */
    const markedFacts = (bodies: BodyFacts[]) => {
      const a = bodies.find((x) => x.body === 'a')!.stages['uji-publik'];
      if (a?.kind === 'panel') {
        a.absent = true;
        a.sheets = [];
      }
      const b = bodies.find((x) => x.body === 'b')!.stages.saq;
      if (b?.kind === 'questionnaire') b.verificationComplete = false;
    };
    const read = async (view: PublicationView, name: string) => {
      await writeRankingWorkbook(view, join(dir, name), { includeAssessors: true });
      return new ExcelJS.Workbook().xlsx.readFile(join(dir, name));
    };

    it('marks Tidak hadir in the stage column and the status, Belum diverifikasi in the status and Rincian, with the reason in every title', async () => {
      const view = contohView(markedFacts);
      const book = await read({ ...view, marking: { acceptUnverified: true, reason: 'Rapat pleno 10 Desember 2025' } }, 'ditandai.xlsx');
      const sheet = book.getWorksheet('Pemerintah Provinsi')!;
      // A: 0.7 × 60 + 0.3 × 0 = 42.00; B unverified keeps its claimed-minus-evidence 52.00
      expect(values(sheet.getRow(7))).toEqual([1, 'b', 'Badan Publik B', 52, undefined, 52, 'Kurang Informatif', 'Belum diverifikasi']);
      expect(values(sheet.getRow(8))).toEqual([2, 'a', 'Badan Publik A', 60, 'Tidak hadir', 42, 'Kurang Informatif', 'Tidak hadir']);
      const rincian = book.getWorksheet('Rincian')!;
      expect(values(rincian.getRow(6)).at(-1)).toBe('Keterangan');
      expect(values(rincian.getRow(7))).toEqual(['b', 'Badan Publik B', 'Pemerintah Provinsi', 36, 16, 'Belum diverifikasi']);
      expect(values(rincian.getRow(8))).toEqual(['a', 'Badan Publik A', 'Pemerintah Provinsi', 36, 24]);
      expect(values(book.getWorksheet('Penilaian Juri')!.getRow(7))).toEqual(['uji-publik', 'a', 'Badan Publik A', undefined, 'Tidak hadir']);
      for (const s of book.worksheets) expect(String(s.getRow(4).getCell(1).value)).toContain('Memuat 1 hasil belum diverifikasi, ditetapkan dengan alasan: Rapat pleno 10 Desember 2025');
    });

    it('renders a publication made before the rule as it was: no marks, no Keterangan column', async () => {
      const book = await read({ ...contohView(markedFacts), marking: null }, 'lama-tanpa-tanda.xlsx');
      const sheet = book.getWorksheet('Pemerintah Provinsi')!;
      expect(values(sheet.getRow(8))).toEqual([2, 'a', 'Badan Publik A', 60, 0, 42, 'Kurang Informatif', 'Lengkap']);
      expect(values(book.getWorksheet('Rincian')!.getRow(6))).toEqual(['Kode', 'Badan Publik', 'Kategori', 'SAQ 1. Jenis Informasi (60)', 'SAQ 2. Komitmen Organisasi (40)']);
      expect(cellTexts(book).join('\n')).not.toContain('Tidak hadir');
    });
  });
});

describe('the ranking workbook of a correction (SPEC §15): Perubahan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-workbook-changes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const render = async (view: PublicationView, name: string) => {
    await writeRankingWorkbook(view, join(dir, name), { includeAssessors: false });
    return new ExcelJS.Workbook().xlsx.readFile(join(dir, name));
  };
  const cells = (sheet: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  it('prints the rows it is given (a withdrawn body with empty after-cells), after Ringkasan, and leaves every other sheet as without it', async () => {
    const plain = contohView();
    const corrected: PublicationView = {
      ...plain,
      changes: {
        replaces: { version: 1, decreeNumber: '52/KEP/KI/XII/2025', decreeDate: '2025-12-01' },
        reason: 'Koreksi perhitungan',
        rows: [
          { body: 'a', bodyName: 'Badan Publik A', categoryName: 'Pemerintah Provinsi', before: { final: 65.89, predicateLabel: 'Cukup Informatif', rank: 2 }, after: { final: 68.69, predicateLabel: 'Cukup Informatif', rank: 1 } },
          { body: 'x', bodyName: 'Badan Publik X', categoryName: 'Pemerintah Provinsi', before: { final: 70, predicateLabel: 'Cukup Informatif', rank: 1 }, after: null },
        ],
      },
    };
    const without = await render(plain, 'plain.xlsx');
    const withChanges = await render(corrected, 'corrected.xlsx');
    expect(withChanges.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Perubahan', 'Pemerintah Provinsi', 'Rincian']);
    const sheet = withChanges.getWorksheet('Perubahan')!;
    expect(String(sheet.getCell('A1').value)).toBe('PERUBAHAN HASIL — VERSI 2 MENGGANTIKAN VERSI 1');
    expect(String(sheet.getCell('A4').value)).toBe('SIMULASI — bukan hasil resmi');
    expect(String(sheet.getCell('A5').value)).toBe('Menggantikan versi 1 (SK Nomor 52/KEP/KI/XII/2025 tanggal 1 Desember 2025). Alasan: Koreksi perhitungan. 2 badan publik berubah.');
    expect(values(sheet.getRow(7))).toEqual(['a', 'Badan Publik A', 'Pemerintah Provinsi', 65.89, 'Cukup Informatif', 2, 68.69, 'Cukup Informatif', 1]);
    expect((sheet.getRow(8).values as unknown[]).slice(1, 7)).toEqual(['x', 'Badan Publik X', 'Pemerintah Provinsi', 70, 'Cukup Informatif', 1]);
    expect(sheet.getRow(8).getCell(7).value).toBeNull();
    for (const name of ['Ringkasan', 'Pemerintah Provinsi', 'Rincian']) expect(cells(withChanges.getWorksheet(name)!)).toEqual(cells(without.getWorksheet(name)!));
  });

  it('says so when a correction changed no final, predicate or rank', async () => {
    const view: PublicationView = { ...contohView(), changes: { replaces: { version: 1, decreeNumber: '52', decreeDate: '2025-12-01' }, reason: null, rows: [] } };
    const sheet = (await render(view, 'none.xlsx')).getWorksheet('Perubahan')!;
    expect(String(sheet.getCell('A5').value)).toBe('Menggantikan versi 1 (SK Nomor 52 tanggal 1 Desember 2025). Alasan: —. Tidak ada perubahan nilai akhir, predikat, atau peringkat.');
    expect(sheet.rowCount).toBe(6);
  });
});
