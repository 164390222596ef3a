import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { basename, extname, join } from 'path';
import {
  Answer,
  AnswerValue,
  BodyFacts,
  EditionDef,
  InstrumentDef,
  ObjectionRuling,
  PanelFacts,
  QuestionDef,
  QuestionnaireDef,
  RubricDef,
  SheetStatus,
  StageCode,
  VerificationDecision,
} from '../scoring/types';
import { aspectScoreIssues, checkAnswerValue, evidenceIssues } from './answer-rules';
import { Checks, Obj, SLUG, SLUG_TEXT, isObject } from './checks';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { checkEditionInstruments, validateEdition } from './edition-validation';
import { IssueCollector, PathSegment, parseFile } from './parse-file';
import { InstrumentRegistry, definitionFiles } from './registry';

export interface FixtureCommission {
  code: string;
  name: string;
  city?: string;
}

export interface FixtureBody {
  code: string;
  name: string;
  category: string;
}

/** A ruled objection as the fixture records it, with the body's reason. */
export type FixtureObjection = ObjectionRuling & { reason: string };

/** One body's questionnaire stage: its SAQ, the verification and the objections. */
export interface FixtureQuestionnaire {
  body: string;
  stage: StageCode;
  submitted: boolean;
  answers: Record<string, Answer>;
  /** false when there is no verification file */
  verificationComplete: boolean;
  decisions: Record<string, VerificationDecision>;
  objections: FixtureObjection[];
}

export interface FixturePanelRow {
  /** null on an `absent` row */
  assessor: string | null;
  body: string;
  status: SheetStatus | 'absent';
  /** the aspects scored (empty for recused and absent rows; possibly partial on a draft) */
  scores: Record<string, number>;
  comment?: string;
  /** line in the CSV file */
  line: number;
}

export interface FixturePanel {
  stage: StageCode;
  rows: FixturePanelRow[];
}

/** Everything one fixture folder (SPEC §10) says, checked against its edition and instruments. */
export interface FixtureBundle {
  dir: string;
  commission: FixtureCommission;
  edition: EditionDef;
  /** the instruments the edition uses (each once, in stage order), with the file each came from */
  instruments: { def: InstrumentDef; source: string }[];
  bodies: FixtureBody[];
  /** one per body and questionnaire stage that has a saq file */
  questionnaires: FixtureQuestionnaire[];
  /** one per panels/<stage>.csv file */
  panels: FixturePanel[];
}

// ------------------------------------------------------------------------------------- CSV

interface CsvRow {
  cells: string[];
  /** the line the record starts on */
  line: number;
}

/**
 * Records with the line each starts on; blank lines are skipped. Line endings are made \n first:
 * csv-parse counts a \r\n inside a quoted cell as two lines, and spreadsheets write \r\n.
 */
function readCsv(path: string, issues: IssueCollector): CsvRow[] | undefined {
  try {
    const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
    const records = parseCsv(text, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
    }) as { record: string[]; info: { lines: number } }[];
    // `lines` is where a record ends; line breaks inside quoted cells move its start up
    return records.map((r) => ({ cells: r.record, line: r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0) }));
  } catch (error) {
    const e = error as Error & { lines?: number };
    issues.add([], e.message.replace(/ at line \d+/, ''), e.lines);
    return undefined;
  }
}

const NUMBER_CELL = /^-?\d+(\.\d+)?$/;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// --------------------------------------------------------------------------------- the reader

/** The collectors of every file read, turned into one DefinitionError at the end. */
class Report {
  readonly issues: DefinitionIssue[] = [];

  collect(collector: IssueCollector): void {
    this.issues.push(...collector.issues);
  }
}

/** A facts file's name: `a.yaml` is body a; `a.saq-2.yaml` is body a in stage saq-2. */
interface FactsFile {
  body: string;
  stage?: StageCode;
}

interface QuestionnaireStage {
  code: StageCode;
  def: QuestionnaireDef | undefined;
  questions: Map<string, QuestionDef>;
}

/**
 * Reads a fixture folder (SPEC §10): commission.yaml, the fixture's own instruments/ (registered
 * in `registry`, which resolves the edition's other references), edition.yaml, bodies.csv,
 * saq/<body>.yaml, verification/<body>.yaml, objections/<body>.yaml and panels/<stage>.csv.
 *
 * The SAQ, verification and objection files belong to the edition's first questionnaire stage.
 * An edition with more questionnaire stages names another with a top-level `stage:` key (in an
 * objection file: on each entry) or in the file name, `saq/<body>.<stage>.yaml`, which is how
 * one body has files for two stages. Every problem of every file is collected and thrown together
 * as one DefinitionError (paths relative to the folder's parent, e.g. `contoh/saq/a.yaml:3`);
 * nothing is returned half-checked. Without a valid edition.yaml the other files cannot be
 * checked, so its issues (and those found so far) are thrown at once.
 */
export function readFixture(dir: string, registry: InstrumentRegistry): FixtureBundle {
  const name = basename(dir);
  const display = (...parts: string[]): string => join(name, ...parts);
  const report = new Report();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DefinitionError([{ file: dir, path: '', message: 'no such fixture folder' }]);
  }

  const commission = readCommission(join(dir, 'commission.yaml'), display('commission.yaml'), report);

  // refs of the fixture's own instrument files that have problems: edition.yaml does not call them unknown too
  const broken = new Set<string>();
  if (existsSync(join(dir, 'instruments'))) {
    try {
      registry.loadDirectory(join(dir, 'instruments'), display('instruments'));
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      report.issues.push(...error.issues);
      for (const file of definitionFiles(join(dir, 'instruments'))) {
        const data = parseFile(join(dir, 'instruments', file)).data;
        if (isObject(data)) broken.add(`${String(data.id)}@${String(data.version)}`);
      }
    }
  }

  const editionFile = parseFile(join(dir, 'edition.yaml'), display('edition.yaml'));
  const edition = editionFile.data !== undefined ? validateEdition(editionFile.data, editionFile.issues) : undefined;
  if (edition) {
    checkEditionInstruments(edition, (ref) => registry.get(ref), editionFile.issues);
    if (commission && edition.commission !== commission.code) {
      editionFile.issues.add(['commission'], `"${edition.commission}" differs from the code in commission.yaml ("${commission.code}")`);
    }
  }
  const explained = new Set(
    (edition?.stages ?? []).flatMap((s, i) => (broken.has(`${s.instrument.id}@${s.instrument.version}`) && !registry.get(s.instrument) ? [`stages[${i}].instrument`] : [])),
  );
  report.issues.push(...editionFile.issues.issues.filter((i) => !(explained.has(i.path) && i.message.startsWith('unknown instrument'))));
  if (!edition) throw new DefinitionError(report.issues);

  const { bodies, listed } = readBodies(join(dir, 'bodies.csv'), display('bodies.csv'), edition, report);
  const isBody = (code: string): boolean => !listed || listed.has(code);

  const questionnaireStages: QuestionnaireStage[] = edition.stages.flatMap((s) => {
    if (s.kind !== 'questionnaire') return [];
    const found = registry.get(s.instrument);
    const def = found?.kind === 'questionnaire' ? found : undefined;
    return [{ code: s.code, def, questions: new Map(def?.indicators.flatMap((i) => i.questions.map((q) => [q.code, q] as const)) ?? []) }];
  });
  const facts = new FactsReader(dir, display, report, questionnaireStages, isBody);
  facts.readSaq();
  facts.readVerification();
  facts.readObjections();

  const panels = readPanels(dir, display, edition, registry, isBody, report);

  if (report.issues.length || !commission) throw new DefinitionError(report.issues);
  const used = new Map(edition.stages.map((s) => [`${s.instrument.id}@${s.instrument.version}`, s.instrument]));
  return {
    dir,
    commission,
    edition,
    instruments: [...used.values()].map((ref) => ({ def: registry.get(ref) as InstrumentDef, source: registry.source(ref) ?? '' })),
    bodies,
    questionnaires: facts.questionnaires(),
    panels,
  };
}

function readCommission(path: string, file: string, report: Report): FixtureCommission | undefined {
  const parsed = parseFile(path, file);
  let commission: FixtureCommission | undefined;
  if (parsed.data !== undefined) {
    const c = new Checks(parsed.issues);
    const doc = c.object(parsed.data, [], ['code', 'name', 'city']);
    if (doc) {
      const code = c.string(doc, 'code', [], { pattern: SLUG, patternText: SLUG_TEXT });
      const cname = c.string(doc, 'name', []);
      const city = c.string(doc, 'city', [], { optional: true });
      if (code !== undefined && cname !== undefined && (doc.city === undefined || city !== undefined)) {
        commission = { code, name: cname, ...(city !== undefined ? { city } : {}) };
      }
    }
  }
  report.collect(parsed.issues);
  return commission;
}

/**
 * bodies.csv. `listed` holds every code on a body line (also lines with another problem), so
 * that one bad line is not reported again in every file of that body; it is undefined when the
 * file could not be read at all, and body codes elsewhere are then not checked against it.
 */
function readBodies(path: string, file: string, edition: EditionDef, report: Report): { bodies: FixtureBody[]; listed?: Set<string> } {
  const issues = new IssueCollector(file);
  const bodies: FixtureBody[] = [];
  let listed: Set<string> | undefined;
  if (!existsSync(path)) {
    issues.add([], 'missing file: the bodies of the edition (header code,name,category)');
  } else {
    const rows = readCsv(path, issues);
    if (rows && (rows.length === 0 || rows[0].cells.join(',') !== 'code,name,category')) {
      issues.add([], `header must be exactly "code,name,category"${rows.length ? `, found "${rows[0].cells.join(',')}"` : ''}`, rows[0]?.line ?? 1);
    } else if (rows) {
      listed = new Set(rows.slice(1).map((r) => r.cells[0]));
      const categories = edition.categories.map((c) => c.code);
      const seen = new Map<string, number>();
      for (const { cells, line } of rows.slice(1)) {
        if (cells.length !== 3) {
          issues.add([], `expected 3 columns (code,name,category), found ${cells.length}`, line);
          continue;
        }
        const [code, bodyName, category] = cells;
        const problems = issues.issues.length;
        if (!SLUG.test(code)) issues.add(['code'], code ? `"${code}" ${SLUG_TEXT}` : 'required', line);
        else if (seen.has(code)) issues.add(['code'], `duplicate body code "${code}" (first on line ${seen.get(code)})`, line);
        if (!bodyName) issues.add(['name'], 'required', line);
        if (!categories.includes(category)) issues.add(['category'], `unknown category "${category}"; the edition has: ${categories.join(', ')}`, line);
        if (!seen.has(code)) seen.set(code, line);
        if (issues.issues.length === problems) bodies.push({ code, name: bodyName, category });
      }
      if (rows.length === 1) issues.add([], 'no bodies: add one line per body below the header', rows[0].line);
    }
  }
  report.collect(issues);
  return { bodies, listed };
}

/** The SAQ, verification and objection files of the questionnaire stages. */
class FactsReader {
  private readonly byKey = new Map<string, FixtureQuestionnaire & { file: string }>();
  /** bodies whose saq file has problems: verification and objections do not add "no SAQ" to them */
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly display: (...parts: string[]) => string,
    private readonly report: Report,
    private readonly stages: QuestionnaireStage[],
    private readonly isBody: (code: string) => boolean,
  ) {}

  questionnaires(): FixtureQuestionnaire[] {
    return [...this.byKey.values()].map(({ file: _file, ...q }) => q);
  }

  /**
   * Each definition file of a folder: `<body>.yaml`, or `<body>.<stage>.yaml` for a questionnaire
   * stage other than the first (body codes have no dots). Two files with one name are refused.
   */
  private eachFile(folder: string, read: (file: FactsFile, data: unknown, c: Checks) => void): void {
    const seen = new Map<string, string>();
    for (const name of definitionFiles(join(this.dir, folder))) {
      const parsed = parseFile(join(this.dir, folder, name), this.display(folder, name));
      const c = new Checks(parsed.issues);
      const base = basename(name, extname(name));
      const [body, ...rest] = base.split('.');
      const file: FactsFile = { body, ...(rest.length ? { stage: rest.join('.') } : {}) };
      if (seen.has(base)) c.issues.add([], `a second file for "${base}" (also ${seen.get(base)})`);
      else if (!this.isBody(body)) c.issues.add([], `"${body}" is not a body of bodies.csv (the file name is the body code)`);
      else if (file.stage !== undefined && !this.stages.some((s) => s.code === file.stage)) {
        c.issues.add([], `"${file.stage}" in the file name is not a questionnaire stage of the edition (${this.stages.map((s) => s.code).join(', ') || 'none'})`);
      } else if (parsed.data !== undefined) read(file, parsed.data, c);
      else if (folder === 'saq') this.unreadable.add(body);
      seen.set(base, name);
      this.report.collect(parsed.issues);
    }
  }

  /**
   * The stage a file (or objection entry) belongs to: its `stage:` key, else the stage in the
   * file name, else the edition's first questionnaire stage.
   */
  private stageOf(c: Checks, doc: Obj, path: PathSegment[], file: FactsFile): QuestionnaireStage | undefined {
    if (doc.stage === undefined) {
      if (!this.stages.length) c.issues.add(path, 'the edition has no questionnaire stage');
      return file.stage !== undefined ? this.stages.find((s) => s.code === file.stage) : this.stages[0];
    }
    const code = c.oneOf(doc, 'stage', path, this.stages.map((s) => s.code));
    if (code !== undefined && file.stage !== undefined && code !== file.stage) {
      c.issues.add([...path, 'stage'], `"${code}" differs from the stage in the file name ("${file.stage}")`);
      return undefined;
    }
    return this.stages.find((s) => s.code === code);
  }

  private question(c: Checks, stage: QuestionnaireStage, code: string, path: PathSegment[]): QuestionDef | undefined {
    const q = stage.questions.get(code);
    if (!q && stage.def) c.issues.add(path, `unknown question "${code}" in ${stage.def.id} version ${stage.def.version}`);
    return q;
  }

  private value(c: Checks, question: QuestionDef, value: unknown, path: PathSegment[]): value is AnswerValue {
    const problem = value === undefined ? 'required' : checkAnswerValue(question, value);
    if (problem) c.issues.add(path, problem);
    return !problem;
  }

  /** saq/<body>.yaml: `{stage?, submitted, answers: {"1.1": {value, evidence?}}}` */
  readSaq(): void {
    this.eachFile('saq', (file, data, c) => {
      const { body } = file;
      const doc = c.object(data, [], ['stage', 'submitted', 'answers']);
      if (!doc) return void this.unreadable.add(body);
      const stage = this.stageOf(c, doc, [], file);
      const submitted = c.boolean(doc, 'submitted', []);
      const answers: Record<string, Answer> = {};
      const raw = doc.answers ?? {};
      if (!isObject(raw)) c.issues.add(['answers'], 'must map question codes to { value, evidence? }');
      else if (stage) {
        for (const [code, entry] of Object.entries(raw)) {
          const path = ['answers', code];
          const q = this.question(c, stage, code, path);
          const a = c.object(entry, path, ['value', 'evidence']);
          if (!q || !a) continue;
          const evidence = evidenceIssues(a.evidence);
          for (const e of evidence) c.issues.add([...path, 'evidence', ...e.path], e.message);
          if (this.value(c, q, a.value, [...path, 'value']) && !evidence.length) {
            answers[code] = { value: a.value as AnswerValue, evidence: (a.evidence as string[] | undefined) ?? [] };
          }
        }
      }
      if (!stage || submitted === undefined) return void this.unreadable.add(body);
      const key = `${stage.code}/${body}`;
      const earlier = this.byKey.get(key);
      if (earlier) return c.issues.add([], `body "${body}" already has an SAQ for stage ${stage.code} in ${earlier.file}`);
      this.byKey.set(key, { file: c.issues.file, body, stage: stage.code, submitted, answers, verificationComplete: false, decisions: {}, objections: [] });
    });
  }

  /** verification/<body>.yaml: `{stage?, complete, decisions: {"1.3": {decision, value?, note?}}}` */
  readVerification(): void {
    const verified = new Set<string>();
    this.eachFile('verification', (file, data, c) => {
      const { body } = file;
      const doc = c.object(data, [], ['stage', 'complete', 'decisions']);
      if (!doc) return;
      const stage = this.stageOf(c, doc, [], file);
      const key = stage ? `${stage.code}/${body}` : undefined;
      const target = key ? this.byKey.get(key) : undefined;
      if (stage && !target && !this.unreadable.has(body)) c.issues.add([], `body "${body}" has no saq file for stage ${stage.code}: nothing to verify`);
      if (target && !target.submitted) c.issues.add([], `the SAQ of body "${body}" was not submitted (${target.file}): nothing to verify`);
      if (key && verified.has(key)) c.issues.add([], `body "${body}" already has a verification file for stage ${stage?.code}`);
      if (key) verified.add(key);
      const complete = c.boolean(doc, 'complete', []);
      const decisions: Record<string, VerificationDecision> = {};
      const raw = doc.decisions ?? {};
      if (!isObject(raw)) c.issues.add(['decisions'], 'must map question codes to { decision, value?, note? }');
      else if (stage) {
        for (const [code, entry] of Object.entries(raw)) {
          const path = ['decisions', code];
          const q = this.question(c, stage, code, path);
          const d = c.object(entry, path, ['decision', 'value', 'note']);
          if (!q || !d) continue;
          const decision = c.oneOf(d, 'decision', path, ['accept', 'reject', 'correct'] as const);
          const note = c.string(d, 'note', path, { optional: true });
          if (d.note !== undefined && note === undefined) continue;
          if (decision === 'correct') {
            if (this.value(c, q, d.value, [...path, 'value'])) decisions[code] = { decision, value: d.value, ...(note !== undefined ? { note } : {}) };
          } else if (decision) {
            if (d.value !== undefined) c.issues.add([...path, 'value'], `only a correct decision carries a value, not ${decision}`);
            else decisions[code] = { decision, ...(note !== undefined ? { note } : {}) };
          }
        }
      }
      if (target && target.submitted && complete !== undefined && c.issues.ok) {
        target.verificationComplete = complete;
        target.decisions = decisions;
      }
    });
  }

  /** objections/<body>.yaml: `[{stage?, question, reason, decision: upheld|rejected, value?, note?}]` */
  readObjections(): void {
    this.eachFile('objections', (file, data, c) => {
      const { body } = file;
      if (!Array.isArray(data)) return c.issues.add([], 'must be a list of { question, reason, decision, value?, note? }');
      const rulings: { target: FixtureQuestionnaire; objection: FixtureObjection }[] = [];
      data.forEach((entry, i) => {
        const path: PathSegment[] = [i];
        const o = c.object(entry, path, ['stage', 'question', 'reason', 'decision', 'value', 'note']);
        if (!o) return;
        const stage = this.stageOf(c, o, path, file);
        const target = stage ? this.byKey.get(`${stage.code}/${body}`) : undefined;
        if (stage && (!target || !target.submitted) && !this.unreadable.has(body)) {
          c.issues.add(path, `body "${body}" has no submitted SAQ for stage ${stage.code} to object to`);
        }
        const question = c.string(o, 'question', path);
        const reason = c.string(o, 'reason', path);
        const decision = c.oneOf(o, 'decision', path, ['upheld', 'rejected'] as const);
        const note = c.string(o, 'note', path, { optional: true });
        const q = question !== undefined && stage ? this.question(c, stage, question, [...path, 'question']) : undefined;
        if (o.value !== undefined && decision === 'rejected') c.issues.add([...path, 'value'], 'only an upheld objection carries a value');
        const valueOk = o.value === undefined || (q !== undefined && decision !== 'rejected' && this.value(c, q, o.value, [...path, 'value']));
        if (target && target.submitted && q && question !== undefined && reason !== undefined && decision && valueOk && (o.note === undefined || note !== undefined)) {
          const value = o.value as AnswerValue | undefined;
          rulings.push({ target, objection: { question, reason, decision, ...(value !== undefined ? { value } : {}), ...(note !== undefined ? { note } : {}) } });
        }
      });
      if (c.issues.ok) for (const { target, objection } of rulings) target.objections.push(objection);
    });
  }
}

function readPanels(
  dir: string,
  display: (...parts: string[]) => string,
  edition: EditionDef,
  registry: InstrumentRegistry,
  isBody: (code: string) => boolean,
  report: Report,
): FixturePanel[] {
  const panels: FixturePanel[] = [];
  const panelDir = join(dir, 'panels');
  const files = existsSync(panelDir) ? readdirSync(panelDir).filter((n) => n.toLowerCase().endsWith('.csv')).sort() : [];
  const panelStages = edition.stages.filter((s) => s.kind === 'panel');
  for (const file of files) {
    const issues = new IssueCollector(display('panels', file));
    const stageCode = basename(file, extname(file));
    const stage = panelStages.find((s) => s.code === stageCode);
    const found = stage ? registry.get(stage.instrument) : undefined;
    if (!stage) {
      issues.add([], `"${stageCode}" is not a panel stage of the edition (panel stages: ${panelStages.map((s) => s.code).join(', ') || 'none'})`);
    } else if (found?.kind === 'rubric') {
      const rows = readPanel(join(panelDir, file), found, isBody, issues);
      if (rows) panels.push({ stage: stage.code, rows });
    }
    // a stage whose rubric is unknown is already an issue of edition.yaml
    report.collect(issues);
  }
  return panels;
}

/** panels/<stage>.csv: `assessor,body,status,<aspect codes…>,comment` */
function readPanel(path: string, rubric: RubricDef, isBody: (code: string) => boolean, issues: IssueCollector): FixturePanelRow[] | undefined {
  const csv = readCsv(path, issues);
  if (!csv) return undefined;
  const aspects = rubric.aspects.map((a) => a.code);
  const header = csv[0]?.cells ?? [];
  const aspectColumns = header.slice(3, -1);
  const headerOk =
    header[0] === 'assessor' &&
    header[1] === 'body' &&
    header[2] === 'status' &&
    header[header.length - 1] === 'comment' &&
    aspectColumns.length === aspects.length &&
    new Set(aspectColumns).size === aspectColumns.length &&
    aspects.every((a) => aspectColumns.includes(a));
  if (!headerOk) {
    issues.add([], `header must be "${['assessor', 'body', 'status', ...aspects, 'comment'].join(',')}" (the aspect columns are the codes of ${rubric.id} version ${rubric.version}, in any order)`, csv[0]?.line ?? 1);
    return undefined;
  }
  const rows: FixturePanelRow[] = [];
  const firstLine = new Map<string, number>();
  const sheetsOf = new Map<string, number>();
  const absentOn = new Map<string, number>();
  for (const { cells, line } of csv.slice(1)) {
    if (cells.length !== header.length) {
      issues.add([], `expected ${header.length} columns, found ${cells.length}`, line);
      continue;
    }
    const cell = (column: string): string => cells[header.indexOf(column)];
    const [assessor, body, status] = cells;
    const comment = cell('comment') || undefined;
    const before = issues.issues.length;
    const written = aspects.filter((a) => cell(a) !== '');
    if (!body) issues.add(['body'], 'required', line);
    else if (!isBody(body)) issues.add(['body'], `"${body}" is not a body of bodies.csv`, line);
    if (status === 'absent') {
      if (assessor) issues.add(['assessor'], 'must be empty on an absent row (the body did not present)', line);
      if (written.length) issues.add([written[0]], 'an absent row carries no scores', line);
      if (absentOn.has(body)) issues.add(['body'], `body "${body}" is already recorded absent on line ${absentOn.get(body)}`, line);
      if (sheetsOf.has(body)) issues.add(['body'], `body "${body}" has score sheets (line ${sheetsOf.get(body)}) and cannot also be absent`, line);
      if (issues.issues.length === before) {
        absentOn.set(body, line);
        rows.push({ assessor: null, body, status, scores: {}, ...(comment ? { comment } : {}), line });
      }
      continue;
    }
    if (status !== 'submitted' && status !== 'draft' && status !== 'recused') {
      issues.add(['status'], status ? `unknown status "${status}"; expected submitted, draft, recused or absent` : 'required: submitted, draft, recused or absent', line);
      continue;
    }
    if (!USERNAME.test(assessor)) issues.add(['assessor'], assessor ? `"${assessor}" is not a valid username` : 'required (the juror\'s username)', line);
    const key = `${assessor}/${body}`;
    if (firstLine.has(key)) issues.add([], `${assessor} already has a row for body "${body}" on line ${firstLine.get(key)}`, line);
    if (status !== 'recused' && absentOn.has(body)) issues.add(['body'], `body "${body}" is recorded absent on line ${absentOn.get(body)} and cannot have score sheets`, line);
    const scores: Record<string, number> = {};
    if (status === 'recused') {
      if (written.length) issues.add([written[0]], 'a recused row carries no scores', line);
    } else {
      for (const aspect of written) {
        if (NUMBER_CELL.test(cell(aspect))) scores[aspect] = Number(cell(aspect));
        else issues.add([aspect], `"${cell(aspect)}" is not a number${/^\d+,\d+$/.test(cell(aspect)) ? ' (write decimals with a point: 80.5)' : ''}`, line);
      }
      const numbersOk = Object.keys(scores).length === written.length;
      for (const problem of aspectScoreIssues(rubric, scores, status === 'submitted' && numbersOk)) issues.add(problem.path, problem.message, line);
    }
    if (!firstLine.has(key)) firstLine.set(key, line);
    if (status !== 'recused' && !sheetsOf.has(body)) sheetsOf.set(body, line);
    if (issues.issues.length === before) rows.push({ assessor, body, status, scores, ...(comment ? { comment } : {}), line });
  }
  return rows;
}

/** The bundle as the scoring core's input: one BodyFacts per body, stages keyed by code. */
export function bundleFacts(bundle: FixtureBundle): BodyFacts[] {
  const bodies = new Map<string, BodyFacts>(bundle.bodies.map((b) => [b.code, { body: b.code, name: b.name, category: b.category, stages: {} }]));
  for (const q of bundle.questionnaires) {
    const facts = bodies.get(q.body);
    if (!facts) continue;
    facts.stages[q.stage] = {
      kind: 'questionnaire',
      submitted: q.submitted,
      answers: q.answers,
      verificationComplete: q.verificationComplete,
      decisions: q.decisions,
      objections: q.objections.map(({ reason: _reason, ...ruling }) => ruling),
    };
  }
  for (const panel of bundle.panels) {
    for (const row of panel.rows) {
      const facts = bodies.get(row.body);
      if (!facts) continue;
      const stage = (facts.stages[panel.stage] ??= { kind: 'panel', sheets: [], absent: false }) as PanelFacts;
      if (row.status === 'absent' || row.assessor === null) stage.absent = true;
      else stage.sheets.push({ assessor: row.assessor, status: row.status, scores: row.scores, ...(row.comment ? { comment: row.comment } : {}) });
    }
  }
  return [...bodies.values()];
}
