import ExcelJS from 'exceljs';
import { Stream } from 'stream';
import { tanggal } from '../common/indonesian';
import { SheetStatus } from '../scoring';
import { MARK_LABEL, PublishedResult, STATUS_LABEL, statusLabel } from '../results/result-view';
import { ChangeSide, ChangesView, PublicationView } from './document-types';

type Cell = string | number | null;
type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

const SCORE_FORMAT = '0.00';
const TITLE_ROWS = 4;
const HEADER_ROW = TITLE_ROWS + 2;
/** column widths are measured on this many rows; a streamed sheet fixes them before its first row */
const MEASURED_ROWS = 2000;
const MAX_WIDTH = 60;
/** a header wider than its data wraps onto more lines instead of widening the column */
const MAX_HEADER_WIDTH = 28;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };

const SHEET = { summary: 'Ringkasan', detail: 'Rincian', jury: 'Penilaian Juri' };
/** only in a workbook of version 2 and later, so a version 1 workbook stays what it always was */
const CHANGES_SHEET = 'Perubahan';

const SHEET_STATUS_LABEL: Record<SheetStatus, string> = {
  submitted: 'Dikirim',
  draft: 'Draf',
  recused: 'Mengundurkan diri',
};

export interface WorkbookOptions {
  /** the admin export: adds the `Penilaian Juri` sheet with assessor names */
  includeAssessors: boolean;
}

interface SheetSpec {
  name: string;
  heading: string;
  headers: string[];
  /** which columns hold scores (0-based): written with the 0.00 format */
  isScore: (column: number) => boolean;
  rows: Iterable<Cell[]>;
  /** the first rows again, to size the columns by */
  sample: Cell[][];
  /** the last row is a total: bold on a light fill */
  totalRow?: boolean;
  /** a line under the title rows (the row before the header, otherwise empty) */
  note?: string;
}

/** Excel's most characters in one cell. */
export const EXCEL_CELL_LIMIT = 32_767;
const CUT_MARK = ' … [dipotong]';

/**
 * A text as a cell can hold it. Texts stored under the rules of SPEC §16 pass unchanged (the
 * longest cell they make is a few thousand characters). What was stored before the rules is made
 * safe here: a character XML 1.0 cannot hold (a control character other than tab and line
 * breaks, U+FFFE, U+FFFF, a lone surrogate) becomes U+FFFD — one such letter in a body's name made
 * every workbook of its edition unreadable by Excel and openpyxl — and a text beyond Excel's
 * 32,767 characters is cut, ending in "… [dipotong]".
 */
export function cellText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return safe.length > EXCEL_CELL_LIMIT ? `${safe.slice(0, EXCEL_CELL_LIMIT - CUT_MARK.length).replace(/[\uD800-\uDBFF]$/, '')}${CUT_MARK}` : safe;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, no leading or trailing apostrophe, unique ignoring case. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    cellText(wanted)
      .replace(/[[\]:*?/\\]/g, '-')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31)
      .trim() || 'Kategori';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
    name = `${base.slice(0, 31 - String(n).length - 1).trim()} ${n}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

function titleLines(view: PublicationView, heading: string): string[] {
  const e = view.edition;
  const title = e.title.includes(String(e.year)) ? e.title : `${e.title} Tahun ${e.year}`;
  const unverified = view.marking?.acceptUnverified ? view.results.filter((r) => r.status === 'unverified').length : 0;
  const notices = [
    e.simulated ? 'SIMULASI — bukan hasil resmi' : '',
    view.superseded ? 'DIGANTIKAN oleh penetapan yang lebih baru' : '',
    unverified ? `Memuat ${unverified} hasil belum diverifikasi, ditetapkan dengan alasan: ${view.marking!.reason ?? ''}` : '',
  ].filter(Boolean);
  return [heading, `${title} — ${e.commissionName}`, `Versi ${view.version} · SK Nomor ${view.decreeNumber} tanggal ${tanggal(view.decreeDate)}`, notices.join(' · ')];
}

function textWidth(value: Cell): number {
  if (value === null) return 0;
  if (typeof value === 'number') return value.toFixed(2).length + 2;
  return String(value).length + 2;
}

/**
 * One sheet: title rows, a frozen and filtered header, then the rows streamed out one by one.
 * Columns are sized from the header and a sample of the rows before anything is written.
 */
function writeSheet(workbook: Writer, view: PublicationView, spec: SheetSpec): void {
  const sheet = workbook.addWorksheet(spec.name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const widths = spec.headers.map((h, i) => {
    const data = Math.max(0, ...spec.sample.map((r) => textWidth(r[i])));
    return Math.min(MAX_WIDTH, Math.max(10, data, Math.min(h.length + 2, Math.max(MAX_HEADER_WIDTH, data))));
  });
  sheet.columns = widths.map((width) => ({ width }));

  titleLines(view, spec.heading).forEach((text, i) => {
    const row = sheet.getRow(i + 1);
    const cell = row.getCell(1);
    cell.value = cellText(text);
    cell.font = i === 0 ? { bold: true, size: 14, color: { argb: 'FF1F3A5F' } } : i === TITLE_ROWS - 1 ? { bold: true, color: { argb: 'FFC00000' } } : { italic: true };
    row.commit();
  });
  const noteRow = sheet.getRow(TITLE_ROWS + 1);
  if (spec.note !== undefined) {
    noteRow.getCell(1).value = cellText(spec.note);
    noteRow.getCell(1).font = { italic: true };
  }
  noteRow.commit();

  const header = sheet.getRow(HEADER_ROW);
  const headerLines = Math.max(...spec.headers.map((h, i) => Math.ceil((h.length + 2) / widths[i])));
  if (headerLines > 1) header.height = 15 * headerLines;
  spec.headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = cellText(h);
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.commit();
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: spec.headers.length } };

  let index = HEADER_ROW + 1;
  let previous: ExcelJS.Row | null = null;
  const commit = (row: ExcelJS.Row | null, total: boolean) => {
    if (!row) return;
    if (total) {
      row.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = TOTAL_FILL;
      });
    }
    row.commit();
  };
  for (const values of spec.rows) {
    // rows are committed one behind, so that the last one can still be styled as a total
    commit(previous, false);
    const row = sheet.getRow(index++);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.value = typeof v === 'string' ? cellText(v) : v;
      if (typeof v === 'number' && spec.isScore(i)) cell.numFmt = SCORE_FORMAT;
    });
    previous = row;
  }
  commit(previous, spec.totalRow === true);
  sheet.commit();
}

/** By rank, unranked last, then by body code. */
function byRank(a: PublishedResult, b: PublishedResult): number {
  return (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.body < b.body ? -1 : a.body > b.body ? 1 : 0);
}

function* mapped<T>(items: Iterable<T>, f: (item: T) => Cell[]): Generator<Cell[]> {
  for (const item of items) yield f(item);
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n <= 0) return;
  }
}

/**
 * `Perubahan` (SPEC §15): one row per body whose final, predicate or rank differs from the
 * version this one replaces, before and after, as the results room listed them; under the title
 * the version replaced and the reason.
 */
function writeChanges(workbook: Writer, view: PublicationView, changes: ChangesView): void {
  const side = (s: ChangeSide | null): Cell[] => (s ? [s.final, s.predicateLabel, s.rank] : [null, null, null]);
  const rows: Cell[][] = changes.rows.map((r) => [r.body, r.bodyName, r.categoryName, ...side(r.before), ...side(r.after)]);
  const replaced = changes.replaces;
  const note =
    `Menggantikan versi ${replaced.version} (SK Nomor ${replaced.decreeNumber} tanggal ${tanggal(replaced.decreeDate)}). ` +
    `Alasan: ${changes.reason ?? '—'}.` +
    (rows.length === 0 ? ' Tidak ada perubahan nilai akhir, predikat, atau peringkat.' : ` ${rows.length} badan publik berubah.`);
  writeSheet(workbook, view, {
    name: CHANGES_SHEET,
    heading: `PERUBAHAN HASIL — VERSI ${view.version} MENGGANTIKAN VERSI ${replaced.version}`,
    headers: ['Kode', 'Badan Publik', 'Kategori', 'Nilai Akhir (sebelum)', 'Predikat (sebelum)', 'Peringkat (sebelum)', 'Nilai Akhir (sesudah)', 'Predikat (sesudah)', 'Peringkat (sesudah)'],
    isScore: (i) => i === 3 || i === 6,
    rows,
    sample: rows.slice(0, MEASURED_ROWS),
    note,
  });
}

/**
 * The ranking workbook of SPEC §8: `Ringkasan`, from version 2 on `Perubahan` (SPEC §15), one
 * sheet per category, `Rincian`, and in the admin export `Penilaian Juri`. Streamed (exceljs WorkbookWriter) to a file path or a stream.
 * It renders the publication as given: no score is computed here.
 */
export async function writeRankingWorkbook(view: PublicationView, output: NodeJS.WritableStream | string, options: WorkbookOptions): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof output === 'string' ? { filename: output } : { stream: output as unknown as Stream }),
    useStyles: true,
    useSharedStrings: false,
  });
  const e = view.edition;
  workbook.creator = cellText(e.commissionName);
  workbook.lastModifiedBy = cellText(e.commissionName);
  workbook.created = new Date(view.publishedAt);
  workbook.modified = new Date(view.publishedAt);

  // the fixed sheets keep their names even if a category is called "Rincian"
  const taken = new Set(Object.values(SHEET).map((n) => n.toLowerCase()));
  if (view.changes) taken.add(CHANGES_SHEET.toLowerCase());
  if (!options.includeAssessors) taken.delete(SHEET.jury.toLowerCase());
  const categoryName = new Map(e.categories.map((c) => [c.code, c.name]));
  const byCategory = new Map<string, PublishedResult[]>(e.categories.map((c) => [c.code, []]));
  for (const r of view.results) {
    if (!byCategory.has(r.category)) byCategory.set(r.category, []);
    byCategory.get(r.category)!.push(r);
  }
  for (const rows of byCategory.values()) rows.sort(byRank);
  const categories = [...byCategory.keys()];

  // Ringkasan: predicates per category, and a total row
  const bands = [...e.bands].sort((a, b) => b.min - a.min);
  const unbanded = view.results.some((r) => r.predicate === null);
  const count = (rows: PublishedResult[]): number[] => [
    ...bands.map((b) => rows.filter((r) => r.predicate === b.code).length),
    ...(unbanded ? [rows.filter((r) => r.predicate === null).length] : []),
    rows.length,
  ];
  const summary: Cell[][] = [...categories.map((c) => [categoryName.get(c) ?? c, ...count(byCategory.get(c)!)]), ['Jumlah', ...count(view.results)]];
  writeSheet(workbook, view, {
    name: SHEET.summary,
    heading: 'RINGKASAN PREDIKAT PER KATEGORI',
    headers: ['Kategori', ...bands.map((b) => b.label), ...(unbanded ? ['Tanpa predikat'] : []), 'Jumlah'],
    isScore: () => false,
    rows: summary,
    sample: summary,
    totalRow: true,
  });

  if (view.changes) writeChanges(workbook, view, view.changes);

  // one sheet per category
  const stageHeaders = e.stages.map((s) => `${s.title ?? s.code.toUpperCase()} (${s.weight}%)`);
  const firstScore = 3;
  const lastScore = firstScore + e.stages.length;
  // SPEC §15: an absent body's stage reads "Tidak hadir", not a jury's 0.00, and its status is not "Lengkap"
  const marked = view.marking !== null;
  const ranking = (r: PublishedResult): Cell[] => [
    r.rank,
    r.body,
    r.bodyName,
    ...e.stages.map((s) => (marked && r.absent?.includes(s.code) ? MARK_LABEL.tidak_hadir : (r.stages[s.code] ?? null))),
    r.final,
    r.predicateLabel,
    marked ? statusLabel(r) : STATUS_LABEL[r.status],
  ];
  for (const code of categories) {
    const rows = byCategory.get(code)!;
    const name = categoryName.get(code) ?? code;
    writeSheet(workbook, view, {
      name: sheetName(name, taken),
      heading: `PERINGKAT — ${name.toUpperCase()}`,
      headers: ['Peringkat', 'Kode', 'Badan Publik', ...stageHeaders, 'Nilai Akhir', 'Predikat', 'Status'],
      isScore: (i) => i >= firstScore && i <= lastScore,
      rows: mapped(rows, ranking),
      sample: [...mapped(take(rows, MEASURED_ROWS), ranking)],
    });
  }

  // Rincian: the verified indicator scores of every questionnaire stage
  const columns: { stage: string; index: number; header: string }[] = e.stages.flatMap((stage) =>
    (stage.indicators ?? []).map((ind, index) => ({ stage: stage.code, index, header: `${stage.title ?? stage.code.toUpperCase()} ${ind.code}. ${ind.name} (${ind.weight})` })),
  );
  // a questionnaire never submitted has no indicator scores, which is not the same as zero; a
  // publication with unverified results says which indicator scores no verifier confirmed
  const unverifiedColumn = marked && view.results.some((r) => r.status === 'unverified');
  const detail = (r: PublishedResult): Cell[] => [
    r.body,
    r.bodyName,
    categoryName.get(r.category) ?? r.category,
    ...columns.map((c) => r.indicators[c.stage]?.[c.index] ?? null),
    ...(unverifiedColumn ? [r.status === 'unverified' ? MARK_LABEL.belum_diverifikasi : null] : []),
  ];
  const everyBody = (): Generator<PublishedResult> => (function* () {
    for (const code of categories) yield* byCategory.get(code)!;
  })();
  writeSheet(workbook, view, {
    name: SHEET.detail,
    heading: 'RINCIAN NILAI INDIKATOR (TERVERIFIKASI)',
    headers: ['Kode', 'Badan Publik', 'Kategori', ...columns.map((c) => c.header), ...(unverifiedColumn ? ['Keterangan'] : [])],
    isScore: (i) => i >= 3 && i < 3 + columns.length,
    rows: mapped(everyBody(), detail),
    sample: [...mapped(take(everyBody(), MEASURED_ROWS), detail)],
  });

  if (options.includeAssessors) {
    const panels = e.stages.filter((s) => s.kind === 'panel');
    const aspects: { stage: string; aspect: string }[] = [];
    const aspectSeen = new Set<string>();
    for (const r of view.results) {
      for (const t of r.panels ?? []) {
        for (const a of t.assessors) {
          for (const aspect of Object.keys(a.scores)) {
            const key = `${t.stage}\u0000${aspect}`;
            if (aspectSeen.has(key)) continue;
            aspectSeen.add(key);
            aspects.push({ stage: t.stage, aspect });
          }
        }
      }
    }
    // with two panel stages an aspect code could mean two things: say which stage it belongs to
    const aspectHeader = (a: { stage: string; aspect: string }) => (panels.length > 1 ? `${a.stage.toUpperCase()} ${a.aspect}` : a.aspect);
    const stageTitle = new Map(e.stages.map((s) => [s.code, s.title ?? s.code]));
    const juryRows = function* (): Generator<Cell[]> {
      for (const r of everyBody()) {
        for (const t of r.panels ?? []) {
          // an absent body has no jury's sheet to show: one row says why its stage scores 0
          if (marked && r.absent?.includes(t.stage)) {
            yield [stageTitle.get(t.stage) ?? t.stage, r.body, r.bodyName, null, MARK_LABEL.tidak_hadir, ...aspects.map(() => null), null, null];
          }
          for (const a of t.assessors) {
            yield [
              stageTitle.get(t.stage) ?? t.stage,
              r.body,
              r.bodyName,
              a.assessor,
              SHEET_STATUS_LABEL[a.status],
              ...aspects.map((x) => (x.stage === t.stage ? (a.scores[x.aspect] ?? null) : null)),
              a.total ? a.total.rounded : null,
              a.comment ?? null,
            ];
          }
        }
      }
    };
    writeSheet(workbook, view, {
      name: SHEET.jury,
      heading: 'PENILAIAN JURI (RAHASIA — hanya untuk Komisi Informasi)',
      headers: ['Tahap', 'Kode', 'Badan Publik', 'Juri', 'Status', ...aspects.map(aspectHeader), 'Total', 'Komentar'],
      isScore: (i) => i >= 5 && i <= 5 + aspects.length,
      rows: juryRows(),
      sample: [...take(juryRows(), MEASURED_ROWS)],
    });
  }

  await workbook.commit();
}
