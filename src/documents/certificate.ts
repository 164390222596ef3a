import { createWriteStream } from 'fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { CertificatePage } from './document-types';
import { angka, tanggal } from './indonesian';

type Doc = PDFKit.PDFDocument;

const NAVY = '#1F3A5F';
const GOLD = '#A8832F';
const INK = '#1E1E1E';
const GREY = '#5E5E5E';
const RED = '#B00000';

/** A4 landscape in points, and the inset of the content from the paper's edge */
const PAGE = { width: 841.89, height: 595.28 };
const INSET = 64;
const CONTENT_WIDTH = PAGE.width - 2 * INSET;
const NAME_WIDTH = PAGE.width - 2 * 110;

const SIGNATURE = { width: 300, right: PAGE.width - 80, bottom: PAGE.height - 58, space: 56 };
const QR = { size: 86, x: INSET + 4, y: PAGE.height - 50 - 86 };

export interface CertificateOptions {
  /** PDF metadata; defaults to "Piagam Penghargaan — <edition title>" */
  title?: string;
  /** PDF metadata; defaults to the commission of the first page */
  author?: string;
  /** PDF metadata and the file identifier; defaults to the decree date, so output is reproducible */
  createdAt?: Date;
  onPage?: (done: number, total: number) => void;
}

interface Line {
  text: string;
  font: string;
  size: number;
  color: string;
  width: number;
  /** space below the line, before any stretching */
  gap: number;
  characterSpacing?: number;
}

const measured = new WeakMap<Doc, Map<string, number>>();

/**
 * The height of a centred text block. Most texts are the same on every page (the heading, the
 * commission, the decree, the signatory), so each document measures each one once.
 */
function heightOf(doc: Doc, line: Pick<Line, 'text' | 'font' | 'size' | 'width' | 'characterSpacing'>): number {
  let heights = measured.get(doc);
  if (!heights) measured.set(doc, (heights = new Map()));
  const key = `${line.font}\u0000${line.size}\u0000${line.width}\u0000${line.characterSpacing ?? 0}\u0000${line.text}`;
  let height = heights.get(key);
  if (height === undefined) {
    doc.font(line.font).fontSize(line.size);
    height = doc.heightOfString(line.text, { width: line.width, align: 'center', characterSpacing: line.characterSpacing ?? 0 });
    heights.set(key, height);
  }
  return height;
}

function draw(doc: Doc, line: Line, y: number): void {
  doc.font(line.font).fontSize(line.size).fillColor(line.color);
  doc.text(line.text, (PAGE.width - line.width) / 2, y, { width: line.width, align: 'center', characterSpacing: line.characterSpacing ?? 0, lineBreak: true });
}

/**
 * The body's name as large as it fits: two lines from 34 pt down to 22, else three lines down to
 * 15; a name longer than that (none is, in practice) is cut at a word and ends in an ellipsis.
 * Wrapped lines are balanced, so that no single word is left alone on the last line.
 */
function nameLine(doc: Doc, name: string): Line {
  const line = (size: number, text = name, width = NAME_WIDTH): Line => ({ text, font: 'Times-Bold', size, color: INK, width, gap: 14 });
  const lines = (l: Line) => {
    doc.font(l.font).fontSize(l.size);
    return Math.round(heightOf(doc, l) / doc.currentLineHeight(true));
  };
  // the narrowest width, in steps of 10 pt and more than half the room, that keeps the number of
  // lines: line wrapping is greedy, so fewer points never give fewer lines and a binary search
  // over the steps finds what stepping down one at a time would (in ~5 measurements, not ~30)
  const balanced = (l: Line): Line => {
    const count = lines(l);
    if (count < 2) return l;
    const steps = Math.max(0, Math.ceil((l.width - NAME_WIDTH / 2) / 10) - 1);
    let low = 0; // l.width - 10 × low keeps the count
    let high = steps; // the most steps allowed
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (lines({ ...l, width: l.width - 10 * mid }) === count) low = mid;
      else high = mid - 1;
    }
    return { ...l, width: l.width - 10 * low };
  };
  for (let size = 34; size >= 22; size -= 1) if (lines(line(size)) <= 2) return balanced(line(size));
  for (let size = 21; size >= 15; size -= 1) if (lines(line(size)) <= 3) return balanced(line(size));
  const words = name.split(/\s+/);
  while (words.length > 1 && lines(line(15, `${words.join(' ')}…`)) > 3) words.pop();
  return line(15, `${words.join(' ')}…`);
}

function bodyLines(doc: Doc, p: CertificatePage): Line[] {
  const edition = p.editionTitle.includes(String(p.year)) ? p.editionTitle : `${p.editionTitle} Tahun ${p.year}`;
  const standing = p.rank !== null ? `Peringkat ${p.rank} kategori ${p.categoryName}` : `Kategori ${p.categoryName}`;
  return [
    { text: p.commissionName.toUpperCase(), font: 'Times-Bold', size: 13, color: NAVY, width: CONTENT_WIDTH, gap: 10, characterSpacing: 1 },
    { text: 'PIAGAM PENGHARGAAN', font: 'Times-Bold', size: 40, color: NAVY, width: CONTENT_WIDTH, gap: 24, characterSpacing: 2 },
    { text: 'diberikan kepada', font: 'Times-Italic', size: 16, color: GREY, width: CONTENT_WIDTH, gap: 8 },
    nameLine(doc, p.bodyName),
    { text: 'sebagai Badan Publik dengan predikat', font: 'Times-Roman', size: 15, color: INK, width: CONTENT_WIDTH, gap: 3 },
    { text: p.predicateLabel.toUpperCase(), font: 'Times-Bold', size: 30, color: GOLD, width: CONTENT_WIDTH, gap: 12, characterSpacing: 1.5 },
    { text: `${standing} dengan nilai akhir ${angka(p.final)}`, font: 'Times-Roman', size: 14, color: INK, width: CONTENT_WIDTH, gap: 3 },
    { text: `dalam ${edition}`, font: 'Times-Italic', size: 14, color: INK, width: CONTENT_WIDTH, gap: 8 },
    {
      text: `berdasarkan Keputusan ${p.commissionName} Nomor ${p.decreeNumber} tanggal ${tanggal(p.decreeDate)}`,
      font: 'Times-Roman',
      size: 11,
      color: GREY,
      width: CONTENT_WIDTH - 80,
      gap: 0,
    },
  ];
}

function frame(doc: Doc): void {
  const { width, height } = PAGE;
  doc.save();
  doc.lineWidth(3.5).strokeColor(NAVY).rect(20, 20, width - 40, height - 40).stroke();
  doc.lineWidth(1.1).strokeColor(GOLD).rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(0.5).strokeColor(GOLD).rect(32, 32, width - 64, height - 64).stroke();
  for (const [x, y] of [[30, 30], [width - 30, 30], [30, height - 30], [width - 30, height - 30]]) {
    doc.fillColor(GOLD).polygon([x, y - 6], [x + 6, y], [x, y + 6], [x - 6, y]).fill();
  }
  doc.restore();
}

/** A gold rule with a diamond in its middle, under the heading. */
export function divider(doc: Doc, y: number): void {
  const cx = PAGE.width / 2;
  doc.save().lineWidth(0.8).strokeColor(GOLD);
  doc.moveTo(cx - 150, y).lineTo(cx - 10, y).stroke();
  doc.moveTo(cx + 10, y).lineTo(cx + 150, y).stroke();
  doc.fillColor(GOLD).polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y]).fill();
  doc.restore();
}

function watermark(doc: Doc): void {
  doc.save();
  doc.rotate(-24, { origin: [PAGE.width / 2, PAGE.height / 2] });
  doc.font('Helvetica-Bold').fontSize(120).fillColor(RED).fillOpacity(0.1);
  doc.text('SIMULASI', 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center', lineBreak: false });
  doc.restore();
}

/** A red notice between the borders at the top: a simulated edition, or a corrected decree. */
function banner(doc: Doc, text: string): void {
  doc.font('Helvetica-Bold').fontSize(8.5);
  const w = doc.widthOfString(text, { characterSpacing: 0.5 }) + 24;
  const x = (PAGE.width - w) / 2;
  doc.save().rect(x, 22, w, 14).fill('#FFFFFF').restore();
  doc.fillColor(RED).text(text, x, 25.5, { width: w, align: 'center', characterSpacing: 0.5, lineBreak: false });
}

/** The QR code as vector squares: sharp at any print size, and no image to encode per page. */
function qr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#FFFFFF');
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.data[row * modules.size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.data[row * modules.size + col]) col++;
      // a hair of overlap so that neighbouring squares leave no seam when rasterised
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#000000').restore();
}

/** Bottom left: QR code, verification code and where to check it. */
function verification(doc: Doc, p: CertificatePage): void {
  const y = QR.y;
  qr(doc, p.verifyUrl, QR.x, y, QR.size);
  const tx = QR.x + QR.size + 10;
  doc.font('Helvetica').fontSize(8).fillColor(GREY).text('Kode verifikasi', tx, y + 16, { lineBreak: false });
  doc.font('Courier-Bold').fontSize(14).fillColor(INK).text(p.code, tx, y + 28, { lineBreak: false });
  doc.font('Helvetica').fontSize(7).fillColor(GREY).text('Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian piagam:', tx, y + 48, { width: 200 });
  // break a long address before the code rather than inside it
  const cut = p.verifyUrl.lastIndexOf('/') + 1;
  const url = doc.widthOfString(p.verifyUrl) > 200 && cut > 0 ? `${p.verifyUrl.slice(0, cut)}\n${p.verifyUrl.slice(cut)}` : p.verifyUrl;
  doc.text(url, tx, doc.y + 1, { width: 200 });
}

/** Where the signature block's lines go: anchored on the name at the bottom, growing upwards. */
function signatureLayout(doc: Doc, p: CertificatePage): { x: number; placeY: number; titleY: number; nameY: number } {
  const nameY = SIGNATURE.bottom - heightOf(doc, { text: p.signatory.name, font: 'Times-Bold', size: 13, width: SIGNATURE.width });
  const titleY = nameY - SIGNATURE.space - heightOf(doc, { text: p.signatory.title, font: 'Times-Roman', size: 13, width: SIGNATURE.width });
  doc.font('Times-Roman').fontSize(13);
  return { x: SIGNATURE.right - SIGNATURE.width, placeY: titleY - doc.currentLineHeight(true) - 2, titleY, nameY };
}

/** Bottom right: city and date, the signatory's title, room to sign, the name. */
function signature(doc: Doc, p: CertificatePage): void {
  const { x, placeY, titleY, nameY } = signatureLayout(doc, p);
  const opts = { width: SIGNATURE.width, align: 'center' as const };
  doc.font('Times-Roman').fontSize(13).fillColor(INK);
  doc.text(`${p.city}, ${tanggal(p.decreeDate)}`, x, placeY, opts);
  doc.text(p.signatory.title, x, titleY, opts);
  doc.font('Times-Bold').fontSize(13).text(p.signatory.name, x, nameY, opts);
  const underline = Math.min(SIGNATURE.width, doc.widthOfString(p.signatory.name) + 16);
  doc.save().lineWidth(0.6).strokeColor(INK);
  doc.moveTo(x + (SIGNATURE.width - underline) / 2, SIGNATURE.bottom + 1).lineTo(x + (SIGNATURE.width + underline) / 2, SIGNATURE.bottom + 1).stroke();
  doc.restore();
}

/**
 * What every page has whatever its texts: the border, and for a simulated edition or a superseded
 * decree the watermark and the notice (exported for the benchmark's bare page to draw the same).
 */
export function ornaments(doc: Doc, p: CertificatePage): void {
  frame(doc);
  if (p.simulated) watermark(doc);
  const notices = [p.simulated ? 'SIMULASI — BUKAN PIAGAM RESMI' : '', p.superseded ? 'DIGANTIKAN OLEH PENETAPAN YANG LEBIH BARU' : ''].filter(Boolean);
  if (notices.length) banner(doc, notices.join('  ·  '));
}

function page(doc: Doc, p: CertificatePage): void {
  ornaments(doc, p);

  const bottom = Math.min(QR.y, signatureLayout(doc, p).placeY) - 24;
  const top = 56;

  // the body of the certificate fills the space above the signature: gaps stretch (up to twice
  // their size) to use the room, or shrink when a long name needs it, and the block is centred
  const lines = bodyLines(doc, p);
  const heights = lines.map((l) => heightOf(doc, l));
  const text = heights.reduce((a, b) => a + b, 0);
  const gaps = lines.reduce((a, l) => a + l.gap, 0);
  const stretch = Math.max(0.3, Math.min(2, (bottom - top - text) / gaps));
  let y = top + Math.max(0, (bottom - top - text - gaps * stretch) / 2);
  lines.forEach((line, i) => {
    draw(doc, line, y);
    y += heights[i] + line.gap * stretch;
    if (i === 1) divider(doc, y - (line.gap * stretch) / 2);
  });
  signature(doc, p);
  verification(doc, p);
}

/**
 * Certificates (piagam penghargaan), one A4 landscape page each, to a file path or a stream.
 * The standard PDF fonts cover Indonesian's Latin letters (WinAnsi).
 */
export async function renderCertificates(pages: CertificatePage[], output: NodeJS.WritableStream | string, options: CertificateOptions = {}): Promise<void> {
  const first = pages[0];
  const decreed = first ? new Date(`${first.decreeDate.slice(0, 10)}T00:00:00Z`) : new Date(0);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: options.title ?? (first ? `Piagam Penghargaan — ${first.editionTitle}` : 'Piagam Penghargaan'),
      Author: options.author ?? first?.commissionName ?? 'Komisi Informasi',
      Subject: 'Piagam Penghargaan Keterbukaan Informasi Publik',
      CreationDate: options.createdAt ?? (Number.isNaN(decreed.getTime()) ? new Date(0) : decreed),
    },
  });
  const sink: NodeJS.WritableStream = typeof output === 'string' ? createWriteStream(output) : output;
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(sink);
  for (let i = 0; i < pages.length; i++) {
    doc.addPage();
    page(doc, pages[i]);
    options.onPage?.(i + 1, pages.length);
    // let the stream drain between pages, so a long run neither blocks the event loop nor piles up
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  await done;
}
