import { EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { loadEditionDef } from '../editions/edition-store';
import { Participant } from '../editions/participant.entity';
import { Stage } from '../editions/stage.entity';
import { Instrument } from '../instruments/instrument.entity';
import { Absence } from '../panels/absence.entity';
import { PanelSheetRow } from '../panels/panel-sheet.entity';
import { AnswerRow } from '../saq/answer.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import {
  AnswerValue,
  BodyFacts,
  EditionDef,
  InstrumentDef,
  PanelFacts,
  QuestionnaireFacts,
  ScoringInput,
  VerificationDecision,
} from '../scoring';
import { User } from '../users/user.entity';
import { ObjectionRow } from '../verification/objection.entity';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';

export interface EditionFacts {
  edition: Edition;
  def: EditionDef;
  input: ScoringInput;
  bodyIds: Map<string, number>;
}

const parse = <T>(text: string | null): T => (text === null ? (null as T) : (JSON.parse(text) as T));

/**
 * Everything scoring needs for one edition, read with one set-based query per kind of fact
 * (never a query per body), turned into the plain facts of src/scoring.
 */
export async function loadEdition(manager: EntityManager, editionCode: string): Promise<{ edition: Edition; def: EditionDef }> {
  const edition = await manager.findOne(Edition, { where: { code: editionCode } });
  if (!edition) throw new NotFoundError('edition', editionCode);
  const commission = await manager.findOneOrFail(Commission, { where: { id: edition.commissionId } });
  return { edition, def: await loadEditionDef(manager, edition, commission.code) };
}

export async function loadEditionFacts(manager: EntityManager, editionCode: string): Promise<EditionFacts> {
  const { edition, def } = await loadEdition(manager, editionCode);
  const stages = await manager.find(Stage, { where: { editionId: edition.id } });
  const stageCode = new Map(stages.map((s) => [s.id, s.code]));

  const instruments = new Map<string, InstrumentDef>();
  for (const stage of def.stages) {
    const row = await manager.findOneOrFail(Instrument, { where: { instrumentId: stage.instrument.id, version: stage.instrument.version } });
    instruments.set(`${row.instrumentId}@${row.version}`, row.content);
  }

  const bodies: { id: number; code: string; name: string; category: string }[] = await manager
    .createQueryBuilder(Participant, 'p')
    .innerJoin(Body, 'b', 'b.id = p.bodyId')
    .select(['b.id AS id', 'b.code AS code', 'b.name AS name', 'b.category AS category'])
    .where('p.editionId = :id', { id: edition.id })
    .getRawMany();
  const facts = new Map<number, BodyFacts>();
  for (const b of bodies) facts.set(Number(b.id), { body: b.code, name: b.name, category: b.category, stages: {} });

  const responses: { id: number; stageId: number; bodyId: number; submittedAt: string | null; verifiedAt: string | null }[] = await manager
    .createQueryBuilder(SaqResponse, 'r')
    .select(['r.id AS id', 'r.stageId AS "stageId"', 'r.bodyId AS "bodyId"', 'r.submittedAt AS "submittedAt"', 'r.verificationCompletedAt AS "verifiedAt"'])
    .where('r.editionId = :id', { id: edition.id })
    .getRawMany();
  const byResponse = new Map<number, QuestionnaireFacts>();
  for (const r of responses) {
    const body = facts.get(Number(r.bodyId));
    if (!body) continue;
    const q: QuestionnaireFacts = {
      kind: 'questionnaire',
      submitted: r.submittedAt !== null,
      answers: {},
      verificationComplete: r.verifiedAt !== null,
      decisions: {},
      objections: [],
    };
    body.stages[stageCode.get(Number(r.stageId))!] = q;
    byResponse.set(Number(r.id), q);
  }

  const answers: { responseId: number; code: string; value: string; evidence: string }[] = await manager
    .createQueryBuilder(AnswerRow, 'a')
    .innerJoin(SaqResponse, 'r', 'r.id = a.responseId')
    .select(['a.responseId AS "responseId"', 'a.questionCode AS code', 'a.value AS value', 'a.evidence AS evidence'])
    .where('r.editionId = :id', { id: edition.id })
    .getRawMany();
  for (const a of answers) {
    const q = byResponse.get(Number(a.responseId));
    if (q) q.answers[a.code] = { value: parse(a.value), evidence: parse(a.evidence) ?? [] };
  }

  const decisions: { responseId: number; code: string; decision: VerificationDecision['decision']; value: string | null; note: string | null }[] =
    await manager
      .createQueryBuilder(VerificationDecisionRow, 'd')
      .innerJoin(SaqResponse, 'r', 'r.id = d.responseId')
      .select(['d.responseId AS "responseId"', 'd.questionCode AS code', 'd.decision AS decision', 'd.value AS value', 'd.note AS note'])
      .where('r.editionId = :id', { id: edition.id })
      .getRawMany();
  for (const d of decisions) {
    const q = byResponse.get(Number(d.responseId));
    if (!q) continue;
    const note = d.note ?? undefined;
    q.decisions[d.code] = d.decision === 'correct' ? { decision: 'correct', value: parse(d.value), note } : { decision: d.decision, note };
  }

  const objections: { responseId: number; code: string; status: string; value: string | null; note: string | null }[] = await manager
    .createQueryBuilder(ObjectionRow, 'o')
    .innerJoin(SaqResponse, 'r', 'r.id = o.responseId')
    .select(['o.responseId AS "responseId"', 'o.questionCode AS code', 'o.status AS status', 'o.value AS value', 'o.note AS note'])
    .where('r.editionId = :id', { id: edition.id })
    .andWhere("o.status <> 'pending'")
    .orderBy('o.id', 'ASC')
    .getRawMany();
  for (const o of objections) {
    const q = byResponse.get(Number(o.responseId));
    if (!q) continue;
    const value = parse<AnswerValue | null>(o.value);
    q.objections.push({
      question: o.code,
      decision: o.status as 'upheld' | 'rejected',
      ...(value !== null ? { value } : {}),
      ...(o.note ? { note: o.note } : {}),
    });
  }

  const panelOf = (bodyId: number, stageId: number): PanelFacts | undefined => {
    const body = facts.get(bodyId);
    if (!body) return undefined;
    const code = stageCode.get(stageId)!;
    const existing = body.stages[code];
    if (existing?.kind === 'panel') return existing;
    const created: PanelFacts = { kind: 'panel', sheets: [], absent: false };
    body.stages[code] = created;
    return created;
  };
  const sheets: { bodyId: number; stageId: number; assessor: string; status: PanelFacts['sheets'][number]['status']; scores: string; comment: string | null }[] =
    await manager
      .createQueryBuilder(PanelSheetRow, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      .select(['s.bodyId AS "bodyId"', 's.stageId AS "stageId"', 'u.username AS assessor', 's.status AS status', 's.scores AS scores', 's.comment AS comment'])
      .where('s.editionId = :id', { id: edition.id })
      .orderBy('u.username', 'ASC')
      .getRawMany();
  for (const s of sheets) {
    panelOf(Number(s.bodyId), Number(s.stageId))?.sheets.push({
      assessor: s.assessor,
      status: s.status,
      scores: parse(s.scores),
      ...(s.comment ? { comment: s.comment } : {}),
    });
  }
  const absences = await manager.find(Absence, { where: stages.filter((s) => s.kind === 'panel').map((s) => ({ stageId: s.id })) });
  for (const a of absences) {
    const panel = panelOf(a.bodyId, a.stageId);
    if (panel) panel.absent = true;
  }

  const bodyIds = new Map(bodies.map((b) => [b.code, Number(b.id)]));
  const input: ScoringInput = {
    edition: def,
    instrument: (ref) => {
      const found = instruments.get(`${ref.id}@${ref.version}`);
      if (!found) throw new NotFoundError('instrument', `${ref.id}@${ref.version}`);
      return found;
    },
    bodies: [...facts.values()],
  };
  return { edition, def, input, bodyIds };
}
