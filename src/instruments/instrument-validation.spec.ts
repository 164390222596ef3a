import { readFileSync } from 'fs';
import { join } from 'path';
import { QuestionnaireDef, RubricDef } from '../scoring/types';
import { DefinitionError, formatIssue } from './definition-error';
import { instrumentHash, parseInstrument } from './instrument-validation';

const EXAMPLES = '/work/shared/examples/contoh/instruments';
const SAQ = readFileSync(join(EXAMPLES, 'saq-contoh.yaml'), 'utf8');
const RUBRIC = readFileSync(join(EXAMPLES, 'rubrik-uji-publik-contoh.yaml'), 'utf8');

/** The formatted issues (`file:line: path: message`) of a text that must be refused. */
function refusal(text: string, file = 'saq.yaml'): string[] {
  try {
    parseInstrument(text, file);
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected a DefinitionError');
}

/** Replaces exactly one occurrence, so a mutation cannot silently miss. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('a questionnaire file', () => {
  it('reads the SPEC example with its defaults', () => {
    const def = parseInstrument(SAQ, 'saq.yaml') as QuestionnaireDef;
    expect(def).toMatchObject({ kind: 'questionnaire', id: 'saq-contoh', version: 1 });
    expect(def.indicators.map((i) => [i.code, i.weight, i.questions.length])).toEqual([
      ['1', 60, 3],
      ['2', 40, 2],
    ]);
    const [q11, q12, q13] = def.indicators[0].questions;
    expect(q11).toEqual({ code: '1.1', text: 'Badan publik mengumumkan Daftar Informasi Publik yang mutakhir', type: 'yes_no', points: 4, evidence: 'required' });
    expect(q12.evidence).toBe('none');
    expect(q12.options?.map((o) => o.score)).toEqual([0, 0.5, 1]);
    expect(q13.items?.map((i) => i.value)).toEqual(['laporan-keuangan', 'laporan-kinerja', 'profil']);
    expect(def.categories).toBeUndefined();
  });

  it('may name the body categories it is for', () => {
    const def = parseInstrument(edit(SAQ, 'title:', 'categories: [pemprov, kementerian]\ntitle:'), 'saq.yaml') as QuestionnaireDef;
    expect(def.categories).toEqual(['pemprov', 'kementerian']);
  });

  it('compares weights exactly: 64.02 + 0.07 + 35.91 is 100 (as binary floats it is not)', () => {
    expect(64.02 + 0.07 + 35.91).not.toBe(100);
    const indicator = (code: string, weight: number) =>
      `  - code: "${code}"\n    name: Indikator ${code}\n    weight: ${weight}\n    questions:\n      - { code: "${code}.1", text: Ada, type: yes_no, points: 1 }\n`;
    const saq = (weights: number[]) =>
      `kind: questionnaire\nid: q\nversion: 1\ntitle: Q\nindicators:\n${weights.map((w, i) => indicator(String(i + 1), w)).join('')}`;
    expect((parseInstrument(saq([64.02, 0.07, 35.91]), 'q.yaml') as QuestionnaireDef).indicators.map((i) => i.weight)).toEqual([64.02, 0.07, 35.91]);
    expect((parseInstrument(saq([33.33, 33.33, 33.34]), 'q.yaml') as QuestionnaireDef).indicators).toHaveLength(3);
    expect(refusal(saq([10.1, 20.2, 69.6]), 'q.yaml')).toEqual(['q.yaml:5: indicators: weights sum to 99.9, expected 100']);
  });

  it('reads JSON too, with lines for its issues', () => {
    const def = parseInstrument(RUBRIC, 'r.yaml');
    const json = JSON.stringify(def, null, 2);
    expect(parseInstrument(json, 'r.json')).toEqual(def);
    expect(refusal(json.replace('"weight": 35', '"weight": 30'), 'r.json')).toEqual(['r.json:10: aspects: weights sum to 95, expected 100']);
    expect(refusal('{\n  "kind": "rubric",\n  "id": "x",\n}\n', 'r.json')).toEqual([expect.stringMatching(/^r\.json:4: invalid JSON: /)]);
    expect(refusal('{ kind: rubric }', 'r.json')).toEqual([expect.stringMatching(/^r\.json:1: invalid JSON: /)]);
  });

  // [what, mutation of the SPEC example, the issue expected among those reported]
  const cases: [string, (t: string) => string, string | RegExp][] = [
    ['indicator weights summing to 95', (t) => edit(t, 'weight: 40', 'weight: 35'), 'saq.yaml:5: indicators: weights sum to 95, expected 100'],
    ['indicator weights summing to 105', (t) => edit(t, 'weight: 40', 'weight: 45'), 'saq.yaml:5: indicators: weights sum to 105, expected 100'],
    ['a zero weight', (t) => edit(t, 'weight: 40', 'weight: 0'), 'saq.yaml:33: indicators[1].weight: must be a positive number'],
    ['a weight with 3 decimals', (t) => edit(edit(t, 'weight: 40', 'weight: 39.995'), 'weight: 60', 'weight: 60.005'), 'saq.yaml:33: indicators[1].weight: at most 2 decimal places'],
    ['negative points', (t) => edit(t, 'points: 3 }', 'points: -3 }'), 'saq.yaml:35: indicators[1].questions[0].points: must be a positive number'],
    ['points as text', (t) => edit(t, 'points: 6', 'points: enam'), 'saq.yaml:18: indicators[0].questions[1].points: must be a number'],
    ['points with 3 decimals', (t) => edit(t, 'points: 6', 'points: 6.125'), 'saq.yaml:18: indicators[0].questions[1].points: at most 2 decimal places'],
    ['checklist items that do not sum to the points', (t) => edit(t, 'label: Profil pimpinan, points: 1', 'label: Profil pimpinan, points: 2'),
      "saq.yaml:27: indicators[0].questions[2].items: item points sum to 6, expected 5 (the question's points)"],
    ['a duplicate question code', (t) => edit(t, 'code: "2.2"', 'code: "2.1"'),
      'saq.yaml:36: indicators[1].questions[1].code: duplicate question code "2.1" (first at indicators[1].questions[0].code)'],
    ['a question code repeated in another indicator', (t) => edit(t, 'code: "2.2"', 'code: "1.1"'),
      'saq.yaml:36: indicators[1].questions[1].code: duplicate question code "1.1" (first at indicators[0].questions[0].code)'],
    ['a duplicate indicator code', (t) => edit(t, 'code: "2"\n', 'code: "1"\n'), 'saq.yaml:31: indicators[1].code: duplicate indicator code "1" (first at indicators[0].code)'],
    ['a duplicate option value', (t) => edit(t, 'value: situs-aplikasi', 'value: situs'),
      'saq.yaml:22: indicators[0].questions[1].options[2].value: duplicate option value "situs" (first at indicators[0].questions[1].options[1].value)'],
    ['a duplicate item value', (t) => edit(t, 'value: profil', 'value: laporan-kinerja'),
      'saq.yaml:30: indicators[0].questions[2].items[2].value: duplicate item value "laporan-kinerja" (first at indicators[0].questions[2].items[1].value)'],
    ['an option score above 1', (t) => edit(t, 'score: 1 }', 'score: 1.5 }'), 'saq.yaml:22: indicators[0].questions[1].options[2].score: must be at most 1'],
    ['a negative option score', (t) => edit(t, 'score: 0 }', 'score: -0.1 }'), 'saq.yaml:20: indicators[0].questions[1].options[0].score: must be at least 0'],
    ['an option score with 5 decimals', (t) => edit(t, 'score: 0.5 }', 'score: 0.33333 }'), 'saq.yaml:21: indicators[0].questions[1].options[1].score: at most 4 decimal places'],
    ['an unknown answer type', (t) => edit(t, 'type: yes_no\n', 'type: yes-no\n'),
      'saq.yaml:12: indicators[0].questions[0].type: unknown value "yes-no"; expected one of: yes_no, choice, checklist'],
    ['an unknown evidence rule', (t) => edit(t, 'evidence: required\n', 'evidence: wajib\n'),
      'saq.yaml:14: indicators[0].questions[0].evidence: unknown value "wajib"; expected one of: required, optional, none'],
    ['a yes_no question with options', (t) => edit(t, 'type: choice', 'type: yes_no'), 'saq.yaml:19: indicators[0].questions[1].options: only a choice question has options'],
    ['a yes_no question with items', (t) => edit(t, 'type: checklist', 'type: yes_no'), 'saq.yaml:27: indicators[0].questions[2].items: only a checklist question has items'],
    ['a checklist question with options', (t) => edit(t, 'type: choice', 'type: checklist'), 'saq.yaml:19: indicators[0].questions[1].options: only a choice question has options'],
    ['a choice question with one option', (t) => edit(edit(t, '          - { value: situs, label: Situs web saja, score: 0.5 }\n', ''), '          - { value: situs-aplikasi, label: Situs web dan aplikasi, score: 1 }\n', ''),
      'saq.yaml:19: indicators[0].questions[1].options: must have at least 2 entries'],
    ['a choice question without options', (t) => edit(t, 'type: yes_no, points: 3 }', 'type: choice, points: 3 }'), 'saq.yaml:35: indicators[1].questions[0].options: required'],
    ['a checklist question without items', (t) => edit(t, 'type: yes_no, points: 3 }', 'type: checklist, points: 3 }'), 'saq.yaml:35: indicators[1].questions[0].items: required'],
    ['a misspelt field, named with a suggestion', (t) => edit(t, 'weight: 60', 'wieght: 60'),
      'saq.yaml:8: indicators[0].wieght: unknown field; did you mean "weight"? (expected: code, name, weight, questions)'],
    ['the field it replaced, missing', (t) => edit(t, 'weight: 60', 'wieght: 60'), 'saq.yaml:6: indicators[0].weight: required'],
    ['an unknown top-level field', (t) => `${t}extra: 1\n`, /^saq\.yaml:37: extra: unknown field \(expected: kind, id, version, title, categories, indicators\)$/],
    ['a rubric field on a questionnaire', (t) => `${t}scale: { min: 0, max: 10 }\n`, 'saq.yaml:37: scale: a questionnaire has no scale'],
    ['no id', (t) => edit(t, 'id: saq-contoh\n', ''), 'saq.yaml:1: id: required'],
    ['version 0', (t) => edit(t, 'version: 1', 'version: 0'), 'saq.yaml:3: version: must be a positive whole number'],
    ['version 1.5', (t) => edit(t, 'version: 1', 'version: 1.5'), 'saq.yaml:3: version: must be a positive whole number'],
    ['an empty title', (t) => edit(t, 'title: Kuesioner Penilaian Mandiri (contoh)', 'title: ""'), 'saq.yaml:4: title: must be a non-empty text'],
    ['an unknown kind', (t) => edit(t, 'kind: questionnaire', 'kind: kuesioner'), 'saq.yaml:1: kind: unknown value "kuesioner"; expected one of: questionnaire, rubric'],
    ['no indicators', (t) => t.slice(0, t.indexOf('indicators:')) + 'indicators: []\n', 'saq.yaml:5: indicators: must have at least 1 entry'],
    ['an indicator without questions', (t) => t.slice(0, t.indexOf('    questions:\n      - { code: "2.1"')) + '    questions: []\n', 'saq.yaml:34: indicators[1].questions: must have at least 1 entry'],
    ['a code with a space', (t) => edit(t, 'code: "2.2"', 'code: "2 2"'), 'saq.yaml:36: indicators[1].questions[1].code: "2 2" is not a valid code (letters, digits, dots, dashes, underscores)'],
    ['a code the YAML number would shorten', (t) => edit(t, 'code: "2.2"', 'code: 2.20'), 'saq.yaml:36: indicators[1].questions[1].code: 2.20 is read as the number 2.2; write it in quotes: "2.20"'],
    ['duplicate categories', (t) => edit(t, 'title:', 'categories: [pemprov, pemprov]\ntitle:'), 'saq.yaml:4: categories[1]: duplicate entry "pemprov" (first at categories[0])'],
    ['a category that is not a code', (t) => edit(t, 'title:', 'categories: [Pemerintah Provinsi]\ntitle:'),
      'saq.yaml:4: categories[0]: "Pemerintah Provinsi" is not a valid code (lowercase letters, digits, - and _)'],
    ['a YAML syntax error, with its line', (t) => edit(t, '    name: Komitmen Organisasi', '    name: [Komitmen'), /^saq\.yaml:3[2-6]: /],
    ['a duplicate key', (t) => edit(t, '    weight: 40\n', '    weight: 40\n    weight: 40\n'), /^saq\.yaml:34: Map keys must be unique/],
  ];

  it.each(cases)('refuses %s, naming file, line and path', (_what, mutate, expected) => {
    const issues = refusal(mutate(SAQ));
    if (typeof expected === 'string') expect(issues).toContain(expected);
    else expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('reports every problem of a file at once', () => {
    const issues = refusal(edit(edit(edit(SAQ, 'weight: 40', 'weight: 35'), 'points: 3 }', 'points: -3 }'), 'value: profil', 'value: laporan-kinerja'));
    expect([...issues].sort()).toEqual([
      'saq.yaml:30: indicators[0].questions[2].items[2].value: duplicate item value "laporan-kinerja" (first at indicators[0].questions[2].items[1].value)',
      'saq.yaml:35: indicators[1].questions[0].points: must be a positive number',
      'saq.yaml:5: indicators: weights sum to 95, expected 100',
    ]);
  });

  it('throws an error whose message lists every issue, one per line', () => {
    expect(() => parseInstrument(edit(edit(SAQ, 'weight: 40', 'weight: 35'), 'points: 3 }', 'points: -3 }'), 'saq.yaml')).toThrow(
      'saq.yaml:35: indicators[1].questions[0].points: must be a positive number\nsaq.yaml:5: indicators: weights sum to 95, expected 100',
    );
  });
});

describe('a rubric file', () => {
  it('reads the SPEC example', () => {
    const def = parseInstrument(RUBRIC, 'rubrik.yaml') as RubricDef;
    expect(def).toEqual({
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
    });
  });

  const cases: [string, (t: string) => string, string][] = [
    ['aspect weights summing to 95', (t) => edit(t, 'weight: 25', 'weight: 20'), 'rubrik.yaml:6: aspects: weights sum to 95, expected 100'],
    ['a scale whose min is not below its max', (t) => edit(t, '{ min: 0, max: 100 }', '{ min: 10, max: 10 }'), 'rubrik.yaml:5: scale: min (10) must be below max (10)'],
    ['a negative scale min', (t) => edit(t, '{ min: 0, max: 100 }', '{ min: -1, max: 10 }'), 'rubrik.yaml:5: scale.min: must be at least 0'],
    ['no scale', (t) => edit(t, 'scale: { min: 0, max: 100 }\n', ''), 'rubrik.yaml:1: scale: required'],
    ['a duplicate aspect code', (t) => edit(t, 'code: S', 'code: K'), 'rubrik.yaml:9: aspects[2].code: duplicate aspect code "K" (first at aspects[0].code)'],
    ['an unknown aspect field', (t) => edit(t, 'weight: 25 }', 'weight: 25, bobot: 1 }'), 'rubrik.yaml:9: aspects[2].bobot: unknown field (expected: code, name, weight, guidance)'],
    ['questionnaire fields on a rubric', (t) => `${t}indicators: []\n`, 'rubrik.yaml:10: indicators: a rubric has no indicators'],
  ];

  it.each(cases)('refuses %s', (_what, mutate, expected) => {
    expect(refusal(mutate(RUBRIC), 'rubrik.yaml')).toContain(expected);
  });
});

describe('instrumentHash', () => {
  it('is the same for the same content written in another key order or format', () => {
    const def = parseInstrument(SAQ, 'saq.yaml');
    const reordered = JSON.stringify(JSON.parse(JSON.stringify(def), (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(instrumentHash(parseInstrument(reordered, 'saq.json'))).toBe(instrumentHash(def));
    expect(instrumentHash(def)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any change of content', () => {
    const base = instrumentHash(parseInstrument(SAQ, 'saq.yaml'));
    expect(instrumentHash(parseInstrument(edit(SAQ, 'Profil pimpinan', 'Profil pejabat'), 'saq.yaml'))).not.toBe(base);
    expect(instrumentHash(parseInstrument(edit(SAQ, 'score: 0.5', 'score: 0.6'), 'saq.yaml'))).not.toBe(base);
  });

  it('counts the default evidence rule as content: `evidence: none` written out hashes the same', () => {
    const explicit = edit(SAQ, 'type: yes_no, points: 3 }', 'type: yes_no, points: 3, evidence: none }');
    expect(instrumentHash(parseInstrument(explicit, 'saq.yaml'))).toBe(instrumentHash(parseInstrument(SAQ, 'saq.yaml')));
  });
});
