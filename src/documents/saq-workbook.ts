import { createHmac, timingSafeEqual } from 'crypto';
import ExcelJS from 'exceljs';
import { waktuIndonesia } from '../common/indonesian';
import { AnswerValue, IndicatorDef, QuestionDef, QuestionnaireDef } from '../scoring';

/**
 * The offline SAQ workbook (SPEC §14), both ways: a questionnaire with its current answers as an
 * .xlsx an operator fills in Excel, LibreOffice or WPS without a network, and such a workbook back
 * into answers — or into issues naming sheet and cell. Pure: no database, no clock, no rule of
 * the SAQ (the import applies those, in saq/); the signing key is given.
 *
 * Layout: `Petunjuk` (how to fill it), one sheet per indicator (`Kode | Pertanyaan | Jawaban |
 * Tautan bukti dukung | Keterangan`, header in row 1), and a very hidden sheet `monev-kip` holding
 * the stamp (edition, stage, body, instrument and version) with its HMAC signature in column B and
 * the drop-down lists in columns D onwards. Rows follow from the questionnaire alone, so the
 * reader finds each question where the writer put it and checks its code is still there.
 */

export const INSTRUCTIONS_SHEET = 'Petunjuk';
export const STAMP_SHEET = 'monev-kip';
const FORMAT = 1;
const YES = 'Ya';
const NO = 'Tidak';
const HEADERS = ['Kode', 'Pertanyaan', 'Jawaban', 'Tautan bukti dukung', 'Keterangan'];
const COLUMN = { code: 'A', text: 'B', answer: 'C', evidence: 'D', note: 'E' };
const MAX_SHEET_NAME = 31;

/** What a workbook belongs to; signed, so a workbook of another body, edition or instrument version is recognised. */
export interface WorkbookStamp {
  edition: string;
  stage: string;
  body: string;
  instrument: string;
  version: number;
}

export interface WorkbookAnswer {
  value: AnswerValue;
  evidence: string[];
}

export interface SaqWorkbookInput {
  stamp: WorkbookStamp;
  questionnaire: QuestionnaireDef;
  answers: Record<string, WorkbookAnswer>;
  editionTitle: string;
  bodyName: string;
  /** the answering window's end for this body (its extension included), or null when none */
  deadline: string | null;
  timeZone: string;
  key: string | Buffer;
}

/** One problem of a workbook: where (`Jenis Informasi!C7`, or `file` for the workbook as a whole), in English and in Bahasa Indonesia. */
export interface WorkbookIssue {
  cell: string;
  message: string;
  text: string;
}

/** One question as the workbook answers it: `value` null when its answer cells are empty. */
export interface ReadAnswer {
  question: string;
  value: AnswerValue | null;
  evidence: string[];
  /** the cells to name in an issue about the value and about the evidence */
  valueCell: string;
  evidenceCell: string;
}

interface RowSpec {
  row: number;
  question: QuestionDef;
  /** a checklist item's row; absent on the question's own row */
  item?: string;
}

interface SheetSpec {
  name: string;
  indicator: IndicatorDef;
  rows: RowSpec[];
}

/** Sheet names: the indicator's name without the characters Excel forbids, at most 31 characters, unique (the code first when needed). */
function layoutOf(def: QuestionnaireDef): SheetSpec[] {
  const taken = new Set([INSTRUCTIONS_SHEET.toLowerCase(), STAMP_SHEET.toLowerCase()]);
  return def.indicators.map((indicator) => {
    const clean = (s: string) => s.replace(/[\\/?*[\]:]/g, ' ').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim();
    let name = clean(indicator.name).slice(0, MAX_SHEET_NAME).trim();
    if (!name || taken.has(name.toLowerCase())) name = clean(`${indicator.code} ${indicator.name}`).slice(0, MAX_SHEET_NAME).trim();
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${clean(indicator.name).slice(0, MAX_SHEET_NAME - 4).trim()} (${n})`;
    taken.add(name.toLowerCase());
    const rows: RowSpec[] = [];
    let row = 2;
    for (const question of indicator.questions) {
      rows.push({ row: row++, question });
      if (question.type === 'checklist') for (const item of question.items ?? []) rows.push({ row: row++, question, item: item.value });
    }
    return { name, indicator, rows };
  });
}

const itemCode = (question: string, item: string) => `${question}/${item}`;

function stampText(stamp: WorkbookStamp): string {
  return JSON.stringify([FORMAT, stamp.edition, stamp.stage, stamp.body, stamp.instrument, stamp.version]);
}

function sign(stamp: WorkbookStamp, key: string | Buffer): string {
  return createHmac('sha256', key).update(stampText(stamp)).digest('hex');
}

const STAMP_ROWS: [string, (s: WorkbookStamp) => string][] = [
  ['format', () => String(FORMAT)],
  ['edisi', (s) => s.edition],
  ['tahap', (s) => s.stage],
  ['badan publik', (s) => s.body],
  ['instrumen', (s) => s.instrument],
  ['versi', (s) => String(s.version)],
];

const EVIDENCE_NOTE = { required: 'Bukti dukung wajib', optional: 'Bukti dukung boleh dilampirkan', none: '' };

function choiceLabels(question: QuestionDef): string[] {
  return question.type === 'yes_no' ? [YES, NO] : (question.options ?? []).map((o) => o.label);
}

/** The workbook of one body's questionnaire with its current answers, as .xlsx bytes. */
export async function writeSaqWorkbook(input: SaqWorkbookInput): Promise<Buffer> {
  const { stamp, questionnaire: def } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'monev-kip';
  const layout = layoutOf(def);

  const guide = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  guide.getColumn(1).width = 24;
  guide.getColumn(2).width = 90;
  const deadline = input.deadline ? waktuIndonesia(input.deadline, input.timeZone) : 'tidak ditentukan';
  const lines: [string, string][] = [
    [def.title, ''],
    ['', ''],
    ['Badan publik', `${input.bodyName} (${stamp.body})`],
    ['Edisi', `${input.editionTitle} (${stamp.edition})`],
    ['Tahap', stamp.stage],
    ['Instrumen', `${def.id} versi ${def.version}`],
    ['Batas waktu', deadline],
    ['', ''],
    ['Cara mengisi', `1. Setiap indikator punya lembar sendiri: ${layout.map((s) => s.name).join(', ')}.`],
    ['', '2. Isi kolom Jawaban dengan memilih dari daftar (Ya/Tidak, atau salah satu pilihan). Untuk daftar periksa, pilih Ya atau Tidak pada setiap butir.'],
    ['', '3. Tulis tautan bukti dukung (http/https) di kolom Tautan bukti dukung, satu tautan per baris dalam sel (Alt+Enter).'],
    ['', '4. Jangan menambah, menghapus, atau memindahkan baris dan lembar; jangan mengubah kolom Kode.'],
    ['', '5. Jawaban yang dikosongkan tidak mengubah jawaban yang sudah tersimpan.'],
    ['', `6. Simpan sebagai .xlsx dan unggah di halaman kuesioner sebelum batas waktu. Berkas ini hanya berlaku untuk ${input.bodyName} pada edisi ini.`],
    ['', '7. Semua jawaban diperiksa sekaligus: bila ada kesalahan, tidak ada yang disimpan dan setiap kesalahan disebut dengan lembar dan selnya.'],
  ];
  lines.forEach(([a, b], i) => {
    guide.getCell(i + 1, 1).value = a;
    guide.getCell(i + 1, 2).value = b;
    guide.getCell(i + 1, 2).alignment = { wrapText: true, vertical: 'top' };
  });
  guide.getCell(1, 1).font = { bold: true, size: 14 };

  const hidden = workbook.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
  STAMP_ROWS.forEach(([label, value], i) => {
    hidden.getCell(i + 1, 1).value = label;
    hidden.getCell(i + 1, 2).value = value(stamp);
  });
  hidden.getCell(STAMP_ROWS.length + 1, 1).value = 'tanda tangan';
  hidden.getCell(STAMP_ROWS.length + 1, 2).value = sign(stamp, input.key);

  // drop-down lists: column D is Ya/Tidak, then one column per choice question
  const lists = new Map<string, string>();
  const listRange = (labels: string[]): string => {
    const key = JSON.stringify(labels);
    let range = lists.get(key);
    if (!range) {
      const column = hidden.getColumn(4 + lists.size);
      labels.forEach((label, i) => (hidden.getCell(i + 1, column.number).value = label));
      range = `'${STAMP_SHEET}'!$${column.letter}$1:$${column.letter}$${labels.length}`;
      lists.set(key, range);
    }
    return range;
  };
  listRange([YES, NO]);

  for (const spec of layout) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [{ width: 10 }, { width: 60 }, { width: 26 }, { width: 45 }, { width: 40 }];
    HEADERS.forEach((h, i) => {
      const cell = sheet.getCell(1, i + 1);
      cell.value = h;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };
    });
    for (const { row, question, item } of spec.rows) {
      const answer = input.answers[question.code];
      const at = (column: string) => sheet.getCell(`${column}${row}`);
      at(COLUMN.text).alignment = { wrapText: true, vertical: 'top' };
      if (item !== undefined) {
        const def = question.items!.find((i) => i.value === item)!;
        at(COLUMN.code).value = itemCode(question.code, item);
        at(COLUMN.text).value = `   ${def.label}`;
        if (answer && Array.isArray(answer.value)) at(COLUMN.answer).value = answer.value.includes(item) ? YES : NO;
        at(COLUMN.answer).dataValidation = dropDown(listRange([YES, NO]), [YES, NO]);
        continue;
      }
      at(COLUMN.code).value = question.code;
      at(COLUMN.text).value = question.text;
      at(COLUMN.text).font = { bold: question.type === 'checklist' };
      if (question.type === 'checklist') {
        at(COLUMN.answer).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      } else {
        const labels = choiceLabels(question);
        at(COLUMN.answer).dataValidation = dropDown(listRange(labels), labels);
        if (answer) at(COLUMN.answer).value = labelOf(question, answer.value);
      }
      at(COLUMN.evidence).alignment = { wrapText: true, vertical: 'top' };
      if (answer?.evidence.length) at(COLUMN.evidence).value = answer.evidence.join('\n');
      const notes = [question.type === 'checklist' ? 'Daftar periksa: pilih Ya/Tidak pada setiap butir di bawah' : '', EVIDENCE_NOTE[question.evidence], question.guidance ?? ''];
      at(COLUMN.note).value = notes.filter(Boolean).join('. ');
      at(COLUMN.note).alignment = { wrapText: true, vertical: 'top' };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function dropDown(range: string, labels: string[]): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Jawaban tidak dikenal',
    error: `Pilih salah satu: ${labels.join(', ')}`,
  };
}

function labelOf(question: QuestionDef, value: AnswerValue): string | null {
  if (question.type === 'yes_no') return value === true ? YES : value === false ? NO : null;
  return (question.options ?? []).find((o) => o.value === value)?.label ?? null;
}

/** A cell as the text a person sees: strings, numbers, rich text, links and formula results alike. */
function textOf(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : value.hyperlink;
  if ('result' in value) return value.result === undefined || value.result === null ? '' : String(value.result);
  if ('error' in value) return String(value.error);
  return cell.text;
}

const quote = (s: string) => JSON.stringify(s);
const fileIssue = (message: string, text: string): WorkbookIssue => ({ cell: 'file', message, text });

export type OpenedWorkbook =
  | { ok: true; stamp: WorkbookStamp; read(def: QuestionnaireDef): { answers: ReadAnswer[]; issues: WorkbookIssue[] } }
  | { ok: false; issue: WorkbookIssue };

/** Opens workbook bytes and checks the hidden stamp's signature; the answers are read against the questionnaire the stamp names. */
export async function openSaqWorkbook(bytes: Buffer, key: string | Buffer): Promise<OpenedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, issue: fileIssue('not a readable .xlsx workbook', 'bukan berkas .xlsx yang bisa dibaca') };
  }
  const hidden = workbook.getWorksheet(STAMP_SHEET);
  if (!hidden) {
    return { ok: false, issue: fileIssue(`not a monev-kip questionnaire workbook (its sheet "${STAMP_SHEET}" is missing)`, `bukan berkas kuesioner monev-kip (lembar "${STAMP_SHEET}" tidak ada)`) };
  }
  const field = (row: number) => textOf(hidden.getCell(row, 2)).trim();
  const stamp: WorkbookStamp = { edition: field(2), stage: field(3), body: field(4), instrument: field(5), version: Number(field(6)) };
  const expected = Buffer.from(sign(stamp, key), 'hex');
  const given = Buffer.from(field(STAMP_ROWS.length + 1), 'hex');
  if (field(1) !== String(FORMAT) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      issue: fileIssue('the workbook\'s signature does not match: download the questionnaire workbook again', 'tanda tangan berkas tidak cocok: unduh ulang berkas kuesioner'),
    };
  }
  return { ok: true, stamp, read: (def) => readAnswers(workbook, def) };
}

function readAnswers(workbook: ExcelJS.Workbook, def: QuestionnaireDef): { answers: ReadAnswer[]; issues: WorkbookIssue[] } {
  const answers: ReadAnswer[] = [];
  const issues: WorkbookIssue[] = [];
  for (const spec of layoutOf(def)) {
    const sheet = workbook.getWorksheet(spec.name);
    if (!sheet) {
      issues.push(fileIssue(`the sheet "${spec.name}" is missing`, `lembar "${spec.name}" tidak ada`));
      continue;
    }
    const ref = (column: string, row: number) => `${spec.name}!${column}${row}`;
    const text = (column: string, row: number) => textOf(sheet.getCell(`${column}${row}`)).trim();
    const byQuestion = new Map<string, RowSpec[]>();
    for (const row of spec.rows) byQuestion.set(row.question.code, [...(byQuestion.get(row.question.code) ?? []), row]);
    for (const [code, rows] of byQuestion) {
      const question = rows[0].question;
      const main = rows[0].row;
      let moved = false;
      for (const r of rows) {
        const want = r.item === undefined ? code : itemCode(code, r.item);
        const found = text(COLUMN.code, r.row);
        if (found !== want) {
          moved = true;
          issues.push({
            cell: ref(COLUMN.code, r.row),
            message: `expected code ${quote(want)}, found ${quote(found)}: rows must not be added, removed or moved`,
            text: `seharusnya kode ${quote(want)}, tertulis ${quote(found)}: baris tidak boleh ditambah, dihapus, atau dipindah`,
          });
        }
      }
      if (moved) continue;
      const evidence = text(COLUMN.evidence, main).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      const answer = { question: code, evidence, valueCell: ref(COLUMN.answer, main), evidenceCell: ref(COLUMN.evidence, main) };
      if (question.type === 'checklist') {
        const marks = rows.slice(1).map((r) => ({ r, mark: text(COLUMN.answer, r.row) }));
        let bad = false;
        for (const { r, mark } of marks) {
          if (mark && mark !== YES && mark !== NO) {
            bad = true;
            issues.push(notOneOf(ref(COLUMN.answer, r.row), mark, [YES, NO]));
          }
        }
        if (bad) continue;
        const value = marks.every((m) => !m.mark) ? null : marks.filter((m) => m.mark === YES).map((m) => m.r.item!);
        answers.push({ ...answer, valueCell: ref(COLUMN.answer, rows[1]?.row ?? main), value });
        continue;
      }
      const given = text(COLUMN.answer, main);
      if (!given) {
        answers.push({ ...answer, value: null });
        continue;
      }
      const labels = choiceLabels(question);
      if (!labels.includes(given)) {
        issues.push(notOneOf(ref(COLUMN.answer, main), given, labels));
        continue;
      }
      const value = question.type === 'yes_no' ? given === YES : question.options!.find((o) => o.label === given)!.value;
      answers.push({ ...answer, value });
    }
  }
  return { answers, issues };
}

function notOneOf(cell: string, given: string, labels: string[]): WorkbookIssue {
  return { cell, message: `${quote(given)} is not one of: ${labels.join(', ')}`, text: `${quote(given)} bukan salah satu dari: ${labels.join(', ')}` };
}
