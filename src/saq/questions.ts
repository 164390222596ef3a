import { QuestionDef, QuestionnaireDef } from '../scoring';

export function findQuestion(def: QuestionnaireDef, code: string): QuestionDef | undefined {
  for (const indicator of def.indicators) {
    const question = indicator.questions.find((q) => q.code === code);
    if (question) return question;
  }
  return undefined;
}
