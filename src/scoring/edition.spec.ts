import { computeEdition } from './edition';
import {
  Answer,
  BandDef,
  BodyFacts,
  BodyResult,
  DEFAULT_BANDS,
  EditionDef,
  Gate,
  InstrumentDef,
  ObjectionRuling,
  PanelSheet,
  QuestionnaireDef,
  QuestionnaireFacts,
  RubricDef,
  VerificationDecision,
} from './types';

// ------------------------------------------------------------ the SPEC §5 worked example

const saqContoh: QuestionnaireDef = {
  kind: 'questionnaire',
  id: 'saq-contoh',
  version: 1,
  title: 'Kuesioner Penilaian Mandiri (contoh)',
  indicators: [
    {
      code: '1',
      name: 'Jenis Informasi',
      weight: 60,
      questions: [
        { code: '1.1', text: 'DIP mutakhir', type: 'yes_no', points: 4, evidence: 'required' },
        {
          code: '1.2',
          text: 'Media pengumuman',
          type: 'choice',
          points: 6,
          evidence: 'none',
          options: [
            { value: 'tidak-ada', label: 'Tidak ada', score: 0 },
            { value: 'situs', label: 'Situs web saja', score: 0.5 },
            { value: 'situs-aplikasi', label: 'Situs web dan aplikasi', score: 1 },
          ],
        },
        {
          code: '1.3',
          text: 'Informasi berkala',
          type: 'checklist',
          points: 5,
          evidence: 'none',
          items: [
            { value: 'laporan-keuangan', label: 'Laporan keuangan', points: 2 },
            { value: 'laporan-kinerja', label: 'Laporan kinerja', points: 2 },
            { value: 'profil', label: 'Profil pimpinan', points: 1 },
          ],
        },
      ],
    },
    {
      code: '2',
      name: 'Komitmen Organisasi',
      weight: 40,
      questions: [
        { code: '2.1', text: 'PPID ditetapkan', type: 'yes_no', points: 3, evidence: 'none' },
        { code: '2.2', text: 'Anggaran tersedia', type: 'yes_no', points: 2, evidence: 'required' },
      ],
    },
  ],
};

const rubricContoh: RubricDef = {
  kind: 'rubric',
  id: 'rubrik-uji-publik-contoh',
  version: 1,
  title: 'Rubrik Uji Publik (contoh)',
  scale: { min: 0, max: 100 },
  aspects: [
    { code: 'K', name: 'Komitmen pimpinan', weight: 40 },
    { code: 'I', name: 'Inovasi layanan informasi', weight: 35 },
    { code: 'S', name: 'Strategi dan rencana aksi', weight: 25 },
  ],
};

function edition(overrides: Partial<EditionDef> & { gate?: Gate } = {}): EditionDef {
  const { gate, ...rest } = overrides;
  return {
    code: 'contoh-2025',
    commission: 'ki-contoh',
    year: 2025,
    title: 'Monev 2025 (contoh)',
    simulated: true,
    categories: [{ code: 'pemprov', name: 'Pemerintah Provinsi' }],
    stages: [
      { code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-contoh', version: 1 }, weight: 70 },
      {
        code: 'uji-publik',
        kind: 'panel',
        instrument: { id: 'rubrik-uji-publik-contoh', version: 1 },
        weight: 30,
        gate: gate ?? { minScore: 60 },
        minAssessors: 2,
        aggregate: 'mean',
      },
    ],
    bands: [...DEFAULT_BANDS],
    ...rest,
  };
}

function lookup(...defs: InstrumentDef[]) {
  return (ref: { id: string; version: number }) => {
    const found = defs.find((d) => d.id === ref.id && d.version === ref.version);
    if (!found) throw new Error(`unknown instrument ${ref.id}@${ref.version}`);
    return found;
  };
}

const url = 'https://ppid.example.go.id/bukti';

function saq(
  answers: Record<string, Answer['value'] | Answer>,
  more: Partial<Omit<QuestionnaireFacts, 'answers'>> = {},
): QuestionnaireFacts {
  const normalised: Record<string, Answer> = {};
  for (const [code, a] of Object.entries(answers)) {
    normalised[code] = typeof a === 'object' && a !== null && !Array.isArray(a) ? a : { value: a, evidence: [] };
  }
  return {
    kind: 'questionnaire',
    submitted: true,
    answers: normalised,
    verificationComplete: true,
    decisions: {},
    objections: [],
    ...more,
  };
}

function sheet(assessor: string, K: number, I: number, S: number, status: PanelSheet['status'] = 'submitted'): PanelSheet {
  return { assessor, status, scores: { K, I, S } };
}

function body(code: string, stages: BodyFacts['stages'], category = 'pemprov'): BodyFacts {
  return { body: code, name: `Badan Publik ${code.toUpperCase()}`, category, stages };
}

const bodyA = body('a', {
  saq: saq(
    {
      '1.1': { value: true, evidence: [url] },
      '1.2': 'situs',
      '1.3': ['laporan-keuangan', 'profil'],
      '2.1': true,
      '2.2': true,
    },
    { decisions: { '1.3': { decision: 'correct', value: ['laporan-keuangan'], note: 'Profil tidak ditemukan' } } },
  ),
  'uji-publik': {
    kind: 'panel',
    absent: false,
    sheets: [sheet('juri1', 80, 70, 90), sheet('juri2', 85, 75, 80), { assessor: 'juri3', status: 'recused', scores: {} }],
  },
});

const bodyB = body('b', {
  saq: saq({
    '1.1': { value: true, evidence: [url] },
    '1.2': 'situs',
    '1.3': ['laporan-kinerja'],
    '2.1': false,
    '2.2': { value: true, evidence: [url] },
  }),
});

const bodyC = body('c', {});

function compute(ed: EditionDef, bodies: BodyFacts[], ...extra: InstrumentDef[]): BodyResult[] {
  return computeEdition({ edition: ed, instrument: lookup(saqContoh, rubricContoh, ...extra), bodies });
}

function byBody(results: BodyResult[]): Record<string, BodyResult> {
  return Object.fromEntries(results.map((r) => [r.body, r]));
}

describe('the SPEC §5 worked example', () => {
  const results = compute(edition(), [bodyC, bodyB, bodyA]);
  const r = byBody(results);

  it('reproduces the table to the hundredth', () => {
    const table = results.map((x) => [x.rank, x.body, x.stages.saq, x.stages['uji-publik'], x.final?.rounded, x.predicateLabel, x.status]);
    expect(table).toEqual([
      [1, 'a', 60, 79.63, 65.89, 'Cukup Informatif', 'complete'],
      [2, 'b', 52, null, 52, 'Kurang Informatif', 'complete'],
      [3, 'c', null, null, 0, 'Tidak Informatif', 'not_submitted'],
    ]);
  });

  it('keeps the exact values behind the rounded ones', () => {
    expect(r.a.final).toEqual({ exact: '65.8875', rounded: 65.89, hundredths: 6589, text: '65.89' });
    const panel = r.a.trace.stages[1];
    expect(panel.kind === 'panel' && panel.score).toEqual({ exact: '79.625', rounded: 79.63, hundredths: 7963, text: '79.63' });
    expect(r.a.trace.final.formula).toBe('(70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89');
    expect(r.b.trace.final.formula).toBe('(70 × 52) ÷ 70 = 52 → 52.00');
  });

  it('explains A line by line: claimed 80, the correction, the missing evidence', () => {
    const stage = r.a.trace.stages[0];
    if (stage.kind !== 'questionnaire') throw new Error('expected the SAQ first');
    expect(stage.claimed).toEqual({ exact: '80', rounded: 80, hundredths: 8000, text: '80.00' });
    expect(stage.score).toEqual({ exact: '60', rounded: 60, hundredths: 6000, text: '60.00' });
    const q = Object.fromEntries(stage.questions.map((x) => [x.code, x]));
    expect(q['1.3']).toMatchObject({ decision: 'correct', claimedPoints: '3', verifiedPoints: '2', verifiedValue: ['laporan-keuangan'] });
    expect(q['2.2']).toMatchObject({ evidenceMissing: true, claimedPoints: '2', verifiedPoints: '0' });
    expect(q['1.2']).toMatchObject({ claimedPoints: '3', verifiedPoints: '3' });
    expect(stage.indicators.map((i) => [i.code, i.verifiedPoints, i.maxPoints, i.verified.rounded])).toEqual([
      ['1', '9', '15', 36],
      ['2', '3', '5', 24],
    ]);
  });

  it('counts the jurors who submitted and leaves out the recused one', () => {
    const panel = r.a.trace.stages[1];
    if (panel.kind !== 'panel') throw new Error('expected the panel second');
    expect(panel.assessors.map((x) => [x.assessor, x.total?.exact ?? null, x.counted])).toEqual([
      ['juri1', '79', true],
      ['juri2', '80.25', true],
      ['juri3', null, false],
    ]);
  });

  it('stops B at the gate with the score it compared', () => {
    const panel = r.b.trace.stages[1];
    expect(panel.gate).toEqual({ rule: 'minScore', threshold: 60, earlierScore: { exact: '52', rounded: 52, hundredths: 5200, text: '52.00' }, rank: null, passed: false });
    expect(panel.reached).toBe(false);
  });
});

// ------------------------------------------------------------ boundaries

/** A one-indicator questionnaire that yields exactly `earned ÷ max × 100`. */
function fractionQuestionnaire(earned: number, max: number): QuestionnaireDef {
  return {
    kind: 'questionnaire',
    id: 'saq-pecahan',
    version: 1,
    title: 'Pecahan',
    indicators: [
      {
        code: '1',
        name: 'Satu',
        weight: 100,
        questions: [
          { code: 'ya', text: 'ya', type: 'yes_no', points: earned, evidence: 'none' },
          { code: 'tidak', text: 'tidak', type: 'yes_no', points: max - earned, evidence: 'none' },
        ],
      },
    ],
  };
}

function singleStage(bands: BandDef[] = [...DEFAULT_BANDS]): EditionDef {
  return edition({
    stages: [{ code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-pecahan', version: 1 }, weight: 100 }],
    bands,
  });
}

function scoreOf(earned: number, max: number, bands?: BandDef[]): BodyResult {
  const results = compute(singleStage(bands), [body('x', { saq: saq({ ya: true, tidak: false }) })], fractionQuestionnaire(earned, max));
  return results[0];
}

describe('rounding the final once, half-up, and the predicate on the rounded score', () => {
  it.each([
    [11999, 20000, '59.995', 60, 6000, '60.00', 'cukup_informatif'],
    [17999, 20000, '89.995', 90, 9000, '90.00', 'informatif'],
    [15999, 20000, '79.995', 80, 8000, '80.00', 'menuju_informatif'],
    [599949, 1000000, '59.9949', 59.99, 5999, '59.99', 'kurang_informatif'],
    [2, 3, '200/3', 66.67, 6667, '66.67', 'cukup_informatif'],
    [9, 10, '90', 90, 9000, '90.00', 'informatif'],
    [0, 7, '0', 0, 0, '0.00', 'tidak_informatif'],
  ])('%i/%i → %s → %d (%i hundredths, "%s"), %s', (earned, max, exactText, rounded, hundredths, text, predicate) => {
    const r = scoreOf(earned, max);
    expect(r.final).toEqual({ exact: exactText, rounded, hundredths, text });
    expect(r.predicate).toBe(predicate);
  });

  it('applies custom bands (KI DKI: Informatif from 89)', () => {
    const dki: BandDef[] = [
      { code: 'informatif', label: 'Informatif', min: 89 },
      { code: 'menuju_informatif', label: 'Menuju Informatif', min: 80 },
      { code: 'cukup_informatif', label: 'Cukup Informatif', min: 60 },
      { code: 'kurang_informatif', label: 'Kurang Informatif', min: 40 },
      { code: 'tidak_informatif', label: 'Tidak Informatif', min: 0 },
    ];
    expect(scoreOf(89, 100, dki).predicate).toBe('informatif');
    expect(scoreOf(89, 100).predicate).toBe('menuju_informatif');
    expect(scoreOf(88995, 100000, dki).predicate).toBe('informatif');
    expect(scoreOf(88994, 100000, dki).predicate).toBe('menuju_informatif');
  });
});

describe('gates', () => {
  const twoStage = (gate: Gate) =>
    edition({
      gate,
      stages: [
        { code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-pecahan', version: 1 }, weight: 70 },
        { ...edition().stages[1], gate } as EditionDef['stages'][number],
      ],
    });
  const panelOf = (...sheets: PanelSheet[]) => ({ kind: 'panel' as const, absent: false, sheets });
  const jurors = panelOf(sheet('j1', 100, 100, 100), sheet('j2', 100, 100, 100));

  it('lets a body through whose earlier score reaches the gate only after rounding (59.995 → 60.00)', () => {
    const results = compute(
      twoStage({ minScore: 60 }),
      [body('x', { saq: saq({ ya: true, tidak: false }), 'uji-publik': jurors })],
      fractionQuestionnaire(11999, 20000),
    );
    expect(results[0].stages).toEqual({ saq: 60, 'uji-publik': 100 });
    expect(results[0].trace.stages[1].gate?.passed).toBe(true);
  });

  it('stops a body at 59.9949, which rounds to 59.99', () => {
    const results = compute(
      twoStage({ minScore: 60 }),
      [body('x', { saq: saq({ ya: true, tidak: false }), 'uji-publik': jurors })],
      fractionQuestionnaire(599949, 1000000),
    );
    expect(results[0].stages).toEqual({ saq: 59.99, 'uji-publik': null });
    expect(results[0].final?.rounded).toBe(59.99);
  });

  it('takes the top N per category and every body tied at rank N (Sumbar: top 3)', () => {
    const q = fractionQuestionnaire(1, 1);
    const scoring = { ...q, indicators: [{ ...q.indicators[0], questions: [
      { code: 'n', text: 'nilai', type: 'choice' as const, points: 10, evidence: 'none' as const, options: [
        { value: 'v90', label: '90', score: 0.9 },
        { value: 'v80', label: '80', score: 0.8 },
        { value: 'v70', label: '70', score: 0.7 },
      ] },
    ] }] };
    const bodies = [
      body('p', { saq: saq({ n: 'v90' }), 'uji-publik': jurors }),
      body('q', { saq: saq({ n: 'v80' }), 'uji-publik': jurors }),
      body('r', { saq: saq({ n: 'v80' }), 'uji-publik': jurors }),
      body('s', { saq: saq({ n: 'v70' }), 'uji-publik': jurors }),
      body('t', { saq: saq({ n: 'v70' }), 'uji-publik': jurors }, 'kabupaten'),
    ];
    const ed = { ...twoStage({ topPerCategory: 2 }), categories: [{ code: 'pemprov', name: 'Pemprov' }, { code: 'kabupaten', name: 'Kabupaten' }] };
    const r = byBody(compute(ed, bodies, scoring));
    expect([r.p, r.q, r.r, r.s, r.t].map((x) => [x.body, x.trace.stages[1].gate?.rank, x.stages['uji-publik']])).toEqual([
      ['p', 1, 100],
      ['q', 2, 100],
      ['r', 2, 100],
      ['s', 4, null],
      ['t', 1, 100],
    ]);
  });

  it('lets a body that never submitted reach nothing, whatever was recorded later', () => {
    const r = compute(edition(), [body('c', { 'uji-publik': jurors })])[0];
    expect(r.status).toBe('not_submitted');
    expect(r.stages).toEqual({ saq: null, 'uji-publik': null });
    expect(r.final?.rounded).toBe(0);
    expect(r.predicate).toBe('tidak_informatif');
  });
});

describe('panels', () => {
  const panelEdition = (aggregate: 'mean' | 'median', minAssessors = 2) =>
    edition({
      stages: [
        { code: 'uji-publik', kind: 'panel', instrument: { id: 'rubrik-uji-publik-contoh', version: 1 }, weight: 100, minAssessors, aggregate },
      ],
    });
  const uniform = (assessor: string, v: number, status: PanelSheet['status'] = 'submitted') => sheet(assessor, v, v, v, status);
  const panelBody = (code: string, sheets: PanelSheet[], absent = false) => body(code, { 'uji-publik': { kind: 'panel', absent, sheets } });

  it('takes the median of an even count as the mean of the middle two', () => {
    const r = compute(panelEdition('median'), [panelBody('x', [uniform('a', 70), uniform('b', 100), uniform('c', 80), uniform('d', 91)])])[0];
    expect(r.final).toEqual({ exact: '85.5', rounded: 85.5, hundredths: 8550, text: '85.50' });
  });

  it('takes the median of an odd count as the middle one', () => {
    const r = compute(panelEdition('median'), [panelBody('x', [uniform('a', 70), uniform('b', 100), uniform('c', 80)])])[0];
    expect(r.final?.exact).toBe('80');
  });

  it('ignores drafts and recusals, and is incomplete below minAssessors: no final, predicate or rank', () => {
    const results = compute(panelEdition('mean'), [
      panelBody('x', [uniform('a', 90), uniform('b', 95, 'draft'), uniform('c', 0, 'recused')]),
      panelBody('y', [uniform('a', 60), uniform('b', 70)]),
    ]);
    const r = byBody(results);
    expect(r.x).toMatchObject({ status: 'incomplete', final: null, predicate: null, predicateLabel: null, rank: null });
    expect(r.x.stages['uji-publik']).toBeNull();
    expect(r.y).toMatchObject({ status: 'complete', rank: 1, final: { exact: '65', rounded: 65, hundredths: 6500, text: '65.00' } });
  });

  it('scores an absent body 0 for the stage', () => {
    const r = compute(panelEdition('mean'), [panelBody('x', [], true)])[0];
    expect(r).toMatchObject({ status: 'complete', final: { exact: '0', rounded: 0, hundredths: 0, text: '0.00' }, stages: { 'uji-publik': 0 } });
  });

  it('scales a 0–10 rubric to 100 (8 counts as 80)', () => {
    const tenScale: RubricDef = { ...rubricContoh, id: 'rubrik-10', scale: { min: 0, max: 10 } };
    const ed = panelEdition('mean', 1);
    ed.stages[0].instrument = { id: 'rubrik-10', version: 1 };
    const r = compute(ed, [panelBody('x', [sheet('a', 8, 7, 9.5)])], tenScale)[0];
    expect(r.final?.exact).toBe(String(80 * 0.4 + 70 * 0.35 + 95 * 0.25));
  });

  it('refuses a score outside the scale', () => {
    expect(() => compute(panelEdition('mean', 1), [panelBody('x', [uniform('a', 101)])])).toThrow(/outside the scale/);
  });
});

describe('verification, objections and evidence', () => {
  const single = edition({ stages: [{ code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-contoh', version: 1 }, weight: 100 }] });
  const full: Record<string, Answer> = {
    '1.1': { value: true, evidence: [url] },
    '1.2': { value: 'situs-aplikasi', evidence: [] },
    '1.3': { value: ['laporan-keuangan', 'laporan-kinerja', 'profil'], evidence: [] },
    '2.1': { value: true, evidence: [] },
    '2.2': { value: true, evidence: [url] },
  };
  const run = (decisions: Record<string, VerificationDecision>, objections: ObjectionRuling[] = [], complete = true) =>
    compute(single, [body('x', { saq: saq(full, { decisions, objections, verificationComplete: complete }) })])[0];

  it('gives full marks when everything is accepted', () => {
    expect(run({}).final?.exact).toBe('100');
  });

  it('earns nothing for a rejected answer', () => {
    // 2.1 (3 of 5 points in a 40-weight indicator) rejected: 100 − 24
    expect(run({ '2.1': { decision: 'reject', note: 'SK tidak dilampirkan' } }).final?.exact).toBe('76');
  });

  it('restores the body’s own answer when an objection is upheld without a value', () => {
    const r = run({ '2.1': { decision: 'reject' } }, [{ question: '2.1', decision: 'upheld' }]);
    expect(r.final?.exact).toBe('100');
  });

  it('takes the ruling’s value when an upheld objection gives one', () => {
    const r = run({ '1.2': { decision: 'correct', value: 'tidak-ada' } }, [{ question: '1.2', decision: 'upheld', value: 'situs' }]);
    // 1.2 earns 3 of 6 in a 60-weight indicator of 15 points: 100 − 60 × 3/15
    expect(r.final?.exact).toBe('88');
  });

  it('leaves the decision standing when an objection is rejected', () => {
    const r = run({ '2.1': { decision: 'reject' } }, [{ question: '2.1', decision: 'rejected' }]);
    expect(r.final?.exact).toBe('76');
    const stage = r.trace.stages[0];
    expect(stage.kind === 'questionnaire' && stage.questions.find((q) => q.code === '2.1')?.objection).toBe('rejected');
  });

  it('counts an unverified SAQ with its claimed answers minus missing required evidence', () => {
    const answers = { ...full, '1.1': { value: true, evidence: [] } };
    const r = compute(single, [body('x', { saq: saq(answers, { verificationComplete: false }) })])[0];
    expect(r.status).toBe('unverified');
    // 1.1 is 4 of 15 points in a 60-weight indicator: 100 − 16
    expect(r.final?.exact).toBe('84');
    expect(r.rank).toBe(1);
  });

  it('counts an unanswered question as 0 and a thirds-valued score exactly', () => {
    const { ['2.1']: _dropped, ...partial } = full;
    const r = compute(single, [body('x', { saq: saq(partial) })])[0];
    expect(r.final).toEqual({ exact: '76', rounded: 76, hundredths: 7600, text: '76.00' });
  });
});

describe('ranking within each category', () => {
  it('ranks ties together and skips the next rank, per category', () => {
    const ed = edition({
      categories: [{ code: 'pemprov', name: 'Pemprov' }, { code: 'kabupaten', name: 'Kabupaten' }],
      stages: [{ code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-contoh', version: 1 }, weight: 100 }],
    });
    const yes = (code: string, category: string, a21: boolean) =>
      body(code, { saq: saq({ '1.1': { value: true, evidence: [url] }, '2.1': a21 }) }, category);
    const results = compute(ed, [yes('p1', 'pemprov', true), yes('p2', 'pemprov', true), yes('p3', 'pemprov', false), yes('k1', 'kabupaten', false)]);
    expect(results.map((r) => [r.category, r.body, r.final?.rounded, r.rank])).toEqual([
      ['pemprov', 'p1', 40, 1],
      ['pemprov', 'p2', 40, 1],
      ['pemprov', 'p3', 16, 3],
      ['kabupaten', 'k1', 16, 1],
    ]);
  });
});
