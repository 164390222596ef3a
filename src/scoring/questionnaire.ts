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
  rulings: ObjectionRuling[],
): VerifiedAnswer {
  const own = answer ? answer.value : null;
  const decided = facts.decisions[code];
  let value: AnswerValue | null = own;
  if (decided?.decision === 'reject') value = null;
  if (decided?.decision === 'correct') value = decided.value;
  let objection: QuestionTrace['objection'] = null;
  for (const ruling of rulings) {
    objection = ruling.decision;
    if (ruling.decision === 'upheld') value = ruling.value !== undefined ? ruling.value : own;
  }
  return { value, decision: decided?.decision ?? null, decisionNote: decided?.note, objection };
}

export interface QuestionnaireScore {
  claimed: Exact;
  verified: Exact;
  indicators: IndicatorTrace[];
  questions: QuestionTrace[];
}

/**
 * Questionnaire stage score (SPEC §5): Σ over indicators of weight × earned ÷ max points.
 * Claimed counts the body's answers as given; verified applies decisions, objections and the
 * required-evidence rule.
 */
export function scoreQuestionnaire(def: QuestionnaireDef, facts: QuestionnaireFacts): QuestionnaireScore {
  const indicators: IndicatorTrace[] = [];
  const questions: QuestionTrace[] = [];
  const claimedTerms: Exact[] = [];
  const verifiedTerms: Exact[] = [];

  for (const indicator of def.indicators) {
    const max = maxPoints(indicator.questions);
    const claimedEarned: Exact[] = [];
    const verifiedEarned: Exact[] = [];
    for (const question of indicator.questions) {
      const answer = facts.answers[question.code];
      const rulings = facts.objections.filter((o) => o.question === question.code);
      const verified = verifiedAnswer(question.code, answer, facts, rulings);
      const evidence = answer?.evidence ?? [];
      const evidenceMissing = question.evidence === 'required' && verified.value !== null && evidence.length === 0;
      const claimedPoints = earnedPoints(question, answer ? answer.value : null);
      const verifiedPoints = evidenceMissing ? ZERO : earnedPoints(question, verified.value);
      claimedEarned.push(claimedPoints);
      verifiedEarned.push(verifiedPoints);
      questions.push({
        code: question.code,
        indicator: indicator.code,
        type: question.type,
        points: question.points,
        evidenceRule: question.evidence,
        claimedValue: answer ? answer.value : null,
        evidence,
        claimedPoints: formatExact(claimedPoints),
        decision: verified.decision,
        ...(verified.decisionNote !== undefined ? { decisionNote: verified.decisionNote } : {}),
        objection: verified.objection,
        verifiedValue: verified.value,
        evidenceMissing,
        verifiedPoints: formatExact(verifiedPoints),
      });
    }
    const weight = exact(indicator.weight);
    const claimed = weight.mul(sum(claimedEarned)).div(max);
    const verified = weight.mul(sum(verifiedEarned)).div(max);
    claimedTerms.push(claimed);
    verifiedTerms.push(verified);
    indicators.push({
      code: indicator.code,
      name: indicator.name,
      weight: indicator.weight,
      maxPoints: formatExact(max),
      claimedPoints: formatExact(sum(claimedEarned)),
      verifiedPoints: formatExact(sum(verifiedEarned)),
      claimed: toScore(claimed),
      verified: toScore(verified),
    });
  }
  return { claimed: sum(claimedTerms), verified: sum(verifiedTerms), indicators, questions };
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
  return toScore(scoreQuestionnaire(def, facts).claimed);
}
