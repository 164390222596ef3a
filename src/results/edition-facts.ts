import { EntityManager } from 'typeorm';
import { placeholder } from '../database/sql';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { EditionsRepository } from '../editions/editions.repository';
import { Participant } from '../editions/participant.entity';
import { Stage } from '../editions/stage.entity';
import { Instrument } from '../instruments/instrument.entity';
import { Absence } from '../panels/absence.entity';
import { PanelSheetRow } from '../panels/panel-sheet.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import {
  AnswerValue,
  BodyFacts,
  EditionDef,
  InstrumentDef,
  InstrumentRef,
  PanelFacts,
  QuestionnaireFacts,
  ScoringInput,
  VerificationDecision,
} from '../scoring';
import { User } from '../users/user.entity';
import { ObjectionRow } from '../verification/objection.entity';

export interface EditionFacts {
  edition: Edition;
  def: EditionDef;
  input: ScoringInput;
  bodyIds: Map<string, number>;
}

export interface FactsOptions {
  /** only this body (a breakdown); default every participant */
  bodyId?: number;
  /**
   * 'full': each answer's evidence list as recorded. 'presence': only whether an answer has
   * evidence — all that scoring without per-question lines needs (SPEC §5's evidence rule) —
   * given as a one-element placeholder list, which saves reading ~100 bytes a link in bulk.
   */
  evidence?: 'full' | 'presence';
}

/** Stands for "some evidence recorded" when only presence was read. */
export const EVIDENCE_PRESENT: readonly string[] = Object.freeze(['(bukti tercatat)']);

const parse = <T>(text: string | null): T => (text === null ? (null as T) : (JSON.parse(text) as T));

/** What a JSON aggregate comes back as: text from SQLite, already parsed from PostgreSQL. */
const parseAggregate = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/** The edition definition's reader (stateless), until these readers are injected. */
const editions = new EditionsRepository();

/**
 * Everything scoring needs for one edition, read with one set-based query per kind of fact
 * (never a query per body), turned into the plain facts of src/scoring.
 */
export async function loadEdition(manager: EntityManager, editionCode: string): Promise<{ edition: Edition; def: EditionDef }> {
  const edition = await manager.findOne(Edition, { where: { code: editionCode } });
  if (!edition) throw new NotFoundError('edition', editionCode);
  const commission = await manager.findOneOrFail(Commission, { where: { id: edition.commissionId } });
  return { edition, def: await editions.definition(manager, edition, commission.code) };
}

/** The instruments an edition's stages pin, read once, as scoring asks for them. */
export async function loadInstruments(manager: EntityManager, def: EditionDef): Promise<(ref: InstrumentRef) => InstrumentDef> {
  const instruments = new Map<string, InstrumentDef>();
  for (const stage of def.stages) {
    const row = await manager.findOneOrFail(Instrument, { where: { instrumentId: stage.instrument.id, version: stage.instrument.version } });
    instruments.set(`${row.instrumentId}@${row.version}`, row.content);
  }
  return (ref) => {
    const found = instruments.get(`${ref.id}@${ref.version}`);
    if (!found) throw new NotFoundError('instrument', `${ref.id}@${ref.version}`);
    return found;
  };
}

/**
 * The answers (or verification decisions) of each response as one JSON object per response,
 * built by the database in the shape of `QuestionnaireFacts.answers` (`{question: {value,
 * evidence}}`; decisions `{question: {decision, value, note}}`): one row per response instead of
 * one per answer, and JSON.parse builds the objects — what makes reading 1.2 million answers
 * cheap. On SQLite the object is concatenated text (the stored values are JSON text already, so
 * nothing is parsed twice); PostgreSQL's json_object_agg gives the same shape. With evidence
 * 'presence' a link list becomes `EVIDENCE_PRESENT` or `[]`.
 */
function groupedQuery(manager: EntityManager, kind: 'answers' | 'decisions', evidence: 'full' | 'presence', byBody: boolean): string {
  const postgres = manager.connection.options.type === 'postgres';
  const present = JSON.stringify(EVIDENCE_PRESENT);
  let member: string;
  if (kind === 'answers') {
    const links = evidence === 'full' ? "COALESCE(x.evidence, '[]')" : `(CASE WHEN x.evidence <> '[]' THEN '${present}' ELSE '[]' END)`;
    member = postgres
      ? `json_object_agg(x."questionCode", json_build_object('value', x.value::json, 'evidence', (${links})::json))`
      : `'{' || group_concat(json_quote(x."questionCode") || ':{"value":' || x.value || ',"evidence":' || ${links} || '}', ',') || '}'`;
  } else {
    member = postgres
      ? `json_object_agg(x."questionCode", json_build_object('decision', x.decision, 'value', x.value::json, 'note', x.note))`
      : `'{' || group_concat(json_quote(x."questionCode") || ':' || json_object('decision', x.decision, 'value', json(x.value), 'note', x.note), ',') || '}'`;
  }
  const table = kind === 'answers' ? 'answer' : 'verification_decision';
  return (
    `SELECT x."responseId" AS "responseId", ${member} AS grouped FROM ${table} x JOIN saq_response r ON r.id = x."responseId" ` +
    `WHERE r."editionId" = ${placeholder(manager, 1)}${byBody ? ` AND r."bodyId" = ${placeholder(manager, 2)}` : ''} GROUP BY x."responseId"`
  );
}

export async function loadEditionFacts(manager: EntityManager, editionCode: string, options: FactsOptions = {}): Promise<EditionFacts> {
  const { edition, def } = await loadEdition(manager, editionCode);
  const evidenceMode = options.evidence ?? 'full';
  const only = options.bodyId;
  const stages = await manager.find(Stage, { where: { editionId: edition.id } });
  const stageCode = new Map(stages.map((s) => [s.id, s.code]));
  // the largest read goes first: the database runs it while the small ones are turned into facts
  const grouped = (kind: 'answers' | 'decisions'): Promise<{ responseId: number; grouped: unknown }[]> => {
    const rows = manager.query(groupedQuery(manager, kind, evidenceMode, only !== undefined), only !== undefined ? [edition.id, only] : [edition.id]);
    rows.catch(() => undefined); // awaited below; not unhandled if an earlier read fails
    return rows;
  };
  const groupedAnswers = grouped('answers');
  const groupedDecisions = grouped('decisions');

  const bodyQuery = manager
    .createQueryBuilder(Participant, 'p')
    .innerJoin(Body, 'b', 'b.id = p.bodyId')
    .select(['b.id AS id', 'b.code AS code', 'b.name AS name', 'b.category AS category'])
    .where('p.editionId = :id', { id: edition.id });
  if (only !== undefined) bodyQuery.andWhere('b.id = :only', { only });
  const bodies: { id: number; code: string; name: string; category: string }[] = await bodyQuery.getRawMany();
  const facts = new Map<number, BodyFacts>();
  for (const b of bodies) facts.set(Number(b.id), { body: b.code, name: b.name, category: b.category, stages: {} });

  const responseQuery = manager
    .createQueryBuilder(SaqResponse, 'r')
    .select(['r.id AS id', 'r.stageId AS "stageId"', 'r.bodyId AS "bodyId"', 'r.submittedAt AS "submittedAt"', 'r.verificationCompletedAt AS "verifiedAt"'])
    .where('r.editionId = :id', { id: edition.id });
  if (only !== undefined) responseQuery.andWhere('r.bodyId = :only', { only });
  const responses: { id: number; stageId: number; bodyId: number; submittedAt: string | null; verifiedAt: string | null }[] = await responseQuery.getRawMany();
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

  for (const g of await groupedAnswers) {
    const q = byResponse.get(Number(g.responseId));
    if (q) q.answers = parseAggregate<QuestionnaireFacts['answers']>(g.grouped);
  }
  for (const g of await groupedDecisions) {
    const q = byResponse.get(Number(g.responseId));
    if (!q) continue;
    const decisions = parseAggregate<Record<string, { decision: VerificationDecision['decision']; value: AnswerValue | null; note: string | null }>>(g.grouped);
    for (const code in decisions) {
      const d = decisions[code];
      const note = d.note ?? undefined;
      q.decisions[code] = d.decision === 'correct' ? { decision: 'correct', value: d.value as AnswerValue, note } : { decision: d.decision, note };
    }
  }

  const objections: { responseId: number; code: string; status: string; value: string | null; note: string | null }[] = await manager
    .createQueryBuilder(ObjectionRow, 'o')
    .innerJoin(SaqResponse, 'r', 'r.id = o.responseId')
    .select(['o.responseId AS "responseId"', 'o.questionCode AS code', 'o.status AS status', 'o.value AS value', 'o.note AS note'])
    .where('r.editionId = :id', { id: edition.id })
    .andWhere("o.status <> 'pending'")
    .andWhere(only !== undefined ? 'r.bodyId = :only' : '1 = 1', { only })
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
      .andWhere(only !== undefined ? 's.bodyId = :only' : '1 = 1', { only })
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
  const input: ScoringInput = { edition: def, instrument: await loadInstruments(manager, def), bodies: [...facts.values()] };
  return { edition, def, input, bodyIds };
}
