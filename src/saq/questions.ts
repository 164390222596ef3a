import { EntityManager } from 'typeorm';
import { FieldIssue, NotFoundError } from '../common/errors';
import { Stage } from '../editions/stage.entity';
import { checkAnswerValue } from '../instruments/answer-rules';
import { InstrumentsService } from '../instruments/instruments.service';
import { QuestionDef, QuestionnaireDef } from '../scoring';

export function findQuestion(def: QuestionnaireDef, code: string): QuestionDef | undefined {
  for (const indicator of def.indicators) {
    const question = indicator.questions.find((q) => q.code === code);
    if (question) return question;
  }
  return undefined;
}

/** Loads a stage's questionnaire definition and one question of it (404 for an unknown question code). */
export async function questionOf(instruments: InstrumentsService, stage: Stage, code: string, manager?: EntityManager): Promise<{ def: QuestionnaireDef; question: QuestionDef }> {
  const def = (await instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion }, manager)) as QuestionnaireDef;
  const question = findQuestion(def, code);
  if (!question) throw new NotFoundError('question', code, def.id);
  return { def, question };
}

/** A value against its question's type (answers, corrections, rulings): the issue names `value`. */
export function valueIssues(question: QuestionDef, value: unknown): FieldIssue[] {
  const problem = checkAnswerValue(question, value);
  return problem ? [{ field: 'value', message: problem.en, text: problem.id }] : [];
}
