import Fraction from 'fraction.js';
import { Exact, ZERO, exact, formatExact, sum, toScore } from './exact';
import {
  Answer,
  AnswerValue,
  IndicatorTrace,
  ObjectionRuling,
  QuestionDef,
  QuestionTrace,
  QuestionnaireDef,
  QuestionnaireFacts,
  Score,
} from './types';

/** Points a value earns for a question, before any evidence rule. Unanswered earns nothing. */
export function earnedPoints(question: QuestionDef, value: AnswerValue | null): Exact {
  if (value === null) return ZERO;
  const points = exact(question.points);
  switch (question.type) {
    case 'yes_no':
      return value === true ? points : ZERO;
    case 'choice': {
      const option = question.options?.find((o) => o.value === value);
      return option ? points.mul(exact(option.score)) : ZERO;
    }
    case 'checklist': {
      if (!Array.isArray(value)) return ZERO;
      const checked = new Set(value);
      return sum((question.items ?? []).filter((i) => checked.has(i.value)).map((i) => exact(i.points)));
    }
  }
}

export function maxPoints(questions: QuestionDef[]): Exact {
  return sum(questions.map((q) => exact(q.points)));
}

// ------------------------------------------------------------ compiled definitions

/**
 * A questionnaire prepared once for scoring many bodies. Every amount a question can earn is a
 * whole number of 1/`unit` points, `unit` being the least common denominator of the indicator's
 * possible earnings, so the per-answer work is integer addition; the indicator's share is then
 * one exact fraction, weight × (units ÷ unit) ÷ max. Nothing is rounded here: integer units
 * represent the same rationals exactly (checked to stay within 2^53).
 */
interface CompiledQuestion {
  def: QuestionDef;
  /** units earned by `true` (yes_no) */
  yes: number;
  /** units earned by each option value (choice) or each item value (checklist) */
  byValue: Map<string, number>;
}

interface CompiledIndicator {
  unit: bigint;
  max: Exact;
  maxText: string;
  weight: Exact;
  questions: CompiledQuestion[];
  /** weight × (units ÷ unit) ÷ max by earned units: bodies share few distinct sums */
  shares: Map<number, IndicatorShare>;
}

interface IndicatorShare {
  points: string;
  value: Exact;
  score: Score;
}

const SHARES_KEPT = 4096;

/** An indicator's share of the stage score for a number of earned units, computed once per distinct sum. */
function shareOf(c: CompiledIndicator, units: number): IndicatorShare {
  let found = c.shares.get(units);
  if (!found) {
    const value = c.weight.mul(new Fraction(BigInt(units), c.unit)).div(c.max);
    found = { points: unitsText(units, c.unit), value, score: toScore(value) };
    if (c.shares.size >= SHARES_KEPT) c.shares.clear();
    c.shares.set(units, found);
  }
  return found;
}

const compiled = new WeakMap<QuestionnaireDef, CompiledIndicator[]>();

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}

function compile(def: QuestionnaireDef): CompiledIndicator[] {
  let found = compiled.get(def);
  if (found) return found;
  found = def.indicators.map((indicator) => {
    const amounts = indicator.questions.map((q) => {
      const values = new Map<string, Exact>();
      for (const o of q.options ?? []) if (!values.has(o.value)) values.set(o.value, exact(q.points).mul(exact(o.score)));
      for (const i of q.items ?? []) if (!values.has(i.value)) values.set(i.value, exact(i.points));
      return { q, yes: exact(q.points), values };
    });
    let unit = 1n;
    for (const a of amounts) {
      unit = lcm(unit, a.yes.d);
      for (const v of a.values.values()) unit = lcm(unit, v.d);
    }
    const units = (v: Exact): number => {
      const n = (v.s * v.n * unit) / v.d;
      if (n > BigInt(Number.MAX_SAFE_INTEGER) / 1024n) throw new RangeError(`indicator ${indicator.code}: points too fine to add exactly`);
      return Number(n);
    };
    const max = maxPoints(indicator.questions);
    return {
      unit,
      max,
      maxText: formatExact(max),
      weight: exact(indicator.weight),
      questions: amounts.map((a) => ({ def: a.q, yes: units(a.yes), byValue: new Map([...a.values].map(([k, v]) => [k, units(v)])) })),
      shares: new Map(),
    };
  });
  compiled.set(def, found);
  return found;
}

/** Units a value earns (same rules as `earnedPoints`). */
function earnedUnits(q: CompiledQuestion, value: AnswerValue | null): number {
  if (value === null) return 0;
  switch (q.def.type) {
    case 'yes_no':
      return value === true ? q.yes : 0;
    case 'choice':
      return typeof value === 'string' ? (q.byValue.get(value) ?? 0) : 0;
    case 'checklist': {
      if (!Array.isArray(value)) return 0;
      let total = 0;
      for (let i = 0; i < value.length; i++) {
        // an item listed twice counts once (lists are short: no Set needed)
        if (i > 0 && value.indexOf(value[i]) < i) continue;
        total += q.byValue.get(value[i]) ?? 0;
      }
      return total;
    }
  }
}

interface VerifiedAnswer {
  value: AnswerValue | null;
  decision: QuestionTrace['decision'];
  decisionNote?: string;
  objection: QuestionTrace['objection'];
}

/**
 * The value that counts after verification and objections: accept keeps the body's answer,
 * reject earns nothing, correct replaces the value; an upheld objection restores the body's
 * answer (or takes the value given with the ruling), a rejected one leaves the decision standing.
 */
function verifiedAnswer(
  code: string,
  answer: Answer | undefined,
  facts: QuestionnaireFacts,
  rulings: ObjectionRuling[] | undefined,
): VerifiedAnswer {
  const own = answer ? answer.value : null;
  const decided = facts.decisions[code];
  let value: AnswerValue | null = own;
  if (decided?.decision === 'reject') value = null;
  if (decided?.decision === 'correct') value = decided.value;
  let objection: QuestionTrace['objection'] = null;
  for (const ruling of rulings ?? []) {
    objection = ruling.decision;
    if (ruling.decision === 'upheld') value = ruling.value !== undefined ? ruling.value : own;
  }
  return { value, decision: decided?.decision ?? null, decisionNote: decided?.note, objection };
}

export interface QuestionnaireScore {
  claimed: Exact;
  verified: Exact;
  indicators: IndicatorTrace[];
  /** one line per question; empty when scored with `{ lines: false }` */
  questions: QuestionTrace[];
}

const unitsText = (units: number, unit: bigint): string => (unit === 1n ? String(units) : formatExact(new Fraction(BigInt(units), unit)));

/**
 * Questionnaire stage score (SPEC §5): Σ over indicators of weight × earned ÷ max points.
 * Claimed counts the body's answers as given; verified applies decisions, objections and the
 * required-evidence rule. `lines: false` skips the per-question lines (same scores, same
 * indicator traces) for bulk computation; the lines can be rebuilt from the same facts later.
 */
export function scoreQuestionnaire(def: QuestionnaireDef, facts: QuestionnaireFacts, options: { lines?: boolean } = {}): QuestionnaireScore {
  const lines = options.lines ?? true;
  const indicators: IndicatorTrace[] = [];
  const questions: QuestionTrace[] = [];
  let claimedTotal: Exact = ZERO;
  let verifiedTotal: Exact = ZERO;
  let rulingsOf: Map<string, ObjectionRuling[]> | null = null;
  if (facts.objections.length) {
    rulingsOf = new Map();
    for (const o of facts.objections) {
      const list = rulingsOf.get(o.question);
      if (list) list.push(o);
      else rulingsOf.set(o.question, [o]);
    }
  }

  const prepared = compile(def);
  def.indicators.forEach((indicator, index) => {
    const c = prepared[index];
    let claimedUnits = 0;
    let verifiedUnits = 0;
    for (const q of c.questions) {
      const code = q.def.code;
      const answer = facts.answers[code];
      const decided = facts.decisions[code];
      const rulings = rulingsOf?.get(code);
      if (!lines && !answer && !decided && !rulings) continue; // unanswered, undecided: earns nothing, claimed or verified
      const own = answer ? answer.value : null;
      // the verified value: see `verifiedAnswer`, inlined here because it runs for every answer
      let value: AnswerValue | null = own;
      if (decided?.decision === 'reject') value = null;
      else if (decided?.decision === 'correct') value = decided.value;
      if (rulings) for (const ruling of rulings) if (ruling.decision === 'upheld') value = ruling.value !== undefined ? ruling.value : own;
      const evidence = answer?.evidence ?? [];
      const evidenceMissing = q.def.evidence === 'required' && value !== null && evidence.length === 0;
      const claimed = earnedUnits(q, own);
      const earned = evidenceMissing ? 0 : value === own ? claimed : earnedUnits(q, value);
      claimedUnits += claimed;
      verifiedUnits += earned;
      if (!lines) continue;
      const verified = verifiedAnswer(code, answer, facts, rulings);
      questions.push({
        code,
        indicator: indicator.code,
        type: q.def.type,
        points: q.def.points,
        evidenceRule: q.def.evidence,
        claimedValue: own,
        evidence,
        claimedPoints: unitsText(claimed, c.unit),
        decision: verified.decision,
        ...(verified.decisionNote !== undefined ? { decisionNote: verified.decisionNote } : {}),
        objection: verified.objection,
        verifiedValue: verified.value,
        evidenceMissing,
        verifiedPoints: unitsText(earned, c.unit),
      });
    }
    const claimed = shareOf(c, claimedUnits);
    const verified = shareOf(c, verifiedUnits);
    claimedTotal = claimedTotal.add(claimed.value);
    verifiedTotal = verifiedTotal.add(verified.value);
    indicators.push({
      code: indicator.code,
      name: indicator.name,
      weight: indicator.weight,
      maxPoints: c.maxText,
      claimedPoints: claimed.points,
      verifiedPoints: verified.points,
      claimed: claimed.score,
      verified: verified.score,
    });
  });
  return { claimed: claimedTotal, verified: verifiedTotal, indicators, questions };
}

/** Claimed score only, for the body's own view while it answers. */
export function claimedScore(def: QuestionnaireDef, answers: Record<string, Answer>): Score {
  const facts: QuestionnaireFacts = {
    kind: 'questionnaire',
    submitted: false,
    answers,
    verificationComplete: false,
    decisions: {},
    objections: [],
  };
  return toScore(scoreQuestionnaire(def, facts, { lines: false }).claimed);
}

/**
 * The claimed score from the values alone. A claim is what each value itself earns: evidence
 * counts only when the verified score is computed (the required-evidence rule), so the answer
 * save needs no evidence of the other answers.
 */
export function claimedScoreOfValues(def: QuestionnaireDef, values: Record<string, AnswerValue>): Score {
  const answers: Record<string, Answer> = {};
  for (const code of Object.keys(values)) answers[code] = { value: values[code], evidence: [] };
  return claimedScore(def, answers);
}
