import { createWriteStream } from 'fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { CertificatePage } from './document-types';
import { angka, tanggal } from './indonesian';

const NAVY = '#1F3A5F';
const GOLD = '#B08D3C';
const INK = '#222222';
const GREY = '#666666';

type Doc = PDFKit.PDFDocument;

/** Centred text at a given height; returns the y below it. */
function centred(doc: Doc, text: string, y: number, font: string, size: number, color = INK, width = doc.page.width - 160): number {
  doc.font(font).fontSize(size).fillColor(color);
  const x = (doc.page.width - width) / 2;
  doc.text(text, x, y, { width, align: 'center' });
  return y + doc.heightOfString(text, { width, align: 'center' });
}

/** The largest size (down to `min`) at which the name fits on two lines. */
function fittingSize(doc: Doc, text: string, font: string, max: number, min: number, width: number): number {
  doc.font(font);
  for (let size = max; size > min; size -= 1) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width, align: 'center' }) <= size * 1.25 * 2) return size;
  }
  return min;
}

function frame(doc: Doc): void {
  const { width, height } = doc.page;
  doc.save();
  doc.lineWidth(4).strokeColor(NAVY).rect(18, 18, width - 36, height - 36).stroke();
  doc.lineWidth(1.2).strokeColor(GOLD).rect(28, 28, width - 56, height - 56).stroke();
  for (const [x, y] of [[28, 28], [width - 28, 28], [28, height - 28], [width - 28, height - 28]]) {
    doc.fillColor(GOLD).circle(x, y, 4).fill();
  }
  doc.restore();
}

function watermark(doc: Doc, text: string): void {
  const { width, height } = doc.page;
  doc.save();
  doc.rotate(-28, { origin: [width / 2, height / 2] });
  doc.font('Helvetica-Bold').fontSize(110).fillColor('#C00000').opacity(0.12);
  doc.text(text, 0, height / 2 - 60, { width, align: 'center' });
  doc.restore();
  doc.opacity(1);
}

async function page(doc: Doc, p: CertificatePage): Promise<void> {
  const { width, height } = doc.page;
  frame(doc);
  if (p.simulated) watermark(doc, 'SIMULASI');

  let y = 58;
  y = centred(doc, p.commissionName.toUpperCase(), y, 'Times-Bold', 13, NAVY) + 14;
  y = centred(doc, 'PIAGAM PENGHARGAAN', y, 'Times-Bold', 36, NAVY) + 4;
  doc.save().lineWidth(1).strokeColor(GOLD).moveTo(width / 2 - 130, y).lineTo(width / 2 + 130, y).stroke().restore();
  y = centred(doc, 'diberikan kepada', y + 14, 'Times-Italic', 15, GREY) + 8;

  const nameWidth = width - 200;
  const size = fittingSize(doc, p.bodyName, 'Times-Bold', 30, 16, nameWidth);
  y = centred(doc, p.bodyName, y, 'Times-Bold', size, INK, nameWidth) + 10;

  y = centred(doc, 'sebagai Badan Publik dengan predikat', y, 'Times-Roman', 14, INK) + 4;
  y = centred(doc, p.predicateLabel.toUpperCase(), y, 'Times-Bold', 26, GOLD) + 6;
  const standing = p.rank !== null ? `Peringkat ${p.rank} kategori ${p.categoryName} · Nilai ${angka(p.final)}` : `Kategori ${p.categoryName} · Nilai ${angka(p.final)}`;
  y = centred(doc, standing, y, 'Times-Roman', 13, INK) + 4;
  y = centred(doc, `dalam ${p.editionTitle}`, y, 'Times-Italic', 13, INK, width - 220) + 2;
  centred(doc, `Keputusan ${p.commissionName} Nomor ${p.decreeNumber} tanggal ${tanggal(p.decreeDate)}`, y, 'Times-Roman', 11, GREY, width - 220);

  // signature block, right
  const sigX = width - 330;
  const sigY = height - 190;
  doc.font('Times-Roman').fontSize(12).fillColor(INK);
  doc.text(`${p.city}, ${tanggal(p.decreeDate)}`, sigX, sigY, { width: 260, align: 'center' });
  doc.text(p.signatory.title, sigX, sigY + 18, { width: 260, align: 'center' });
  doc.font('Times-Bold').text(p.signatory.name, sigX, sigY + 88, { width: 260, align: 'center', underline: true });

  // verification, left
  const qr = await QRCode.toBuffer(p.verifyUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const qrX = 70;
  const qrY = height - 175;
  doc.image(qr, qrX, qrY, { width: 92 });
  doc.font('Helvetica').fontSize(8).fillColor(GREY);
  doc.text('Kode verifikasi', qrX + 104, qrY + 18);
  doc.font('Courier-Bold').fontSize(14).fillColor(INK).text(p.code, qrX + 104, qrY + 30);
  doc.font('Helvetica').fontSize(7.5).fillColor(GREY).text(p.verifyUrl, qrX + 104, qrY + 50, { width: 210 });
  if (p.superseded) doc.font('Helvetica-Bold').fontSize(9).fillColor('#C00000').text('Ditetapkan ulang: piagam ini digantikan oleh versi yang lebih baru', qrX + 104, qrY + 74, { width: 210 });
}

/**
 * Certificates (piagam penghargaan), one A4 landscape page each, to a file path or a stream.
 * The standard PDF fonts cover Indonesian's Latin letters.
 */
export async function renderCertificates(
  pages: CertificatePage[],
  output: NodeJS.WritableStream | string,
  options: { title?: string; author?: string; createdAt?: Date; onPage?: (done: number, total: number) => void } = {},
): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: options.title ?? 'Piagam Penghargaan',
      Author: options.author ?? 'Komisi Informasi',
      CreationDate: options.createdAt ?? new Date(0),
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
    await page(doc, pages[i]);
    options.onPage?.(i + 1, pages.length);
  }
  doc.end();
  await done;
}
