import { compareInstants, parseInstant } from '../common/instant';
import { BandDef, CategoryDef, CertificateDef, DEFAULT_BANDS, DEFAULT_EVIDENCE_FILES, EditionDef, EvidenceFilesDef, Gate, InstrumentDef, InstrumentRef, StageDef, TimeWindow } from '../scoring/types';
import { Checks, Obj, SLUG, SLUG_TEXT, isObject, positiveNumbers } from './checks';
import { IssueCollector, PathSegment, parseText } from './parse-file';

/** What is wrong with a `{ opens, closes }` window (field relative to the window), or null. */
export function windowProblem(value: unknown): { field: string; message: string } | null {
  if (!isObject(value)) return { field: '', message: 'must be { opens, closes }' };
  for (const key of Object.keys(value)) if (key !== 'opens' && key !== 'closes') return { field: key, message: 'unknown field (expected: opens, closes)' };
  const instants = { opens: parseInstant(value.opens), closes: parseInstant(value.closes) };
  for (const key of ['opens', 'closes'] as const) {
    const parsed = instants[key];
    if (value[key] === undefined) return { field: key, message: 'required' };
    if (!parsed.ok) return { field: key, message: parsed.message };
  }
  const { opens, closes } = instants;
  if (opens.ok && closes.ok && compareInstants(opens.instant, closes.instant) >= 0) {
    return { field: '', message: `opens (${opens.instant.text}) must be before closes (${closes.instant.text})` };
  }
  return null;
}

function timeWindow(c: Checks, obj: Obj, key: string, path: PathSegment[]): TimeWindow | undefined {
  if (obj[key] === undefined) return undefined;
  const problem = windowProblem(obj[key]);
  if (problem) {
    c.issues.add(problem.field ? [...path, key, problem.field] : [...path, key], problem.message);
    return undefined;
  }
  const w = obj[key] as TimeWindow;
  return { opens: w.opens, closes: w.closes };
}

const STAGE_KEYS = ['code', 'kind', 'instrument', 'weight', 'gate', 'window'];
const QUESTIONNAIRE_STAGE_KEYS = ['verificationWindow', 'objectionWindow'];
const PANEL_STAGE_KEYS = ['minAssessors', 'aggregate'];

function gate(c: Checks, raw: Obj, path: PathSegment[], index: number): Gate | undefined {
  if (raw.gate === undefined) return undefined;
  const at = [...path, 'gate'];
  if (index === 0) c.issues.add(at, 'the first stage has no earlier stage to gate on');
  const g = c.object(raw.gate, at, ['minScore', 'topPerCategory']);
  if (!g) return undefined;
  if ((g.minScore === undefined) === (g.topPerCategory === undefined)) {
    c.issues.add(at, 'give exactly one of minScore or topPerCategory');
    return undefined;
  }
  if (g.minScore !== undefined) {
    const min = c.number(g, 'minScore', at, { min: 0, max: 100 });
    return min === undefined ? undefined : { minScore: min };
  }
  const top = c.number(g, 'topPerCategory', at, { integer: true, positive: true });
  return top === undefined ? undefined : { topPerCategory: top };
}

/** One stage; undefined when anything in it is wrong (every problem recorded). */
function stage(c: Checks, raw: unknown, index: number): StageDef | undefined {
  const path: PathSegment[] = ['stages', index];
  const declared = isObject(raw) ? raw.kind : undefined;
  const misplaced: Record<string, string> = {};
  if (declared === 'panel') for (const k of QUESTIONNAIRE_STAGE_KEYS) misplaced[k] = `only a questionnaire stage has ${k}`;
  if (declared === 'questionnaire') for (const k of PANEL_STAGE_KEYS) misplaced[k] = `only a panel stage has ${k}`;
  const s = c.object(raw, path, [...STAGE_KEYS, ...QUESTIONNAIRE_STAGE_KEYS, ...PANEL_STAGE_KEYS].filter((k) => !misplaced[k]), misplaced);
  if (!s) return undefined;
  const kind = c.oneOf(s, 'kind', path, ['questionnaire', 'panel'] as const);
  const code = c.string(s, 'code', path, { pattern: SLUG, patternText: SLUG_TEXT });
  const weight = c.number(s, 'weight', path, { positive: true });
  const ref = c.object(s.instrument, [...path, 'instrument'], ['id', 'version']);
  const id = ref ? c.string(ref, 'id', [...path, 'instrument'], { text: 'code' }) : undefined;
  const version = ref ? c.number(ref, 'version', [...path, 'instrument'], { integer: true, positive: true }) : undefined;
  const stageGate = gate(c, s, path, index);
  const gateOk = s.gate === undefined || (stageGate !== undefined && index > 0);
  const window = timeWindow(c, s, 'window', path);
  const windowOk = s.window === undefined || window !== undefined;
  const common = { weight, ...(stageGate ? { gate: stageGate } : {}), ...(window ? { window } : {}) };
  if (kind === 'panel') {
    const minAssessors = c.number(s, 'minAssessors', path, { optional: true, integer: true, positive: true });
    const aggregate = c.oneOf(s, 'aggregate', path, ['mean', 'median'] as const, 'mean');
    if (code === undefined || weight === undefined || id === undefined || version === undefined || !gateOk || !windowOk) return undefined;
    if ((s.minAssessors !== undefined && minAssessors === undefined) || aggregate === undefined) return undefined;
    return { code, kind, instrument: { id, version }, ...common, weight, minAssessors: minAssessors ?? 1, aggregate };
  }
  if (kind === 'questionnaire') {
    const verificationWindow = timeWindow(c, s, 'verificationWindow', path);
    const objectionWindow = timeWindow(c, s, 'objectionWindow', path);
    if (code === undefined || weight === undefined || id === undefined || version === undefined || !gateOk || !windowOk) return undefined;
    if ((s.verificationWindow !== undefined && !verificationWindow) || (s.objectionWindow !== undefined && !objectionWindow)) return undefined;
    return {
      code,
      kind,
      instrument: { id, version },
      ...common,
      weight,
      ...(verificationWindow ? { verificationWindow } : {}),
      ...(objectionWindow ? { objectionWindow } : {}),
    };
  }
  return undefined;
}

/** Bands sorted from the highest min down; the default when the edition gives none. */
function bands(c: Checks, doc: Obj): BandDef[] | undefined {
  if (doc.bands === undefined) return DEFAULT_BANDS.map((b) => ({ ...b }));
  const list = c.array(doc, 'bands', [], { min: 1 }) ?? [];
  const parsed = list.map((raw, i): BandDef | undefined => {
    const path: PathSegment[] = ['bands', i];
    const b = c.object(raw, path, ['code', 'label', 'min']);
    if (!b) return undefined;
    const code = c.string(b, 'code', path, { pattern: SLUG, patternText: SLUG_TEXT });
    const label = c.string(b, 'label', path);
    const min = c.number(b, 'min', path, { min: 0, max: 100 });
    return code !== undefined && label !== undefined && min !== undefined ? { code, label, min } : undefined;
  });
  const valid = parsed.flatMap((b, index) => (b ? [{ b, index }] : []));
  c.unique(valid.map(({ b, index }) => ({ code: b.code, path: ['bands', index, 'code'] })), 'band code');
  c.unique(valid.map(({ b, index }) => ({ code: String(b.min), path: ['bands', index, 'min'] })), 'band min');
  if (!list.length || valid.length !== list.length) return undefined;
  if (!valid.some(({ b }) => b.min === 0)) {
    c.issues.add(['bands'], 'one band must start at min 0');
    return undefined;
  }
  return valid.map(({ b }) => b).sort((a, b) => b.min - a.min);
}

function certificate(c: Checks, doc: Obj, bandList: BandDef[] | undefined): CertificateDef | undefined {
  const cert = c.object(doc.certificate, ['certificate'], ['predicates', 'city', 'signatory']);
  if (!cert) return undefined;
  const predicates = c.stringList(cert, 'predicates', ['certificate']);
  if (cert.predicates === undefined) c.issues.add(['certificate', 'predicates'], 'required (the band codes that earn a certificate)');
  const codes = (bandList ?? []).map((b) => b.code);
  let predicatesOk = predicates !== undefined;
  if (predicates !== undefined && predicates.length === 0) {
    c.issues.add(['certificate', 'predicates'], 'must list at least one band code (leave out `certificate` for an edition without certificates)');
    predicatesOk = false;
  }
  if (bandList) {
    (predicates ?? []).forEach((p, i) => {
      if (codes.includes(p)) return;
      c.issues.add(['certificate', 'predicates', i], `"${p}" is not a band code; expected one of: ${codes.join(', ')}`);
      predicatesOk = false;
    });
  }
  const city = c.string(cert, 'city', ['certificate']);
  const sig = c.object(cert.signatory, ['certificate', 'signatory'], ['name', 'title']);
  const sigName = sig ? c.string(sig, 'name', ['certificate', 'signatory']) : undefined;
  const sigTitle = sig ? c.string(sig, 'title', ['certificate', 'signatory']) : undefined;
  if (!predicates || !predicatesOk || city === undefined || sigName === undefined || sigTitle === undefined) return undefined;
  return { predicates, city, signatory: { name: sigName, title: sigTitle } };
}

/** The optional `evidenceFiles` limits (SPEC §13): each key optional, the default filling the rest. */
function evidenceFiles(c: Checks, doc: Obj): EvidenceFilesDef | undefined {
  const raw = c.object(doc.evidenceFiles, ['evidenceFiles'], ['types', 'maxBytes', 'maxPerQuestion']);
  if (!raw) return undefined;
  const types = raw.types === undefined ? [...DEFAULT_EVIDENCE_FILES.types] : c.stringList(raw, 'types', ['evidenceFiles']);
  (types ?? []).forEach((t, i) => {
    if (t !== 'pdf') c.issues.add(['evidenceFiles', 'types', i], `"${t}" is not a known evidence file type; expected one of: pdf`);
  });
  if (types && !types.length) c.issues.add(['evidenceFiles', 'types'], 'must list at least one type');
  // 100 MB: a file is read in one request; larger evidence belongs behind a link
  const maxBytes = raw.maxBytes === undefined ? DEFAULT_EVIDENCE_FILES.maxBytes : c.number(raw, 'maxBytes', ['evidenceFiles'], { integer: true, min: 1, max: 100 * 1024 * 1024 });
  const maxPerQuestion = raw.maxPerQuestion === undefined ? DEFAULT_EVIDENCE_FILES.maxPerQuestion : c.number(raw, 'maxPerQuestion', ['evidenceFiles'], { integer: true, min: 1, max: 20 });
  if (!types || maxBytes === undefined || maxPerQuestion === undefined) return undefined;
  return { types: [...new Set(types)] as EvidenceFilesDef['types'], maxBytes, maxPerQuestion };
}

/**
 * Checks a parsed edition definition (SPEC §4) and returns it with its defaults (not simulated,
 * the default bands, panels with minAssessors 1 and the mean); undefined when anything is wrong.
 */
export function validateEdition(data: unknown, issues: IssueCollector): EditionDef | undefined {
  const c = new Checks(issues);
  const doc = c.object(data, [], ['code', 'commission', 'year', 'title', 'simulated', 'categories', 'stages', 'bands', 'certificate', 'evidenceFiles']);
  if (!doc) return undefined;
  const code = c.string(doc, 'code', [], { pattern: SLUG, patternText: SLUG_TEXT });
  const commission = c.string(doc, 'commission', [], { pattern: SLUG, patternText: SLUG_TEXT });
  const year = c.number(doc, 'year', [], { integer: true, min: 2000, max: 2100 });
  const title = c.string(doc, 'title', []);
  const simulated = c.boolean(doc, 'simulated', [], false);
  const categories = (c.array(doc, 'categories', [], { min: 1 }) ?? []).map((raw, i): CategoryDef | undefined => {
    const cat = c.object(raw, ['categories', i], ['code', 'name']);
    if (!cat) return undefined;
    const catCode = c.string(cat, 'code', ['categories', i], { pattern: SLUG, patternText: SLUG_TEXT });
    const name = c.string(cat, 'name', ['categories', i]);
    return catCode !== undefined && name !== undefined ? { code: catCode, name } : undefined;
  });
  c.unique(categories.flatMap((cat, i) => (cat ? [{ code: cat.code, path: ['categories', i, 'code'] }] : [])), 'category code');
  const stages = (c.array(doc, 'stages', [], { min: 1 }) ?? []).map((raw, i) => stage(c, raw, i));
  c.unique(stages.flatMap((s, i) => (s ? [{ code: s.code, path: ['stages', i, 'code'] }] : [])), 'stage code');
  const stageWeights = positiveNumbers(doc.stages, 'weight');
  if (stageWeights) c.sumsTo(stageWeights, 100, ['stages'], 'weights');
  const bandList = bands(c, doc);
  const cert = doc.certificate !== undefined ? certificate(c, doc, bandList) : undefined;
  const files = doc.evidenceFiles !== undefined ? evidenceFiles(c, doc) : undefined;
  if (!issues.ok || code === undefined || commission === undefined || year === undefined || title === undefined || simulated === undefined || !bandList) return undefined;
  return {
    code,
    commission,
    year,
    title,
    simulated,
    categories: categories.filter((x): x is CategoryDef => x !== undefined),
    stages: stages.filter((x): x is StageDef => x !== undefined),
    bands: bandList,
    ...(cert ? { certificate: cert } : {}),
    ...(files ? { evidenceFiles: files } : {}),
  };
}

/** Reads one edition file's text; throws a DefinitionError listing every problem. */
export function parseEdition(text: string, fileName: string): EditionDef {
  const parsed = parseText(text, fileName);
  const def = parsed.data !== undefined ? validateEdition(parsed.data, parsed.issues) : undefined;
  parsed.issues.throwIfAny();
  if (!def) throw new Error(`${fileName}: not an edition`); // not reached: every undefined result records an issue
  return def;
}

/**
 * Every stage must name a known instrument of the right kind (questionnaire stage ↔ questionnaire,
 * panel ↔ rubric). Given a file name it throws a DefinitionError naming each bad stage; given the
 * collector of the parsed edition file it records the issues there (with their lines).
 */
export function checkEditionInstruments(edition: EditionDef, lookup: (ref: InstrumentRef) => InstrumentDef | undefined, target: string | IssueCollector): void {
  const issues = typeof target === 'string' ? new IssueCollector(target) : target;
  edition.stages.forEach((s, i) => {
    const found = lookup(s.instrument);
    const path = ['stages', i, 'instrument'];
    if (!found) return issues.add(path, `unknown instrument ${s.instrument.id} version ${s.instrument.version}`);
    const expected = s.kind === 'questionnaire' ? 'questionnaire' : 'rubric';
    if (found.kind !== expected) issues.add(path, `${s.instrument.id} version ${s.instrument.version} is a ${found.kind}; a ${s.kind} stage needs a ${expected}`);
  });
  if (typeof target === 'string') issues.throwIfAny();
}
