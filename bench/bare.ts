import ExcelJS from 'exceljs';
import { createWriteStream } from 'fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sqlite3 from 'sqlite3';
import { FONT, divider, ornaments, registerCertificateFonts } from '../src/documents/certificate';
import { CertificatePage } from '../src/documents/document-types';

/**
 * The lower bounds: the same work done with the bare libraries and nothing of monev-kip in
 * between — no entities, no validation, no trace, no styling beyond what SPEC makes content.
 */

export type Row = Record<string, unknown>;

export function openRaw(path: string, mode = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}

export function all(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<Row[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as Row[]))));
}

export function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

export function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

/** The tables an import fills, in an order that respects their references. */
export const IMPORTED_TABLES = [
  'commission', 'instrument', 'edition', 'stage', 'body', 'participant', 'saq_response', 'answer',
  'verification_decision', 'objection', 'user', 'assignment', 'panel_sheet', 'absence', 'audit_entry',
];

/** Every row of the imported tables, read back from a database (outside any timing). */
export async function readImportedRows(path: string): Promise<Map<string, Row[]>> {
  const db = await openRaw(path, sqlite3.OPEN_READONLY);
  const tables = new Map<string, Row[]>();
  for (const table of IMPORTED_TABLES) tables.set(table, await all(db, `SELECT * FROM "${table}" ORDER BY id`));
  await close(db);
  return tables;
}

/** Bound of import: the same rows inserted with prepared statements of the bare driver, in one transaction. */
export async function bareInsert(path: string, tables: Map<string, Row[]>): Promise<number> {
  const db = await openRaw(path);
  await exec(db, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; BEGIN');
  let count = 0;
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]);
    const statement = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    await new Promise<void>((resolve, reject) => {
      let pending = rows.length;
      for (const row of rows) {
        statement.run(columns.map((c) => row[c]), (error: Error | null) => {
          if (error) reject(error);
          else if (--pending === 0) resolve();
        });
      }
    });
    await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    count += rows.length;
  }
  await exec(db, 'COMMIT');
  await close(db);
  return count;
}

/**
 * Bound of compute: one query over the edition's answers — each with the evidence and the
 * verification decision that scoring must read too (the evidence rule, corrections) — summed per
 * body in a plain loop: the same rows, no scoring, no trace, nothing written.
 */
export async function bareCompute(db: sqlite3.Database, editionId: number): Promise<number> {
  const rows = await all(
    db,
    'SELECT r."bodyId" AS body, a.value AS value, a.evidence AS evidence, d.decision AS decision, d.value AS corrected FROM answer a ' +
      'JOIN saq_response r ON r.id = a."responseId" ' +
      'LEFT JOIN verification_decision d ON d."responseId" = a."responseId" AND d."questionCode" = a."questionCode" ' +
      'WHERE r."editionId" = ?',
    [editionId],
  );
  const sums = new Map<number, number>();
  for (const row of rows) {
    const value = JSON.parse(String(row.decision === 'correct' ? row.corrected : row.value)) as unknown;
    const counted = row.decision !== 'reject' && row.evidence !== '[]';
    const points = !counted ? 0 : value === true ? 1 : Array.isArray(value) ? value.length : typeof value === 'string' ? 1 : 0;
    sums.set(row.body as number, (sums.get(row.body as number) ?? 0) + points);
  }
  return sums.size;
}

/** The narrower reading the first benchmarks used: only the answers' values (printed for comparison). */
export async function bareComputeValues(db: sqlite3.Database, editionId: number): Promise<number> {
  const rows = await all(
    db,
    'SELECT r."bodyId" AS body, a.value AS value FROM answer a JOIN saq_response r ON r.id = a."responseId" WHERE r."editionId" = ?',
    [editionId],
  );
  const sums = new Map<number, number>();
  for (const row of rows) {
    const value = JSON.parse(String(row.value)) as unknown;
    const points = value === true ? 1 : Array.isArray(value) ? value.length : typeof value === 'string' ? 1 : 0;
    sums.set(row.body as number, (sums.get(row.body as number) ?? 0) + points);
  }
  return sums.size;
}

export interface WorkbookRows {
  /** category name → ranking rows */
  categories: Map<string, (string | number | null)[][]>;
  detail: (string | number | null)[][];
}

/**
 * Bound of the ranking workbook: a bare exceljs streaming writer writing the same rows, with the
 * one format SPEC §8 makes part of the content — score cells in `0.00` (65.80, not 65.8) — and
 * nothing else: no titles, header styling, widths, frozen panes or filters.
 */
export async function bareWorkbook(file: string, rows: WorkbookRows): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const write = (sheet: ExcelJS.Worksheet, values: (string | number | null)[], firstScore: number) => {
    const row = sheet.addRow(values);
    for (let i = firstScore; i < values.length; i++) if (typeof values[i] === 'number') row.getCell(i + 1).numFmt = '0.00';
    row.commit();
  };
  for (const [name, list] of rows.categories) {
    const sheet = workbook.addWorksheet(name.slice(0, 31));
    for (const values of list) write(sheet, values, 3); // rank, code, name, then scores
    sheet.commit();
  }
  const detail = workbook.addWorksheet('Rincian');
  for (const values of rows.detail) write(detail, values, 3); // code, name, category, then scores
  detail.commit();
  await workbook.commit();
}

/**
 * Bound of certificates: a bare pdfkit document drawing, page after page, the same texts in the
 * same fonts and the same image — border, ornaments and notices (monev-kip's own `ornaments` and
 * `divider`, plain drawing) and the QR squares — at fixed places: no fitting of the name, no
 * balancing, no measuring for layout. `textOnly` leaves out the ornaments and the texts the first
 * benchmarks did not draw (the narrower bound, printed for comparison).
 */
export async function barePdf(file: string, pages: CertificatePage[], textOnly = false): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false });
  registerCertificateFonts(doc);
  const sink = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  doc.pipe(sink);
  for (const p of pages) {
    doc.addPage();
    if (!textOnly) {
      ornaments(doc, p);
      divider(doc, 122);
      doc.font(FONT.serifBold).fontSize(30).text(p.predicateLabel.toUpperCase(), 60, 330, { width: 720, align: 'center', characterSpacing: 1.5 });
      doc.font(FONT.serifItalic).fontSize(16).text('diberikan kepada', 60, 375, { width: 720, align: 'center' });
      doc.font(FONT.sans).fontSize(8).text('Kode verifikasi', 164, 475, { lineBreak: false });
      doc.font(FONT.sans).fontSize(7).text('Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian piagam:', 164, 540, { width: 200 });
    }
    doc.font(FONT.serifBold).fontSize(34).text('PIAGAM PENGHARGAAN', 60, 70, { width: 720, align: 'center' });
    doc.font(FONT.serif).fontSize(14).text(`${p.commissionName} memberikan penghargaan kepada`, 60, 130, { width: 720, align: 'center' });
    doc.font(FONT.serifBold).fontSize(26).text(p.bodyName, 60, 160, { width: 720, align: 'center' });
    doc.font(FONT.serif).fontSize(14).text(`sebagai Badan Publik ${p.predicateLabel}`, 60, 230, { width: 720, align: 'center' });
    doc.text(`Kategori ${p.categoryName} — Peringkat ${p.rank ?? '—'} — Nilai ${p.final.toFixed(2)}`, 60, 255, { width: 720, align: 'center' });
    doc.text(`${p.editionTitle}`, 60, 280, { width: 720, align: 'center' });
    doc.text(`Keputusan Nomor ${p.decreeNumber}`, 60, 305, { width: 720, align: 'center' });
    doc.text(`${p.city}, ${p.decreeDate}`, 480, 420, { width: 300, align: 'center' });
    doc.text(p.signatory.title, 480, 440, { width: 300, align: 'center' });
    doc.font(FONT.serifBold).text(p.signatory.name, 480, 520, { width: 300, align: 'center' });
    const { modules } = QRCode.create(p.verifyUrl, { errorCorrectionLevel: 'M' });
    const cell = 86 / (modules.size + 4);
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.data[row * modules.size + col]) doc.rect(68 + (2 + col) * cell, 459 + (2 + row) * cell, cell, cell);
      }
    }
    doc.fill('#000000');
    doc.font(FONT.monoBold).fontSize(14).text(p.code, 164, 487, { lineBreak: false });
    doc.font(FONT.sans).fontSize(7).text(p.verifyUrl, 164, 510, { width: 200 });
  }
  doc.end();
  await done;
}
