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

  it('keeps an absurdly long name on its page: three lines at most, cut with an ellipsis', async () => {
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
