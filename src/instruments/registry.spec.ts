import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RubricDef } from '../scoring/types';
import { DefinitionError, formatIssue } from './definition-error';
import { instrumentHash } from './instrument-validation';
import { InstrumentRegistry, definitionFiles } from './registry';

const RUBRIC = `kind: rubric
id: rubrik-uji
version: 1
title: Rubrik Uji Publik
scale: { min: 0, max: 100 }
aspects:
  - { code: K, name: Komitmen, weight: 60 }
  - { code: I, name: Inovasi, weight: 40 }
`;
/** The same rubric, its keys in another order. */
const RUBRIC_REORDERED = `aspects:
  - { weight: 60, code: K, name: Komitmen }
  - { name: Inovasi, weight: 40, code: I }
scale: { max: 100, min: 0 }
title: Rubrik Uji Publik
version: 1
id: rubrik-uji
kind: rubric
`;

const rubric = (title = 'Rubrik Uji Publik', version = 1): RubricDef => ({
  kind: 'rubric',
  id: 'rubrik-uji',
  version,
  title,
  scale: { min: 0, max: 100 },
  aspects: [
    { code: 'K', name: 'Komitmen', weight: 60 },
    { code: 'I', name: 'Inovasi', weight: 40 },
  ],
});

function issuesOf(work: () => unknown): string[] {
  try {
    work();
    return [];
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return error.issues.map(formatIssue);
  }
}

describe('InstrumentRegistry: an instrument is immutable by id and version', () => {
  it('refuses the same id and version with other content, naming both sources', () => {
    const registry = new InstrumentRegistry();
    registry.add(rubric(), 'questionnaires/rubrik-uji.yaml');
    expect(issuesOf(() => registry.add(rubric('Rubrik yang diubah'), 'fixtures/x/instruments/rubrik-uji.yaml'))).toEqual([
      'fixtures/x/instruments/rubrik-uji.yaml: instrument rubrik-uji version 1 is already defined with other content in questionnaires/rubrik-uji.yaml; instruments are immutable — give the new content a new version',
    ]);
    expect(registry.get({ id: 'rubrik-uji', version: 1 })?.title).toBe('Rubrik Uji Publik');
  });

  it('accepts identical content twice and keeps the first source', () => {
    const registry = new InstrumentRegistry();
    registry.add(rubric(), 'a.yaml');
    registry.add(rubric(), 'b.yaml');
    expect(registry.list()).toHaveLength(1);
    expect(registry.source({ id: 'rubrik-uji', version: 1 })).toBe('a.yaml');
  });

  it('keeps other versions side by side, listed by id then version', () => {
    const registry = new InstrumentRegistry();
    registry.add(rubric('v2', 2), 'v2.yaml');
    registry.add(rubric('v1', 1), 'v1.yaml');
    registry.add({ ...rubric('a'), id: 'a-rubrik' }, 'a.yaml');
    expect(registry.list().map((d) => `${d.id}@${d.version}`)).toEqual(['a-rubrik@1', 'rubrik-uji@1', 'rubrik-uji@2']);
    expect(registry.get({ id: 'rubrik-uji', version: 2 })?.title).toBe('v2');
    expect(registry.get({ id: 'rubrik-uji', version: 3 })).toBeUndefined();
  });

  it('hashes content, not key order', () => {
    const a = rubric();
    const b = JSON.parse(JSON.stringify({ aspects: a.aspects.map((x) => ({ weight: x.weight, name: x.name, code: x.code })), title: a.title, scale: { max: 100, min: 0 }, version: 1, id: a.id, kind: a.kind })) as RubricDef;
    expect(instrumentHash(b)).toBe(instrumentHash(a));
    expect(instrumentHash(rubric('other'))).not.toBe(instrumentHash(a));
  });
});

describe('InstrumentRegistry.loadDirectory', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'monev-registry-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const folder = (name: string, files: Record<string, string>): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };

  it('loads the same content written in another key order (and as JSON) without complaint', () => {
    const dir = folder('instrumen', { 'a.yaml': RUBRIC, 'b.yml': RUBRIC_REORDERED, 'c.json': JSON.stringify(rubric(), null, 2) });
    const registry = new InstrumentRegistry();
    expect(registry.loadDirectory(dir)).toHaveLength(3);
    expect(registry.list()).toHaveLength(1);
    expect(registry.source({ id: 'rubrik-uji', version: 1 })).toBe(join('instrumen', 'a.yaml'));
  });

  it('refuses a second file with the same id and version and other content, naming both files', () => {
    const dir = folder('instrumen', { 'a.yaml': RUBRIC, 'b.yaml': RUBRIC.replace('title: Rubrik Uji Publik', 'title: Rubrik Lain') });
    expect(issuesOf(() => new InstrumentRegistry().loadDirectory(dir))).toEqual([
      'instrumen/b.yaml: instrument rubrik-uji version 1 is already defined with other content in instrumen/a.yaml; instruments are immutable — give the new content a new version',
    ]);
  });

  it('reports every problem of every file in one DefinitionError, and registers the valid files all the same', () => {
    const dir = folder('instrumen', {
      'a.yaml': RUBRIC.replace('weight: 40', 'weight: 35'),
      'b.yaml': RUBRIC.replace('id: rubrik-uji', 'id: rubrik-b').replace('version: 1', 'version: 0'),
      'c.yaml': RUBRIC.replace('id: rubrik-uji', 'id: rubrik-c'),
      'd.json': '{\n  "kind": "rubric",\n}\n',
      'e.yaml': 'kind: rubric\nid: [x\n',
      'catatan.txt': 'not a definition',
    });
    mkdirSync(join(dir, 'arsip.yaml'));
    const registry = new InstrumentRegistry();
    const error = (() => {
      try {
        registry.loadDirectory(dir, 'questionnaires');
      } catch (e) {
        return e as DefinitionError;
      }
      throw new Error('expected a DefinitionError');
    })();
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error.issues.map(formatIssue)).toEqual([
      'questionnaires/a.yaml:6: aspects: weights sum to 95, expected 100',
      'questionnaires/b.yaml:3: version: must be a positive whole number',
      'questionnaires/d.json:3: invalid JSON: Expected double-quoted property name',
      expect.stringMatching(/^questionnaires\/e\.yaml:\d: /),
    ]);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(registry.list().map((d) => d.id)).toEqual(['rubrik-c']);
  });

  it('a folder that does not exist is an issue', () => {
    expect(issuesOf(() => new InstrumentRegistry().loadDirectory(join(root, 'nope'), 'nope'))).toEqual(['nope: no such folder']);
  });

  it('definitionFiles lists .yaml, .yml and .json files in name order, not folders or other files', () => {
    const dir = folder('campur', { 'b.yml': '', 'a.JSON': '', 'c.yaml': '', 'd.txt': '', 'e.yaml.bak': '' });
    mkdirSync(join(dir, 'sub.yaml'));
    expect(definitionFiles(dir)).toEqual(['a.JSON', 'b.yml', 'c.yaml']);
    expect(definitionFiles(join(root, 'nope'))).toEqual([]);
  });
});
