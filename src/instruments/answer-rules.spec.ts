import { join } from 'path';
import { QuestionDef, QuestionnaireDef, RubricDef } from '../scoring/types';
import { InstrumentRegistry } from './registry';
import { aspectScoreIssues, checkAnswerValue, checkAspectScores, checkEvidence, evidenceIssues, isHttpUrl } from './answer-rules';

// The SPEC example's own instruments, as the registry reads them from fixtures/contoh.
const registry = new InstrumentRegistry();
registry.loadDirectory(join(__dirname, '..', '..', 'fixtures', 'contoh', 'instruments'));
const saq = registry.get({ id: 'saq-contoh', version: 1 }) as QuestionnaireDef;
const question = (code: string): QuestionDef => saq.indicators.flatMap((i) => i.questions).find((q) => q.code === code)!;
const yesNo = question('1.1');
const choice = question('1.2');
const checklist = question('1.3');
const rubric = registry.get({ id: 'rubrik-uji-publik-contoh', version: 1 }) as RubricDef;
/** Issues as the English tests below read them (their Indonesian texts are tested on their own). */
const english = <T extends { text: string }>(issues: T[]) => issues.map(({ text: _text, ...rest }) => rest);

describe('checkAnswerValue: an answer fits its question', () => {
  it.each<[string, QuestionDef, unknown, string | null]>([
    ['yes_no true', yesNo, true, null],
    ['yes_no false', yesNo, false, null],
    ['yes_no "ya" (text, not a boolean)', yesNo, 'ya', 'must be true or false'],
    ['yes_no 1', yesNo, 1, 'must be true or false'],
    ['a known option', choice, 'situs', null],
    ['an unknown option, listing the options', choice, 'koran', 'unknown option "koran"; expected one of: tidak-ada, situs, situs-aplikasi'],
    ['an option given as a list', choice, ['situs'], 'must be one option value: tidak-ada, situs, situs-aplikasi'],
    ['checked items', checklist, ['laporan-keuangan', 'profil'], null],
    ['no item checked', checklist, [], null],
    ['an unknown checklist item', checklist, ['laporan-keuangan', 'lhkpn'], 'unknown item "lhkpn"; expected items from: laporan-keuangan, laporan-kinerja, profil'],
    ['an item listed twice', checklist, ['profil', 'laporan-kinerja', 'profil'], 'lists an item twice'],
    ['a checklist given as text', checklist, 'profil', 'must be a list of item values from: laporan-keuangan, laporan-kinerja, profil'],
    ['a checklist with a number in it', checklist, ['profil', 2], 'must be a list of item values from: laporan-keuangan, laporan-kinerja, profil'],
  ])('%s', (_case, question, value, problem) => {
    expect(checkAnswerValue(question, value)?.en ?? null).toBe(problem);
  });

  it('says the same in Indonesian, naming the options and items', () => {
    expect(checkAnswerValue(yesNo, 'ya')?.id).toBe('harus Ya atau Tidak (true atau false)');
    expect(checkAnswerValue(choice, 'koran')?.id).toBe('pilihan "koran" tidak dikenal; pilihan yang ada: tidak-ada, situs, situs-aplikasi');
    expect(checkAnswerValue(choice, ['situs'])?.id).toBe('harus salah satu nilai pilihan: tidak-ada, situs, situs-aplikasi');
    expect(checkAnswerValue(checklist, ['lhkpn'])?.id).toBe('butir "lhkpn" tidak dikenal; butir yang ada: laporan-keuangan, laporan-kinerja, profil');
    expect(checkAnswerValue(checklist, ['profil', 'profil'])?.id).toBe('menyebut satu butir dua kali');
    expect(checkAnswerValue(checklist, 'profil')?.id).toBe('harus berupa daftar nilai butir dari: laporan-keuangan, laporan-kinerja, profil');
  });
});

describe('evidence: a list of http(s) links', () => {
  it.each<[unknown, boolean]>([
    ['https://ppid.example.go.id/dip', true],
    ['http://ppid.example.go.id/dip?tahun=2025', true],
    ['ftp://ppid.example.go.id/dip', false],
    ['ppid.example.go.id/dip', false],
    [' https://ppid.example.go.id/dip', false],
    ['javascript:alert(1)', false],
    ['https://', false],
    ['', false],
    [42, false],
  ])('isHttpUrl(%j) is %s', (text, ok) => {
    expect(isHttpUrl(text)).toBe(ok);
  });

  it('names the bad entries by index: evidence[1]', () => {
    expect(checkEvidence(['https://a.example/1', 'ftp://a.example/2', 'https://a.example/3', 7])).toEqual([
      { field: 'evidence[1]', message: '"ftp://a.example/2" is not an http(s) URL', text: '"ftp://a.example/2" bukan URL http(s)' },
      { field: 'evidence[3]', message: '7 is not an http(s) URL', text: '7 bukan URL http(s)' },
    ]);
    expect(english(checkEvidence(['nope'], 'answers.1.1.evidence'))).toEqual([{ field: 'answers.1.1.evidence[0]', message: '"nope" is not an http(s) URL' }]);
    expect(checkEvidence(Array(21).fill('https://a.example'))).toEqual([
      { field: 'evidence', message: 'at most 20 evidence links per answer (this has 21)', text: 'paling banyak 20 tautan bukti dukung per jawaban (jawaban ini punya 21)' },
    ]);
  });

  it('absent evidence is fine; evidence that is not a list is not', () => {
    expect(checkEvidence(undefined)).toEqual([]);
    expect(checkEvidence([])).toEqual([]);
    expect(checkEvidence('https://a.example')).toEqual([{ field: 'evidence', message: 'must be a list of http(s) URLs', text: 'harus berupa daftar URL http(s)' }]);
    expect(evidenceIssues(['x'])).toEqual([{ path: [0], message: '"x" is not an http(s) URL', text: '"x" bukan URL http(s)' }]);
  });
});

describe('aspect scores of a score sheet', () => {
  it.each<[string, unknown, boolean, { field: string; message: string }[]]>([
    ['a complete sheet', { K: 80, I: 72.5, S: 90.25 }, true, []],
    ['the scale bounds themselves', { K: 0, I: 100, S: 0 }, true, []],
    ['a draft may leave aspects out', { K: 80 }, false, []],
    ['a score above the scale', { K: 101, I: 70, S: 90 }, true, [{ field: 'scores.K', message: 'must be at most 100 (scale 0–100)' }]],
    ['a negative score', { K: -1, I: 70, S: 90 }, true, [{ field: 'scores.K', message: 'must be at least 0 (scale 0–100)' }]],
    ['a score with 3 decimals', { K: 80.125, I: 70, S: 90 }, true, [{ field: 'scores.K', message: 'at most 2 decimal places (scale 0–100)' }]],
    ['a score as text', { K: '80', I: 70, S: 90 }, true, [{ field: 'scores.K', message: 'must be a number (scale 0–100)' }]],
    ['an unknown aspect', { K: 80, I: 70, S: 90, X: 50 }, true, [{ field: 'scores.X', message: 'unknown aspect; expected one of: K, I, S' }]],
    ['a missing aspect on a complete sheet', { K: 80, S: 90 }, true, [{ field: 'scores.I', message: 'required on a submitted sheet' }]],
    ['scores that are not a mapping', [80, 70, 90], true, [{ field: 'scores', message: 'must map aspect codes (K, I, S) to numbers' }]],
  ])('%s', (_case, scores, complete, issues) => {
    expect(english(checkAspectScores(rubric, scores, complete))).toEqual(issues);
  });

  it('says the same in Indonesian, with the scale', () => {
    expect(checkAspectScores(rubric, { K: 101, I: 80.125, S: '9', X: 1 }, true).map((i) => `${i.field}: ${i.text}`)).toEqual([
      'scores.K: paling besar 100 (skala 0–100)',
      'scores.I: paling banyak 2 angka di belakang koma (skala 0–100)',
      'scores.S: harus berupa angka (skala 0–100)',
      'scores.X: aspek tidak dikenal; aspek yang ada: K, I, S',
    ]);
    expect(checkAspectScores(rubric, { K: 80 }, true).map((i) => i.text)).toEqual(['wajib diisi pada lembar nilai yang dikirim', 'wajib diisi pada lembar nilai yang dikirim']);
    expect(checkAspectScores(rubric, [1], true).map((i) => i.text)).toEqual(['harus memetakan kode aspek (K, I, S) ke angka']);
  });

  it('follows the rubric scale (1–5)', () => {
    const small: RubricDef = { ...rubric, scale: { min: 1, max: 5 } };
    expect(english(checkAspectScores(small, { K: 0.5, I: 5, S: 6 }, true, 'sheet'))).toEqual([
      { field: 'sheet.K', message: 'must be at least 1 (scale 1–5)' },
      { field: 'sheet.S', message: 'must be at most 5 (scale 1–5)' },
    ]);
    expect(aspectScoreIssues(small, { K: 6 }, false)).toEqual([{ path: ['K'], message: 'must be at most 5 (scale 1–5)', text: 'paling besar 5 (skala 1–5)' }]);
  });
});
