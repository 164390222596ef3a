import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { UnitOfWork } from '../database/unit-of-work';
import { Stage } from '../editions/stage.entity';
import { requireOpen } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { FactsReader } from '../facts/facts.reader';
import { questionOf, valueIssues } from '../saq/questions';
import { SaqResponse } from '../saq/saq-response.entity';
import { SaqRepository } from '../saq/saq.repository';
import { AnswerValue, QuestionnaireDef, scoreQuestionnaire, toScore } from '../scoring';
import { DecideDto } from './dto/decision.dto';
import { ReopenDto } from './dto/reopen.dto';
import { VerificationDecisionRow } from './verification-decision.entity';
import { QueueRow, VerificationRepository } from './verification.repository';

export interface DecisionResult {
  body: string;
  stage: string;
  question: string;
  decision: VerificationDecisionRow['decision'];
  value: AnswerValue | null;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface VerificationReopened {
  body: string;
  stage: string;
  previouslyCompletedAt: string;
  previouslyCompletedBy: string | null;
  reopenedAt: string;
  reopenedBy: string;
  reason: string;
}

export interface VerificationComplete {
  body: string;
  stage: string;
  completedAt: string;
  claimedScore: number;
  verifiedScore: number;
}

/** Where a body stands in verification (the verifier's queue, SPEC §11). */
export type QueueStatus = 'not_submitted' | 'submitted' | 'in_verification' | 'complete' | 'objections_pending';

export const QUEUE_STATUSES: readonly QueueStatus[] = ['not_submitted', 'submitted', 'in_verification', 'complete', 'objections_pending'];

export interface QueueEntry {
  body: string;
  name: string;
  category: string;
  status: QueueStatus;
  submittedAt: string | null;
  verificationCompletedAt: string | null;
  decided: number;
  pendingObjections: number;
  /** once submitted */
  claimedScore: number | null;
  /** once verification is complete (objection rulings included) */
  verifiedScore: number | null;
}

export interface QueueFilter {
  status?: QueueStatus;
  category?: string;
  /** part of the body's code or name, any case */
  search?: string;
}

export interface VerificationQueue {
  edition: string;
  stage: string;
  /** every body of the caller's queue, counted by status before the filter */
  counts: Record<QueueStatus, number>;
  total: number;
  bodies: QueueEntry[];
}

function queueStatus(row: QueueRow): QueueStatus {
  if (!row.submittedAt) return 'not_submitted';
  if (row.verificationCompletedAt) return row.pendingObjections > 0 ? 'objections_pending' : 'complete';
  return row.decided > 0 ? 'in_verification' : 'submitted';
}
/** A verifier's decisions as the pages name them. */
const KEPUTUSAN: Readonly<Record<DecideDto['decision'], string>> = { accept: 'terima', reject: 'tolak', correct: 'koreksi' };

/** Verifikasi: the assigned verifier (or an admin) decides on each answer inside the verification window. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly responses: SaqRepository,
    private readonly repository: VerificationRepository,
    private readonly facts: FactsReader,
    private readonly clock: Clock,
  ) {}

  async decide(actor: Actor, editionCode: string, bodyCode: string, questionCode: string, dto: DecideDto, stageCode?: string): Promise<DecisionResult> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'verification.decide', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const { question } = await questionOf(this.instruments, stage, questionCode);
    if (dto.decision === 'correct') {
      if (dto.value === undefined) throw new InvalidInputError([{ field: 'value', message: 'required with decision correct', text: 'wajib diisi untuk keputusan koreksi' }]);
      const issues = valueIssues(question, dto.value);
      if (issues.length) throw new InvalidInputError(issues);
    } else if (dto.value !== undefined) {
      throw new InvalidInputError([
        { field: 'value', message: `only a correct decision carries a value (decision is ${dto.decision})`, text: `hanya keputusan koreksi yang membawa nilai (keputusannya: ${KEPUTUSAN[dto.decision]})` },
      ]);
    }
    return this.uow.write(async (manager) => {
      const response = await this.openForVerification(manager, stage, body, commission.timeZone);
      // only a reopened verification meets this: objections are made once verification is complete
      const upheld = await this.repository.upheldObjection(manager, response.id, questionCode);
      if (upheld) {
        throw new ConflictError('verification.objection_upheld', {
          en: `objection ${upheld.id} on question ${questionCode} of body "${body.code}" was upheld at ${upheld.ruledAt} by ${upheld.ruledBy}: its ruling decides the question's verified value, so a new decision would not change it`,
          id: `sanggah ${upheld.id} atas pertanyaan ${questionCode} dari badan publik "${body.code}" diterima pada ${upheld.ruledAt ? waktuIndonesia(upheld.ruledAt, commission.timeZone) : '-'} oleh ${upheld.ruledBy}: putusan sanggah itu menentukan nilai terverifikasi pertanyaan ini, jadi keputusan baru tidak akan mengubahnya`,
        });
      }
      const before = await this.repository.decision(manager, response.id, questionCode);
      const decidedAt = this.clock.now().toISOString();
      const row = await this.repository.saveDecision(manager, {
        ...(before ? { id: before.id } : {}),
        responseId: response.id, questionCode, decision: dto.decision, value: dto.decision === 'correct' ? (dto.value ?? null) : null, note: dto.note ?? null,
        decidedBy: actor.username, decidedAt,
      });
      await this.audit.record(manager, {
        actor: actor.username, action: 'decision.save', editionId: edition.id, bodyCode: body.code, subject: `decision ${stage.code} ${questionCode}`,
        before: before ? { decision: before.decision, value: before.value, note: before.note } : null,
        after: { decision: row.decision, value: row.value, note: row.note },
      });
      return {
        body: body.code, stage: stage.code, question: questionCode, decision: dto.decision,
        value: row.value ?? null, note: row.note ?? null, decidedBy: actor.username, decidedAt,
      };
    });
  }

  /** Closes verification of one body; questions without a decision count as accepted. Returns the verified score. */
  async complete(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<VerificationComplete> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'verification.decide', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    return this.uow.write(async (manager) => {
      const response = await this.openForVerification(manager, stage, body, commission.timeZone);
      const completedAt = this.clock.now().toISOString();
      await this.responses.markVerificationComplete(manager, response.id, completedAt, actor.username);
      const { facts } = await this.facts.response(manager, { ...response, verificationCompletedAt: completedAt });
      const scored = scoreQuestionnaire(def, facts);
      const result: VerificationComplete = {
        body: body.code, stage: stage.code, completedAt, claimedScore: toScore(scored.claimed).rounded, verifiedScore: toScore(scored.verified).rounded,
      };
      await this.audit.record(manager, {
        actor: actor.username, action: 'verification.complete', editionId: edition.id, bodyCode: body.code, subject: `verification ${stage.code}`,
        before: { verificationCompletedAt: null }, after: { verificationCompletedAt: completedAt, verifiedScore: result.verifiedScore },
      });
      return result;
    });
  }

  /**
   * SPEC §15: an admin reopens the completed verification of one body, with the reason (the
   * plenary decision, typically), audited as `verification.reopen`. Its completion is cleared and
   * its decisions stay as they are; from then on the normal rules apply: its verifier (or an
   * admin) changes decisions inside the verification window — the admin moves the window
   * (PATCH …/stages/:s) when it has closed — and completes it again. Until then compute counts
   * the body's SAQ as `unverified`, and results computed before the reopening are stale.
   *
   * Nothing else becomes editable: the SAQ stays submitted (locked), other bodies' and other
   * stages' verifications stay complete. The objections stay as the masa sanggah left them,
   * because a commission corrects its own mistake, not the body's objection:
   * - a rejected objection stays final for its question (the body cannot object to it again),
   *   but it does not freeze the commission's decision there: a new decision counts;
   * - an upheld objection decides its question's verified value (scoring applies the ruling over
   *   the decision), so a new decision on that question is refused (409
   *   `verification.objection_upheld`) instead of being recorded without effect;
   * - while an objection of the body waits for a ruling the verification is not reopened (409
   *   `verification.objection_pending`): the ruling answers the decision the body objected to.
   * Once completed again, the body may object to the new decisions inside the objection window
   * (which the admin may move too), as after any completion.
   */
  async reopen(actor: Actor, editionCode: string, bodyCode: string, dto: ReopenDto, stageCode?: string): Promise<VerificationReopened> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'correction.reopen', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    return this.uow.write(async (manager) => {
      const response = await this.responses.response(manager, stage.id, body.id, true);
      if (!response?.verificationCompletedAt) {
        const why = response?.submittedAt
          ? { en: 'it is still in verification', id: 'verifikasinya masih berjalan' }
          : { en: 'its questionnaire was never submitted', id: 'kuesionernya tidak pernah dikirim' };
        throw new ConflictError('verification.not_complete', {
          en: `verification of body "${body.code}" in stage "${stage.code}" is not complete (${why.en}): there is nothing to reopen`,
          id: `verifikasi badan publik "${body.code}" pada tahap "${stage.code}" belum selesai (${why.id}): tidak ada yang bisa dibuka kembali`,
        });
      }
      const pending = await this.repository.pendingObjectionsOf(manager, response.id);
      if (pending.length) {
        const listed = pending.map((o) => `${o.id} (${o.questionCode})`).join(', ');
        throw new ConflictError('verification.objection_pending', {
          en: `objections of body "${body.code}" wait for a ruling (${listed}): rule on them before its verification is reopened`,
          id: `sanggah badan publik "${body.code}" menunggu keputusan (${listed}): putuskan dulu sebelum verifikasinya dibuka kembali`,
        });
      }
      const reopenedAt = this.clock.now().toISOString();
      await this.responses.reopenVerification(manager, response.id);
      await this.audit.record(manager, {
        actor: actor.username, action: 'verification.reopen', editionId: edition.id, bodyCode: body.code, subject: `verification ${body.code}`,
        before: { stage: stage.code, verificationCompletedAt: response.verificationCompletedAt, verificationCompletedBy: response.verificationCompletedBy },
        after: { stage: stage.code, verificationCompletedAt: null, reason: dto.reason },
      });
      return {
        body: body.code, stage: stage.code, previouslyCompletedAt: response.verificationCompletedAt, previouslyCompletedBy: response.verificationCompletedBy,
        reopenedAt, reopenedBy: actor.username, reason: dto.reason,
      };
    });
  }

  /**
   * The verifier's queue of a questionnaire stage: its assigned bodies (an admin: every
   * participant) with their status, decision and pending-objection counts and scores. One query
   * for the list, the scores from the edition's facts (one set-based read per kind of fact).
   */
  async queue(actor: Actor, editionCode: string, filter: QueueFilter = {}, stageCode?: string): Promise<VerificationQueue> {
    const { edition, commission, stage } = await this.access.requireWorklist(actor, 'verification.decide', editionCode, { kind: 'questionnaire', code: stageCode });
    const manager = this.dataSource.manager;
    const rows = await this.repository.queueOf(manager, edition.id, stage.id, actor.role === 'admin' ? undefined : actor.id);
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    const scored = rows.some((r) => r.submittedAt)
      ? (await this.facts.editionFacts(manager, edition, await this.facts.definition(manager, edition, commission), { evidence: 'presence' })).input.bodies
      : [];
    const factsOf = new Map(scored.map((b) => [b.body, b.stages[stage.code]]));
    const counts = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as Record<QueueStatus, number>;
    const entries = rows.map((row): QueueEntry => {
      const status = queueStatus(row);
      counts[status]++;
      const facts = factsOf.get(row.body);
      const score = row.submittedAt && facts?.kind === 'questionnaire' ? scoreQuestionnaire(def, facts, { lines: false }) : null;
      return {
        body: row.body, name: row.name, category: row.category, status, submittedAt: row.submittedAt, verificationCompletedAt: row.verificationCompletedAt,
        decided: row.decided, pendingObjections: row.pendingObjections,
        claimedScore: score ? toScore(score.claimed).rounded : null,
        verifiedScore: score && row.verificationCompletedAt ? toScore(score.verified).rounded : null,
      };
    });
    const search = filter.search?.trim().toLowerCase();
    const bodies = entries.filter(
      (e) =>
        (!filter.status || e.status === filter.status) &&
        (!filter.category || e.category === filter.category) &&
        (!search || e.body.toLowerCase().includes(search) || e.name.toLowerCase().includes(search)),
    );
    return { edition: edition.code, stage: stage.code, counts, total: entries.length, bodies };
  }

  /** 409 unless the SAQ is submitted, verification is still open for it, and the verification window is open. */
  private async openForVerification(manager: EntityManager, stage: Stage, body: Body, timeZone: string): Promise<SaqResponse> {
    const response = await this.responses.response(manager, stage.id, body.id, true);
    if (!response?.submittedAt) {
      throw new ConflictError('verification.not_submitted', {
        en: `body "${body.code}" has not submitted its questionnaire; there is nothing to verify`,
        id: `badan publik "${body.code}" belum mengirim kuesionernya; belum ada yang bisa diverifikasi`,
      });
    }
    if (response.verificationCompletedAt) {
      throw new ConflictError('verification.complete', {
        en: `verification of body "${body.code}" was completed at ${response.verificationCompletedAt}; decisions are locked (objections go through the masa sanggah)`,
        id: `verifikasi badan publik "${body.code}" sudah diselesaikan pada ${waktuIndonesia(response.verificationCompletedAt, timeZone)}; keputusan terkunci (keberatan melalui masa sanggah)`,
      });
    }
    requireOpen(stage, 'verificationWindow', timeZone, this.clock.now());
    return response;
  }
}
