import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { formatIssue } from './definition-error';
import { InstrumentRegistry } from './registry';
import { validatePath } from './validate';

const REPO = join(__dirname, '..', '..');
const QUESTIONNAIRES = join(REPO, 'questionnaires');
const CONTOH = join(REPO, 'fixtures', 'contoh');

function bundled(): InstrumentRegistry {
  const registry = new InstrumentRegistry();
  registry.loadDirectory(QUESTIONNAIRES);
  return registry;
}

/** `validate <path>` as the CLI prints it: ok, and one line per issue. */
function validate(path: string, registry = new InstrumentRegistry()): { ok: boolean; checked: string[]; issues: string[] } {
  const report = validatePath(path, registry);
  return { ok: report.ok, checked: report.checked, issues: report.issues.map(formatIssue) };
}

describe('validatePath (`validate <file|dir>`)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'monev-validate-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    writeFileSync(join(root, name), text);
    return join(root, name);
  };
  const saqContoh = readFileSync(join(QUESTIONNAIRES, 'saq-contoh.yaml'), 'utf8');
  const editionContoh = readFileSync(join(CONTOH, 'edition.yaml'), 'utf8');

  describe('a single instrument file', () => {
    it('ok', () => {
      expect(validate(join(QUESTIONNAIRES, 'saq-contoh.yaml'))).toEqual({ ok: true, checked: ['saq-contoh.yaml'], issues: [] });
    });

    it('not ok: its issues name the file, the line and the path', () => {
      const path = file('saq.yaml', saqContoh.replace('weight: 60', 'weight: 55'));
      expect(validate(path)).toEqual({ ok: false, checked: ['saq.yaml'], issues: ['saq.yaml:5: indicators: weights sum to 95, expected 100'] });
    });

    it('not ok: another content under a version already registered', () => {
      const path = file('saq-contoh.yaml', saqContoh.replace('title: Kuesioner Penilaian Mandiri (contoh)', 'title: Diubah'));
      expect(validate(path, bundled()).issues).toEqual([
        'saq-contoh.yaml: instrument saq-contoh version 1 is already defined with other content in questionnaires/saq-contoh.yaml; instruments are immutable — give the new content a new version',
      ]);
    });
  });

  describe('an edition file', () => {
    it('ok, its instruments resolved against the registry', () => {
      expect(validate(join(CONTOH, 'edition.yaml'), bundled())).toEqual({ ok: true, checked: ['edition.yaml'], issues: [] });
    });

    it('not ok: instruments the registry does not know', () => {
      expect(validate(join(CONTOH, 'edition.yaml'))).toEqual({
        ok: false,
        checked: ['edition.yaml'],
        issues: [
          'edition.yaml:11: stages[0].instrument: unknown instrument saq-contoh version 1',
          'edition.yaml:18: stages[1].instrument: unknown instrument rubrik-uji-publik-contoh version 1',
        ],
      });
    });

    it('not ok: a rule broken', () => {
      const path = file('edisi.yaml', editionContoh.replace('    gate: { minScore: 60 }', '    gate: { minScore: 60, topPerCategory: 3 }'));
      expect(validate(path, bundled()).issues).toEqual(['edisi.yaml:20: stages[1].gate: give exactly one of minScore or topPerCategory']);
    });
  });

  describe('a fixture folder', () => {
    it('ok: every file of it checked', () => {
      const report = validate(CONTOH, bundled());
      expect(report.ok).toBe(true);
      expect(report.issues).toEqual([]);
      expect(report.checked).toEqual(expect.arrayContaining(['contoh/edition.yaml', 'contoh/bodies.csv', 'contoh/saq/a.yaml', 'contoh/panels/uji-publik.csv']));
    });

    it('not ok: the issues of the broken files', () => {
      const dir = join(root, 'contoh');
      cpSync(CONTOH, dir, { recursive: true });
      writeFileSync(join(dir, 'saq', 'b.yaml'), readFileSync(join(dir, 'saq', 'b.yaml'), 'utf8').replace('{ value: situs }', '{ value: koran }'));
      expect(validate(dir, bundled())).toEqual({
        ok: false,
        checked: expect.arrayContaining(['contoh/saq/b.yaml']),
        issues: ['contoh/saq/b.yaml:4: answers.1.2.value: unknown option "koran"; expected one of: tidak-ada, situs, situs-aplikasi'],
      });
    });
  });

  describe('a folder of instruments', () => {
    it('ok: the six bundled instruments', () => {
      const report = validate(QUESTIONNAIRES);
      expect(report.ok).toBe(true);
      expect(report.checked).toHaveLength(6);
      expect(report.checked).toContain('questionnaires/saq-ki-pusat-2025.yaml');
    });

    it('not ok: every bad file reported, the good ones not', () => {
      const dir = join(root, 'instrumen');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.yaml'), saqContoh);
      writeFileSync(join(dir, 'b.yaml'), saqContoh.replace('id: saq-contoh', 'id: saq-b').replace('version: 1', 'version: 1.5'));
      writeFileSync(join(dir, 'c.yaml'), saqContoh.replace('id: saq-contoh', 'id: saq-c').replace('score: 0.5', 'score: 1.5'));
      expect(validate(dir)).toEqual({
        ok: false,
        checked: ['instrumen/a.yaml', 'instrumen/b.yaml', 'instrumen/c.yaml'],
        issues: ['instrumen/b.yaml:3: version: must be a positive whole number', 'instrumen/c.yaml:21: indicators[0].questions[1].options[1].score: must be at most 1'],
      });
    });

    it('an edition beside its instruments is checked after them, whatever the names', () => {
      const dir = join(root, 'campur');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a-edisi.yaml'), editionContoh);
      cpSync(join(QUESTIONNAIRES, 'saq-contoh.yaml'), join(dir, 'saq.yaml'));
      cpSync(join(QUESTIONNAIRES, 'rubrik-uji-publik-contoh.yaml'), join(dir, 'rubrik.yaml'));
      expect(validate(dir)).toEqual({ ok: true, checked: ['campur/a-edisi.yaml', 'campur/rubrik.yaml', 'campur/saq.yaml'], issues: [] });
    });
  });

  it.each<[string, (root: string) => string, string]>([
    ['a path that does not exist', (r) => join(r, 'nope.yaml'), ': no such file or folder'],
    ['a file that is no definition', (r) => (writeFileSync(join(r, 'catatan.txt'), 'x'), join(r, 'catatan.txt')), 'catatan.txt: not a definition file (.yaml, .yml or .json)'],
    ['an empty folder', (r) => (mkdirSync(join(r, 'kosong')), join(r, 'kosong')), 'kosong: no instrument files (.yaml, .yml, .json) and no edition.yaml'],
  ])('not ok: %s', (_case, make, message) => {
    const report = validate(make(root));
    expect(report.ok).toBe(false);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0].endsWith(message)).toBe(true);
  });
});
