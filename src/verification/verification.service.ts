import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
import { VerificationDecisionRow } from './verification-decision.entity';
import { VerificationRepository } from './verification.repository';

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

export interface VerificationComplete {
  body: string;
  stage: string;
  completedAt: string;
  claimedScore: number;
  verifiedScore: number;
}

/** A verifier's decisions as the pages name them. */
const KEPUTUSAN: Readonly<Record<DecideDto['decision'], string>> = { accept: 'terima', reject: 'tolak', correct: 'koreksi' };

/** Verifikasi: the assigned verifier (or an admin) decides on each answer inside the verification window. */
@Injectable()
export class VerificationService {
  constructor(
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
