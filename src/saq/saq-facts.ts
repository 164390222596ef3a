import { EntityManager } from 'typeorm';
import { AnswerValue, QuestionnaireFacts, VerificationDecision } from '../scoring';
import { ObjectionRow } from '../verification/objection.entity';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';
import { AnswerRow } from './answer.entity';
import { SaqResponse } from './saq-response.entity';

export function toDecision(row: VerificationDecisionRow): VerificationDecision {
  const note = row.note ?? undefined;
  return row.decision === 'correct'
    ? { decision: 'correct', value: row.value as AnswerValue, ...(note ? { note } : {}) }
    : { decision: row.decision, ...(note ? { note } : {}) };
}

/** The recorded facts of one body's questionnaire, as src/scoring takes them. */
export async function responseFacts(manager: EntityManager, response: SaqResponse | null): Promise<QuestionnaireFacts> {
  if (!response) {
    return { kind: 'questionnaire', submitted: false, answers: {}, verificationComplete: false, decisions: {}, objections: [] };
  }
  // one query after another: inside a transaction they share one connection
  const answers = await manager.find(AnswerRow, { where: { responseId: response.id } });
  const decisions = await manager.find(VerificationDecisionRow, { where: { responseId: response.id } });
  const objections = await manager.find(ObjectionRow, { where: { responseId: response.id }, order: { id: 'ASC' } });
  return {
    kind: 'questionnaire',
    submitted: response.submittedAt !== null,
    answers: Object.fromEntries(answers.map((a) => [a.questionCode, { value: a.value, evidence: a.evidence ?? [] }])),
    verificationComplete: response.verificationCompletedAt !== null,
    decisions: Object.fromEntries(decisions.map((d) => [d.questionCode, toDecision(d)])),
    objections: objections
      .filter((o) => o.status !== 'pending')
      .map((o) => ({
        question: o.questionCode,
        decision: o.status as 'upheld' | 'rejected',
        ...(o.value !== null ? { value: o.value } : {}),
        ...(o.note ? { note: o.note } : {}),
      })),
  };
}
