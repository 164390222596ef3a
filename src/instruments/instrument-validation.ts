import { createHash } from 'crypto';
import { AnswerType, AspectDef, ChecklistItem, ChoiceOption, EvidenceRule, IndicatorDef, InstrumentDef, QuestionDef, QuestionnaireDef, RubricDef } from '../scoring/types';
import { Checks, Obj, SLUG, SLUG_TEXT, isObject, positiveNumbers } from './checks';
import { IssueCollector, PathSegment, parseText } from './parse-file';

const ANSWER_TYPES: readonly AnswerType[] = ['yes_no', 'choice', 'checklist'];
const EVIDENCE_RULES: readonly EvidenceRule[] = ['required', 'optional', 'none'];
/** Instrument ids, indicator, question and aspect codes, option and item values: `1.10`, `K`, `situs-aplikasi`. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CODE_TEXT = 'is not a valid code (letters, digits, dots, dashes, underscores)';

const QUESTION_KEYS = ['code', 'text', 'type', 'points', 'evidence', 'guidance', 'options', 'items'] as const;
const ONLY_CHOICE = 'only a choice question has options';
const ONLY_CHECKLIST = 'only a checklist question has items';
const QUESTIONNAIRE_KEYS = ['kind', 'id', 'version', 'title', 'categories', 'indicators'];
const RUBRIC_KEYS = ['kind', 'id', 'version', 'title', 'scale', 'aspects'];

const defined = <T>(list: (T | undefined)[]): list is T[] => list.every((x) => x !== undefined);

/** Entries of a list checked one by one; the result is undefined when any entry was invalid. */
function entries<T>(list: unknown[], check: (raw: unknown, index: number) => T | undefined): { valid: { value: T; index: number }[]; all: T[] | undefined } {
  const checked = list.map(check);
  return {
    valid: checked.flatMap((value, index) => (value === undefined ? [] : [{ value, index }])),
    all: defined(checked) ? checked : undefined,
  };
}

function choiceOptions(c: Checks, q: Obj, path: PathSegment[]): ChoiceOption[] | undefined {
  const { valid, all } = entries(c.array(q, 'options', path, { min: 2 }) ?? [], (raw, i) => {
    const p = [...path, 'options', i];
    const option = c.object(raw, p, ['value', 'label', 'score']);
    if (!option) return undefined;
    const value = c.string(option, 'value', p, { pattern: CODE, patternText: CODE_TEXT });
    const label = c.string(option, 'label', p);
    const score = c.number(option, 'score', p, { places: 4, min: 0, max: 1 });
    return value !== undefined && label !== undefined && score !== undefined ? { value, label, score } : undefined;
  });
  c.unique(valid.map(({ value, index }) => ({ code: value.value, path: [...path, 'options', index, 'value'] })), 'option value');
  return Array.isArray(q.options) && q.options.length >= 2 ? all : undefined;
}

function checklistItems(c: Checks, q: Obj, path: PathSegment[], points: number | undefined): ChecklistItem[] | undefined {
  const { valid, all } = entries(c.array(q, 'items', path, { min: 1 }) ?? [], (raw, i) => {
    const p = [...path, 'items', i];
    const item = c.object(raw, p, ['value', 'label', 'points']);
    if (!item) return undefined;
    const value = c.string(item, 'value', p, { pattern: CODE, patternText: CODE_TEXT });
    const label = c.string(item, 'label', p);
    const itemPoints = c.number(item, 'points', p, { positive: true });
    return value !== undefined && label !== undefined && itemPoints !== undefined ? { value, label, points: itemPoints } : undefined;
  });
  c.unique(valid.map(({ value, index }) => ({ code: value.value, path: [...path, 'items', index, 'value'] })), 'item value');
  const itemPoints = positiveNumbers(q.items, 'points');
  if (itemPoints && points !== undefined) c.sumsTo(itemPoints, points, [...path, 'items'], 'item points', " (the question's points)");
  return all && all.length ? all : undefined;
}

function question(c: Checks, raw: unknown, path: PathSegment[]): QuestionDef | undefined {
  const declared = isObject(raw) && typeof raw.type === 'string' ? raw.type : undefined;
  const misplaced: Record<string, string> = {};
  if (declared === 'yes_no' || declared === 'checklist') misplaced.options = ONLY_CHOICE;
  if (declared === 'yes_no' || declared === 'choice') misplaced.items = ONLY_CHECKLIST;
  const q = c.object(raw, path, QUESTION_KEYS.filter((k) => !misplaced[k]), misplaced);
  if (!q) return undefined;
  const code = c.string(q, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
  const text = c.string(q, 'text', path, { text: 'note' });
  const type = c.oneOf(q, 'type', path, ANSWER_TYPES);
  const points = c.number(q, 'points', path, { positive: true });
  const evidence = c.oneOf(q, 'evidence', path, EVIDENCE_RULES, 'none');
  const guidance = c.string(q, 'guidance', path, { optional: true, text: 'note' });
  const options = type === 'choice' ? choiceOptions(c, q, path) : undefined;
  const items = type === 'checklist' ? checklistItems(c, q, path, points) : undefined;
  if (code === undefined || text === undefined || type === undefined || points === undefined || evidence === undefined) return undefined;
  if ((type === 'choice' && !options) || (type === 'checklist' && !items)) return undefined;
  return { code, text, type, points, evidence, ...(guidance !== undefined ? { guidance } : {}), ...(options ? { options } : {}), ...(items ? { items } : {}) };
}

function questionnaire(c: Checks, doc: Obj, head: Head | undefined): QuestionnaireDef | undefined {
  const categories = c.stringList(doc, 'categories', [], { pattern: SLUG, patternText: SLUG_TEXT });
  const categoriesOk = doc.categories === undefined || categories !== undefined;
  const questionsSeen: { code: string; path: PathSegment[] }[] = [];
  const { valid, all } = entries(c.array(doc, 'indicators', [], { min: 1 }) ?? [], (raw, i): IndicatorDef | undefined => {
    const path: PathSegment[] = ['indicators', i];
    const ind = c.object(raw, path, ['code', 'name', 'weight', 'questions']);
    if (!ind) return undefined;
    const code = c.string(ind, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
    const name = c.string(ind, 'name', path);
    const weight = c.number(ind, 'weight', path, { positive: true });
    const questions = entries(c.array(ind, 'questions', path, { min: 1 }) ?? [], (q, j) => question(c, q, [...path, 'questions', j]));
    // duplicates are looked for among all the well-formed questions, across indicators, below
    questionsSeen.push(...questions.valid.map(({ value, index }) => ({ code: value.code, path: [...path, 'questions', index, 'code'] })));
    if (code === undefined || name === undefined || weight === undefined || !questions.all || !questions.all.length) return undefined;
    return { code, name, weight, questions: questions.all };
  });
  c.unique(valid.map(({ value, index }) => ({ code: value.code, path: ['indicators', index, 'code'] })), 'indicator code');
  c.unique(questionsSeen, 'question code');
  const weights = positiveNumbers(doc.indicators, 'weight');
  if (weights) c.sumsTo(weights, 100, ['indicators'], 'weights');
  if (!head || !all || !all.length || !categoriesOk) return undefined;
  return { kind: 'questionnaire', ...head, ...(categories ? { categories } : {}), indicators: all };
}

function rubric(c: Checks, doc: Obj, head: Head | undefined): RubricDef | undefined {
  const scaleRaw = c.object(doc.scale, ['scale'], ['min', 'max']);
  const min = scaleRaw ? c.number(scaleRaw, 'min', ['scale'], { min: 0 }) : undefined;
  const max = scaleRaw ? c.number(scaleRaw, 'max', ['scale'], { positive: true }) : undefined;
  const scaleOk = min !== undefined && max !== undefined && min < max;
  if (min !== undefined && max !== undefined && !scaleOk) c.issues.add(['scale'], `min (${min}) must be below max (${max})`);
  const { valid, all } = entries(c.array(doc, 'aspects', [], { min: 1 }) ?? [], (raw, i): AspectDef | undefined => {
    const path: PathSegment[] = ['aspects', i];
    const a = c.object(raw, path, ['code', 'name', 'weight', 'guidance']);
    if (!a) return undefined;
    const code = c.string(a, 'code', path, { pattern: CODE, patternText: CODE_TEXT });
    const name = c.string(a, 'name', path);
    const weight = c.number(a, 'weight', path, { positive: true });
    const guidance = c.string(a, 'guidance', path, { optional: true, text: 'note' });
    return code !== undefined && name !== undefined && weight !== undefined ? { code, name, weight, ...(guidance !== undefined ? { guidance } : {}) } : undefined;
  });
  c.unique(valid.map(({ value, index }) => ({ code: value.code, path: ['aspects', index, 'code'] })), 'aspect code');
  const weights = positiveNumbers(doc.aspects, 'weight');
  if (weights) c.sumsTo(weights, 100, ['aspects'], 'weights');
  if (!head || !scaleOk || min === undefined || max === undefined || !all || !all.length) return undefined;
  return { kind: 'rubric', ...head, scale: { min, max }, aspects: all };
}

type Head = { id: string; version: number; title: string };

/**
 * Checks a parsed instrument (from a file or a request body) and returns it with its defaults
 * (`evidence: none`); undefined when anything is wrong, every problem recorded in `issues`.
 */
export function validateInstrument(data: unknown, issues: IssueCollector): InstrumentDef | undefined {
  const c = new Checks(issues);
  if (!isObject(data)) {
    issues.add([], 'must be a questionnaire or rubric definition (a mapping with kind, id, version, title)');
    return undefined;
  }
  const kind = c.oneOf(data, 'kind', [], ['questionnaire', 'rubric'] as const);
  const allowed = kind === 'rubric' ? RUBRIC_KEYS : kind === 'questionnaire' ? QUESTIONNAIRE_KEYS : [...new Set([...QUESTIONNAIRE_KEYS, ...RUBRIC_KEYS])];
  const misplaced = Object.fromEntries(
    (kind === 'rubric' ? ['categories', 'indicators'] : kind === 'questionnaire' ? ['scale', 'aspects'] : []).map((k) => [k, `a ${kind} has no ${k}`]),
  );
  c.object(data, [], allowed, misplaced);
  const id = c.string(data, 'id', [], { pattern: CODE, patternText: CODE_TEXT });
  const version = c.number(data, 'version', [], { integer: true, positive: true });
  const title = c.string(data, 'title', []);
  const head = id !== undefined && version !== undefined && title !== undefined ? { id, version, title } : undefined;
  if (!kind) return undefined;
  const def = kind === 'questionnaire' ? questionnaire(c, data, head) : rubric(c, data, head);
  return issues.ok ? def : undefined;
}

/** Reads one instrument file's text; throws a DefinitionError listing every problem. */
export function parseInstrument(text: string, fileName: string): InstrumentDef {
  const parsed = parseText(text, fileName);
  const def = parsed.data !== undefined ? validateInstrument(parsed.data, parsed.issues) : undefined;
  parsed.issues.throwIfAny();
  if (!def) throw new Error(`${fileName}: not an instrument`); // not reached: every undefined result records an issue
  return def;
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
