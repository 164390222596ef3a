import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync, readdirSync } from 'fs';
import { basename, join } from 'path';
import {
  Answer,
  AnswerValue,
  EditionDef,
  InstrumentDef,
  ObjectionRuling,
  QuestionDef,
  QuestionnaireDef,
  RubricDef,
  SheetStatus,
  VerificationDecision,
} from '../scoring';
import { checkAnswerValue, checkAspectScores, checkEvidence } from './answer-rules';
import { Checks, isObject } from './checks';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { checkEditionInstruments, validateEdition } from './edition-validation';
import { IssueCollector, PathSegment, parseFile } from './parse-file';
import { DEFINITION_FILE, InstrumentRegistry } from './registry';

export interface FixtureBody {
  code: string;
  name: string;
  category: string;
}

export interface FixtureQuestionnaire {
  body: string;
  stage: string;
  submitted: boolean;
  answers: Record<string, Answer>;
  verificationComplete: boolean;
  decisions: Record<string, VerificationDecision>;
  objections: (ObjectionRuling & { reason: string })[];
}

export interface FixturePanelRow {
  /** null on an `absent` row */
  assessor: string | null;
  body: string;
  status: SheetStatus | 'absent';
  scores: Record<string, number>;
  comment?: string;
  line: number;
}

/** Everything one fixture folder (SPEC §10) says, checked against its edition and instruments. */
export interface FixtureBundle {
  dir: string;
  commission: { code: string; name: string; city?: string };
  edition: EditionDef;
  /** the instruments the edition uses, with the file each came from */
  instruments: { def: InstrumentDef; source: string }[];
  bodies: FixtureBody[];
  questionnaires: FixtureQuestionnaire[];
  panels: { stage: string; rows: FixturePanelRow[] }[];
}

interface CsvRow {
  cells: string[];
  line: number;
}

function readCsv(path: string, issues: IssueCollector): CsvRow[] {
  try {
    const records = parseCsv(readFileSync(path, 'utf8'), { info: true, skip_empty_lines: true, trim: true, bom: true }) as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch (error) {
    const e = error as { message: string; lines?: number };
    issues.add([], e.message, e.lines);
    return [];
  }
}

function yamlFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => DEFINITION_FILE.test(n)).sort() : [];
}

const bodyCodeOf = (file: string) => basename(file).replace(DEFINITION_FILE, '');

/**
 * Reads a fixture folder. The SAQ, verification and objection files belong to the edition's
 * first questionnaire stage unless they name another with `stage:`. All problems of all files are
 * collected and thrown together as one DefinitionError; nothing is returned half-checked.
 */
export function readFixture(dir: string, registry: InstrumentRegistry): FixtureBundle {
  const name = basename(dir);
  const display = (...parts: string[]) => join(name, ...parts);
  const all: DefinitionIssue[] = [];
  const finish = (collector: IssueCollector) => all.push(...collector.issues);
  const fail = () => new DefinitionError(all);

  // commission.yaml
  const commissionFile = parseFile(join(dir, 'commission.yaml'), display('commission.yaml'));
  let commission: FixtureBundle['commission'] | undefined;
  if (commissionFile.issues.ok) {
    const c = new Checks(commissionFile.issues);
    const doc = c.object(commissionFile.data, [], ['code', 'name', 'city']);
    const code = doc && c.string(doc, 'code', []);
    const cname = doc && c.string(doc, 'name', []);
    const city = doc && c.string(doc, 'city', [], { optional: true });
    if (code && cname) commission = { code, name: cname, ...(city ? { city } : {}) };
  }
  finish(commissionFile.issues);

  // instruments/ of this fixture, then edition.yaml against them and the bundled ones
  if (existsSync(join(dir, 'instruments'))) {
    try {
      registry.loadDirectory(join(dir, 'instruments'), display('instruments'));
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      all.push(...error.issues);
    }
  }
  const editionFile = parseFile(join(dir, 'edition.yaml'), display('edition.yaml'));
  const edition = editionFile.issues.ok ? validateEdition(editionFile.data, editionFile.issues) : undefined;
  if (edition) {
    checkEditionInstruments(edition, (ref) => registry.get(ref), editionFile.issues);
    if (commission && edition.commission !== commission.code) {
      editionFile.issues.add(['commission'], `"${edition.commission}" differs from commission.yaml's code "${commission.code}"`);
    }
  }
  finish(editionFile.issues);
  if (!edition || !commission || all.length) throw fail();

  // bodies.csv
  const bodiesIssues = new IssueCollector(display('bodies.csv'));
  const bodies: FixtureBody[] = [];
  const rows = existsSync(join(dir, 'bodies.csv')) ? readCsv(join(dir, 'bodies.csv'), bodiesIssues) : [];
  if (!existsSync(join(dir, 'bodies.csv'))) bodiesIssues.add([], 'missing: the bodies of the edition (header code,name,category)');
  else if (rows.length === 0 || rows[0].cells.join(',') !== 'code,name,category') {
    bodiesIssues.add([], `header must be exactly "code,name,category"`, rows[0]?.line ?? 1);
  } else {
    const categories = edition.categories.map((c) => c.code);
    const seen = new Set<string>();
    for (const row of rows.slice(1)) {
      const [code, bodyName, category] = row.cells;
      if (row.cells.length !== 3) bodiesIssues.add([], `expected 3 columns (code,name,category), found ${row.cells.length}`, row.line);
      else if (!/^[a-z0-9][a-z0-9_-]*$/.test(code)) bodiesIssues.add(['code'], `"${code}" is not a valid code (lowercase letters, digits, - and _)`, row.line);
      else if (seen.has(code)) bodiesIssues.add(['code'], `duplicate body code "${code}"`, row.line);
      else if (!bodyName) bodiesIssues.add(['name'], 'required', row.line);
      else if (!categories.includes(category)) bodiesIssues.add(['category'], `unknown category "${category}"; the edition has: ${categories.join(', ')}`, row.line);
      else bodies.push({ code, name: bodyName, category });
      seen.add(code);
    }
  }
  finish(bodiesIssues);
  const bodyCodes = new Set(bodies.map((b) => b.code));

  // questionnaire stages: saq/, verification/, objections/
  const questionnaireStages = edition.stages.filter((s) => s.kind === 'questionnaire');
  const questionnaireOf = (stageCode: string) => {
    const stage = questionnaireStages.find((s) => s.code === stageCode);
    return stage ? (registry.get(stage.instrument) as QuestionnaireDef) : undefined;
  };
  const questionsOf = (def: QuestionnaireDef) => new Map(def.indicators.flatMap((i) => i.questions.map((q) => [q.code, q] as const)));
  const byKey = new Map<string, FixtureQuestionnaire>();

  const stageFor = (c: Checks, doc: Record<string, unknown>): string | undefined => {
    if (doc.stage === undefined) {
      if (!questionnaireStages.length) c.issues.add([], 'the edition has no questionnaire stage');
      return questionnaireStages[0]?.code;
    }
    return c.oneOf(doc, 'stage', [], questionnaireStages.map((s) => s.code));
  };
  const checkValue = (c: Checks, question: QuestionDef, value: unknown, path: PathSegment[]): value is AnswerValue => {
    const problem = checkAnswerValue(question, value);
    if (problem) c.issues.add(path, problem);
    return !problem;
  };
  const knownQuestion = (c: Checks, questions: Map<string, QuestionDef>, code: string, path: PathSegment[]) => {
    const q = questions.get(code);
    if (!q) c.issues.add(path, `unknown question "${code}" in this questionnaire`);
    return q;
  };
  const knownBody = (c: Checks, code: string) => {
    if (!bodyCodes.has(code)) c.issues.add([], `"${code}" is not a body of bodies.csv`);
    return bodyCodes.has(code);
  };

  for (const file of yamlFiles(join(dir, 'saq'))) {
    const parsed = parseFile(join(dir, 'saq', file), display('saq', file));
    const c = new Checks(parsed.issues);
    const doc = parsed.issues.ok ? c.object(parsed.data, [], ['stage', 'submitted', 'answers']) : undefined;
    const body = bodyCodeOf(file);
    if (doc && knownBody(c, body)) {
      const stage = stageFor(c, doc);
      const def = stage ? questionnaireOf(stage) : undefined;
      const submitted = c.boolean(doc, 'submitted', []);
      const answers: Record<string, Answer> = {};
      const raw = doc.answers ?? {};
      if (!isObject(raw)) c.issues.add(['answers'], 'must map question codes to { value, evidence? }');
      else if (def) {
        const questions = questionsOf(def);
        for (const [code, entry] of Object.entries(raw)) {
          const path = ['answers', code];
          const q = knownQuestion(c, questions, code, path);
          const a = c.object(entry, path, ['value', 'evidence']);
          if (!q || !a) continue;
          const evidenceIssues = checkEvidence(a.evidence);
          for (const e of evidenceIssues) c.issues.add([...path, ...e.field.replace(/\[(\d+)\]/, '.$1').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))], e.message);
          if (checkValue(c, q, a.value, [...path, 'value']) && !evidenceIssues.length) {
            answers[code] = { value: a.value as AnswerValue, evidence: (a.evidence as string[] | undefined) ?? [] };
          }
        }
      }
      if (stage && submitted !== undefined) {
        byKey.set(`${stage}/${body}`, { body, stage, submitted, answers, verificationComplete: false, decisions: {}, objections: [] });
      }
    }
    finish(parsed.issues);
  }

  for (const file of yamlFiles(join(dir, 'verification'))) {
    const parsed = parseFile(join(dir, 'verification', file), display('verification', file));
    const c = new Checks(parsed.issues);
    const doc = parsed.issues.ok ? c.object(parsed.data, [], ['stage', 'complete', 'decisions']) : undefined;
    const body = bodyCodeOf(file);
    if (doc && knownBody(c, body)) {
      const stage = stageFor(c, doc);
      const def = stage ? questionnaireOf(stage) : undefined;
      const target = stage ? byKey.get(`${stage}/${body}`) : undefined;
      if (stage && !target) c.issues.add([], `body "${body}" has no saq/${body}.yaml for stage ${stage}: nothing to verify`);
      const complete = c.boolean(doc, 'complete', []);
      const raw = doc.decisions ?? {};
      if (!isObject(raw)) c.issues.add(['decisions'], 'must map question codes to { decision, value?, note? }');
      else if (def && target) {
        const questions = questionsOf(def);
        for (const [code, entry] of Object.entries(raw)) {
          const path = ['decisions', code];
          const q = knownQuestion(c, questions, code, path);
          const d = c.object(entry, path, ['decision', 'value', 'note']);
          if (!q || !d) continue;
          const decision = c.oneOf(d, 'decision', path, ['accept', 'reject', 'correct'] as const);
          const note = c.string(d, 'note', path, { optional: true });
          if (decision === 'correct') {
            if (d.value === undefined) c.issues.add([...path, 'value'], 'required with decision correct');
            else if (checkValue(c, q, d.value, [...path, 'value'])) target.decisions[code] = { decision, value: d.value, ...(note ? { note } : {}) };
          } else if (decision) {
            if (d.value !== undefined) c.issues.add([...path, 'value'], `only a correct decision carries a value, not ${decision}`);
            else target.decisions[code] = { decision, ...(note ? { note } : {}) };
          }
        }
      }
      if (target && complete !== undefined) target.verificationComplete = complete;
    }
    finish(parsed.issues);
  }

  for (const file of yamlFiles(join(dir, 'objections'))) {
    const parsed = parseFile(join(dir, 'objections', file), display('objections', file));
    const c = new Checks(parsed.issues);
    const body = bodyCodeOf(file);
    if (parsed.issues.ok && knownBody(c, body)) {
      if (!Array.isArray(parsed.data)) c.issues.add([], 'must be a list of { question, reason, decision, value?, note? }');
      else {
        parsed.data.forEach((entry, i) => {
          const path: PathSegment[] = [i];
          const o = c.object(entry, path, ['stage', 'question', 'reason', 'decision', 'value', 'note']);
          if (!o) return;
          const stage = stageFor(c, o);
          const def = stage ? questionnaireOf(stage) : undefined;
          const target = stage ? byKey.get(`${stage}/${body}`) : undefined;
          if (stage && !target) return c.issues.add(path, `body "${body}" has no submitted SAQ for stage ${stage} to object to`);
          const question = c.string(o, 'question', path);
          const reason = c.string(o, 'reason', path);
          const decision = c.oneOf(o, 'decision', path, ['upheld', 'rejected'] as const);
          const note = c.string(o, 'note', path, { optional: true });
          const q = question && def ? knownQuestion(c, questionsOf(def), question, [...path, 'question']) : undefined;
          if (o.value !== undefined && decision === 'rejected') c.issues.add([...path, 'value'], 'only an upheld objection carries a value');
          const valueOk = o.value === undefined || (q ? checkValue(c, q, o.value, [...path, 'value']) : false);
          if (target && q && question && reason && decision && valueOk) {
            target.objections.push({
              question,
              reason,
              decision,
              ...(o.value !== undefined && decision === 'upheld' ? { value: o.value as AnswerValue } : {}),
              ...(note ? { note } : {}),
            });
          }
        });
      }
    }
    finish(parsed.issues);
  }

  // panels/<stage>.csv
  const panels: FixtureBundle['panels'] = [];
  const panelDir = join(dir, 'panels');
  for (const file of existsSync(panelDir) ? readdirSync(panelDir).filter((n) => n.endsWith('.csv')).sort() : []) {
    const issues = new IssueCollector(display('panels', file));
    const stageCode = file.replace(/\.csv$/, '');
    const stage = edition.stages.find((s) => s.code === stageCode && s.kind === 'panel');
    if (!stage) {
      issues.add([], `"${stageCode}" is not a panel stage of the edition (${edition.stages.filter((s) => s.kind === 'panel').map((s) => s.code).join(', ') || 'none'})`);
      finish(issues);
      continue;
    }
    const rubric = registry.get(stage.instrument) as RubricDef;
    const aspects = rubric.aspects.map((a) => a.code);
    const csv = readCsv(join(panelDir, file), issues);
    const header = csv[0]?.cells ?? [];
    const expected = ['assessor', 'body', 'status', ...aspects, 'comment'];
    const aspectColumns = header.slice(3, -1);
    if (header[0] !== 'assessor' || header[1] !== 'body' || header[2] !== 'status' || header[header.length - 1] !== 'comment' ||
        aspectColumns.length !== aspects.length || !aspects.every((a) => aspectColumns.includes(a))) {
      issues.add([], `header must be "${expected.join(',')}" (aspect columns are the rubric's codes)`, csv[0]?.line ?? 1);
      finish(issues);
      continue;
    }
    const panelRows: FixturePanelRow[] = [];
    const seen = new Set<string>();
    for (const row of csv.slice(1)) {
      if (row.cells.length !== header.length) {
        issues.add([], `expected ${header.length} columns, found ${row.cells.length}`, row.line);
        continue;
      }
      const cell = (column: string) => row.cells[header.indexOf(column)];
      const assessor = cell('assessor');
      const body = cell('body');
      const status = cell('status');
      const comment = cell('comment') || undefined;
      if (!bodyCodes.has(body)) {
        issues.add(['body'], `"${body}" is not a body of bodies.csv`, row.line);
        continue;
      }
      if (status === 'absent') {
        if (assessor) issues.add(['assessor'], 'an absent row has an empty assessor', row.line);
        else if (seen.has(`absent/${body}`)) issues.add(['body'], `body "${body}" is recorded absent twice`, row.line);
        else panelRows.push({ assessor: null, body, status, scores: {}, ...(comment ? { comment } : {}), line: row.line });
        seen.add(`absent/${body}`);
        continue;
      }
      if (status !== 'submitted' && status !== 'draft' && status !== 'recused') {
        issues.add(['status'], `unknown status "${status}"; expected submitted, draft, recused or absent`, row.line);
        continue;
      }
      if (!/^[a-z0-9][a-z0-9._-]*$/i.test(assessor)) {
        issues.add(['assessor'], assessor ? `"${assessor}" is not a valid username` : 'required (a juror username)', row.line);
        continue;
      }
      if (seen.has(`${assessor}/${body}`)) {
        issues.add([], `${assessor} has two rows for body "${body}"`, row.line);
        continue;
      }
      seen.add(`${assessor}/${body}`);
      const scores: Record<string, number> = {};
      let bad = false;
      for (const aspect of aspects) {
        const text = cell(aspect);
        if (text === '') continue;
        if (!/^\d+(\.\d+)?$/.test(text)) {
          issues.add([aspect], `"${text}" is not a number`, row.line);
          bad = true;
        } else scores[aspect] = Number(text);
      }
      if (status !== 'recused') {
        for (const problem of checkAspectScores(rubric, scores, status === 'submitted')) {
          issues.add([problem.field.replace(/^scores\./, '')], problem.message, row.line);
          bad = true;
        }
      }
      if (!bad) panelRows.push({ assessor, body, status, scores: status === 'recused' ? {} : scores, ...(comment ? { comment } : {}), line: row.line });
    }
    panels.push({ stage: stage.code, rows: panelRows });
    finish(issues);
  }

  if (all.length) throw fail();
  const used = edition.stages.map((s) => s.instrument);
  return {
    dir,
    commission,
    edition,
    instruments: used.map((ref) => ({ def: registry.get(ref)!, source: registry.source(ref)! })),
    bodies,
    questionnaires: [...byKey.values()],
    panels,
  };
}
