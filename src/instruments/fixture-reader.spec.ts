import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DefinitionError, formatIssue } from './definition-error';
import { computeEdition } from '../scoring';
import { FixtureBundle, bundleFacts, readFixture } from './fixture-reader';
import { InstrumentRegistry } from './registry';

const REPO = join(__dirname, '..', '..');
const CONTOH = join(REPO, 'fixtures', 'contoh');
const SIMULASI = join(REPO, 'fixtures', 'simulasi-provinsi-2025');

/**
 * A registry holding the bundled questionnaires/, as the CLI and the server start with. Loaded once:
 * reading a fixture only adds its own instruments, identical to the bundled ones (a changed one is
 * refused and leaves the registry as it was).
 */
let shared: InstrumentRegistry | undefined;
function bundled(): InstrumentRegistry {
  if (!shared) {
    shared = new InstrumentRegistry();
    shared.loadDirectory(join(REPO, 'questionnaires'));
  }
  return shared;
}

function issuesOf(dir: string, registry = bundled()): string[] {
  try {
    readFixture(dir, registry);
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return error.issues.map(formatIssue);
  }
  return [];
}

describe('the bundled fixtures read cleanly', () => {
  it('contoh: 3 bodies, 2 SAQs, 1 correction, a panel with a recusal', () => {
    const bundle = readFixture(CONTOH, bundled());
    expect(bundle.commission).toEqual({ code: 'ki-contoh', name: 'Komisi Informasi Contoh', city: 'Samarinda' });
    expect(bundle.edition.code).toBe('contoh-2025');
    expect(bundle.instruments.map((i) => `${i.def.id}@${i.def.version}`)).toEqual(['saq-contoh@1', 'rubrik-uji-publik-contoh@1']);
    expect(bundle.bodies.map((b) => b.code)).toEqual(['a', 'b', 'c']);
    expect(bundle.questionnaires.map((q) => `${q.stage}/${q.body}`)).toEqual(['saq/a', 'saq/b']);
    const a = bundle.questionnaires.find((q) => q.body === 'a')!;
    expect(a.answers['1.1']).toEqual({ value: true, evidence: ['https://ppid.example.go.id/dip'] });
    expect(a.answers['1.3']).toEqual({ value: ['laporan-keuangan', 'profil'], evidence: [] });
    expect(a.verificationComplete).toBe(true);
    const corrections = bundle.questionnaires.flatMap((q) => Object.values(q.decisions)).filter((d) => d.decision === 'correct');
    expect(corrections).toEqual([{ decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan' }]);
    expect(bundle.panels).toHaveLength(1);
    expect(bundle.panels[0].stage).toBe('uji-publik');
    expect(bundle.panels[0].rows).toEqual([
      { assessor: 'juri1', body: 'a', status: 'submitted', scores: { K: 80, I: 70, S: 90 }, line: 2 },
      { assessor: 'juri2', body: 'a', status: 'submitted', scores: { K: 85, I: 75, S: 80 }, line: 3 },
      { assessor: 'juri3', body: 'a', status: 'recused', scores: {}, comment: 'konflik kepentingan', line: 4 },
    ]);
  });

  it('simulasi-provinsi-2025: 150 bodies in 7 categories, every saq, verification and objection file read', () => {
    const bundle: FixtureBundle = readFixture(SIMULASI, bundled());
    expect(bundle.edition.simulated).toBe(true);
    expect(bundle.edition.stages.map((s) => `${s.code}:${s.weight}`)).toEqual(['saq:80', 'visitasi:20']);
    expect(bundle.bodies).toHaveLength(150);
    expect(new Set(bundle.bodies.map((b) => b.category)).size).toBe(7);
    const files = (folder: string) => readdirSync(join(SIMULASI, folder)).filter((n) => n.endsWith('.yaml')).length;
    expect(bundle.questionnaires).toHaveLength(files('saq'));
    const verified = readdirSync(join(SIMULASI, 'verification')).filter((n) => /complete: true/.test(readFileSync(join(SIMULASI, 'verification', n), 'utf8'))).length;
    expect(bundle.questionnaires.filter((q) => q.verificationComplete)).toHaveLength(verified);
    expect(new Set(bundle.questionnaires.filter((q) => q.objections.length).map((q) => q.body)).size).toBe(files('objections'));
    const rows = bundle.panels[0].rows;
    expect(rows.length).toBe(readFileSync(join(SIMULASI, 'panels', 'visitasi.csv'), 'utf8').trim().split('\n').length - 1);
    expect(rows.some((r) => r.status === 'recused')).toBe(true);
    expect(rows.some((r) => r.status === 'absent' && r.assessor === null)).toBe(true);
  });
});

describe('a broken copy of contoh: every problem names the file (under the copy\'s folder name), the line and the path', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'monev-fixture-'));
    dir = join(root, 'contoh');
    cpSync(CONTOH, dir, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Replaces text that must be in the file (so that a case cannot silently stop breaking anything). */
  const replace = (file: string, from: string, to: string): void => {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  };
  const append = (file: string, text: string): void => appendFileSync(join(dir, file), text);
  const write = (file: string, text: string): void => writeFileSync(join(dir, file), text);

  it.each<[string, () => void, string[]]>([
    [
      'an unknown option in saq/b.yaml',
      () => replace('saq/b.yaml', '"1.2": { value: situs }', '"1.2": { value: koran }'),
      ['contoh/saq/b.yaml:4: answers.1.2.value: unknown option "koran"; expected one of: tidak-ada, situs, situs-aplikasi'],
    ],
    [
      'evidence that is not an http(s) link',
      () => replace('saq/b.yaml', 'evidence: ["https://ppid.example.go.id/anggaran"]', 'evidence: ["https://ppid.example.go.id/a", "ppid.example.go.id/anggaran"]'),
      ['contoh/saq/b.yaml:7: answers.2.2.evidence[1]: "ppid.example.go.id/anggaran" is not an http(s) URL'],
    ],
    ['a yes_no answered "ya"', () => replace('saq/a.yaml', '"2.1": { value: true }', '"2.1": { value: ya }'), ['contoh/saq/a.yaml:6: answers.2.1.value: must be true or false']],
    ['an answer to an unknown question', () => append('saq/a.yaml', '  "9.9": { value: true }\n'), ['contoh/saq/a.yaml:8: answers.9.9: unknown question "9.9" in saq-contoh version 1']],
    ['an unquoted question code that loses a digit', () => append('saq/a.yaml', '  1.10: { value: true }\n'), ['contoh/saq/a.yaml:8: answers.1.1: the key 1.10 is read as the number 1.1; write it in quotes: "1.10"']],
    [
      'a body with an unknown category (reported once, not again in each of its files)',
      () => replace('bodies.csv', 'b,Badan Publik B,pemprov', 'b,Badan Publik B,bumn'),
      ['contoh/bodies.csv:3: category: unknown category "bumn"; the edition has: pemprov'],
    ],
    ['a duplicate body code', () => append('bodies.csv', 'a,Badan Publik A lagi,pemprov\n'), ['contoh/bodies.csv:5: code: duplicate body code "a" (first on line 2)']],
    ['a bodies.csv with a wrong header', () => replace('bodies.csv', 'code,name,category', 'kode,nama,kategori'), [
      'contoh/bodies.csv:1: header must be exactly "code,name,category", found "kode,nama,kategori"',
    ]],
    ['a saq file for a body not in bodies.csv', () => write('saq/z.yaml', 'submitted: true\nanswers: {}\n'), ['contoh/saq/z.yaml:1: "z" is not a body of bodies.csv (the file name is the body code)']],
    [
      'a verification "correct" without a value',
      () => replace('verification/a.yaml', '{ decision: correct, value: [laporan-keuangan], note', '{ decision: correct, note'),
      ['contoh/verification/a.yaml:3: decisions.1.3.value: required'],
    ],
    [
      'a verification "accept" with a value',
      () => write('verification/b.yaml', 'complete: true\ndecisions:\n  "2.1": { decision: accept, value: true }\n'),
      ['contoh/verification/b.yaml:3: decisions.2.1.value: only a correct decision carries a value, not accept'],
    ],
    [
      'a verification for a body that has no saq file',
      () => write('verification/c.yaml', 'complete: true\ndecisions: {}\n'),
      ['contoh/verification/c.yaml:1: body "c" has no saq file for stage saq: nothing to verify'],
    ],
    [
      'a panel score outside the scale',
      () => replace('panels/uji-publik.csv', 'juri2,a,submitted,85,75,80,', 'juri2,a,submitted,85,175,80,'),
      ['contoh/panels/uji-publik.csv:3: I: must be at most 100 (scale 0–100)'],
    ],
    [
      'a panel score with 3 decimals and a missing aspect on a submitted row',
      () => replace('panels/uji-publik.csv', 'juri2,a,submitted,85,75,80,', 'juri2,a,submitted,85.125,,80,'),
      ['contoh/panels/uji-publik.csv:3: K: at most 2 decimal places (scale 0–100)', 'contoh/panels/uji-publik.csv:3: I: required on a submitted sheet'],
    ],
    [
      'a wrong panel header',
      () => replace('panels/uji-publik.csv', 'assessor,body,status,K,I,S,comment', 'assessor,body,status,K,I,X,comment'),
      ['contoh/panels/uji-publik.csv:1: header must be "assessor,body,status,K,I,S,comment" (the aspect columns are the codes of rubrik-uji-publik-contoh version 1, in any order)'],
    ],
    ['an absent row with an assessor', () => append('panels/uji-publik.csv', 'juri1,b,absent,,,,\n'), ['contoh/panels/uji-publik.csv:5: assessor: must be empty on an absent row (the body did not present)']],
    ['two rows for the same assessor and body', () => append('panels/uji-publik.csv', 'juri1,a,draft,70,,,\n'), ['contoh/panels/uji-publik.csv:5: juri1 already has a row for body "a" on line 2']],
    ['an unknown status', () => append('panels/uji-publik.csv', 'juri1,b,selesai,70,70,70,\n'), ['contoh/panels/uji-publik.csv:5: status: unknown status "selesai"; expected submitted, draft, recused or absent']],
    ['a row with a missing column', () => append('panels/uji-publik.csv', 'juri1,b,submitted,70,70,70\n'), ['contoh/panels/uji-publik.csv:5: expected 7 columns, found 6']],
    [
      'a panel file for a stage that is not a panel',
      () => write('panels/saq.csv', 'assessor,body,status,K,I,S,comment\njuri1,a,submitted,80,70,90,\n'),
      ['contoh/panels/saq.csv: "saq" is not a panel stage of the edition (panel stages: uji-publik)'],
    ],
    [
      'a fixture instrument that changes a bundled one under the same version',
      () => replace('instruments/saq-contoh.yaml', 'title: Kuesioner Penilaian Mandiri (contoh)', 'title: Kuesioner yang diubah'),
      [
        'contoh/instruments/saq-contoh.yaml: instrument saq-contoh version 1 is already defined with other content in questionnaires/saq-contoh.yaml; instruments are immutable — give the new content a new version',
      ],
    ],
    ['an unclosed quote in the panel file', () => append('panels/uji-publik.csv', 'juri1,b,draft,70,70,70,"belum selesai\n'), ['contoh/panels/uji-publik.csv:5: Quote Not Closed: the parsing is finished with an opening quote']],
    ['no bodies.csv', () => rmSync(join(dir, 'bodies.csv')), ['contoh/bodies.csv: missing file: the bodies of the edition (header code,name,category)']],
    ['an edition of another commission', () => replace('commission.yaml', 'code: ki-contoh', 'code: ki-lain'), ['contoh/edition.yaml:2: commission: "ki-contoh" differs from the code in commission.yaml ("ki-lain")']],
    ['an edition rule broken (stage weights)', () => replace('edition.yaml', 'weight: 70', 'weight: 65'), ['contoh/edition.yaml:8: stages: weights sum to 95, expected 100']],
  ])('%s', (_case, breakIt, expected) => {
    breakIt();
    expect(issuesOf(dir)).toEqual(expected);
  });

  it('names the files after the folder the fixture is in', () => {
    const renamed = join(root, 'salinan');
    cpSync(dir, renamed, { recursive: true });
    writeFileSync(join(renamed, 'saq', 'z.yaml'), 'submitted: true\n');
    expect(issuesOf(renamed)).toEqual(['salinan/saq/z.yaml:1: "z" is not a body of bodies.csv (the file name is the body code)']);
  });

  it('an edition that names an instrument nobody registered is refused at its line', () => {
    rmSync(join(dir, 'instruments'), { recursive: true });
    expect(issuesOf(dir, new InstrumentRegistry())).toEqual([
      'contoh/edition.yaml:11: stages[0].instrument: unknown instrument saq-contoh version 1',
      'contoh/edition.yaml:18: stages[1].instrument: unknown instrument rubrik-uji-publik-contoh version 1',
    ]);
  });

  it('reads the fixture\'s own instruments when nothing is bundled', () => {
    const registry = new InstrumentRegistry();
    const bundle = readFixture(dir, registry);
    expect(bundle.instruments.map((i) => i.source)).toEqual([join('contoh', 'instruments', 'saq-contoh.yaml'), join('contoh', 'instruments', 'rubrik-uji-publik-contoh.yaml')]);
  });

  it('records a body that did not present as an absent row without an assessor', () => {
    append('panels/uji-publik.csv', ',b,absent,,,,tidak hadir\n');
    const rows = readFixture(dir, bundled()).panels[0].rows;
    expect(rows[3]).toEqual({ assessor: null, body: 'b', status: 'absent', scores: {}, comment: 'tidak hadir', line: 5 });
  });

  it('counts lines of a CRLF panel file with a multi-line quoted comment as a spreadsheet shows them', () => {
    write(
      'panels/uji-publik.csv',
      ['assessor,body,status,K,I,S,comment', 'juri1,a,submitted,80,70,90,"baris satu', 'baris dua"', 'juri2,a,submitted,85,175,80,', ''].join('\r\n'),
    );
    expect(issuesOf(dir)).toEqual(['contoh/panels/uji-publik.csv:4: I: must be at most 100 (scale 0–100)']);
    replace('panels/uji-publik.csv', '175', '75');
    const rows = readFixture(dir, bundled()).panels[0].rows;
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rows[0].comment).toBe('baris satu\nbaris dua');
  });

  it('reports ALL the issues of several broken files together in one DefinitionError', () => {
    replace('saq/b.yaml', '"1.2": { value: situs }', '"1.2": { value: koran }');
    append('bodies.csv', 'a,Badan Publik A lagi,pemprov\n');
    replace('panels/uji-publik.csv', 'juri2,a,submitted,85,75,80,', 'juri2,a,submitted,85,175,80,');
    write('verification/b.yaml', 'complete: true\ndecisions:\n  "2.1": { decision: accept, value: true }\n');
    let error: unknown;
    try {
      readFixture(dir, bundled());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    const expected = [
      'contoh/bodies.csv:5: code: duplicate body code "a" (first on line 2)',
      'contoh/saq/b.yaml:4: answers.1.2.value: unknown option "koran"; expected one of: tidak-ada, situs, situs-aplikasi',
      'contoh/verification/b.yaml:3: decisions.2.1.value: only a correct decision carries a value, not accept',
      'contoh/panels/uji-publik.csv:3: I: must be at most 100 (scale 0–100)',
    ];
    expect((error as DefinitionError).issues.map(formatIssue)).toEqual(expected);
    expect((error as DefinitionError).message).toBe(expected.join('\n'));
  });
});

describe('more of the fixture layout', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'monev-fixture-more-'));
    dir = join(root, 'contoh');
    cpSync(CONTOH, dir, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const replace = (file: string, from: string, to: string): void => {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  };

  it('scores the worked example of SPEC §5 through bundleFacts: A 65.89 (1), B 52.00 (2), C 0.00 not submitted (3)', () => {
    const bundle = readFixture(dir, bundled());
    const results = computeEdition({ edition: bundle.edition, instrument: (ref) => bundled().get(ref)!, bodies: bundleFacts(bundle) });
    expect(results.map((r) => [r.body, r.final?.rounded, r.rank, r.status])).toEqual([
      ['a', 65.89, 1, 'complete'],
      ['b', 52, 2, 'complete'],
      ['c', 0, 3, 'not_submitted'],
    ]);
  });

  it('keeps ruled objections with their reason, an upheld one with the value the verifier gives', () => {
    write('objections/a.yaml', '- { question: "1.3", reason: Profil ada di situs, decision: upheld, value: [laporan-keuangan, profil], note: Terbukti }\n- { question: "2.2", reason: Ada anggaran, decision: rejected }\n');
    const a = readFixture(dir, bundled()).questionnaires.find((q) => q.body === 'a')!;
    expect(a.objections).toEqual([
      { question: '1.3', reason: 'Profil ada di situs', decision: 'upheld', value: ['laporan-keuangan', 'profil'], note: 'Terbukti' },
      { question: '2.2', reason: 'Ada anggaran', decision: 'rejected' },
    ]);
    expect(bundleFacts(readFixture(dir, bundled()))[0].stages.saq).toMatchObject({ objections: [{ question: '1.3', decision: 'upheld' }, { question: '2.2', decision: 'rejected' }] });
  });

  it('reads a second questionnaire stage from `stage:` or from the file name <body>.<stage>.yaml', () => {
    replace('edition.yaml', 'weight: 70', 'weight: 40');
    replace('edition.yaml', '  - code: uji-publik', '  - { code: saq-2, kind: questionnaire, instrument: { id: saq-contoh, version: 1 }, weight: 30 }\n  - code: uji-publik');
    write('saq/a.saq-2.yaml', 'submitted: true\nanswers: { "2.1": { value: false } }\n');
    write('verification/a.saq-2.yaml', 'complete: false\ndecisions: { "2.1": { decision: reject } }\n');
    write('saq/c.yaml', 'stage: saq-2\nsubmitted: false\n');
    const bundle = readFixture(dir, bundled());
    expect(bundle.questionnaires.map((q) => `${q.stage}/${q.body}:${q.verificationComplete}`).sort()).toEqual(['saq-2/a:false', 'saq-2/c:false', 'saq/a:true', 'saq/b:true']);
    expect(bundle.questionnaires.find((q) => q.stage === 'saq-2' && q.body === 'a')!.decisions).toEqual({ '2.1': { decision: 'reject' } });
  });

  it('refuses stage names that disagree or do not exist, and two SAQs of one body for one stage', () => {
    replace('edition.yaml', 'weight: 70', 'weight: 40');
    replace('edition.yaml', '  - code: uji-publik', '  - { code: saq-2, kind: questionnaire, instrument: { id: saq-contoh, version: 1 }, weight: 30 }\n  - code: uji-publik');
    write('saq/a.saq.yaml', 'submitted: true\n');
    write('saq/b.saq-3.yaml', 'submitted: true\n');
    write('saq/c.saq-2.yaml', 'stage: saq\nsubmitted: true\n');
    expect(issuesOf(dir)).toEqual([
      'contoh/saq/a.yaml:1: body "a" already has an SAQ for stage saq in contoh/saq/a.saq.yaml',
      'contoh/saq/b.saq-3.yaml:1: "saq-3" in the file name is not a questionnaire stage of the edition (saq, saq-2)',
      'contoh/saq/c.saq-2.yaml:1: stage: "saq" differs from the stage in the file name ("saq-2")',
    ]);
  });

  it('refuses two files for one body (a.yaml and a.json)', () => {
    write('saq/a.json', '{ "submitted": true }');
    expect(issuesOf(dir)).toEqual(['contoh/saq/a.yaml:1: a second file for "a" (also a.json)']);
  });

  it.each<[string, string, string]>([
    ['scores on a recused row', 'juri3,a,recused,50,,,konflik kepentingan', 'contoh/panels/uji-publik.csv:4: K: a recused row carries no scores'],
    ['a decimal comma', 'juri3,a,submitted,"80,5",70,60,', 'contoh/panels/uji-publik.csv:4: K: "80,5" is not a number (write decimals with a point: 80.5)'],
    ['a score in words', 'juri3,a,draft,delapan puluh,,,', 'contoh/panels/uji-publik.csv:4: K: "delapan puluh" is not a number'],
    ['a row without an assessor', ',a,submitted,80,70,60,', "contoh/panels/uji-publik.csv:4: assessor: required (the juror's username)"],
  ])('refuses %s on its line', (_case, row, expected) => {
    replace('panels/uji-publik.csv', 'juri3,a,recused,,,,konflik kepentingan', row);
    expect(issuesOf(dir)).toEqual([expected]);
  });

  it('reports a broken instrument of the fixture once, not again as an unknown instrument of edition.yaml', () => {
    replace('instruments/saq-contoh.yaml', 'weight: 40', 'weight: 35');
    expect(issuesOf(dir, new InstrumentRegistry())).toEqual(['contoh/instruments/saq-contoh.yaml:5: indicators: weights sum to 95, expected 100']);
  });

  it('reports a bad bodies.csv header once, not again in every file of every body', () => {
    replace('bodies.csv', 'code,name,category', 'kode,nama,kategori');
    expect(issuesOf(dir)).toEqual(['contoh/bodies.csv:1: header must be exactly "code,name,category", found "kode,nama,kategori"']);
  });

  it('refuses a verification of an SAQ that was not submitted', () => {
    replace('saq/b.yaml', 'submitted: true', 'submitted: false');
    expect(issuesOf(dir)).toEqual(['contoh/verification/b.yaml:1: the SAQ of body "b" was not submitted (contoh/saq/b.yaml): nothing to verify']);
  });

  it('reports a missing folder', () => {
    expect(issuesOf(join(root, 'tidak-ada'))).toEqual([`${join(root, 'tidak-ada')}: no such fixture folder`]);
  });
});
