import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Commission } from '../commissions/commission.entity';
import { NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { CommissionsRepository } from '../commissions/commissions.repository';
import { EditionsRepository } from '../editions/editions.repository';
import { EvidenceFile, evidenceFileRef } from '../evidence/evidence-file.entity';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { Stage } from '../editions/stage.entity';
import { InstrumentsService } from '../instruments/instruments.service';
import { Absence } from '../panels/absence.entity';
import { PanelsRepository, SheetFactsRow } from '../panels/panels.repository';
import { ResultsRepository } from '../results/results.repository';
import { AnswerRow } from '../saq/answer.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { SaqRepository } from '../saq/saq.repository';
import {
  AnswerValue,
  BodyFacts,
  EditionDef,
  InstrumentDef,
  InstrumentRef,
  ObjectionRuling,
  PanelFacts,
  QuestionnaireFacts,
  ScoringInput,
  VerificationDecision,
} from '../scoring';
import { ObjectionRow } from '../verification/objection.entity';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';
import { VerificationRepository } from '../verification/verification.repository';

/** Everything scoring needs for one edition, and the ids its results are stored under. */
export interface EditionFacts {
  def: EditionDef;
  input: ScoringInput;
  /** body code → id, for every participant read */
  bodyIds: Map<string, number>;
  /** stage code → id */
  stageIds: Map<string, number>;
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

/** One body's questionnaire as recorded: the rows (for views) and the facts scoring takes. */
export interface ResponseRecord {
  answers: AnswerRow[];
  decisions: VerificationDecisionRow[];
  objections: ObjectionRow[];
  facts: QuestionnaireFacts;
}

const NOTHING_RECORDED: QuestionnaireFacts = { kind: 'questionnaire', submitted: false, answers: {}, verificationComplete: false, decisions: {}, objections: [] };

/** A stored decision as scoring takes it. */
function toDecision(d: { decision: VerificationDecision['decision']; value: AnswerValue | null; note: string | null }): VerificationDecision {
  const note = d.note ?? undefined;
  return d.decision === 'correct' ? { decision: 'correct', value: d.value as AnswerValue, ...(note ? { note } : {}) } : { decision: d.decision, ...(note ? { note } : {}) };
}

/** A ruled objection as scoring takes it (a pending one changes nothing and is not passed). */
function toRuling(o: { questionCode: string; status: 'upheld' | 'rejected'; value: AnswerValue | null; note: string | null }): ObjectionRuling {
  return { question: o.questionCode, decision: o.status, ...(o.value !== null ? { value: o.value } : {}), ...(o.note ? { note: o.note } : {}) };
}

/**
 * Files count as evidence (SPEC §13: `evidence: required` is met by a link or a file): each file
 * of an answer joins its evidence as its reference (`/api/files/<id>`), after the links. A file of
 * a question without an answer changes nothing (an unanswered question earns nothing anyway).
 */
export function withFiles(answers: QuestionnaireFacts['answers'], files: readonly Pick<EvidenceFile, 'id' | 'questionCode'>[]): void {
  for (const f of files) {
    const answer = answers[f.questionCode];
    if (answer) answer.evidence = [...answer.evidence, evidenceFileRef(f.id)];
  }
}

/** What a JSON aggregate comes back as: text from SQLite, already parsed from PostgreSQL. */
const parseAggregate = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/**
 * The one facts reader: recorded rows become the plain facts of src/scoring here and nowhere
 * else — for compute, a breakdown (draft or published), a publication and the SAQ view. It reads
 * through the repositories that own the tables (SaqRepository, VerificationRepository,
 * ResultsRepository, InstrumentsService). An edition is read with one set-based query per kind
 * of fact, never a query per body. Every method takes the manager to read with: a transaction's,
 * so that what is stored next is computed from what it read (compute, publish), or the read
 * manager.
 *
 * The edition, commission, participant, stage, panel sheet and absence tables belong to editions
 * and panels, which have no repository yet: their reads are the private methods at the end.
 */
@Injectable()
export class FactsReader {
  constructor(
    private readonly saq: SaqRepository,
    private readonly verification: VerificationRepository,
    private readonly results: ResultsRepository,
    private readonly instrumentsService: InstrumentsService,
    private readonly editions: EditionsRepository,
    private readonly commissions: CommissionsRepository,
    private readonly panels: PanelsRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  /** An edition by code, for readers without an access scope (the public side); 404 when unknown. */
  async edition(manager: EntityManager, code: string): Promise<Edition> {
    const edition = await this.editions.byCode(manager, code);
    if (!edition) throw new NotFoundError('edition', code);
    return edition;
  }

  /** An edition by code with its definition as it stands (windows as last moved), for readers without an access scope; 404 when unknown. */
  async editionDefinition(manager: EntityManager, code: string): Promise<{ edition: Edition; def: EditionDef }> {
    const edition = await this.edition(manager, code);
    const commission = await this.commissions.byId(manager, edition.commissionId);
    return { edition, def: await this.definition(manager, edition, commission) };
  }

  /** An edition's definition as it stands (windows as last moved). */
  definition(manager: EntityManager, edition: Edition, commission: Commission): Promise<EditionDef> {
    return this.editions.definition(manager, edition, commission.code);
  }

  /** The instruments an edition's stages pin, read once, as scoring asks for them. */
  async instruments(manager: EntityManager, def: EditionDef): Promise<(ref: InstrumentRef) => InstrumentDef> {
    const instruments = new Map<string, InstrumentDef>();
    for (const stage of def.stages) instruments.set(`${stage.instrument.id}@${stage.instrument.version}`, await this.instrumentsService.requireDef(stage.instrument, manager));
    return (ref) => {
      const found = instruments.get(`${ref.id}@${ref.version}`);
      if (!found) throw new NotFoundError('instrument', `${ref.id}@${ref.version}`);
      return found;
    };
  }

  /** One body's questionnaire for one stage: its answers, decisions and objections as rows, and as facts. */
  async response(manager: EntityManager, response: SaqResponse | null): Promise<ResponseRecord> {
    if (!response) return { answers: [], decisions: [], objections: [], facts: NOTHING_RECORDED };
    // one query after another: inside a transaction they share one connection
    const answers = await this.saq.answers(manager, response.id);
    const decisions = await this.verification.decisions(manager, response.id);
    const objections = await this.verification.objections(manager, response.id);
    const files = await this.evidence.filesOfResponse(manager, response.stageId, response.bodyId);
    const facts: QuestionnaireFacts = {
      kind: 'questionnaire',
      submitted: response.submittedAt !== null,
      answers: Object.fromEntries(answers.map((a) => [a.questionCode, { value: a.value, evidence: a.evidence ?? [] }])),
      verificationComplete: response.verificationCompletedAt !== null,
      decisions: Object.fromEntries(decisions.map((d) => [d.questionCode, toDecision(d)])),
      objections: objections.flatMap((o) => (o.status === 'pending' ? [] : [toRuling({ ...o, status: o.status })])),
    };
    withFiles(facts.answers, files);
    return { answers, decisions, objections, facts };
  }

  /** Everything scoring needs for an edition (or one body of it), as src/scoring takes it. */
  async editionFacts(manager: EntityManager, edition: Edition, def: EditionDef, options: FactsOptions = {}): Promise<EditionFacts> {
    const evidence = options.evidence ?? 'full';
    const only = options.bodyId;
    // the largest reads go first: the database runs them while the small ones are turned into facts
    const later = <T>(reading: Promise<T>): Promise<T> => {
      reading.catch(() => undefined); // awaited below; not unhandled if an earlier read fails
      return reading;
    };
    const groupedAnswers = later(this.saq.groupedAnswers(manager, edition.id, evidence, only));
    const groupedDecisions = later(this.verification.groupedDecisions(manager, edition.id, only));

    const stages = await this.stages(manager, edition.id);
    const stageCode = new Map(stages.map((s) => [s.id, s.code]));
    const bodies = await this.participants(manager, edition.id, only);
    const facts = new Map<number, BodyFacts>();
    for (const b of bodies) facts.set(b.id, { body: b.code, name: b.name, category: b.category, stages: {} });

    const byResponse = new Map<number, QuestionnaireFacts>();
    const byStageBody = new Map<string, QuestionnaireFacts>();
    for (const r of await this.saq.responsesOf(manager, edition.id, only)) {
      const body = facts.get(r.bodyId);
      if (!body) continue;
      const q: QuestionnaireFacts = { kind: 'questionnaire', submitted: r.submittedAt !== null, answers: {}, verificationComplete: r.verifiedAt !== null, decisions: {}, objections: [] };
      body.stages[stageCode.get(r.stageId)!] = q;
      byResponse.set(r.id, q);
      byStageBody.set(`${r.stageId}/${r.bodyId}`, q);
    }
    for (const g of await groupedAnswers) {
      const q = byResponse.get(Number(g.responseId));
      if (q) q.answers = parseAggregate<QuestionnaireFacts['answers']>(g.grouped);
    }
    const files = new Map<QuestionnaireFacts, EvidenceFile[]>();
    for (const f of await this.evidence.filesOfEdition(manager, edition.id, only)) {
      const q = byStageBody.get(`${f.stageId}/${f.bodyId}`);
      if (q) files.set(q, [...(files.get(q) ?? []), f]);
    }
    for (const [q, list] of files) withFiles(q.answers, list);
    for (const g of await groupedDecisions) {
      const q = byResponse.get(Number(g.responseId));
      if (!q) continue;
      const decisions = parseAggregate<Record<string, { decision: VerificationDecision['decision']; value: AnswerValue | null; note: string | null }>>(g.grouped);
      for (const code in decisions) q.decisions[code] = toDecision(decisions[code]);
    }
    for (const o of await this.verification.ruledObjections(manager, edition.id, only)) {
      byResponse.get(o.responseId)?.objections.push(toRuling({ questionCode: o.code, status: o.status, value: o.value === null ? null : (JSON.parse(o.value) as AnswerValue), note: o.note }));
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
    for (const s of await this.panelSheets(manager, edition.id, only)) {
      panelOf(s.bodyId, s.stageId)?.sheets.push({ assessor: s.assessor, status: s.status, scores: s.scores, ...(s.comment ? { comment: s.comment } : {}) });
    }
    for (const a of await this.absences(manager, stages.filter((s) => s.kind === 'panel').map((s) => s.id))) {
      const panel = panelOf(a.bodyId, a.stageId);
      if (panel) panel.absent = true;
    }

    return {
      def,
      input: { edition: def, instrument: await this.instruments(manager, def), bodies: [...facts.values()] },
      bodyIds: new Map(bodies.map((b) => [b.code, b.id])),
      stageIds: new Map(stages.map((s) => [s.code, s.id])),
    };
  }

  /** The questionnaire facts a body's published result was computed from, frozen with the publication, by stage. */
  async publishedFacts(manager: EntityManager, publicationId: number, bodyId: number): Promise<Record<string, QuestionnaireFacts>> {
    const frozen = await this.results.publishedFacts(manager, publicationId, bodyId);
    return Object.fromEntries(frozen.map((f) => [f.stage, JSON.parse(f.facts) as QuestionnaireFacts]));
  }

  // ---- the tables of editions and panels, through their repositories

  private stages(manager: EntityManager, editionId: number): Promise<Stage[]> {
    return this.editions.stages(manager, editionId);
  }

  private participants(manager: EntityManager, editionId: number, bodyId?: number): Promise<{ id: number; code: string; name: string; category: string }[]> {
    return this.editions.participantBodies(manager, editionId, bodyId);
  }

  /** An edition's panel sheets, jurors named, in the order of their usernames. */
  private panelSheets(manager: EntityManager, editionId: number, bodyId?: number): Promise<SheetFactsRow[]> {
    return this.panels.sheetsOfEdition(manager, editionId, bodyId);
  }

  private absences(manager: EntityManager, panelStageIds: number[]): Promise<Absence[]> {
    return this.panels.absencesOfStages(manager, panelStageIds);
  }
}
