import { BandDef, CategoryDef, CertificateDef, DEFAULT_BANDS, EditionDef, Gate, InstrumentDef, InstrumentRef, StageDef, TimeWindow } from '../scoring';
import { Checks, Obj, isObject } from './checks';
import { IssueCollector, PathSegment, parseText } from './parse-file';

const CODE = /^[a-z0-9][a-z0-9_-]*$/;
const CODE_TEXT = 'is not a valid code (lowercase letters, digits, - and _)';
/** ISO-8601 instant with an explicit offset: 2025-05-01T00:00:00+07:00 or …Z */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function windowProblem(value: unknown): { field: string; message: string } | null {
  if (!isObject(value)) return { field: '', message: 'must be { opens, closes }' };
  for (const key of Object.keys(value)) if (key !== 'opens' && key !== 'closes') return { field: key, message: 'unknown field; expected opens, closes' };
  for (const key of ['opens', 'closes'] as const) {
    const v = value[key];
    if (typeof v !== 'string' || !INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
      return { field: key, message: `must be an ISO-8601 instant with an offset, e.g. 2025-05-01T00:00:00+07:00` };
    }
  }
  if (Date.parse(value.opens as string) >= Date.parse(value.closes as string)) return { field: '', message: 'opens must be before closes' };
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

function stage(c: Checks, raw: unknown, index: number): StageDef | undefined {
  const path: PathSegment[] = ['stages', index];
  if (!isObject(raw)) return void c.issues.add(path, 'must be a mapping');
  const kind = c.oneOf(raw, 'kind', path, ['questionnaire', 'panel'] as const);
  const common = ['code', 'kind', 'instrument', 'weight', 'gate', 'window'];
  c.object(raw, path, kind === 'panel' ? [...common, 'minAssessors', 'aggregate'] : [...common, 'verificationWindow', 'objectionWindow']);
  const code = c.string(raw, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
  const weight = c.number(raw, 'weight', path, { positive: true });
  const ref = c.object(raw.instrument, [...path, 'instrument'], ['id', 'version']);
  const id = ref ? c.string(ref, 'id', [...path, 'instrument']) : undefined;
  const version = ref ? c.number(ref, 'version', [...path, 'instrument'], { integer: true, positive: true, places: 0 }) : undefined;
  let gate: Gate | undefined;
  if (raw.gate !== undefined) {
    const g = c.object(raw.gate, [...path, 'gate'], ['minScore', 'topPerCategory']);
    if (g) {
      if ((g.minScore === undefined) === (g.topPerCategory === undefined)) {
        c.issues.add([...path, 'gate'], 'give exactly one of minScore or topPerCategory');
      } else if (g.minScore !== undefined) {
        const min = c.number(g, 'minScore', [...path, 'gate'], { min: 0, max: 100 });
        if (min !== undefined) gate = { minScore: min };
      } else {
        const top = c.number(g, 'topPerCategory', [...path, 'gate'], { integer: true, positive: true, places: 0 });
        if (top !== undefined) gate = { topPerCategory: top };
      }
    }
    if (index === 0) c.issues.add([...path, 'gate'], 'the first stage has no earlier stage to gate on');
  }
  const window = timeWindow(c, raw, 'window', path);
  if (!kind || code === undefined || weight === undefined || id === undefined || version === undefined) return undefined;
  const instrument = { id, version };
  const base = { code, instrument, weight, ...(gate ? { gate } : {}), ...(window ? { window } : {}) };
  if (kind === 'panel') {
    const minAssessors = c.number(raw, 'minAssessors', path, { optional: true, integer: true, positive: true, places: 0 }) ?? 1;
    const aggregate = c.oneOf(raw, 'aggregate', path, ['mean', 'median'] as const, 'mean') ?? 'mean';
    return { ...base, kind, minAssessors, aggregate };
  }
  const verificationWindow = timeWindow(c, raw, 'verificationWindow', path);
  const objectionWindow = timeWindow(c, raw, 'objectionWindow', path);
  return { ...base, kind, ...(verificationWindow ? { verificationWindow } : {}), ...(objectionWindow ? { objectionWindow } : {}) };
}

function bands(c: Checks, doc: Obj): BandDef[] | undefined {
  if (doc.bands === undefined) return [...DEFAULT_BANDS];
  const list = c.array(doc, 'bands', [], { min: 1 }) ?? [];
  const parsed = list.map((raw, i): BandDef | undefined => {
    const path: PathSegment[] = ['bands', i];
    const b = c.object(raw, path, ['code', 'label', 'min']);
    if (!b) return undefined;
    const code = c.string(b, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
    const label = c.string(b, 'label', path);
    const min = c.number(b, 'min', path, { min: 0, max: 100 });
    return code !== undefined && label !== undefined && min !== undefined ? { code, label, min } : undefined;
  });
  const valid = parsed.filter((b): b is BandDef => !!b);
  c.unique(valid.map((b, i) => ({ code: b.code, path: ['bands', i, 'code'] })), 'band code');
  c.unique(valid.map((b, i) => ({ code: String(b.min), path: ['bands', i, 'min'] })), 'band min');
  if (valid.length === parsed.length && valid.length && !valid.some((b) => b.min === 0)) c.issues.add(['bands'], 'one band must start at min 0');
  return valid.length === parsed.length ? [...valid].sort((a, b) => b.min - a.min) : undefined;
}

/** Checks a parsed edition definition (SPEC §4) and returns it with its defaults. */
export function validateEdition(data: unknown, issues: IssueCollector): EditionDef | undefined {
  const c = new Checks(issues);
  const doc = c.object(data, [], ['code', 'commission', 'year', 'title', 'simulated', 'categories', 'stages', 'bands', 'certificate']);
  if (!doc) return undefined;
  const code = c.string(doc, 'code', [], { pattern: CODE, patternText: CODE_TEXT });
  const commission = c.string(doc, 'commission', [], { pattern: CODE, patternText: CODE_TEXT });
  const year = c.number(doc, 'year', [], { integer: true, min: 2000, max: 2100, places: 0 });
  const title = c.string(doc, 'title', []);
  const simulated = c.boolean(doc, 'simulated', [], false);
  const categories = (c.array(doc, 'categories', [], { min: 1 }) ?? []).map((raw, i): CategoryDef | undefined => {
    const cat = c.object(raw, ['categories', i], ['code', 'name']);
    if (!cat) return undefined;
    const catCode = c.string(cat, 'code', ['categories', i], { pattern: CODE, patternText: CODE_TEXT });
    const name = c.string(cat, 'name', ['categories', i]);
    return catCode !== undefined && name !== undefined ? { code: catCode, name } : undefined;
  });
  c.unique(categories.flatMap((cat, i) => (cat ? [{ code: cat.code, path: ['categories', i, 'code'] }] : [])), 'category code');
  const rawStages = c.array(doc, 'stages', [], { min: 1 }) ?? [];
  const stages = rawStages.map((raw, i) => stage(c, raw, i));
  const validStages = stages.filter((s): s is StageDef => !!s);
  c.unique(validStages.map((s) => ({ code: s.code, path: ['stages', stages.indexOf(s), 'code'] })), 'stage code');
  if (validStages.length === rawStages.length && rawStages.length) c.sumsTo(validStages.map((s) => s.weight), 100, ['stages'], 'stage weights');
  const bandList = bands(c, doc);
  let certificate: CertificateDef | undefined;
  if (doc.certificate !== undefined) {
    const cert = c.object(doc.certificate, ['certificate'], ['predicates', 'city', 'signatory']);
    if (cert) {
      const predicates = c.array(cert, 'predicates', ['certificate'], { min: 1 }) ?? [];
      predicates.forEach((p, i) => {
        if (typeof p !== 'string' || (bandList && !bandList.some((b) => b.code === p))) {
          c.issues.add(['certificate', 'predicates', i], `"${String(p)}" is not a band code; expected one of: ${(bandList ?? []).map((b) => b.code).join(', ')}`);
        }
      });
      const city = c.string(cert, 'city', ['certificate']);
      const sig = c.object(cert.signatory, ['certificate', 'signatory'], ['name', 'title']);
      const sigName = sig ? c.string(sig, 'name', ['certificate', 'signatory']) : undefined;
      const sigTitle = sig ? c.string(sig, 'title', ['certificate', 'signatory']) : undefined;
      if (city !== undefined && sigName !== undefined && sigTitle !== undefined) {
        certificate = { predicates: predicates as string[], city, signatory: { name: sigName, title: sigTitle } };
      }
    }
  }
  if (!issues.ok || code === undefined || commission === undefined || year === undefined || title === undefined || !bandList) return undefined;
  return {
    code,
    commission,
    year,
    title,
    simulated: simulated ?? false,
    categories: categories as CategoryDef[],
    stages: validStages,
    bands: bandList,
    ...(certificate ? { certificate } : {}),
  };
}

export function parseEdition(text: string, fileName: string): EditionDef {
  const parsed = parseText(text, fileName);
  const def = parsed.issues.ok ? validateEdition(parsed.data, parsed.issues) : undefined;
  parsed.issues.throwIfAny();
  return def!;
}

/** Every stage must name a known instrument of the right kind (questionnaire ↔ questionnaire, panel ↔ rubric). */
export function checkEditionInstruments(edition: EditionDef, lookup: (ref: InstrumentRef) => InstrumentDef | undefined, issues: IssueCollector): void {
  edition.stages.forEach((s, i) => {
    const found = lookup(s.instrument);
    const path = ['stages', i, 'instrument'];
    if (!found) return issues.add(path, `unknown instrument ${s.instrument.id} version ${s.instrument.version}`);
    const expected = s.kind === 'questionnaire' ? 'questionnaire' : 'rubric';
    if (found.kind !== expected) issues.add(path, `${s.instrument.id} is a ${found.kind}; a ${s.kind} stage needs a ${expected}`);
  });
}
