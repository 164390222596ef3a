import { createWriteStream, readFileSync } from 'fs';
import { dirname, join } from 'path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { angka, tanggal } from '../common/indonesian';
import { isNoncharacter } from '../common/text';
import { CertificatePage } from './document-types';

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
const TOP = 56;

const SIGNATURE = { width: 330, right: PAGE.width - 76, bottom: PAGE.height - 58, space: 56 };
const QR = { size: 86, x: INSET + 4, y: PAGE.height - 50 - 86 };
/** the least room between lines a crowded page keeps, as a share of each line's gap */
const MIN_STRETCH = 0.3;

/**
 * The fonts: DejaVu (Serif for the texts, Sans for labels, Sans Mono for the code), TrueType from
 * the `dejavu-fonts-ttf` package, embedded as subsets, so that every name prints as typed — the
 * standard PDF fonts know only WinAnsi and printed ĀĒ ő and the like as mojibake (SPEC §16).
 */
export const FONT = {
  serif: 'DejaVuSerif',
  serifBold: 'DejaVuSerif-Bold',
  serifItalic: 'DejaVuSerif-Italic',
  sans: 'DejaVuSans',
  sansBold: 'DejaVuSans-Bold',
  monoBold: 'DejaVuSansMono-Bold',
} as const;
type FontName = (typeof FONT)[keyof typeof FONT];

/** What pdfkit's registerFont takes besides files: a font parsed by fontkit (it calls `layout`). */
type ParsedFont = { layout: (...args: never[]) => unknown };
let parsedFonts: Map<FontName, ParsedFont> | undefined;

/**
 * The fonts, parsed once per process by the fontkit that pdfkit itself loads (its dependency, not
 * ours): parsing six TrueType files cost ~150 ms a document, which is most of the time of a
 * one-page PDF (the CLI writes one per body). The parsed fonts are only read while a document
 * is written; each document keeps its own subset.
 */
function fonts(): Map<FontName, ParsedFont> {
  if (!parsedFonts) {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const fontkit = require(require.resolve('fontkit', { paths: [dirname(require.resolve('pdfkit'))] })) as { create(data: Buffer): ParsedFont };
    parsedFonts = new Map(Object.values(FONT).map((name) => [name, fontkit.create(readFileSync(join(dir, `${name}.ttf`)))]));
  }
  return parsedFonts;
}

/** Makes the certificate fonts known to a document by their FONT names. */
export function registerCertificateFonts(doc: Doc): void {
  for (const [name, font] of fonts()) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
}

export interface CertificateOptions {
  /** PDF metadata; defaults to "Piagam Penghargaan — <edition title>" */
  title?: string;
  /** PDF metadata; defaults to the commission of the first page */
  author?: string;
  /** PDF metadata and the file identifier; defaults to the decree date, so output is reproducible */
  createdAt?: Date;
  onPage?: (done: number, total: number) => void;
}

/** From `from` points down to `to`, the text may take up to `lines` lines. */
interface Tier {
  lines: number;
  from: number;
  to: number;
}

/**
 * A text as the layout asks for it: its tiers from the most wanted size down. A text of fixed
 * size has one tier with from = to.
 */
interface Block {
  text: string;
  font: FontName;
  color: string;
  width: number;
  /** space below the line, before any stretching */
  gap: number;
  characterSpacing?: number;
  tiers: Tier[];
  /** narrow the width as far as the number of lines allows, so that no word is left alone on the last line */
  balanced?: boolean;
  /** a text that keeps its size on a crowded page (the heading) */
  fixed?: boolean;
}

/** A block fitted: the size it prints at, the height it takes (its drawing is clipped to it). */
interface Line {
  text: string;
  font: FontName;
  size: number;
  color: string;
  width: number;
  gap: number;
  characterSpacing?: number;
  height: number;
  /** the text did not fit even at its smallest size: it ends in an ellipsis */
  cut: boolean;
}

/** Sizes are tried in half points; the smallest any text is printed at. */
const SMALLEST = 6;
const half = (size: number) => Math.max(SMALLEST, Math.round(size * 2) / 2);

/**
 * A crowded page shrinks its texts together: every tier scaled by these factors in turn, until
 * the body fits above the signature. With the length rules (names and titles of at most 300
 * characters) the last factor fits every text in full; a longer text (stored before the rules)
 * is cut to 300 characters first, and any text still too long ends in an ellipsis.
 */
const SCALES = [1, 0.9, 0.8, 0.7, 0.62];

const measured = new WeakMap<Doc, Map<string, number>>();

/**
 * The height of a centred text. Most texts are the same on every page (the heading, the
 * commission, the decree, the signatory), so each document measures each one once.
 */
function heightOf(doc: Doc, line: { text: string; font: FontName; size: number; width: number; characterSpacing?: number }): number {
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

function lineHeight(doc: Doc, font: FontName, size: number): number {
  return doc.font(font).fontSize(size).currentLineHeight(true);
}

/** Letter spacing shrinks with the letters. */
const spacingAt = (block: Block, size: number) => (block.characterSpacing ? (block.characterSpacing * size) / block.tiers[0].from : undefined);

function linesOf(doc: Doc, block: Block, size: number, width = block.width): number {
  return Math.round(heightOf(doc, { ...block, size, width, characterSpacing: spacingAt(block, size) }) / lineHeight(doc, block.font, size));
}

/**
 * The narrowest width, in steps of 10 pt and more than half the room, that keeps the number of
 * lines: line wrapping is greedy, so fewer points never give fewer lines and a binary search over
 * the steps finds what stepping down one at a time would (in ~5 measurements, not ~30).
 */
function balancedWidth(doc: Doc, block: Block, size: number): number {
  const count = linesOf(doc, block, size);
  if (count < 2) return block.width;
  let low = 0; // block.width - 10 × low keeps the count
  let high = Math.max(0, Math.ceil(block.width / 20) - 1); // the most steps allowed
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (linesOf(doc, block, size, block.width - 10 * mid) === count) low = mid;
    else high = mid - 1;
  }
  return block.width - 10 * low;
}

/** The largest size of the first tier that holds the text; past the last tier, its smallest size, cut to its lines. */
function fit(doc: Doc, block: Block, scale: number): Line {
  const factor = block.fixed ? 1 : scale;
  const at = (size: number, lines: number, cut: boolean): Line => {
    const width = block.balanced && !cut ? balancedWidth(doc, block, size) : block.width;
    const { tiers: _tiers, balanced: _balanced, fixed: _fixed, ...line } = block;
    return { ...line, size, width, characterSpacing: spacingAt(block, size), height: lines * lineHeight(doc, block.font, size), cut };
  };
  for (const tier of block.tiers) {
    for (let size = half(tier.from * factor); size >= half(tier.to * factor); size -= size > 12 ? 1 : 0.5) {
      const lines = linesOf(doc, block, size);
      if (lines <= tier.lines) return at(size, lines, false);
    }
  }
  const last = block.tiers[block.tiers.length - 1];
  return at(half(last.to * factor), last.lines, true);
}

/**
 * A stored text as the page prints it: a character no font has a glyph for (a noncharacter, a
 * lone surrogate) as U+FFFD, any control character as a space, and at most `max` characters —
 * texts stored before the length rules could be 100,000 characters long.
 */
export function printable(text: string, max = 300): string {
  const chars = [...text].map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return ' ';
    if ((cp >= 0xd800 && cp <= 0xdfff) || isNoncharacter(cp)) return '\uFFFD';
    return ch;
  });
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : chars.join('');
}

function draw(doc: Doc, line: Line, x: number, y: number): void {
  doc.font(line.font).fontSize(line.size).fillColor(line.color);
  // the height clips: a text never runs past its room, and never onto a second page
  doc.text(line.text, x, y, { width: line.width, align: 'center', characterSpacing: line.characterSpacing ?? 0, height: line.height + 0.5, ellipsis: '…' });
}

const centred = (line: Line) => (PAGE.width - line.width) / 2;

/** What the publication says beside the score (SPEC §15): "(belum diverifikasi; tidak hadir pada VISITASI)"; nothing for most. */
function beside(p: CertificatePage): string {
  const marks = [p.unverified ? 'belum diverifikasi' : '', p.absent?.length ? `tidak hadir pada ${p.absent.map((s) => printable(s)).join(' dan ')}` : ''].filter(Boolean);
  return marks.length ? ` (${marks.join('; ')})` : '';
}

/** The texts of a page, with what each states. */
function texts(p: CertificatePage) {
  const editionTitle = printable(p.editionTitle);
  const edition = editionTitle.includes(String(p.year)) ? editionTitle : `${editionTitle} Tahun ${p.year}`;
  const category = printable(p.categoryName);
  const commission = printable(p.commissionName);
  return {
    commission,
    body: printable(p.bodyName),
    predicate: printable(p.predicateLabel).toUpperCase(),
    standing: `${p.rank !== null ? `Peringkat ${p.rank} kategori ${category}` : `Kategori ${category}`} dengan nilai akhir ${angka(p.final)}${beside(p)}`,
    edition: `dalam ${edition}`,
    decree: `berdasarkan Keputusan ${commission} Nomor ${printable(p.decreeNumber)} tanggal ${tanggal(p.decreeDate)}`,
    place: `${printable(p.city)}, ${tanggal(p.decreeDate)}`,
    signatoryTitle: printable(p.signatory.title),
    signatoryName: printable(p.signatory.name),
  };
}

type Texts = ReturnType<typeof texts>;

function bodyBlocks(t: Texts): Block[] {
  const text = (value: string, font: FontName, color: string, gap: number, tiers: Tier[], extra: Partial<Block> = {}): Block => ({
    text: value,
    font,
    color,
    width: CONTENT_WIDTH,
    gap,
    tiers,
    balanced: true,
    ...extra,
  });
  return [
    text(t.commission.toUpperCase(), FONT.serifBold, NAVY, 10, [{ lines: 1, from: 12, to: 10 }, { lines: 2, from: 10, to: 8 }, { lines: 3, from: 8, to: 7 }], { characterSpacing: 1 }),
    text('PIAGAM PENGHARGAAN', FONT.serifBold, NAVY, 24, [{ lines: 1, from: 36, to: 36 }], { characterSpacing: 2, fixed: true }),
    text('diberikan kepada', FONT.serifItalic, GREY, 8, [{ lines: 1, from: 15, to: 15 }], { fixed: true }),
    // the body's name as large as it fits: two lines from 30 pt down to 20, three down to 14, four down to 10
    text(t.body, FONT.serifBold, INK, 14, [{ lines: 2, from: 30, to: 20 }, { lines: 3, from: 19, to: 14 }, { lines: 4, from: 14, to: 10 }], { width: NAME_WIDTH }),
    text('sebagai Badan Publik dengan predikat', FONT.serif, INK, 3, [{ lines: 1, from: 14, to: 14 }], { fixed: true }),
    text(t.predicate, FONT.serifBold, GOLD, 12, [{ lines: 1, from: 27, to: 16 }, { lines: 2, from: 16, to: 11 }, { lines: 3, from: 11, to: 9 }], { characterSpacing: 1.5 }),
    text(t.standing, FONT.serif, INK, 3, [{ lines: 1, from: 13, to: 11 }, { lines: 2, from: 11, to: 9 }, { lines: 3, from: 9, to: 8 }]),
    text(t.edition, FONT.serifItalic, INK, 8, [{ lines: 1, from: 13, to: 11 }, { lines: 2, from: 11, to: 9 }, { lines: 3, from: 9, to: 8 }]),
    text(t.decree, FONT.serif, GREY, 0, [{ lines: 2, from: 10, to: 8 }, { lines: 4, from: 8, to: 7 }, { lines: 6, from: 7, to: 6 }], { width: CONTENT_WIDTH - 80 }),
  ];
}

interface SignatureLayout {
  x: number;
  place: Line;
  title: Line;
  name: Line;
  placeY: number;
  titleY: number;
  nameY: number;
}

/** Bottom right, anchored on the name at the bottom and growing upwards: city and date, the signatory's title, room to sign, the name. */
function signatureLayout(doc: Doc, t: Texts, scale: number): SignatureLayout {
  const block = (text: string, font: FontName, tiers: Tier[]): Block => ({ text, font, color: INK, width: SIGNATURE.width, gap: 0, tiers, balanced: true });
  const line: Tier[] = [{ lines: 1, from: 12, to: 10 }, { lines: 2, from: 10, to: 8 }, { lines: 4, from: 8, to: 6 }];
  const name = fit(doc, block(t.signatoryName, FONT.serifBold, line), scale);
  const title = fit(doc, block(t.signatoryTitle, FONT.serif, [{ lines: 2, from: 12, to: 10 }, { lines: 4, from: 10, to: 8 }, { lines: 6, from: 8, to: 6 }]), scale);
  const place = fit(doc, block(t.place, FONT.serif, line), scale);
  const nameY = SIGNATURE.bottom - name.height;
  // a crowded page gives up some of the room to sign before its texts get smaller
  const titleY = nameY - SIGNATURE.space * Math.max(0.7, scale) - title.height;
  const placeY = titleY - place.height - 2;
  return { x: SIGNATURE.right - SIGNATURE.width, place, title, name, placeY, titleY, nameY };
}

function signature(doc: Doc, s: SignatureLayout): void {
  draw(doc, s.place, s.x, s.placeY);
  draw(doc, s.title, s.x, s.titleY);
  draw(doc, s.name, s.x, s.nameY);
  doc.font(s.name.font).fontSize(s.name.size);
  const underline = Math.min(SIGNATURE.width, doc.widthOfString(s.name.text) + 16);
  doc.save().lineWidth(0.6).strokeColor(INK);
  doc.moveTo(s.x + (SIGNATURE.width - underline) / 2, SIGNATURE.bottom + 1).lineTo(s.x + (SIGNATURE.width + underline) / 2, SIGNATURE.bottom + 1).stroke();
  doc.restore();
}

/**
 * Where everything goes: the body of the certificate fills the space above the signature, at the
 * first scale at which every text fits whole, and the body above the signature with its gaps
 * shrunk at most to MIN_STRETCH.
 */
function layout(doc: Doc, p: CertificatePage): { lines: Line[]; signature: SignatureLayout; bottom: number } {
  const t = texts(p);
  let chosen: { lines: Line[]; signature: SignatureLayout; bottom: number } | undefined;
  for (const scale of SCALES) {
    const signature = signatureLayout(doc, t, scale);
    const bottom = Math.min(QR.y, signature.placeY) - 20;
    const lines = bodyBlocks(t).map((b) => fit(doc, b, scale));
    chosen = { lines, signature, bottom };
    const height = lines.reduce((a, l) => a + l.height + l.gap * MIN_STRETCH, 0);
    const whole = [...lines, signature.place, signature.title, signature.name].every((l) => !l.cut);
    if (whole && height <= bottom - TOP) break;
  }
  return chosen!;
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
  doc.font(FONT.sansBold).fontSize(110).fillColor(RED).fillOpacity(0.1);
  doc.text('SIMULASI', 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center', lineBreak: false });
  doc.restore();
}

/** A red notice between the borders at the top: a simulated edition, or a corrected decree. */
function banner(doc: Doc, text: string): void {
  doc.font(FONT.sansBold).fontSize(7.5);
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
  // on screen the QR code is a link to the same address
  doc.link(QR.x, y, QR.size, QR.size, p.verifyUrl);
  const tx = QR.x + QR.size + 10;
  doc.font(FONT.sans).fontSize(7.5).fillColor(GREY).text('Kode verifikasi', tx, y + 16, { lineBreak: false });
  doc.font(FONT.monoBold).fontSize(13).fillColor(INK).text(p.code, tx, y + 28, { lineBreak: false });
  doc.font(FONT.sans).fontSize(6.5).fillColor(GREY).text('Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian piagam:', tx, y + 48, { width: 200 });
  // break a long address before the code rather than inside it
  const cut = p.verifyUrl.lastIndexOf('/') + 1;
  const url = doc.widthOfString(p.verifyUrl) > 200 && cut > 0 ? `${p.verifyUrl.slice(0, cut)}\n${p.verifyUrl.slice(cut)}` : p.verifyUrl;
  doc.text(url, tx, doc.y + 1, { width: 200, height: 3 * doc.currentLineHeight(true) + 0.5, ellipsis: '…' });
}

/**
 * What every page has whatever its texts: the border, for a simulated edition the watermark, and
 * the notice of a simulated edition, a superseded decree or a result the publication marks
 * (unverified, absent) (exported for the benchmark's bare page to draw the same).
 */
export function ornaments(doc: Doc, p: CertificatePage): void {
  frame(doc);
  if (p.simulated) watermark(doc);
  const notices = [
    p.simulated ? 'SIMULASI — BUKAN PIAGAM RESMI' : '',
    p.superseded ? 'DIGANTIKAN OLEH PENETAPAN YANG LEBIH BARU' : '',
    p.unverified ? 'NILAI BELUM DIVERIFIKASI' : '',
    p.absent?.length ? 'TIDAK HADIR PADA PENILAIAN PANEL' : '',
  ].filter(Boolean);
  if (notices.length) banner(doc, notices.join('  ·  '));
}

function page(doc: Doc, p: CertificatePage): void {
  ornaments(doc, p);
  const { lines, signature: sig, bottom } = layout(doc, p);
  // the body of the certificate fills the space above the signature: gaps stretch (up to twice
  // their size) to use the room, or shrink when long texts need it, and the block is centred
  const text = lines.reduce((a, l) => a + l.height, 0);
  const gaps = lines.reduce((a, l) => a + l.gap, 0);
  const stretch = Math.max(MIN_STRETCH, Math.min(2, (bottom - TOP - text) / gaps));
  let y = TOP + Math.max(0, (bottom - TOP - text - gaps * stretch) / 2);
  lines.forEach((line, i) => {
    draw(doc, line, centred(line), y);
    y += line.height + line.gap * stretch;
    if (i === 1) divider(doc, y - (line.gap * stretch) / 2);
  });
  signature(doc, sig);
  verification(doc, p);
}

/**
 * Certificates (piagam penghargaan), one A4 landscape page each, to a file path or a stream:
 * every text in an embedded DejaVu font, long texts made smaller or wrapped inside the frame,
 * never a second page for one certificate. The same pages give the same bytes.
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
  registerCertificateFonts(doc);
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
