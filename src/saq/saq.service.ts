import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { execute, findOrCreateLocked, forUpdate, insertRow, lockClause, Params, select } from '../database/sql';
import { ConflictError, FieldIssue, InvalidInputError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { EditionsRepository } from '../editions/editions.repository';
import { requireOpen, WindowView, windowView } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { AnswerValue, claimedScore, claimedScoreOfValues, QuestionDef, QuestionnaireDef, scoreQuestionnaire, toScore, VerificationDecision } from '../scoring';
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

/** The body's answers as the answer save reads them (answersForSave). */
interface AnswersForSave {
  values: Record<string, AnswerValue>;
  before: { id: number; value: AnswerValue; evidence: string[] } | null;
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
    private readonly editions: EditionsRepository,
    private readonly clock: Clock,
  ) {}

  async view(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<SaqView> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'saq.read', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const manager = this.dataSource.manager;
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    const response = await findResponse(manager, stage, body);
    const facts = await responseFacts(manager, response);
    const now = this.clock.now();
    const until = await this.editions.extendedUntil(manager, stage.id, body.id);
    const answers = response ? await manager.find(AnswerRow, { where: { responseId: response.id }, order: { questionCode: 'ASC' } }) : [];
    const decisions = response ? await manager.find(VerificationDecisionRow, { where: { responseId: response.id } }) : [];
    const objections = response ? await manager.find(ObjectionRow, { where: { responseId: response.id }, order: { id: 'ASC' } }) : [];
    const showVerification = actor.role !== 'body' || facts.verificationComplete;
    return {
      edition: edition.code,
      stage: stage.code,
      body: { code: body.code, name: body.name, category: body.category },
      status: statusOf(response),
      window: windowView(stage, 'window', now, until),
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
    // The deadline rush runs through here. Inside the (queued) write: one read of the response
    // with its latest extension, one read of the body's answers (the audit's "before" and the
    // claimed score), one write of the answer, one of the audit entry — plain statements. The
    // claimed score is computed after the commit, outside the write queue.
    // On SQLite, where the UnitOfWork runs one write at a time, statements that do not depend on
    // each other are sent together, so the queued write waits for four round trips — BEGIN, the
    // two reads, the two writes, COMMIT — instead of six. On PostgreSQL they run one after the
    // other: the answers are read only once the response row is locked.
    const together = this.dataSource.options.type === 'sqlite';
    const { row, values } = await this.uow.write(async (manager) => {
      const opening = this.openResponseForAnswer(manager, edition, stage, body);
      const reading = together ? this.answersForSave(manager, stage.id, body.id, questionCode) : null;
      reading?.catch(() => undefined); // awaited below unless the response check fails first
      const response = await opening;
      // read again after creating the response (a concurrent first save may have answered already)
      const { values, before } = reading && !response.created ? await reading : await this.answersForSave(manager, stage.id, body.id, questionCode);
      const row: AnswerView = { value: dto.value, evidence: dto.evidence ?? [], updatedAt: this.clock.now().toISOString(), updatedBy: actor.username };
      const writing = this.writeAnswer(manager, response.id, questionCode, before, row);
      if (!together) await writing;
      const auditing = this.audit.record(manager, {
        actor: actor.username, action: 'answer.save', editionId: edition.id, bodyCode: body.code, subject: `answer ${stage.code} ${questionCode}`,
        before: before ? { value: before.value, evidence: before.evidence } : null, after: { value: row.value, evidence: row.evidence },
      });
      await Promise.all([writing, auditing]);
      values[questionCode] = row.value;
      return { row, values };
    });
    return { question: questionCode, ...row, claimedScore: claimedScoreOfValues(def, values).rounded };
  }

  /**
   * openResponse for the answer save, in plain SQL: the response (locked on PostgreSQL) and the
   * body's latest extension in one statement; a missing response is created by openResponse
   * itself. Same checks, same order, same errors.
   */
  private async openResponseForAnswer(manager: EntityManager, edition: Edition, stage: Stage, body: Body): Promise<{ id: number; created: boolean }> {
    const read = async () => {
      const p = new Params(manager);
      const rows = await select<{ id: number; submittedAt: string | null; extensionUntil: string | null }>(
        manager,
        'SELECT r.id AS "id", r."submittedAt" AS "submittedAt",' +
          ' (SELECT x."until" FROM extension x WHERE x."stageId" = r."stageId" AND x."bodyId" = r."bodyId" ORDER BY x.id DESC LIMIT 1) AS "extensionUntil"' +
          ` FROM saq_response r WHERE r."stageId" = ${p.add(stage.id)} AND r."bodyId" = ${p.add(body.id)}${lockClause(manager)}`,
        p.values,
      );
      return rows[0];
    };
    let found = await read();
    let created = false;
    if (!found) {
      // PostgreSQL: findOrCreateLocked (insert or ignore, then lock). SQLite, where this write is
      // the only one running: the same insert in plain SQL, then the same read.
      if (manager.connection.options.type !== 'sqlite') return { id: (await this.openResponse(manager, edition, stage, body)).id, created: true };
      const p = new Params(manager);
      await execute(
        manager,
        'INSERT INTO saq_response ("editionId", "stageId", "bodyId", "submittedAt", "verificationCompletedAt", "verificationCompletedBy")' +
          ` VALUES (${p.add(edition.id)}, ${p.add(stage.id)}, ${p.add(body.id)}, NULL, NULL, NULL) ON CONFLICT DO NOTHING`,
        p.values,
      );
      found = await read();
      if (!found) throw new Error(`saq_response of stage ${stage.id}, body ${body.id} missing right after its insert`);
      created = true;
    }
    if (found.submittedAt) throw new ConflictError(`the questionnaire of body "${body.code}" was submitted at ${found.submittedAt}; it is locked`);
    requireOpen(stage, 'window', this.clock.now(), found.extensionUntil);
    return { id: Number(found.id), created };
  }

  /**
   * What the save needs of the body's answers to a stage, in one row: every answer's value (the
   * claimed score reads values only) as one JSON object built by the database, and the id, value
   * and evidence of the question being saved (the audit's "before", the row to UPDATE). One row
   * instead of one per answer: node-sqlite3 builds each row's JS object property by property on
   * the main thread, and a body near the deadline has ~120 answers.
   */
  private async answersForSave(manager: EntityManager, stageId: number, bodyId: number, questionCode: string): Promise<AnswersForSave> {
    const postgres = manager.connection.options.type === 'postgres';
    const p = new Params(manager);
    const values = postgres ? 'json_object_agg(a."questionCode", a."value"::json)' : 'json_group_object(a."questionCode", json(a."value"))';
    const rows = await select<{ values: string | Record<string, AnswerValue> | null; beforeId: number | string | null; beforeEvidence: string | null }>(manager,
      `SELECT ${values} AS "values", MAX(CASE WHEN a."questionCode" = ${p.add(questionCode)} THEN a.id END) AS "beforeId",` +
        ` MAX(CASE WHEN a."questionCode" = ${p.add(questionCode)} THEN a."evidence" END) AS "beforeEvidence"` +
        ` FROM answer a JOIN saq_response r ON r.id = a."responseId" WHERE r."stageId" = ${p.add(stageId)} AND r."bodyId" = ${p.add(bodyId)}`,
      p.values,
    );
    const row = rows[0];
    // SQLite returns the object as text, PostgreSQL's driver parses json; no answers: '{}' or NULL
    const all = (typeof row?.values === 'string' ? JSON.parse(row.values) : (row?.values ?? {})) as Record<string, AnswerValue>;
    const before =
      row && row.beforeId !== null
        ? { id: Number(row.beforeId), value: all[questionCode], evidence: (row.beforeEvidence === null ? [] : JSON.parse(row.beforeEvidence)) as string[] }
        : null;
    return { values: all, before };
  }

  /** UPDATE of the existing answer, or INSERT of the first one, with values converted as TypeORM would. */
  private async writeAnswer(
    manager: EntityManager,
    responseId: number,
    questionCode: string,
    before: { id: number } | null,
    values: { value: AnswerValue; evidence: string[]; updatedAt: string; updatedBy: string },
  ): Promise<void> {
    if (!before) return insertRow(manager, AnswerRow, { responseId, questionCode, ...values });
    const columns = this.answerColumns(manager);
    const driver = manager.connection.driver;
    const p = new Params(manager);
    const value = p.add(driver.preparePersistentValue(values.value, columns.value));
    const evidence = p.add(driver.preparePersistentValue(values.evidence, columns.evidence));
    const updatedAt = p.add(values.updatedAt);
    const updatedBy = p.add(values.updatedBy);
    await execute(manager, `UPDATE answer SET "value" = ${value}, "evidence" = ${evidence}, "updatedAt" = ${updatedAt}, "updatedBy" = ${updatedBy} WHERE id = ${p.add(before.id)}`, p.values);
  }

  private answerColumnsOf: { value: ColumnMetadata; evidence: ColumnMetadata } | null = null;

  private answerColumns(manager: EntityManager): { value: ColumnMetadata; evidence: ColumnMetadata } {
    if (!this.answerColumnsOf) {
      const metadata = manager.connection.getMetadata(AnswerRow);
      this.answerColumnsOf = { value: metadata.findColumnWithPropertyName('value')!, evidence: metadata.findColumnWithPropertyName('evidence')! };
    }
    return this.answerColumnsOf;
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
    requireOpen(stage, 'window', this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
    return response;
  }
}
