import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../common/access';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, FieldIssue, InvalidInputError, NotFoundError } from '../common/errors';
import { findOrCreateLocked, forUpdate } from '../common/locking';
import { UnitOfWork } from '../database/unit-of-work';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { latestExtension, requireOpen, WindowView, windowView } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { AnswerValue, claimedScore, QuestionDef, QuestionnaireDef, scoreQuestionnaire, toScore, VerificationDecision } from '../scoring';
import { ObjectionRow } from '../verification/objection.entity';
import { ObjectionView, toObjectionView } from '../verification/objection-view';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';
import { AnswerRow } from './answer.entity';
import { checkAnswerValue, checkEvidence } from '../instruments/answer-rules';
import { SaveAnswerDto } from './dto/answer.dto';
import { findQuestion } from './questions';
import { responseFacts } from './saq-facts';
import { SaqResponse } from './saq-response.entity';

export type SaqStatus = 'not_started' | 'draft' | 'submitted' | 'verified';

export interface AnswerView {
  value: AnswerValue;
  evidence: string[];
  updatedAt: string;
  updatedBy: string;
}

export type DecisionView = VerificationDecision & { decidedBy: string; decidedAt: string };

export interface SaqView {
  edition: string;
  stage: string;
  body: { code: string; name: string; category: string };
  status: SaqStatus;
  window: WindowView;
  verificationWindow: WindowView;
  objectionWindow: WindowView;
  submittedAt: string | null;
  verificationCompletedAt: string | null;
  questionnaire: QuestionnaireDef;
  answers: Record<string, AnswerView>;
  claimedScore: number;
  /** verified score so far; shown to a body user only once verification is complete */
  verifiedScore: number | null;
  /** verification decisions; shown to a body user only once verification is complete */
  decisions: Record<string, DecisionView>;
  objections: ObjectionView[];
}

export interface SavedAnswer extends AnswerView {
  question: string;
  claimedScore: number;
}

export interface SubmittedSaq {
  body: string;
  stage: string;
  status: SaqStatus;
  submittedAt: string;
  claimedScore: number;
}

export function statusOf(response: SaqResponse | null): SaqStatus {
  if (!response) return 'not_started';
  if (response.verificationCompletedAt) return 'verified';
  return response.submittedAt ? 'submitted' : 'draft';
}

/** Loads a stage's questionnaire definition and one question of it (404 for an unknown question code). */
export async function questionOf(instruments: InstrumentsService, stage: Stage, code: string, manager?: EntityManager): Promise<{ def: QuestionnaireDef; question: QuestionDef }> {
  const def = (await instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion }, manager)) as QuestionnaireDef;
  const question = findQuestion(def, code);
  if (!question) throw new NotFoundError(`question of ${def.id}`, code);
  return { def, question };
}

/** The body's response to a stage; `lock` (inside a write) keeps other writers of it waiting until the transaction ends. */
export async function findResponse(manager: EntityManager, stage: Stage, body: Body, lock = false): Promise<SaqResponse | null> {
  return manager.findOne(SaqResponse, { where: { stageId: stage.id, bodyId: body.id }, ...(lock ? forUpdate(manager) : {}) });
}

/** A value against its question's type (answers, corrections, rulings): the issue names `value`. */
export function valueIssues(question: QuestionDef, value: unknown): FieldIssue[] {
  const problem = checkAnswerValue(question, value);
  return problem ? [{ field: 'value', message: problem }] : [];
}

const answerView = (a: AnswerRow): AnswerView => ({ value: a.value, evidence: a.evidence ?? [], updatedAt: a.updatedAt, updatedBy: a.updatedBy });

/** The body's self-assessment: answers inside the window (or its extension), until it submits. */
@Injectable()
export class SaqService {
  private readonly definitions = new Map<string, Promise<QuestionnaireDef>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly clock: Clock,
  ) {}

  async view(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<SaqView> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'saq.read', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const manager = this.dataSource.manager;
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    const response = await findResponse(manager, stage, body);
    const facts = await responseFacts(manager, response);
    const now = this.clock.now();
    const extension = await latestExtension(manager, stage.id, body.id);
    const answers = response ? await manager.find(AnswerRow, { where: { responseId: response.id }, order: { questionCode: 'ASC' } }) : [];
    const decisions = response ? await manager.find(VerificationDecisionRow, { where: { responseId: response.id } }) : [];
    const objections = response ? await manager.find(ObjectionRow, { where: { responseId: response.id }, order: { id: 'ASC' } }) : [];
    const showVerification = actor.role !== 'body' || facts.verificationComplete;
    return {
      edition: edition.code,
      stage: stage.code,
      body: { code: body.code, name: body.name, category: body.category },
      status: statusOf(response),
      window: windowView(stage, 'window', now, extension),
      verificationWindow: windowView(stage, 'verificationWindow', now),
      objectionWindow: windowView(stage, 'objectionWindow', now),
      submittedAt: response?.submittedAt ?? null,
      verificationCompletedAt: response?.verificationCompletedAt ?? null,
      questionnaire: def,
      answers: Object.fromEntries(answers.map((a) => [a.questionCode, answerView(a)])),
      claimedScore: claimedScore(def, facts.answers).rounded,
      verifiedScore: showVerification && facts.submitted ? toScore(scoreQuestionnaire(def, facts).verified).rounded : null,
      decisions: showVerification
        ? Object.fromEntries(decisions.map((d) => [d.questionCode, { ...facts.decisions[d.questionCode], decidedBy: d.decidedBy, decidedAt: d.decidedAt }]))
        : {},
      objections: objections.map((o) => toObjectionView(o, body.code, stage.code)),
    };
  }

  async saveAnswer(actor: Actor, editionCode: string, bodyCode: string, questionCode: string, dto: SaveAnswerDto, stageCode?: string): Promise<SavedAnswer> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = await this.questionnaire(stage);
    const question = findQuestion(def, questionCode);
    if (!question) throw new NotFoundError(`question of ${def.id}`, questionCode);
    const issues = [...valueIssues(question, dto.value), ...checkEvidence(dto.evidence)];
    if (issues.length) throw new InvalidInputError(issues);
    // The deadline rush runs through here: inside the (queued) write, one read of the body's
    // answers serves both the audit's "before" and the claimed score, and one statement writes.
    return this.uow.write(async (manager) => {
      const response = await this.openResponse(manager, edition, stage, body);
      const answers = await manager.find(AnswerRow, { where: { responseId: response.id } });
      const before = answers.find((a) => a.questionCode === questionCode) ?? null;
      const values = { value: dto.value, evidence: dto.evidence ?? [], updatedAt: this.clock.now().toISOString(), updatedBy: actor.username };
      let row: AnswerRow;
      if (before) {
        await manager.update(AnswerRow, { id: before.id }, values);
        row = { ...before, ...values };
      } else {
        row = manager.create(AnswerRow, { responseId: response.id, questionCode, ...values });
        await manager.insert(AnswerRow, row);
      }
      await this.audit.record(manager, {
        actor: actor.username, action: 'answer.save', editionId: edition.id, bodyCode: body.code, subject: `answer ${stage.code} ${questionCode}`,
        before: before ? { value: before.value, evidence: before.evidence } : null, after: { value: row.value, evidence: row.evidence },
      });
      const current = Object.fromEntries(answers.map((a) => [a.questionCode, { value: a.value, evidence: a.evidence ?? [] }]));
      current[questionCode] = { value: row.value, evidence: row.evidence ?? [] };
      return { question: questionCode, ...answerView(row), claimedScore: claimedScore(def, current).rounded };
    });
  }

  /** A stage's questionnaire; instruments are immutable by id and version, so each is read once. */
  private questionnaire(stage: Stage): Promise<QuestionnaireDef> {
    const key = `${stage.instrumentId}@${stage.instrumentVersion}`;
    let def = this.definitions.get(key);
    if (!def) {
      def = this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion }).then((d) => d as QuestionnaireDef);
      this.definitions.set(key, def);
      def.catch(() => this.definitions.delete(key));
    }
    return def;
  }

  async submit(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<SubmittedSaq> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    return this.uow.write(async (manager) => {
      const response = await this.openResponse(manager, edition, stage, body);
      if (!(await manager.exists(AnswerRow, { where: { responseId: response.id } }))) {
        throw new ConflictError(`nothing to submit: answer at least one question of stage "${stage.code}" first`);
      }
      const submittedAt = this.clock.now().toISOString();
      await manager.update(SaqResponse, { id: response.id }, { submittedAt });
      await this.audit.record(manager, {
        actor: actor.username, action: 'saq.submit', editionId: edition.id, bodyCode: body.code, subject: `questionnaire ${stage.code}`,
        before: { submittedAt: null }, after: { submittedAt },
      });
      const facts = await responseFacts(manager, response);
      return { body: body.code, stage: stage.code, status: 'submitted', submittedAt, claimedScore: claimedScore(def, facts.answers).rounded };
    });
  }

  /** The body's response, created on first use; 409 once submitted or outside the window (extension included). */
  private async openResponse(manager: EntityManager, edition: Edition, stage: Stage, body: Body): Promise<SaqResponse> {
    const { row: response } = await findOrCreateLocked(
      manager,
      SaqResponse,
      { stageId: stage.id, bodyId: body.id },
      { editionId: edition.id, stageId: stage.id, bodyId: body.id, submittedAt: null, verificationCompletedAt: null, verificationCompletedBy: null },
    );
    if (response.submittedAt) throw new ConflictError(`the questionnaire of body "${body.code}" was submitted at ${response.submittedAt}; it is locked`);
    requireOpen(stage, 'window', this.clock.now(), await latestExtension(manager, stage.id, body.id));
    return response;
  }
}
