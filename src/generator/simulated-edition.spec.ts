import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import { QuestionDef, QuestionnaireDef } from '../scoring/types';
import { generateSimulatedEdition } from './simulated-edition';

const QUESTIONNAIRE = join(__dirname, '..', '..', 'questionnaires', 'saq-provinsi-kaltim-2025.yaml');

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

function csvRows(text: string): string[][] {
  return parseCsv(text) as string[][];
}

function validValue(q: QuestionDef, value: unknown): boolean {
  if (q.type === 'yes_no') return typeof value === 'boolean';
  if (q.type === 'choice') return (q.options ?? []).some((o) => o.value === value);
  return Array.isArray(value) && value.every((v) => (q.items ?? []).some((i) => i.value === v));
}

describe('simulated edition generator', () => {
  let root: string;
  let first: string;
  let second: string;
  let other: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'monev-generator-'));
    first = join(root, 'first');
    second = join(root, 'second');
    other = join(root, 'other-seed');
    generateSimulatedEdition({ outDir: first, seed: 42, bodies: 80 });
    generateSimulatedEdition({ outDir: second, seed: 42, bodies: 80 });
    generateSimulatedEdition({ outDir: other, seed: 43, bodies: 80 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes byte-identical files for the same seed', () => {
    const a = filesOf(first);
    const b = filesOf(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, content] of a) expect(b.get(path)!.equals(content)).toBe(true);
  });

  it('writes something else for another seed', () => {
    const a = filesOf(first);
    const c = filesOf(other);
    const same = [...a].every(([path, content]) => c.get(path)?.equals(content) ?? false) && a.size === c.size;
    expect(same).toBe(false);
  });

  it('registers the requested number of bodies with unique kebab-case codes', () => {
    const rows = csvRows(readFileSync(join(first, 'bodies.csv'), 'utf8'));
    expect(rows[0]).toEqual(['code', 'name', 'category']);
    const codes = rows.slice(1).map((r) => r[0]);
    expect(codes).toHaveLength(80);
    expect(new Set(codes).size).toBe(80);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('writes answers and decisions that parse back and fit the questionnaire', () => {
    const def = parse(readFileSync(QUESTIONNAIRE, 'utf8')) as QuestionnaireDef;
    const questions = new Map(def.indicators.flatMap((i) => i.questions).map((q) => [String(q.code), q]));
    for (const file of readdirSync(join(first, 'saq'))) {
      const body = file.replace(/\.yaml$/, '');
      const saq = parse(readFileSync(join(first, 'saq', file), 'utf8')) as {
        submitted: boolean;
        answers: Record<string, { value: unknown; evidence?: string[] }>;
      };
      expect(saq.submitted).toBe(true);
      for (const [code, answer] of Object.entries(saq.answers)) {
        expect(validValue(questions.get(code)!, answer.value)).toBe(true);
        for (const link of answer.evidence ?? []) expect(link.startsWith(`https://ppid.${body}.example.go.id/`)).toBe(true);
      }
    }
    for (const file of readdirSync(join(first, 'verification'))) {
      const verification = parse(readFileSync(join(first, 'verification', file), 'utf8')) as {
        complete: boolean;
        decisions: Record<string, { decision: string; value?: unknown }>;
      };
      expect(typeof verification.complete).toBe('boolean');
      for (const [code, d] of Object.entries(verification.decisions)) {
        expect(['accept', 'reject', 'correct']).toContain(d.decision);
        if (d.decision === 'correct') expect(validValue(questions.get(code)!, d.value)).toBe(true);
      }
    }
    for (const file of readdirSync(join(first, 'objections'))) {
      const objections = parse(readFileSync(join(first, 'objections', file), 'utf8')) as {
        question: string;
        reason: string;
        decision: string;
        value?: unknown;
        note: string;
      }[];
      for (const o of objections) {
        expect(['upheld', 'rejected']).toContain(o.decision);
        expect(o.reason && o.note).toBeTruthy();
        if (o.value !== undefined) expect(validValue(questions.get(o.question)!, o.value)).toBe(true);
      }
    }
  });

  it('gives every body at the visit enough submitted sheets, or records it absent', () => {
    const [header, ...rows] = csvRows(readFileSync(join(first, 'panels', 'visitasi.csv'), 'utf8'));
    expect(header).toEqual(['assessor', 'body', 'status', 'ML', 'PP', 'KB', 'PT', 'AD', 'DA', 'comment']);
    const bodies = new Set(rows.map((r) => r[1]));
    for (const body of bodies) {
      const own = rows.filter((r) => r[1] === body);
      const absent = own.some((r) => r[2] === 'absent' && r[0] === '');
      expect(absent || own.filter((r) => r[2] === 'submitted').length >= 2).toBe(true);
    }
  });

  it('copes with an edition of a single body', () => {
    const dir = join(root, 'single');
    generateSimulatedEdition({ outDir: dir, seed: 1, bodies: 1 });
    expect(csvRows(readFileSync(join(dir, 'bodies.csv'), 'utf8'))).toHaveLength(2);
  });
});
