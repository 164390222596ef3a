import { BodyResult, PanelStageTrace, QuestionnaireDef, QuestionnaireFacts, toScore, parseExact } from '../scoring';
import { absenceChanges, diffPublications, lineChanged, PublishedLine, questionChanges, sheetChanges, standingOf } from './changes';

const line = (body: string, finalHundredths: number | null, rank: number | null, predicate: string | null = 'informatif'): PublishedLine => ({
  body, bodyName: `Provinsi ${body.toUpperCase()}`, category: 'pemprov', finalHundredths, predicate, rank,
});

describe('the change list between two published versions', () => {
  it('lists nothing when every final, predicate and rank is equal', () => {
    const v1 = [line('ntb', 9852, 1), line('aceh', 9831, 2)];
    expect(diffPublications(v1, v1.map((l) => ({ ...l })))).toEqual([]);
  });

  it('the KI Pusat 2024 case: Kalimantan Timur 92.31 (rank 19) → 98.31 (rank 2, tied) is the one change; the provinces it passed keep their result', () => {
    // ranks 1, 2, then 3…18 at 97.00 down to 92.40, Kaltim 19th at 92.31
    const others = Array.from({ length: 16 }, (_, i) => line(`p${i + 3}`, 9700 - i * 10, i + 3));
    const v1 = [line('ntb', 9852, 1), line('aceh', 9831, 2), ...others, line('kaltim', 9231, 19)];
    // corrected: Kaltim ties Aceh at 98.31, rank 2; everyone from 3 on moves down one
    const v2 = [line('ntb', 9852, 1), line('aceh', 9831, 2), line('kaltim', 9831, 2), ...others.map((l) => ({ ...l, rank: l.rank! + 1 }))];
    const changes = diffPublications(v1, v2);
    expect(changes[0]).toEqual({
      body: 'kaltim', bodyName: 'Provinsi KALTIM', category: 'pemprov',
      before: { final: 92.31, predicate: 'informatif', rank: 19 },
      after: { final: 98.31, predicate: 'informatif', rank: 2 },
    });
    // a rank moved only because another body's result changed is not a change of this body's result
    expect(changes.map((c) => c.body)).toEqual(['kaltim']);
    // NTB and Aceh kept their final, predicate and rank: not listed
    expect(changes.map((c) => c.body)).not.toContain('ntb');
    expect(changes.map((c) => c.body)).not.toContain('aceh');
  });

  it('lists a predicate change alone, and a body added (before null) or withdrawn (after null), the withdrawn ones last', () => {
    const v1 = [line('a', 8000, 1, 'menuju_informatif'), line('gone', 5000, 2, 'kurang_informatif')];
    const v2 = [line('new', 9000, 1), line('a', 8000, 2, 'informatif')];
    expect(diffPublications(v1, v2)).toEqual([
      { body: 'new', bodyName: 'Provinsi NEW', category: 'pemprov', before: null, after: { final: 90, predicate: 'informatif', rank: 1 } },
      { body: 'a', bodyName: 'Provinsi A', category: 'pemprov', before: { final: 80, predicate: 'menuju_informatif', rank: 1 }, after: { final: 80, predicate: 'informatif', rank: 2 } },
      { body: 'gone', bodyName: 'Provinsi GONE', category: 'pemprov', before: { final: 50, predicate: 'kurang_informatif', rank: 2 }, after: null },
    ]);
  });

  it('gives scores as numbers rounded to 2 decimals from the frozen hundredths, exactly (no float drift), and null without a final', () => {
    expect(standingOf(line('a', 6589, 1)).final).toBe(65.89);
    expect(standingOf(line('a', 9831, 1)).final).toBe(98.31);
    expect(standingOf(line('a', 1, 1)).final).toBe(0.01);
    expect(standingOf(line('a', 0, 3)).final).toBe(0);
    expect(standingOf(line('a', null, null, null))).toEqual({ final: null, predicate: null, rank: null });
    expect(lineChanged(line('a', 6589, 1), line('a', 6590, 1))).toBe(true);
    expect(lineChanged(null, null)).toBe(false);
  });
});

const SAQ: QuestionnaireDef = {
  kind: 'questionnaire', id: 'saq-contoh', version: 1, title: 'contoh',
  indicators: [
    {
      code: '1', name: 'Jenis Informasi', weight: 60,
      questions: [
        { code: '1.1', text: 'DIP mutakhir', type: 'yes_no', points: 4, evidence: 'required' },
        {
          code: '1.3', text: 'Informasi berkala yang tersedia', type: 'checklist', points: 5, evidence: 'none',
          items: [{ value: 'laporan-keuangan', label: 'Laporan keuangan', points: 2 }, { value: 'laporan-kinerja', label: 'Laporan kinerja', points: 2 }, { value: 'profil', label: 'Profil pimpinan', points: 1 }],
        },
      ],
    },
    { code: '2', name: 'Komitmen', weight: 40, questions: [{ code: '2.1', text: 'PPID ditetapkan', type: 'yes_no', points: 3, evidence: 'none' }] },
  ],
};

const facts = (over: Partial<QuestionnaireFacts> = {}): QuestionnaireFacts => ({
  kind: 'questionnaire', submitted: true, verificationComplete: true,
  answers: { '1.1': { value: true, evidence: ['https://x.example/dip'] }, '1.3': { value: ['laporan-keuangan', 'profil'], evidence: [] }, '2.1': { value: true, evidence: [] } },
  decisions: { '1.3': { decision: 'correct', value: ['laporan-keuangan'] } },
  objections: [],
  ...over,
});

describe('the questions behind a change', () => {
  it('lists the question whose ruling changed, with the value that counted before and after; unchanged questions are not listed', () => {
    const upheld = facts({ objections: [{ question: '1.3', decision: 'upheld' }] });
    expect(questionChanges('saq', SAQ, facts(), upheld)).toEqual([
      {
        stage: 'saq', question: '1.3', text: 'Informasi berkala yang tersedia',
        before: { answer: ['laporan-keuangan', 'profil'], evidence: [], decision: 'correct', objection: null, value: ['laporan-keuangan'], points: '2' },
        after: { answer: ['laporan-keuangan', 'profil'], evidence: [], decision: 'correct', objection: 'upheld', value: ['laporan-keuangan', 'profil'], points: '3' },
      },
    ]);
  });

  it('lists a changed decision (a reopened verification rejecting 2.1) and a questionnaire missing on one side', () => {
    const rejected = facts({ decisions: { ...facts().decisions, '2.1': { decision: 'reject', note: 'SK tidak ada' } } });
    expect(questionChanges('saq', SAQ, facts(), rejected).map((q) => [q.question, q.before.decision, q.after.decision, q.before.points, q.after.points])).toEqual([['2.1', null, 'reject', '3', '0']]);
    expect(questionChanges('saq', SAQ, undefined, facts()).map((q) => q.question)).toEqual(['1.1', '1.3', '2.1']);
  });
});

function panelResult(stage: Partial<PanelStageTrace>): BodyResult {
  const trace: PanelStageTrace = {
    kind: 'panel', stage: 'uji-publik', weight: 30, reached: true, absent: false, aggregate: 'mean', minAssessors: 2, countedSheets: 0, complete: true, assessors: [], score: null, gate: null, ...stage,
  };
  return {
    body: 'a', bodyName: 'A', category: 'pemprov', status: 'complete', stages: {}, final: null, predicate: null, predicateLabel: null, rank: null,
    trace: { stages: [trace], final: { formula: '', terms: [], score: null } },
  };
}

describe('the panel sheets and absences behind a change', () => {
  const sheet = (assessor: string, total: string | null, status: 'submitted' | 'draft' | 'recused' = 'submitted') => ({
    assessor, status, scores: {}, total: total === null ? null : toScore(parseExact(total)), counted: status === 'submitted',
  });

  it('lists a sheet whose total or status changed, and a sheet on one side only; an equal sheet is not listed', () => {
    const before = panelResult({ assessors: [sheet('juri1', '79'), sheet('juri2', '80.25'), sheet('juri3', null, 'recused')] });
    const after = panelResult({ assessors: [sheet('juri1', '79'), sheet('juri2', '90'), sheet('juri4', '85')] });
    expect(sheetChanges(before, after)).toEqual([
      { stage: 'uji-publik', juror: 'juri2', before: { status: 'submitted', total: 80.25, counted: true }, after: { status: 'submitted', total: 90, counted: true } },
      { stage: 'uji-publik', juror: 'juri3', before: { status: 'recused', total: null, counted: false }, after: null },
      { stage: 'uji-publik', juror: 'juri4', before: null, after: { status: 'submitted', total: 85, counted: true } },
    ]);
  });

  it('lists an absence withdrawn between the versions, and none when it stayed', () => {
    expect(absenceChanges(panelResult({ absent: true }), panelResult({ absent: false }))).toEqual([{ stage: 'uji-publik', before: true, after: false }]);
    expect(absenceChanges(panelResult({ absent: true }), panelResult({ absent: true }))).toEqual([]);
  });
});
