import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DefinitionError, formatIssue } from './definition-error';
import { IssueCollector, PathSegment, formatPath, parseFile, parseText } from './parse-file';

const TEXT = [
  'answers:', // 1
  '  "1.1": { value: true, evidence: ["https://a.example"] }', // 2
  '  "1.2":', // 3
  '    value: situs', // 4
  '  1.3: { value: [laporan-keuangan, profil] }', // 5
  'list:', // 6
  '  - a', // 7
  '  - code: b', // 8
  '    name: B', // 9
  'window: { opens: 2025-05-01T00:00:00+07:00, closes: "2025-06-01T00:00:00+07:00" }', // 10
  'flag: yes', // 11
].join('\n');

describe('parseText', () => {
  it('reads YAML 1.2: instants and yes stay text, numbers and booleans are typed', () => {
    const { data, issues } = parseText(TEXT, 'a.yaml');
    expect(issues.ok).toBe(true);
    expect(data).toEqual({
      answers: { '1.1': { value: true, evidence: ['https://a.example'] }, '1.2': { value: 'situs' }, '1.3': { value: ['laporan-keuangan', 'profil'] } },
      list: ['a', { code: 'b', name: 'B' }],
      window: { opens: '2025-05-01T00:00:00+07:00', closes: '2025-06-01T00:00:00+07:00' },
      flag: 'yes',
    });
  });

  const lines: [PathSegment[], number][] = [
    [['answers'], 1],
    [['answers', '1.1', 'value'], 2],
    [['answers', '1.1', 'evidence', 0], 2],
    [['answers', '1.2'], 3],
    [['answers', '1.2', 'value'], 4],
    [['answers', '1.2', 'evidence'], 4], // missing: where its parent mapping starts
    [['answers', '1.3', 'value', 1], 5], // a numeric key found by its text
    [['list', 1, 'name'], 9],
    [['list', 7], 7],
    [['window', 'closes'], 10],
    [['nothing', 'here'], 1],
  ];

  it.each(lines)('finds the line of %j: %d', (path, line) => {
    const { issues } = parseText(TEXT, 'a.yaml');
    issues.add(path, 'x');
    expect(issues.issues[0]).toEqual({ file: 'a.yaml', path: formatPath(path), line, message: 'x' });
  });

  it('gives a syntax error its line', () => {
    const { data, issues } = parseText('a: 1\nb: [x, y\nc: 2\n', 'a.yaml');
    expect(data).toBeUndefined();
    expect(issues.issues.map(formatIssue)).toContain('a.yaml:3: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('refuses a numeric key that would lose digits (1.10 read as 1.1), and keeps 1.2', () => {
    const { issues } = parseText('answers:\n  1.2: { value: true }\n  1.10: { value: true }\n', 'saq/a.yaml');
    expect(issues.issues.map(formatIssue)).toEqual(['saq/a.yaml:3: answers.1.1: the key 1.10 is read as the number 1.1; write it in quotes: "1.10"']);
  });

  it('checks JSON strictly and names the line of a syntax error', () => {
    expect(parseText('{"a": [1, 2]}', 'x.json').data).toEqual({ a: [1, 2] });
    const trailing = parseText('{\n  "a": 1,\n  "b": 2,\n}\n', 'x.json');
    expect(trailing.data).toBeUndefined();
    expect(trailing.issues.issues).toEqual([expect.objectContaining({ file: 'x.json', line: 4, message: expect.stringMatching(/^invalid JSON: /) })]);
    expect(parseText('# comment\n{"a": 1}', 'x.json').issues.issues.map((i) => i.message)).toEqual(["invalid JSON: Unexpected token '#'"]);
    expect(parseText('{\n  "a": [1,\n', 'x.json').issues.issues).toEqual([{ file: 'x.json', path: '', line: 2, message: 'invalid JSON: Unexpected end of JSON input' }]);
    expect(parseText('{"a": 1, "a": 2}', 'x.json').issues.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^Map keys must be unique/)]);
  });

  it('formats paths as the issues name them', () => {
    expect(formatPath(['indicators', 1, 'questions', 0, 'points'])).toBe('indicators[1].questions[0].points');
    expect(formatPath(['answers', '1.2', 'value'])).toBe('answers.1.2.value');
    expect(formatPath([3, 'question'])).toBe('[3].question');
    expect(formatPath([])).toBe('');
  });
});

describe('parseFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'monev-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a missing file as an issue', () => {
    const { data, issues } = parseFile(join(dir, 'nope.yaml'), 'contoh/nope.yaml');
    expect(data).toBeUndefined();
    expect(issues.issues).toEqual([{ file: 'contoh/nope.yaml', path: '', message: 'missing file' }]);
  });

  it('reads a file with a byte-order mark', () => {
    writeFileSync(join(dir, 'bom.json'), '\uFEFF{"a": 1}');
    expect(parseFile(join(dir, 'bom.json')).data).toEqual({ a: 1 });
  });
});

describe('DefinitionError', () => {
  it('lists every issue as file:line: path: message', () => {
    const collector = new IssueCollector('edition.yaml');
    collector.add(['stages'], 'weights sum to 95, expected 100');
    collector.add(['stages', 0, 'gate'], 'the first stage has no earlier stage to gate on', 12);
    collector.add([], 'whole-file problem', 3);
    const error = new DefinitionError(collector.issues);
    expect(error.message).toBe(
      'edition.yaml: stages: weights sum to 95, expected 100\nedition.yaml:12: stages[0].gate: the first stage has no earlier stage to gate on\nedition.yaml:3: whole-file problem',
    );
    expect(error.name).toBe('DefinitionError');
    expect(error).toBeInstanceOf(Error);
    expect(() => collector.throwIfAny()).toThrow(DefinitionError);
  });
});
