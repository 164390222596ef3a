import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { withFiles } from '../facts/facts.reader';
import { QuestionnaireDef, QuestionnaireFacts, scoreQuestionnaire, toScore } from '../scoring';
import { ContentGuard, recognise, sizeText } from './content-guard';

const LIMITS = { types: ['pdf' as const], maxBytes: 16, maxPerQuestion: 3 };

/** Streams `chunks` through a guard; resolves with the content type or rejects with the guard's error. */
async function guarded(chunks: Buffer[]): Promise<{ contentType: string; bytes: number }> {
  const guard = new ContentGuard(LIMITS, 'contoh-2025');
  let bytes = 0;
  await pipeline(Readable.from(chunks), guard, new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) }));
  return { contentType: guard.contentType(), bytes };
}

describe('the content guard: the type from the first bytes, the size to the byte', () => {
  it('passes a PDF of exactly maxBytes, even when its signature arrives split over chunks', async () => {
    await expect(guarded([Buffer.from('%P'), Buffer.from('DF-1.4 '), Buffer.alloc(7, 0x20)])).resolves.toEqual({ contentType: 'application/pdf', bytes: 16 });
  });

  it('refuses maxBytes + 1 with 413 naming the limit', async () => {
    await expect(guarded([Buffer.from('%PDF-1.4 '), Buffer.alloc(8, 0x20)])).rejects.toMatchObject({ status: 413, code: 'evidence.too_large', message: expect.stringContaining('at most 16 bytes (16 bytes;') });
  });

  it('refuses an executable named anything with 415 at its first bytes, and an empty or tiny file too', async () => {
    await expect(guarded([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01])])).rejects.toMatchObject({ status: 415, code: 'evidence.type' });
    await expect(guarded([])).rejects.toMatchObject({ status: 415 });
    await expect(guarded([Buffer.from('%PD')])).rejects.toMatchObject({ status: 415 });
    expect(recognise(Buffer.from('%pdf-1.4'), ['pdf'])).toBeNull();
  });

  it('names sizes as an operator reads them', () => {
    expect([sizeText(2_097_152), sizeText(1024), sizeText(1500), sizeText(3_500_000)]).toEqual(['2 MB', '1 KB', '1500 bytes', '3.3 MB']);
  });
});

describe('`evidence: required` is met by a link or a file (withFiles, then the core)', () => {
  const def: QuestionnaireDef = {
    kind: 'questionnaire', id: 'q', version: 1, title: 'Q',
    indicators: [{ code: '1', name: 'Satu', weight: 100, questions: [
      { code: '1.1', text: 'Anggaran', type: 'yes_no', points: 1, evidence: 'required' },
      { code: '1.2', text: 'SK', type: 'yes_no', points: 1, evidence: 'required' },
    ] }],
  };
  const facts = (): QuestionnaireFacts => ({
    kind: 'questionnaire', submitted: true, verificationComplete: false, decisions: {}, objections: [],
    answers: { '1.1': { value: true, evidence: [] }, '1.2': { value: true, evidence: ['https://ppid.example.go.id/sk'] } },
  });

  it('a file joins its answer\'s evidence after the links; a file of an unanswered question adds no answer', () => {
    const f = facts();
    withFiles(f.answers, [{ id: 7, questionCode: '1.1' }, { id: 8, questionCode: '1.2' }, { id: 9, questionCode: '9.9' }]);
    expect(f.answers).toEqual({ '1.1': { value: true, evidence: ['/api/files/7'] }, '1.2': { value: true, evidence: ['https://ppid.example.go.id/sk', '/api/files/8'] } });
  });

  it('without the file 1.1 earns 0 in the verified score; with it, its points', () => {
    const bare = facts();
    expect(toScore(scoreQuestionnaire(def, bare).verified).rounded).toBe(50);
    const filed = facts();
    withFiles(filed.answers, [{ id: 7, questionCode: '1.1' }]);
    expect(toScore(scoreQuestionnaire(def, filed).verified).rounded).toBe(100);
  });
});
