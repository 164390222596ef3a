import ExcelJS from 'exceljs';
import { PassThrough } from 'stream';
import { withEntryTimes } from './zip-times';

/** A small workbook written as the ranking workbook is (exceljs's streaming writer), its bytes. */
async function workbook(value: string): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  writer.created = writer.modified = new Date('2025-12-12T03:00:00Z');
  const sheet = writer.addWorksheet('Ringkasan');
  sheet.getRow(1).getCell(1).value = value;
  sheet.getRow(1).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

const PUBLISHED = new Date('2025-12-12T03:04:06Z');

describe('zip entry times', () => {
  it('makes a workbook rendered twice, seconds apart, the same bytes', async () => {
    const first = await workbook('Badan Publik A');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const second = await workbook('Badan Publik A');
    // what the exceljs upgrade test guards: without the fixed times the two differ
    expect(second.equals(first)).toBe(false);
    expect(withEntryTimes(second, PUBLISHED).equals(withEntryTimes(first, PUBLISHED))).toBe(true);
  });

  it('leaves a workbook readable, with its content', async () => {
    const fixed = withEntryTimes(await workbook('Desa Teluk Indah'), PUBLISHED);
    const book = await new ExcelJS.Workbook().xlsx.load(fixed as unknown as ArrayBuffer);
    expect(book.getWorksheet('Ringkasan')!.getRow(1).getCell(1).value).toBe('Desa Teluk Indah');
  });

  it('stamps every entry with the instant, in the local headers and the directory', async () => {
    const fixed = withEntryTimes(await workbook('x'), PUBLISHED);
    // 03:04:06 UTC → (3 << 11) | (4 << 5) | 3; 2025-12-12 → (45 << 9) | (12 << 5) | 12
    const time = (3 << 11) | (4 << 5) | 3;
    const date = (45 << 9) | (12 << 5) | 12;
    let local = 0;
    let headers = 0;
    for (let i = fixed.indexOf(Buffer.from('PK\u0003\u0004')); i >= 0; i = fixed.indexOf(Buffer.from('PK\u0003\u0004'), i + 4)) {
      expect([fixed.readUInt16LE(i + 10), fixed.readUInt16LE(i + 12)]).toEqual([time, date]);
      local++;
    }
    for (let i = fixed.indexOf(Buffer.from('PK\u0001\u0002')); i >= 0; i = fixed.indexOf(Buffer.from('PK\u0001\u0002'), i + 4)) {
      expect([fixed.readUInt16LE(i + 12), fixed.readUInt16LE(i + 14)]).toEqual([time, date]);
      headers++;
    }
    expect(local).toBeGreaterThanOrEqual(5);
    expect(headers).toBe(local);
  });

  it('returns what is not a zip it knows unchanged', () => {
    const text = Buffer.from('bukan zip');
    expect(withEntryTimes(text, PUBLISHED)).toBe(text);
  });
});
