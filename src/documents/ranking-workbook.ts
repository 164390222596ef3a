import ExcelJS from 'exceljs';
import { BodyResult } from '../scoring';
import { PublicationView } from './document-types';
import { tanggal } from './indonesian';

type Cell = string | number | null;
type Writer = ExcelJS.stream.xlsx.WorkbookWriter;
type Sheet = ExcelJS.Worksheet;

const SCORE_FORMAT = '0.00';
const TITLE_ROWS = 4;
const HEADER_ROW = TITLE_ROWS + 2;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

export interface WorkbookOptions {
  /** the admin export: adds the `Penilaian Juri` sheet with assessor names */
  includeAssessors: boolean;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '-').slice(0, 31).trim() || 'Kategori';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function titleLines(view: PublicationView, heading: string): string[] {
  const e = view.edition;
  return [
    heading,
    `${e.title} — ${e.commissionName}`,
    `Versi ${view.version} · SK Nomor ${view.decreeNumber} tanggal ${tanggal(view.decreeDate)}${view.superseded ? ' · DIGANTIKAN oleh versi yang lebih baru' : ''}`,
    e.simulated ? 'SIMULASI — bukan hasil resmi' : '',
  ];
}

/**
 * Writes one sheet: title rows, a frozen and filtered header, then the rows streamed out one by
 * one. Column widths are measured from the data first, because a streamed sheet writes its
 * column definitions before its first row.
 */
function writeSheet(
  workbook: Writer,
  name: string,
  titles: string[],
  headers: string[],
  rows: Iterable<Cell[]>,
  numericFrom: (column: number) => boolean,
  measureRows: Cell[][],
): void {
  const sheet: Sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  const widths = headers.map((h, i) =>
    Math.min(70, Math.max(h.length + 2, ...measureRows.map((r) => (r[i] === null ? 0 : typeof r[i] === 'number' ? 8 : String(r[i]).length + 2)))),
  );
  sheet.columns = widths.map((width) => ({ width }));
  titles.forEach((text, i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = i === 0 ? { bold: true, size: 14 } : i === TITLE_ROWS - 1 ? { bold: true, color: { argb: 'FFC00000' } } : { italic: i > 0 };
    row.commit();
  });
  sheet.getRow(TITLE_ROWS + 1).commit();
  const header = sheet.getRow(HEADER_ROW);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.commit();
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: headers.length } };
  let index = HEADER_ROW + 1;
  for (const values of rows) {
    const row = sheet.getRow(index++);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.value = v;
      if (numericFrom(i) && typeof v === 'number') cell.numFmt = SCORE_FORMAT;
    });
    row.commit();
  }
  sheet.commit();
}

function byRank(a: BodyResult, b: BodyResult): number {
  return (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.body.localeCompare(b.body);
}

/**
 * The ranking workbook of SPEC §8: `Ringkasan`, one sheet per category, `Rincian`, and in the
 * admin export `Penilaian Juri`. Streamed (exceljs WorkbookWriter) to a file path or a stream.
 */
export async function writeRankingWorkbook(view: PublicationView, output: NodeJS.WritableStream | string, options: WorkbookOptions): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof output === 'string' ? { filename: output } : { stream: output as unknown as import('stream').Stream }),
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = view.edition.commissionName;
  workbook.created = new Date(view.publishedAt);
  const taken = new Set<string>();
  const e = view.edition;

  // Ringkasan: predicates per category
  const bands = [...e.bands].sort((a, b) => b.min - a.min);
  const summaryRows: Cell[][] = e.categories.map((c) => {
    const inCategory = view.results.filter((r) => r.category === c.code);
    return [c.name, ...bands.map((b) => inCategory.filter((r) => r.predicate === b.code).length), inCategory.length];
  });
  summaryRows.push(['Jumlah', ...bands.map((b) => view.results.filter((r) => r.predicate === b.code).length), view.results.length]);
  writeSheet(workbook, sheetName('Ringkasan', taken), titleLines(view, 'RINGKASAN PREDIKAT PER KATEGORI'), ['Kategori', ...bands.map((b) => b.label), 'Jumlah'], summaryRows, () => false, summaryRows);

  // one sheet per category
  const stageHeaders = e.stages.map((s) => `${s.code.toUpperCase()} (${s.weight}%)`);
  for (const category of e.categories) {
    const rows = view.results.filter((r) => r.category === category.code).sort(byRank);
    const cells = (r: BodyResult): Cell[] => [r.rank, r.body, r.bodyName, ...e.stages.map((s) => r.stages[s.code]), r.final ? r.final.rounded : null, r.predicateLabel];
    const firstScore = 3;
    const lastScore = 3 + e.stages.length;
    writeSheet(
      workbook,
      sheetName(category.name, taken),
      titleLines(view, `PERINGKAT — ${category.name.toUpperCase()}`),
      ['Peringkat', 'Kode', 'Badan Publik', ...stageHeaders, 'Nilai Akhir', 'Predikat'],
      (function* () {
        for (const r of rows) yield cells(r);
      })(),
      (i) => i >= firstScore && i <= lastScore,
      rows.slice(0, 2000).map(cells),
    );
  }

  // Rincian: verified indicator scores of every questionnaire stage
  const columns: { stage: string; indicator: string; header: string }[] = [];
  for (const r of view.results) {
    for (const t of r.trace.stages) {
      if (t.kind !== 'questionnaire') continue;
      for (const ind of t.indicators) {
        if (!columns.some((c) => c.stage === t.stage && c.indicator === ind.code)) {
          columns.push({ stage: t.stage, indicator: ind.code, header: `${t.stage.toUpperCase()} ${ind.code}. ${ind.name} (${ind.weight})` });
        }
      }
    }
    if (columns.length) break;
  }
  const categoryName = new Map(e.categories.map((c) => [c.code, c.name]));
  const detail = (r: BodyResult): Cell[] => [
    r.body,
    r.bodyName,
    categoryName.get(r.category) ?? r.category,
    ...columns.map((c) => {
      const stage = r.trace.stages.find((t) => t.stage === c.stage);
      if (!stage || stage.kind !== 'questionnaire' || !stage.submitted) return null;
      return stage.indicators.find((i) => i.code === c.indicator)?.verified.rounded ?? null;
    }),
  ];
  const sorted = [...view.results].sort((a, b) => a.category.localeCompare(b.category) || byRank(a, b));
  writeSheet(
    workbook,
    sheetName('Rincian', taken),
    titleLines(view, 'RINCIAN NILAI INDIKATOR (TERVERIFIKASI)'),
    ['Kode', 'Badan Publik', 'Kategori', ...columns.map((c) => c.header)],
    (function* () {
      for (const r of sorted) yield detail(r);
    })(),
    (i) => i >= 3,
    sorted.slice(0, 2000).map(detail),
  );

  if (options.includeAssessors) {
    const aspects: string[] = [];
    for (const r of view.results) for (const t of r.trace.stages) if (t.kind === 'panel') for (const a of t.assessors) for (const k of Object.keys(a.scores)) if (!aspects.includes(k)) aspects.push(k);
    const juryRows: Cell[][] = [];
    for (const r of sorted) {
      for (const t of r.trace.stages) {
        if (t.kind !== 'panel') continue;
        for (const a of t.assessors) {
          juryRows.push([t.stage, r.body, r.bodyName, a.assessor, a.status, ...aspects.map((k) => a.scores[k] ?? null), a.total ? a.total.rounded : null, a.comment ?? null]);
        }
      }
    }
    writeSheet(
      workbook,
      sheetName('Penilaian Juri', taken),
      titleLines(view, 'PENILAIAN JURI (RAHASIA — hanya untuk Komisi Informasi)'),
      ['Tahap', 'Kode', 'Badan Publik', 'Juri', 'Status', ...aspects, 'Total', 'Komentar'],
      juryRows,
      (i) => i >= 5 && i <= 5 + aspects.length,
      juryRows.slice(0, 2000),
    );
  }

  await workbook.commit();
}
