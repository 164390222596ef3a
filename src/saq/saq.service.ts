import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor, isSystemActor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { UnitOfWork } from '../database/unit-of-work';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { EditionsRepository } from '../editions/editions.repository';
import { requireOpen, WindowView, windowView } from '../editions/windows';
import { FactsReader } from '../facts/facts.reader';
import { InstrumentsService } from '../instruments/instruments.service';
import { AnswerValue, claimedScore, claimedScoreOfValues, QuestionnaireDef, scoreQuestionnaire, toScore, VerificationDecision } from '../scoring';
import { ObjectionView, toObjectionView } from '../verification/objection-view';
import { AnswerRow } from './answer.entity';
import { checkEvidence } from '../instruments/answer-rules';
import { SaveAnswerDto } from './dto/answer.dto';
import { findQuestion, valueIssues } from './questions';
import { SaqResponse } from './saq-response.entity';
import { SaqRepository } from './saq.repository';
import { createHmac } from 'crypto';
import { isDeepStrictEqual } from 'util';
import { FieldIssue } from '../common/errors';
import { openSaqWorkbook, ReadAnswer, WorkbookStamp, writeSaqWorkbook } from '../documents/saq-workbook';
import { SecretKeys } from '../secrets/secret-keys';

/** What a workbook import did: answers written, answers the workbook repeats as stored, questions it leaves empty. */
export interface WorkbookImport {
  changed: number;
  unchanged: number;
  empty: number;
}

/** The offline workbook's signing key: derived from the certificate key under its own label, so neither signature can stand for the other. */
export const workbookKey = (keys: SecretKeys): Buffer => createHmac('sha256', keys.certificate).update('monev-kip saq-workbook v1').digest();

/** The rules of a save, applied to one answer read from a workbook: each issue names the workbook's cell. */
function workbookAnswerIssues(def: QuestionnaireDef, answer: ReadAnswer): FieldIssue[] {
  const question = findQuestion(def, answer.question)!;
  const at = (cell: string) => (i: FieldIssue): FieldIssue => ({ ...i, field: cell });
  if (answer.value === null) {
    return answer.evidence.length
      ? [{ field: answer.evidenceCell, message: 'evidence links without an answer: fill in Jawaban too, or remove them', text: 'tautan bukti dukung tanpa jawaban: isi juga kolom Jawaban, atau hapus tautannya' }]
      : [];
  }
  return [...valueIssues(question, answer.value).map(at(answer.valueCell)), ...checkEvidence(answer.evidence).map(at(answer.evidenceCell))];
}

export type SaqStatus = 'not_started' | 'draft' | 'submitted' | 'verified';

export interface AnswerView {
  value: AnswerValue;
  evidence: string[];
  updatedAt: string;
  updatedBy: string;
}

export type DecisionView = VerificationDecision & { decidedBy: string; decidedAt: string };

/** One indicator's share of the stage score (0..weight), as the core computes it. */
export interface IndicatorScoreView {
  code: string;
  name: string;
  weight: number;
  claimed: number;
  /** shown when the stage's verified score is (see SaqView.verifiedScore) */
  verified: number | null;
}

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
  /** the claimed and verified score of each indicator, in the questionnaire's order */
  indicators: IndicatorScoreView[];
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

const answerView = (a: AnswerRow): AnswerView => ({ value: a.value, evidence: a.evidence ?? [], updatedAt: a.updatedAt, updatedBy: a.updatedBy });

/** 409 for a change to a submitted questionnaire (its answers, its evidence files), the time in the commission's zone. */
export const submittedError = (body: Body, submittedAt: string, timeZone: string) =>
  new ConflictError('saq.submitted', {
    en: `the questionnaire of body "${body.code}" was submitted at ${submittedAt}; it is locked`,
    id: `kuesioner badan publik "${body.code}" sudah dikirim pada ${waktuIndonesia(submittedAt, timeZone)}; kuesioner terkunci`,
  });

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
    private readonly repository: SaqRepository,
    private readonly facts: FactsReader,
    private readonly clock: Clock,
    private readonly keys: SecretKeys,
  ) {}

  async view(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<SaqView> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'saq.read', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const manager = this.dataSource.manager;
    const def = await this.questionnaire(stage);
    const response = await this.repository.response(manager, stage.id, body.id);
    const { answers, decisions, objections, facts } = await this.facts.response(manager, response);
    const now = this.clock.now();
    const until = await this.editions.extendedUntil(manager, stage.id, body.id);
    const showVerification = actor.role !== 'body' || facts.verificationComplete;
    const scored = scoreQuestionnaire(def, facts, { lines: false });
    const showVerified = showVerification && facts.submitted;
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
      verifiedScore: showVerified ? toScore(scored.verified).rounded : null,
      indicators: scored.indicators.map((i) => ({ code: i.code, name: i.name, weight: i.weight, claimed: i.claimed.rounded, verified: showVerified ? i.verified.rounded : null })),
      decisions: showVerification
        ? Object.fromEntries(decisions.map((d) => [d.questionCode, { ...facts.decisions[d.questionCode], decidedBy: d.decidedBy, decidedAt: d.decidedAt }]))
        : {},
      objections: objections.map((o) => toObjectionView(o, body.code, stage.code)),
    };
  }

  async saveAnswer(actor: Actor, editionCode: string, bodyCode: string, questionCode: string, dto: SaveAnswerDto, stageCode?: string): Promise<SavedAnswer> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = await this.questionnaire(stage);
    const question = findQuestion(def, questionCode);
    if (!question) throw new NotFoundError('question', questionCode, def.id);
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
      const opening = this.openResponseForAnswer(manager, edition, stage, body, commission.timeZone);
      const reading = together ? this.repository.answersForSave(manager, stage.id, body.id, questionCode) : null;
      reading?.catch(() => undefined); // awaited below unless the response check fails first
      const response = await opening;
      // read again after creating the response (a concurrent first save may have answered already)
      const { values, before } = reading && !response.created ? await reading : await this.repository.answersForSave(manager, stage.id, body.id, questionCode);
      const row: AnswerView = { value: dto.value, evidence: dto.evidence ?? [], updatedAt: this.clock.now().toISOString(), updatedBy: actor.username };
      const writing = this.repository.writeAnswer(manager, response.id, questionCode, before, row);
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
   * openResponse for the answer save, in plain SQL (SaqRepository): the response (locked on
   * PostgreSQL) and the body's latest extension in one statement; a missing response is inserted
   * (a concurrent first save's insert makes it a no-op) and read again. Same checks, same order,
   * same errors as openResponse.
   */
  private async openResponseForAnswer(manager: EntityManager, edition: Edition, stage: Stage, body: Body, timeZone: string): Promise<{ id: number; created: boolean }> {
    let found = await this.repository.responseForAnswer(manager, stage.id, body.id);
    let created = false;
    if (!found) {
      await this.repository.createResponse(manager, edition.id, stage.id, body.id);
      found = await this.repository.responseForAnswer(manager, stage.id, body.id);
      if (!found) throw new Error(`saq_response of stage ${stage.id}, body ${body.id} missing right after its insert`);
      created = true;
    }
    if (found.submittedAt) throw submittedError(body, found.submittedAt, timeZone);
    requireOpen(stage, 'window', timeZone, this.clock.now(), found.extensionUntil);
    return { id: found.id, created };
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
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = await this.questionnaire(stage);
    return this.uow.write(async (manager) => {
      const response = await this.openResponse(manager, edition, stage, body, commission.timeZone);
      if (!(await this.repository.hasAnswers(manager, response.id))) {
        throw new ConflictError('saq.empty', {
          en: `nothing to submit: answer at least one question of stage "${stage.code}" first`,
          id: `belum ada yang bisa dikirim: jawab dulu paling tidak satu pertanyaan tahap "${stage.code}"`,
        });
      }
      const submittedAt = this.clock.now().toISOString();
      await this.repository.markSubmitted(manager, response.id, submittedAt);
      await this.audit.record(manager, {
        actor: actor.username, action: 'saq.submit', editionId: edition.id, bodyCode: body.code, subject: `questionnaire ${stage.code}`,
        before: { submittedAt: null }, after: { submittedAt },
      });
      const { facts } = await this.facts.response(manager, { ...response, submittedAt });
      return { body: body.code, stage: stage.code, status: 'submitted', submittedAt, claimedScore: claimedScore(def, facts.answers).rounded };
    });
  }

  /** The body's response, created on first use and locked; 409 once submitted or outside the window (extension included). */
  private async openResponse(manager: EntityManager, edition: Edition, stage: Stage, body: Body, timeZone: string): Promise<SaqResponse> {
    const response = await this.repository.openResponse(manager, edition.id, stage.id, body.id);
    if (response.submittedAt) throw submittedError(body, response.submittedAt, timeZone);
    requireOpen(stage, 'window', timeZone, this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
    return response;
  }

  /** The offline workbook (SPEC §14) of the body's questionnaire with its current answers. */
  async workbook(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<{ filename: string; bytes: Buffer }> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'saq.read', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const manager = this.dataSource.manager;
    const def = await this.questionnaire(stage);
    const response = await this.repository.response(manager, stage.id, body.id);
    const answers = response ? await this.repository.answersOf(manager, response.id) : new Map<string, AnswerRow>();
    const window = windowView(stage, 'window', this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
    const bytes = await writeSaqWorkbook({
      stamp: this.stampOf(edition, stage, body),
      questionnaire: def,
      answers: Object.fromEntries([...answers].map(([code, a]) => [code, { value: a.value, evidence: a.evidence ?? [] }])),
      editionTitle: edition.title,
      bodyName: body.name,
      deadline: window.extendedUntil ?? window.closes,
      timeZone: commission.timeZone,
      key: workbookKey(this.keys),
    });
    return { filename: `kuesioner-${edition.code}-${stage.code}-${body.code}.xlsx`, bytes };
  }

  /**
   * A filled-in workbook back into answers, all or nothing: its signed stamp must name this
   * edition, stage, body and instrument version; every answer goes through the rules of a save
   * (each issue names sheet and cell); then, in one write inside the window and before submission,
   * each changed answer is written with an audit entry whose `after` says `source: workbook`.
   * The body uploads its own; the CLI's system actor imports one handed in on a CD (the audit
   * says `system:cli`), under the same window rule.
   */
  async importWorkbook(actor: Actor, editionCode: string, bodyCode: string, bytes: Buffer, stageCode?: string): Promise<WorkbookImport> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, isSystemActor(actor) ? 'saq.workbook_handed_in' : 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = await this.questionnaire(stage);
    const opened = await openSaqWorkbook(bytes, workbookKey(this.keys));
    if (!opened.ok) throw new InvalidInputError([{ field: opened.issue.cell, message: opened.issue.message, text: opened.issue.text }]);
    const mismatch = stampMismatch(opened.stamp, this.stampOf(edition, stage, body));
    if (mismatch) throw new InvalidInputError([{ field: 'file', ...mismatch }]);
    const { answers, issues } = opened.read(def);
    const problems: FieldIssue[] = [...issues.map((i) => ({ field: i.cell, message: i.message, text: i.text })), ...answers.flatMap((a) => workbookAnswerIssues(def, a))];
    if (problems.length) throw new InvalidInputError(problems);
    if (answers.every((a) => a.value === null)) {
      // nothing to write: refused, rather than opening a response (the status "draft") for nothing
      throw new InvalidInputError([{ field: 'file', message: 'the workbook answers no question', text: 'berkas tidak menjawab satu pertanyaan pun' }]);
    }
    return this.uow.write(async (manager) => {
      const response = await this.openResponse(manager, edition, stage, body, commission.timeZone);
      const current = await this.repository.answersOf(manager, response.id);
      const result: WorkbookImport = { changed: 0, unchanged: 0, empty: 0 };
      const changes: { question: string; before: AnswerRow | undefined; after: { value: AnswerValue; evidence: string[] } }[] = [];
      for (const answer of answers) {
        if (answer.value === null) {
          result.empty++;
          continue;
        }
        const before = current.get(answer.question);
        const after = { value: answer.value, evidence: answer.evidence };
        if (before && isDeepStrictEqual({ value: before.value, evidence: before.evidence ?? [] }, after)) {
          result.unchanged++;
          continue;
        }
        result.changed++;
        changes.push({ question: answer.question, before, after });
      }
      const updatedAt = this.clock.now().toISOString();
      for (const { question, before, after } of changes) {
        await this.repository.writeAnswer(manager, response.id, question, before ? { id: before.id } : null, { ...after, updatedAt, updatedBy: actor.username });
      }
      // the audit entries last, as every audited change writes them (AuditService.holdAuditedChanges)
      for (const { question, before, after } of changes) {
        await this.audit.record(manager, {
          actor: actor.username, action: 'answer.save', editionId: edition.id, bodyCode: body.code, subject: `answer ${stage.code} ${question}`,
          before: before ? { value: before.value, evidence: before.evidence ?? [] } : null, after: { ...after, source: 'workbook' },
        });
      }
      return result;
    });
  }

  private stampOf(edition: Edition, stage: Stage, body: Body): WorkbookStamp {
    return { edition: edition.code, stage: stage.code, body: body.code, instrument: stage.instrumentId, version: stage.instrumentVersion };
  }
}

/** How a workbook's stamp differs from the questionnaire it is uploaded to, or null. */
function stampMismatch(given: WorkbookStamp, wanted: WorkbookStamp): { message: string; text: string } | null {
  if (given.body !== wanted.body) {
    return { message: `the workbook is the questionnaire of body "${given.body}", not of "${wanted.body}"`, text: `berkas ini kuesioner badan publik "${given.body}", bukan "${wanted.body}"` };
  }
  if (given.edition !== wanted.edition || given.stage !== wanted.stage) {
    return {
      message: `the workbook belongs to edition "${given.edition}" stage "${given.stage}", not to edition "${wanted.edition}" stage "${wanted.stage}"`,
      text: `berkas ini milik edisi "${given.edition}" tahap "${given.stage}", bukan edisi "${wanted.edition}" tahap "${wanted.stage}"`,
    };
  }
  if (given.instrument !== wanted.instrument || given.version !== wanted.version) {
    return {
      message: `the workbook was made for questionnaire ${given.instrument} version ${given.version}; this stage uses ${wanted.instrument} version ${wanted.version}: download the workbook again`,
      text: `berkas ini dibuat untuk kuesioner ${given.instrument} versi ${given.version}; tahap ini memakai ${wanted.instrument} versi ${wanted.version}: unduh ulang berkasnya`,
    };
  }
  return null;
}
