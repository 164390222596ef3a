import { createHash } from 'crypto';
import {
  AnswerType,
  AspectDef,
  ChecklistItem,
  ChoiceOption,
  EvidenceRule,
  IndicatorDef,
  InstrumentDef,
  QuestionDef,
  QuestionnaireDef,
  RubricDef,
} from '../scoring';
import { Checks, Obj, isObject } from './checks';
import { IssueCollector, PathSegment, parseText } from './parse-file';

const ANSWER_TYPES: readonly AnswerType[] = ['yes_no', 'choice', 'checklist'];
const EVIDENCE_RULES: readonly EvidenceRule[] = ['required', 'optional', 'none'];
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CODE_TEXT = 'is not a valid code (letters, digits, dots, dashes)';

function question(c: Checks, raw: unknown, path: PathSegment[]): QuestionDef | undefined {
  const q = c.object(raw, path, ['code', 'text', 'type', 'points', 'evidence', 'guidance', 'options', 'items']);
  if (!q) return undefined;
  const code = c.string(q, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
  const text = c.string(q, 'text', path);
  const type = c.oneOf(q, 'type', path, ANSWER_TYPES);
  const points = c.number(q, 'points', path, { positive: true });
  const evidence = c.oneOf(q, 'evidence', path, EVIDENCE_RULES, 'none');
  const guidance = c.string(q, 'guidance', path, { optional: true });
  let options: ChoiceOption[] | undefined;
  let items: ChecklistItem[] | undefined;
  if (type === 'yes_no') {
    if (q.options !== undefined) c.issues.add([...path, 'options'], 'only a choice question has options');
    if (q.items !== undefined) c.issues.add([...path, 'items'], 'only a checklist question has items');
  }
  if (type === 'choice') {
    if (q.items !== undefined) c.issues.add([...path, 'items'], 'only a checklist question has items');
    const list = c.array(q, 'options', path, { min: 2 }) ?? [];
    options = list.map((o, i) => {
      const p = [...path, 'options', i];
      const option = c.object(o, p, ['value', 'label', 'score']);
      if (!option) return undefined;
      const value = c.string(option, 'value', p);
      const label = c.string(option, 'label', p);
      const score = c.number(option, 'score', p, { places: 4, min: 0, max: 1 });
      return value !== undefined && label !== undefined && score !== undefined ? { value, label, score } : undefined;
    }).filter((o): o is ChoiceOption => !!o);
    c.unique(options.map((o, i) => ({ code: o.value, path: [...path, 'options', i, 'value'] })), 'option value');
  }
  if (type === 'checklist') {
    if (q.options !== undefined) c.issues.add([...path, 'options'], 'only a choice question has options');
    const list = c.array(q, 'items', path, { min: 1 }) ?? [];
    const parsed = list.map((o, i) => {
      const p = [...path, 'items', i];
      const item = c.object(o, p, ['value', 'label', 'points']);
      if (!item) return undefined;
      const value = c.string(item, 'value', p);
      const label = c.string(item, 'label', p);
      const itemPoints = c.number(item, 'points', p, { positive: true });
      return value !== undefined && label !== undefined && itemPoints !== undefined ? { value, label, points: itemPoints } : undefined;
    });
    items = parsed.filter((o): o is ChecklistItem => !!o);
    c.unique(items.map((o, i) => ({ code: o.value, path: [...path, 'items', i, 'value'] })), 'item value');
    if (points !== undefined && parsed.length === items.length && items.length > 0) {
      c.sumsTo(items.map((i) => i.points), points, [...path, 'items'], `item points (the question has ${points} points):`);
    }
  }
  if (code === undefined || text === undefined || type === undefined || points === undefined || evidence === undefined) return undefined;
  return { code, text, type, points, evidence, ...(guidance ? { guidance } : {}), ...(options ? { options } : {}), ...(items ? { items } : {}) };
}

function questionnaire(c: Checks, doc: Obj, base: { id: string; version: number; title: string }): QuestionnaireDef | undefined {
  const categories = c.array(doc, 'categories', [], { optional: true });
  if (categories && categories.some((x) => typeof x !== 'string')) c.issues.add(['categories'], 'must be a list of category codes');
  const list = c.array(doc, 'indicators', [], { min: 1 }) ?? [];
  const indicators: IndicatorDef[] = [];
  let complete = true;
  list.forEach((raw, i) => {
    const path: PathSegment[] = ['indicators', i];
    const ind = c.object(raw, path, ['code', 'name', 'weight', 'questions']);
    if (!ind) return (complete = false);
    const code = c.string(ind, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
    const name = c.string(ind, 'name', path);
    const weight = c.number(ind, 'weight', path, { positive: true });
    const questions = (c.array(ind, 'questions', path, { min: 1 }) ?? []).map((q, j) => question(c, q, [...path, 'questions', j]));
    if (code === undefined || name === undefined || weight === undefined || questions.some((q) => !q)) return (complete = false);
    indicators.push({ code, name, weight, questions: questions as QuestionDef[] });
  });
  c.unique(indicators.map((ind, i) => ({ code: ind.code, path: ['indicators', i, 'code'] })), 'indicator code');
  c.unique(
    indicators.flatMap((ind, i) => ind.questions.map((q, j) => ({ code: q.code, path: ['indicators', i, 'questions', j, 'code'] }))),
    'question code',
  );
  if (complete && list.length) c.sumsTo(indicators.map((ind) => ind.weight), 100, ['indicators'], 'indicator weights');
  if (!complete) return undefined;
  return { kind: 'questionnaire', ...base, ...(categories ? { categories: categories as string[] } : {}), indicators };
}

function rubric(c: Checks, doc: Obj, base: { id: string; version: number; title: string }): RubricDef | undefined {
  const scaleRaw = c.object(doc.scale, ['scale'], ['min', 'max']);
  const min = scaleRaw ? c.number(scaleRaw, 'min', ['scale'], { min: 0 }) : undefined;
  const max = scaleRaw ? c.number(scaleRaw, 'max', ['scale'], { positive: true }) : undefined;
  if (min !== undefined && max !== undefined && min >= max) c.issues.add(['scale'], `min (${min}) must be below max (${max})`);
  const list = c.array(doc, 'aspects', [], { min: 1 }) ?? [];
  const aspects = list.map((raw, i): AspectDef | undefined => {
    const path: PathSegment[] = ['aspects', i];
    const a = c.object(raw, path, ['code', 'name', 'weight', 'guidance']);
    if (!a) return undefined;
    const code = c.string(a, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
    const name = c.string(a, 'name', path);
    const weight = c.number(a, 'weight', path, { positive: true });
    const guidance = c.string(a, 'guidance', path, { optional: true });
    return code !== undefined && name !== undefined && weight !== undefined ? { code, name, weight, ...(guidance ? { guidance } : {}) } : undefined;
  });
  const valid = aspects.filter((a): a is AspectDef => !!a);
  c.unique(valid.map((a, i) => ({ code: a.code, path: ['aspects', i, 'code'] })), 'aspect code');
  if (valid.length === list.length && list.length) c.sumsTo(valid.map((a) => a.weight), 100, ['aspects'], 'aspect weights');
  if (min === undefined || max === undefined || valid.length !== list.length) return undefined;
  return { kind: 'rubric', ...base, scale: { min, max }, aspects: valid };
}

/** Checks a parsed instrument (from a file or a request body) and returns it with its defaults. */
export function validateInstrument(data: unknown, issues: IssueCollector): InstrumentDef | undefined {
  const c = new Checks(issues);
  if (!isObject(data)) {
    issues.add([], 'must be a questionnaire or rubric definition (a mapping with kind, id, version, title)');
    return undefined;
  }
  const kind = c.oneOf(data, 'kind', [], ['questionnaire', 'rubric'] as const);
  const allowed =
    kind === 'rubric' ? ['kind', 'id', 'version', 'title', 'scale', 'aspects'] : ['kind', 'id', 'version', 'title', 'categories', 'indicators'];
  c.object(data, [], allowed);
  const id = c.string(data, 'id', [], { pattern: CODE, patternText: CODE_TEXT });
  const version = c.number(data, 'version', [], { integer: true, positive: true, places: 0 });
  const title = c.string(data, 'title', []);
  if (!kind) return undefined;
  const base = { id: id ?? '', version: version ?? 0, title: title ?? '' };
  const def = kind === 'questionnaire' ? questionnaire(c, data, base) : rubric(c, data, base);
  return issues.ok ? def : undefined;
}

/** Reads one instrument file's text; throws a DefinitionError listing every problem. */
export function parseInstrument(text: string, fileName: string): InstrumentDef {
  const parsed = parseText(text, fileName);
  const def = parsed.issues.ok ? validateInstrument(parsed.data, parsed.issues) : undefined;
  parsed.issues.throwIfAny();
  return def!;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

/** sha256 of the definition as canonical JSON (sorted keys): the same content, the same hash. */
export function instrumentHash(def: InstrumentDef): string {
  return createHash('sha256').update(JSON.stringify(canonical(def))).digest('hex');
}
