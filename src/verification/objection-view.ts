import { AnswerValue } from '../scoring';
import { ObjectionRow } from './objection.entity';

export interface ObjectionView {
  id: number;
  body: string;
  stage: string;
  question: string;
  reason: string;
  status: ObjectionRow['status'];
  value: AnswerValue | null;
  note: string | null;
  createdAt: string;
  createdBy: string;
  ruledAt: string | null;
  ruledBy: string | null;
}

export function toObjectionView(o: ObjectionRow, body: string, stage: string): ObjectionView {
  return {
    id: o.id,
    body,
    stage,
    question: o.questionCode,
    reason: o.reason,
    status: o.status,
    value: o.value,
    note: o.note,
    createdAt: o.createdAt,
    createdBy: o.createdBy,
    ruledAt: o.ruledAt,
    ruledBy: o.ruledBy,
  };
}
