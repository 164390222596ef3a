import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { PassThrough } from 'stream';
import { renderCertificates } from './certificate';
import { CertificatePage } from './document-types';
import { certificateCode } from './verification-code';

const PDF_TEXT = resolve(__dirname, '..', '..', 'test', 'support', 'pdf-text.mjs');
const LONG_NAME = 'Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Kalimantan Timur';
/** letters outside WinAnsi, which the standard PDF fonts printed as mojibake */
const TORAJA = 'Dinas Kominfo Kab. Tana Toraja — “Lakipadada” ĀĒ ő';

/** Words repeated up to exactly `length` characters (no space at the end): the longest text the rules allow. */
function longest(words: string, length = 300): string {
  let text = words;
  while ([...text].length < length) text += ` ${words}`;
  const cut = [...text].slice(0, length);
  while (cut[cut.length - 1] === ' ') cut[cut.length - 1] = 'x';
  return cut.join('');
}

interface PdfText {
  pages: number;
  text: string;
  width: number;
  height: number;
  title: string | null;
  author: string | null;
}

function readPdf(file: string): PdfText {
  const pdf = JSON.parse(execFileSync('node', [PDF_TEXT, file]).toString()) as PdfText;
  return { ...pdf, text: pdf.text.replace(/\s+/g, ' ') };
}

function certificate(bodyName: string, body: string, overrides: Partial<CertificatePage> = {}): CertificatePage {
  const code = certificateCode('rahasia', { edition: 'kaltim-2025', body, version: 1, final: '96.41', predicate: 'informatif' });
  return {
    bodyName,
    categoryName: 'Pemerintah Provinsi',
    rank: 1,
    final: 96.41,
    predicateLabel: 'Informatif',
    editionTitle: 'Monitoring dan Evaluasi Keterbukaan Informasi Publik',
    year: 2025,
    commissionName: 'Komisi Informasi Provinsi Kalimantan Timur',
    decreeNumber: '12/KEP/KI-KT/XII/2025',
    decreeDate: '2025-12-12',
    city: 'Samarinda',
    signatory: { name: 'Nama Ketua, S.H., M.H.', title: 'Ketua Komisi Informasi Provinsi Kalimantan Timur' },
    code,
    verifyUrl: `https://monev.example.go.id/api/public/certificates/${code}`,
    simulated: false,
    superseded: false,
    ...overrides,
  };
}

describe('certificates', () => {
  let dir: string;
  const pages = [
    certificate(LONG_NAME, 'diskominfo'),
    certificate('Sekretariat Daerah Provinsi Kalimantan Timur', 'setda', { rank: 2, final: 91.5, predicateLabel: 'Informatif' }),
    certificate('Badan Publik C', 'c', { rank: null, predicateLabel: 'Menuju Informatif', final: 85 }),
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-certificates-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one A4 landscape page per certificate, with the commission as author', async () => {
    const file = join(dir, 'piagam.pdf');
    const progress: [number, number][] = [];
    await renderCertificates(pages, file, { onPage: (done, total) => progress.push([done, total]) });
    const pdf = readPdf(file);
    expect(pdf.pages).toBe(3);
    expect(pdf.width).toBeCloseTo(841.89, 0);
    expect(pdf.height).toBeCloseTo(595.28, 0);
    expect(pdf.title).toBe('Piagam Penghargaan — Monitoring dan Evaluasi Keterbukaan Informasi Publik');
    expect(pdf.author).toBe('Komisi Informasi Provinsi Kalimantan Timur');
    expect(progress).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('states the award, the body, its predicate, rank, score, edition, decree, place and date, and the code', async () => {
    const file = join(dir, 'satu.pdf');
    await renderCertificates([pages[0]], file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(1);
    for (const expected of [
      'KOMISI INFORMASI PROVINSI KALIMANTAN TIMUR',
      'PIAGAM PENGHARGAAN',
      'diberikan kepada',
      LONG_NAME,
      'sebagai Badan Publik dengan predikat INFORMATIF',
      'Peringkat 1 kategori Pemerintah Provinsi dengan nilai akhir 96,41',
      'Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025',
      'Nomor 12/KEP/KI-KT/XII/2025 tanggal 12 Desember 2025',
      'Samarinda, 12 Desember 2025',
      'Ketua Komisi Informasi Provinsi Kalimantan Timur',
      'Nama Ketua, S.H., M.H.',
      `Kode verifikasi ${pages[0].code}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('SIMULASI');
    expect(text).not.toContain('DIGANTIKAN');
  });

  it('prints a category without a rank when there is none', async () => {
    const file = join(dir, 'tanpa-peringkat.pdf');
    await renderCertificates([pages[2]], file);
    const { text } = readPdf(file);
    expect(text).toContain('MENUJU INFORMATIF');
    expect(text).toContain('Kategori Pemerintah Provinsi dengan nilai akhir 85,00');
    expect(text).not.toContain('Peringkat');
  });

  it('marks a simulated edition and a superseded decree on the page', async () => {
    const file = join(dir, 'simulasi.pdf');
    await renderCertificates([certificate('Badan Publik A', 'a', { simulated: true, superseded: true })], file);
    const { text } = readPdf(file);
    expect(text).toContain('SIMULASI — BUKAN PIAGAM RESMI');
    expect(text).toContain('DIGANTIKAN OLEH PENETAPAN YANG LEBIH BARU');
    expect(text.match(/SIMULASI/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('prints every name as typed, in an embedded Unicode font (DejaVu), with no standard PDF font', async () => {
    const file = join(dir, 'toraja.pdf');
    await renderCertificates([certificate(TORAJA, 'toraja', { city: 'Makalē', signatory: { name: 'Ōki Śmigły, S.H.', title: 'Ketua Komisi Informasi Ů' } })], file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(1);
    for (const typed of [TORAJA, 'Makalē, 12 Desember 2025', 'Ōki Śmigły, S.H.', 'Ketua Komisi Informasi Ů']) expect(text).toContain(typed);
    const raw = readFileSync(file).toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-Bold/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Times|Helvetica|Courier)/);
    // on screen the QR code links to the verification address
    expect(raw).toContain('/URI (https://monev.example.go.id/api/public/certificates/');
  });

  it('prints a name of 300 characters with letters outside WinAnsi as typed, on one page', async () => {
    const file = join(dir, 'nama-300.pdf');
    const name = longest(TORAJA);
    expect([...name].length).toBe(300);
    await renderCertificates([certificate(name, 'toraja')], file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(1);
    expect(text).toContain(name);
    expect(text).toContain('sebagai Badan Publik dengan predikat INFORMATIF');
  });

  it('fits the longest texts the rules allow, every one at once, whole on one page per body', async () => {
    const file = join(dir, 'terpanjang.pdf');
    const texts = {
      bodyName: longest('Ąžuolų Dinas Kominfo Kab. Tana Toraja “Lakipadada” ĀĒ ő'),
      categoryName: longest('Pemerintah Kabupaten Ŝ'),
      predicateLabel: longest('Sangat Informatif Ğ'),
      editionTitle: longest('Monitoring dan Evaluasi Keterbukaan Informasi Publik Ł'),
      commissionName: longest('Komisi Informasi Provinsi Sulawesi Selatan Ő'),
      decreeNumber: longest('12/KEP/KI-SS/XII/2025'),
      city: longest('Makassar Ś'),
      signatory: { name: longest('Prof. Dr. Nama Ketua Ž, S.H., M.H.'), title: longest('Ketua Komisi Informasi Provinsi Sulawesi Selatan Ę') },
    };
    const many = ['a', 'b', 'c'].map((body) => certificate(texts.bodyName, body, { ...texts, simulated: true, superseded: true }));
    await renderCertificates(many, file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(3);
    // every character in order; the text read back breaks lines inside "12/KEP" and spaces out letter-spaced capitals
    const letters = (t: string) => t.replace(/\s+/g, '');
    const wholes = [
      texts.bodyName,
      texts.categoryName,
      texts.predicateLabel.toUpperCase(),
      texts.editionTitle,
      texts.commissionName.toUpperCase(),
      texts.decreeNumber,
      `${texts.city}, 12 Desember 2025`,
      texts.signatory.name,
      texts.signatory.title,
    ];
    for (const whole of wholes) expect(letters(text).split(letters(whole)).length - 1).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain('…');
  });

  it('keeps what was stored before the length rules on its page: a text of 100,000 characters is cut to 300, with an ellipsis', async () => {
    const file = join(dir, 'lama.pdf');
    const huge = Array.from({ length: 3200 }, () => 'Dinas Komunikasi dan Informatika').join(' ');
    await renderCertificates([certificate(huge, 'x', { signatory: { name: huge, title: huge }, decreeNumber: huge, editionTitle: huge })], file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(1);
    expect(text).toContain('…');
    expect(text.length).toBeLessThan(3000);
  });

  it('prints a noncharacter or control character stored before the rules as a replacement character or a space', async () => {
    const file = join(dir, 'rusak.pdf');
    await renderCertificates([certificate('Badan\uFFFEPublik\tA\uD800', 'a')], file);
    const { text } = readPdf(file);
    expect(text).toContain('Badan\uFFFDPublik A\uFFFD');
  });

  it('keeps an absurdly long name on its page: cut to 300 characters, with an ellipsis', async () => {
    const file = join(dir, 'panjang.pdf');
    const absurd = Array.from({ length: 12 }, () => 'Dinas Komunikasi dan Informatika').join(' serta ');
    await renderCertificates([certificate(absurd, 'x')], file);
    const { text, pages: count } = readPdf(file);
    expect(count).toBe(1);
    expect(text).toContain('Dinas Komunikasi dan Informatika serta');
    expect(text).toContain('…');
    expect(text).toContain('sebagai Badan Publik dengan predikat INFORMATIF');
  });

  it('writes to a stream, the same bytes each time', async () => {
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c));
    await renderCertificates(pages, stream);
    const file = join(dir, 'ulang.pdf');
    await renderCertificates(pages, file);
    expect(Buffer.concat(chunks).equals(readFileSync(file))).toBe(true);
  });
});
