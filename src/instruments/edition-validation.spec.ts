import { DEFAULT_BANDS, EditionDef, InstrumentDef, InstrumentRef, QuestionnaireDef, RubricDef } from '../scoring/types';
import { DefinitionError, formatIssue } from './definition-error';
import { checkEditionInstruments, parseEdition, windowProblem } from './edition-validation';
import { parseText } from './parse-file';

const FORM = 'write it as 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z (with seconds, at most 9 fractional digits, and Z or an offset ±hh:mm)';

// Line numbers matter: the cases below edit one line of this text and expect that line back.
const EDITION = `code: contoh-2025
commission: ki-contoh
year: 2025
title: Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025
categories:
  - { code: pemprov, name: Pemerintah Provinsi }
stages:
  - code: saq
    kind: questionnaire
    instrument: { id: saq-contoh, version: 1 }
    weight: 70
    window: { opens: 2025-05-01T00:00:00+07:00, closes: 2025-08-31T23:59:59+07:00 }
    verificationWindow: { opens: 2025-09-01T00:00:00+07:00, closes: 2025-09-30T23:59:59+07:00 }
  - code: uji-publik
    kind: panel
    instrument: { id: rubrik-uji-publik-contoh, version: 1 }
    weight: 30
    gate: { minScore: 60 }
    window: { opens: 2025-11-01T00:00:00+07:00, closes: 2025-11-30T23:59:59+07:00 }
certificate:
  predicates: [informatif, menuju_informatif]
  city: Jakarta
  signatory: { name: Nama Ketua, title: Ketua Komisi Informasi }
`;

function edit(text: string, n: number, replacement: string | string[] | undefined): string {
  const lines = text.split('\n');
  lines.splice(n - 1, 1, ...(replacement === undefined ? [] : Array.isArray(replacement) ? replacement : [replacement]));
  return lines.join('\n');
}

function issuesOf(text: string, file = 'edition.yaml'): string[] {
  try {
    parseEdition(text, file);
    return [];
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return error.issues.map(formatIssue);
  }
}

/** The edition up to (not including) its certificate, lines 1–19. */
const WITHOUT_CERTIFICATE = EDITION.slice(0, EDITION.indexOf('certificate:'));

const BANDS_WITHOUT_ZERO = [
  'bands:',
  '  - { code: informatif, label: Informatif, min: 90 }',
  '  - { code: menuju_informatif, label: Menuju Informatif, min: 80 }',
  '  - { code: cukup_informatif, label: Cukup Informatif, min: 60 }',
  'certificate:',
];

describe('a valid edition', () => {
  const edition = parseEdition(EDITION, 'edition.yaml');

  it('comes back with its defaults: not simulated, the five default bands, a panel of at least 1 assessor averaged by the mean', () => {
    expect(edition.simulated).toBe(false);
    expect(edition.bands).toEqual(DEFAULT_BANDS);
    expect(edition.bands.map((b) => b.min)).toEqual([90, 80, 60, 40, 0]);
    expect(edition.stages[1]).toEqual({
      code: 'uji-publik',
      kind: 'panel',
      instrument: { id: 'rubrik-uji-publik-contoh', version: 1 },
      weight: 30,
      gate: { minScore: 60 },
      window: { opens: '2025-11-01T00:00:00+07:00', closes: '2025-11-30T23:59:59+07:00' },
      minAssessors: 1,
      aggregate: 'mean',
    });
  });

  it('keeps unquoted instants as the text written', () => {
    expect(edition.stages[0]).toMatchObject({
      kind: 'questionnaire',
      window: { opens: '2025-05-01T00:00:00+07:00', closes: '2025-08-31T23:59:59+07:00' },
      verificationWindow: { opens: '2025-09-01T00:00:00+07:00', closes: '2025-09-30T23:59:59+07:00' },
    });
    expect(edition.certificate).toEqual({ predicates: ['informatif', 'menuju_informatif'], city: 'Jakarta', signatory: { name: 'Nama Ketua', title: 'Ketua Komisi Informasi' } });
  });

  it('sorts its own bands from the highest min down, whatever order the file gives', () => {
    const bands = ['bands:', '  - { code: kurang, label: Kurang, min: 0 }', '  - { code: baik, label: Baik, min: 75.5 }', '  - { code: cukup, label: Cukup, min: 50 }'];
    const def = parseEdition(WITHOUT_CERTIFICATE + bands.join('\n'), 'edition.yaml');
    expect(def.bands.map((b) => `${b.code}:${b.min}`)).toEqual(['baik:75.5', 'cukup:50', 'kurang:0']);
  });

  it('expresses the real variants: a panel first, a top-3 gate, median of 3 assessors, simulated', () => {
    const text = `code: sumbar-2025
commission: ki-sumbar
year: 2025
title: Monev Sumbar
simulated: true
categories: [{ code: opd, name: OPD }]
stages:
  - { code: saq, kind: questionnaire, instrument: { id: q, version: 2 }, weight: 50 }
  - { code: presentasi, kind: panel, instrument: { id: r, version: 1 }, weight: 50, gate: { topPerCategory: 3 }, minAssessors: 3, aggregate: median }
`;
    const def = parseEdition(text, 'sumbar.yaml');
    expect(def.simulated).toBe(true);
    expect(def.stages[1]).toMatchObject({ gate: { topPerCategory: 3 }, minAssessors: 3, aggregate: 'median' });
    const panelFirst = parseEdition(`code: x\ncommission: ki\nyear: 2025\ntitle: X\ncategories: [{ code: opd, name: OPD }]\nstages: [{ code: up, kind: panel, instrument: { id: r, version: 1 }, weight: 100 }]\n`, 'x.yaml');
    expect(panelFirst.stages.map((s) => s.kind)).toEqual(['panel']);
  });
});

describe('edition rules: every problem names the file, the line and the path', () => {
  it.each<[string, string, string[]]>([
    ['stage weights summing to 95', edit(EDITION, 11, '    weight: 65'), ['edition.yaml:7: stages: weights sum to 95, expected 100']],
    ['stage weights summing to 100.5', edit(EDITION, 17, '    weight: 30.5'), ['edition.yaml:7: stages: weights sum to 100.5, expected 100']],
    ['a gate on the first stage', edit(EDITION, 11, ['    weight: 70', '    gate: { minScore: 50 }']), ['edition.yaml:12: stages[0].gate: the first stage has no earlier stage to gate on']],
    ['a gate with both minScore and topPerCategory', edit(EDITION, 18, '    gate: { minScore: 60, topPerCategory: 3 }'), ['edition.yaml:18: stages[1].gate: give exactly one of minScore or topPerCategory']],
    ['an empty gate', edit(EDITION, 18, '    gate: {}'), ['edition.yaml:18: stages[1].gate: give exactly one of minScore or topPerCategory']],
    ['a gate above 100', edit(EDITION, 18, '    gate: { minScore: 101 }'), ['edition.yaml:18: stages[1].gate.minScore: must be at most 100']],
    ['a top-per-category gate of 2.5', edit(EDITION, 18, '    gate: { topPerCategory: 2.5 }'), ['edition.yaml:18: stages[1].gate.topPerCategory: must be a positive whole number']],
    [
      'a window that opens after it closes',
      edit(EDITION, 12, '    window: { opens: 2025-09-01T00:00:00+07:00, closes: 2025-08-31T23:59:59+07:00 }'),
      ['edition.yaml:12: stages[0].window: opens (2025-09-01T00:00:00+07:00) must be before closes (2025-08-31T23:59:59+07:00)'],
    ],
    [
      'a window without an offset',
      edit(EDITION, 12, '    window: { opens: 2025-05-01T00:00:00, closes: 2025-08-31T23:59:59+07:00 }'),
      [`edition.yaml:12: stages[0].window.opens: "2025-05-01T00:00:00" is not an RFC 3339 instant: ${FORM}`],
    ],
    [
      'a window on 31 June',
      edit(EDITION, 12, '    window: { opens: 2025-05-01T00:00:00+07:00, closes: 2025-06-31T23:59:59+07:00 }'),
      ['edition.yaml:12: stages[0].window.closes: "2025-06-31T23:59:59+07:00" is not an RFC 3339 instant: 2025 has no 31 June'],
    ],
    [
      'a window closing on 30 February',
      edit(EDITION, 12, '    window: { opens: 2025-01-01T00:00:00+08:00, closes: 2025-02-30T00:00:00+08:00 }'),
      ['edition.yaml:12: stages[0].window.closes: "2025-02-30T00:00:00+08:00" is not an RFC 3339 instant: 2025 has no 30 February'],
    ],
    [
      'a window closing at 24:00',
      edit(EDITION, 12, '    window: { opens: 2025-05-01T00:00:00+08:00, closes: 2025-08-31T24:00:00+08:00 }'),
      ['edition.yaml:12: stages[0].window.closes: "2025-08-31T24:00:00+08:00" is not an RFC 3339 instant: the hours run from 00 to 23 (24:00 is 00:00:00 of the next day)'],
    ],
    [
      'a window without seconds',
      edit(EDITION, 12, '    window: { opens: 2025-05-01T00:00+08:00, closes: 2025-08-31T23:59:59+08:00 }'),
      [`edition.yaml:12: stages[0].window.opens: "2025-05-01T00:00+08:00" is not an RFC 3339 instant: ${FORM}`],
    ],
    ['a window without closes', edit(EDITION, 12, '    window: { opens: 2025-05-01T00:00:00+07:00 }'), ['edition.yaml:12: stages[0].window.closes: required']],
    [
      'a verificationWindow on a panel stage',
      edit(EDITION, 19, ['    window: { opens: 2025-11-01T00:00:00+07:00, closes: 2025-11-30T23:59:59+07:00 }', '    verificationWindow: { opens: 2025-12-01T00:00:00+07:00, closes: 2025-12-05T00:00:00+07:00 }']),
      ['edition.yaml:20: stages[1].verificationWindow: only a questionnaire stage has verificationWindow'],
    ],
    ['minAssessors on a questionnaire stage', edit(EDITION, 11, ['    weight: 70', '    minAssessors: 2']), ['edition.yaml:12: stages[0].minAssessors: only a panel stage has minAssessors']],
    ['a typo in a stage key', edit(EDITION, 17, '    wieght: 30'), [
      'edition.yaml:17: stages[1].wieght: unknown field; did you mean "weight"? (expected: code, kind, instrument, weight, gate, window, minAssessors, aggregate)',
      'edition.yaml:14: stages[1].weight: required',
    ]],
    ['an unknown aggregate', edit(EDITION, 19, ['    window: { opens: 2025-11-01T00:00:00+07:00, closes: 2025-11-30T23:59:59+07:00 }', '    aggregate: mode']), ['edition.yaml:20: stages[1].aggregate: unknown value "mode"; expected one of: mean, median']],
    ['an unknown stage kind', edit(EDITION, 15, '    kind: jury'), ['edition.yaml:15: stages[1].kind: unknown value "jury"; expected one of: questionnaire, panel']],
    ['a duplicate stage code', edit(EDITION, 14, '  - code: saq'), ['edition.yaml:14: stages[1].code: duplicate stage code "saq" (first at stages[0].code)']],
    ['a stage code in capitals', edit(EDITION, 8, '  - code: SAQ'), ['edition.yaml:8: stages[0].code: "SAQ" is not a valid code (lowercase letters, digits, - and _)']],
    ['an instrument version 1.5', edit(EDITION, 10, '    instrument: { id: saq-contoh, version: 1.5 }'), ['edition.yaml:10: stages[0].instrument.version: must be a positive whole number']],
    ['no stages', EDITION.split('\n').slice(0, 6).join('\n') + '\nstages: []\n', ['edition.yaml:7: stages: must have at least 1 entry']],
    ['bands without a 0', edit(EDITION, 20, BANDS_WITHOUT_ZERO), ['edition.yaml:20: bands: one band must start at min 0']],
    ['a duplicate band min', edit(EDITION, 20, ['bands:', '  - { code: tinggi, label: Tinggi, min: 60 }', '  - { code: sedang, label: Sedang, min: 60 }', '  - { code: rendah, label: Rendah, min: 0 }', 'certificate:']), [
      'edition.yaml:22: bands[1].min: duplicate band min "60" (first at bands[0].min)',
      'edition.yaml:25: certificate.predicates[0]: "informatif" is not a band code; expected one of: tinggi, sedang, rendah',
      'edition.yaml:25: certificate.predicates[1]: "menuju_informatif" is not a band code; expected one of: tinggi, sedang, rendah',
    ]],
    [
      'a certificate predicate that is not a band code',
      edit(EDITION, 21, '  predicates: [informatif, juara]'),
      ['edition.yaml:21: certificate.predicates[1]: "juara" is not a band code; expected one of: informatif, menuju_informatif, cukup_informatif, kurang_informatif, tidak_informatif'],
    ],
    ['a certificate that names no predicate', edit(EDITION, 21, '  predicates: []'), ['edition.yaml:21: certificate.predicates: must list at least one band code (leave out `certificate` for an edition without certificates)']],
    ['a certificate without a signatory', edit(EDITION, 23, undefined), ['edition.yaml:21: certificate.signatory: required']],
    ['simulated as text', edit(EDITION, 4, ['title: T', 'simulated: "ya"']), ['edition.yaml:5: simulated: must be true or false']],
    ['a year of 25', edit(EDITION, 3, 'year: 25'), ['edition.yaml:3: year: must be at least 2000']],
    ['a duplicate category', edit(EDITION, 6, ['  - { code: pemprov, name: Pemerintah Provinsi }', '  - { code: pemprov, name: Pemprov }']), ['edition.yaml:7: categories[1].code: duplicate category code "pemprov" (first at categories[0].code)']],
    ['an unknown top-level key', edit(EDITION, 4, ['title: T', 'tahun: 2025']), ['edition.yaml:5: tahun: unknown field (expected: code, commission, year, title, simulated, categories, stages, bands, certificate, evidenceFiles)']],
  ])('%s', (_case, text, expected) => {
    expect(issuesOf(text)).toEqual(expected);
  });

  it('collects the problems of several stages and the certificate at once', () => {
    const text = edit(edit(edit(EDITION, 21, '  predicates: [juara]'), 18, '    gate: { minScore: 60, topPerCategory: 3 }'), 12, '    window: { opens: 2025-05-01, closes: 2025-08-31T23:59:59+07:00 }');
    expect(issuesOf(text)).toEqual([
      `edition.yaml:12: stages[0].window.opens: "2025-05-01" is not an RFC 3339 instant: ${FORM}`,
      'edition.yaml:18: stages[1].gate: give exactly one of minScore or topPerCategory',
      'edition.yaml:21: certificate.predicates[0]: "juara" is not a band code; expected one of: informatif, menuju_informatif, cukup_informatif, kurang_informatif, tidak_informatif',
    ]);
  });
});

// The instants themselves: parseInstant's cases in src/common/instant.spec.ts.
describe('windowProblem', () => {
  it.each<[unknown, { field: string; message: string } | null]>([
    [{ opens: '2025-05-01T00:00:00+07:00', closes: '2025-05-01T00:00:01+07:00' }, null],
    [{ opens: '2025-05-01T00:00:00Z', closes: '2025-05-01T07:00:00+07:00' }, { field: '', message: 'opens (2025-05-01T00:00:00Z) must be before closes (2025-05-01T07:00:00+07:00)' }],
    [{ opens: '2025-05-01T00:00:00Z', closes: '2025-05-01T08:00:00+07:00' }, null],
    [{ opens: '2025-08-31T15:59:59.1234Z', closes: '2025-08-31T15:59:59.1235Z' }, null],
    [{ opens: '2025-08-31T15:59:59.1235Z', closes: '2025-08-31T15:59:59.1234Z' }, { field: '', message: 'opens (2025-08-31T15:59:59.1235Z) must be before closes (2025-08-31T15:59:59.1234Z)' }],
    [{ opens: '2025-05-01T00:00:00+07:00', closes: '2025-08-31T15:59:59.123456789Z' }, null],
    [{ opens: '2025-05-01T00:00:00+07:00', closes: '2025-02-29T12:00:00+08:00' }, { field: 'closes', message: '"2025-02-29T12:00:00+08:00" is not an RFC 3339 instant: 2025 has no 29 February' }],
    [{ opens: 1746032400000, closes: '2025-05-02T00:00:00+07:00' }, { field: 'opens', message: '"1746032400000" is not an RFC 3339 instant: write it as text, e.g. 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z' }],
    [{ opens: '2025-05-01T00:00:00+07:00' }, { field: 'closes', message: 'required' }],
    [{ opens: '2025-05-01T00:00:00+07:00', closes: '2025-05-02T00:00:00+07:00', until: 'x' }, { field: 'until', message: 'unknown field (expected: opens, closes)' }],
    ['2025-05-01', { field: '', message: 'must be { opens, closes }' }],
  ])('%j → %j', (value, problem) => {
    expect(windowProblem(value)).toEqual(problem);
  });
});

describe('checkEditionInstruments', () => {
  const questionnaire: QuestionnaireDef = {
    kind: 'questionnaire',
    id: 'saq-contoh',
    version: 1,
    title: 'Q',
    indicators: [{ code: '1', name: 'I', weight: 100, questions: [{ code: '1.1', text: 'T', type: 'yes_no', points: 1, evidence: 'none' }] }],
  };
  const rubric: RubricDef = { kind: 'rubric', id: 'rubrik-uji-publik-contoh', version: 1, title: 'R', scale: { min: 0, max: 100 }, aspects: [{ code: 'K', name: 'K', weight: 100 }] };
  const lookupOf = (...defs: InstrumentDef[]) => (ref: InstrumentRef) => defs.find((d) => d.id === ref.id && d.version === ref.version);

  function check(lookup: (ref: InstrumentRef) => InstrumentDef | undefined, text = EDITION): string[] {
    const parsed = parseText(text, 'edition.yaml');
    const edition = parseEdition(text, 'edition.yaml');
    checkEditionInstruments(edition, lookup, parsed.issues);
    return parsed.issues.issues.map(formatIssue);
  }

  it('accepts instruments of the right kinds', () => {
    expect(check(lookupOf(questionnaire, rubric))).toEqual([]);
  });

  it('refuses an unknown instrument (or an unknown version), naming the stage line', () => {
    expect(check(lookupOf(rubric))).toEqual(['edition.yaml:10: stages[0].instrument: unknown instrument saq-contoh version 1']);
    expect(check(lookupOf(questionnaire, rubric), edit(EDITION, 16, '    instrument: { id: rubrik-uji-publik-contoh, version: 2 }'))).toEqual([
      'edition.yaml:16: stages[1].instrument: unknown instrument rubrik-uji-publik-contoh version 2',
    ]);
  });

  it('refuses a rubric on a questionnaire stage and a questionnaire on a panel stage', () => {
    const swapped = edit(edit(EDITION, 10, '    instrument: { id: rubrik-uji-publik-contoh, version: 1 }'), 16, '    instrument: { id: saq-contoh, version: 1 }');
    expect(check(lookupOf(questionnaire, rubric), swapped)).toEqual([
      'edition.yaml:10: stages[0].instrument: rubrik-uji-publik-contoh version 1 is a rubric; a questionnaire stage needs a questionnaire',
      'edition.yaml:16: stages[1].instrument: saq-contoh version 1 is a questionnaire; a panel stage needs a rubric',
    ]);
  });

  it('given a file name, throws one DefinitionError naming each bad stage', () => {
    const edition: EditionDef = parseEdition(EDITION, 'edition.yaml');
    expect(() => checkEditionInstruments(edition, lookupOf(), 'api')).toThrow(
      new DefinitionError([
        { file: 'api', path: 'stages[0].instrument', message: 'unknown instrument saq-contoh version 1' },
        { file: 'api', path: 'stages[1].instrument', message: 'unknown instrument rubrik-uji-publik-contoh version 1' },
      ]),
    );
    expect(() => checkEditionInstruments(edition, lookupOf(questionnaire, rubric), 'api')).not.toThrow();
  });
});
