import ExcelJS from 'exceljs';
import { join, resolve } from 'path';
import { InstrumentRegistry } from '../instruments/registry';
import { QuestionnaireDef } from '../scoring';
import { INSTRUCTIONS_SHEET, openSaqWorkbook, ReadAnswer, SaqWorkbookInput, STAMP_SHEET, WorkbookAnswer, writeSaqWorkbook } from './saq-workbook';

const ROOT = resolve(__dirname, '..', '..');
const KEY = 'workbook-test-key';

function questionnaire(file: string): QuestionnaireDef {
  const { def, issues } = new InstrumentRegistry().loadFile(join(ROOT, 'questionnaires', file));
  if (!def) throw new Error(JSON.stringify(issues));
  return def as QuestionnaireDef;
}

const contoh = questionnaire('saq-contoh.yaml');

function input(answers: Record<string, WorkbookAnswer>, over: Partial<SaqWorkbookInput> = {}): SaqWorkbookInput {
  return {
    stamp: { edition: 'contoh-2025', stage: 'saq', body: 'a', instrument: contoh.id, version: contoh.version },
    questionnaire: contoh,
    answers,
    editionTitle: 'Monev KIP Contoh 2025',
    bodyName: 'Dinas A',
    deadline: '2025-08-31T15:59:59Z',
    timeZone: 'Asia/Makassar',
    key: KEY,
    ...over,
  };
}

const EVERY_TYPE: Record<string, WorkbookAnswer> = {
  '1.1': { value: true, evidence: ['https://ppid.example.go.id/dip', 'https://ppid.example.go.id/dip-2'] },
  '1.2': { value: 'situs', evidence: [] },
  '1.3': { value: ['laporan-keuangan', 'profil'], evidence: ['https://ppid.example.go.id/berkala'] },
  '2.1': { value: false, evidence: [] },
};

async function readBack(bytes: Buffer, def = contoh, key = KEY): Promise<{ answers: ReadAnswer[]; issues: { cell: string; message: string }[] }> {
  const opened = await openSaqWorkbook(bytes, key);
  if (!opened.ok) throw new Error(opened.issue.message);
  return opened.read(def);
}

const byCode = (answers: ReadAnswer[]) => Object.fromEntries(answers.map((a) => [a.question, { value: a.value, evidence: a.evidence }]));

async function edit(bytes: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the offline SAQ workbook', () => {
  it('gives back every question type as it was written: yes/no, choice, checklist, links; unanswered questions read as empty', async () => {
    const { answers, issues } = await readBack(await writeSaqWorkbook(input(EVERY_TYPE)));
    expect(issues).toEqual([]);
    expect(byCode(answers)).toEqual({ ...EVERY_TYPE, '2.2': { value: null, evidence: [] } });
  });

  it('reads a checklist with every item Tidak as an empty list, and with no mark as unanswered', async () => {
    const { answers } = await readBack(await writeSaqWorkbook(input({ '1.3': { value: [], evidence: [] } })));
    expect(byCode(answers)['1.3']).toEqual({ value: [], evidence: [] });
    const blank = await readBack(await writeSaqWorkbook(input({})));
    expect(byCode(blank.answers)['1.3'].value).toBeNull();
  });

  it('has Petunjuk with body, edition and the deadline in the commission\'s zone, one sheet per indicator, drop-downs, and a very hidden stamp', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeSaqWorkbook(input(EVERY_TYPE))) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([INSTRUCTIONS_SHEET, STAMP_SHEET, 'Jenis Informasi', 'Komitmen Organisasi']);
    const guide = wb.getWorksheet(INSTRUCTIONS_SHEET)!;
    const texts = guide.getColumn(2).values.map(String).join('\n');
    expect(texts).toContain('Dinas A (a)');
    expect(texts).toContain('Monev KIP Contoh 2025 (contoh-2025)');
    expect(texts).toContain('31 Agustus 2025 pukul 23.59 WITA');
    expect(wb.getWorksheet(STAMP_SHEET)!.state).toBe('veryHidden');
    const sheet = wb.getWorksheet('Jenis Informasi')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Kode', 'Pertanyaan', 'Jawaban', 'Tautan bukti dukung', 'Keterangan']);
    expect(sheet.getCell('A2').value).toBe('1.1');
    expect(sheet.getCell('C2').value).toBe('Ya');
    expect(sheet.getCell('C2').dataValidation).toMatchObject({ type: 'list' });
    expect(sheet.getCell('C3').value).toBe('Situs web saja');
    expect(sheet.getCell('A5').value).toBe('1.3/laporan-keuangan');
    expect([sheet.getCell('C5').value, sheet.getCell('C6').value, sheet.getCell('C7').value]).toEqual(['Ya', 'Tidak', 'Ya']);
  });

  it('names sheet and cell of a value outside the list, and of a moved row', async () => {
    const bytes = await edit(await writeSaqWorkbook(input(EVERY_TYPE)), (wb) => {
      wb.getWorksheet('Jenis Informasi')!.getCell('C2').value = 'Mungkin';
      wb.getWorksheet('Jenis Informasi')!.getCell('C6').value = 'ya';
      wb.getWorksheet('Komitmen Organisasi')!.getCell('A3').value = '2.9';
    });
    const { issues } = await readBack(bytes);
    expect(issues.map((i) => `${i.cell}: ${i.message}`)).toEqual([
      'Jenis Informasi!C2: "Mungkin" is not one of: Ya, Tidak',
      'Jenis Informasi!C6: "ya" is not one of: Ya, Tidak',
      'Komitmen Organisasi!A3: expected code "2.2", found "2.9": rows must not be added, removed or moved',
    ]);
  });

  it('refuses a stamp changed by hand, a workbook signed with another key, and a file that is not a workbook', async () => {
    const bytes = await writeSaqWorkbook(input(EVERY_TYPE));
    const otherBody = await edit(bytes, (wb) => (wb.getWorksheet(STAMP_SHEET)!.getCell('B4').value = 'b'));
    for (const [file, key] of [[otherBody, KEY], [bytes, 'another-key']] as const) {
      const opened = await openSaqWorkbook(file, key);
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.issue.message).toMatch(/signature does not match/);
    }
    const notXlsx = await openSaqWorkbook(Buffer.from('%PDF-1.4 not a workbook'), KEY);
    expect(notXlsx.ok).toBe(false);
    const opened = await openSaqWorkbook(bytes, KEY);
    expect(opened.ok && opened.stamp).toEqual({ edition: 'contoh-2025', stage: 'saq', body: 'a', instrument: 'saq-contoh', version: 1 });
  });

  it('round-trips the 87-question KI Pusat questionnaire with every question answered', async () => {
    const def = questionnaire('saq-ki-pusat-2025.yaml');
    const answers: Record<string, WorkbookAnswer> = {};
    for (const q of def.indicators.flatMap((i) => i.questions)) {
      const value = q.type === 'yes_no' ? true : q.type === 'choice' ? q.options![q.options!.length - 1].value : q.items!.slice(0, 1).map((i) => i.value);
      answers[q.code] = { value, evidence: q.evidence === 'none' ? [] : [`https://ppid.example.go.id/${q.code}`] };
    }
    const bytes = await writeSaqWorkbook(input(answers, { questionnaire: def, stamp: { edition: 'p', stage: 'saq', body: 'a', instrument: def.id, version: def.version } }));
    const back = await readBack(bytes, def);
    expect(back.issues).toEqual([]);
    expect(byCode(back.answers)).toEqual(answers);
    expect(Object.keys(answers)).toHaveLength(87);
  });
});
