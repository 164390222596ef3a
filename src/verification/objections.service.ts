import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { UnitOfWork } from '../database/unit-of-work';
import { requireOpen } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { findQuestion, questionOf, valueIssues } from '../saq/questions';
import { SaqRepository } from '../saq/saq.repository';
import { QuestionnaireDef } from '../scoring';
import { CreateObjectionDto, RuleObjectionDto } from './dto/objection.dto';
import { ObjectionView, toObjectionView } from './objection-view';
import { VerificationRepository } from './verification.repository';

/** A ruling's time in the commission's zone (a ruled objection always has one). */
const at = (instant: string | null, timeZone: string): string => (instant ? waktuIndonesia(instant, timeZone) : '-');

/** Masa sanggah: a body objects to a verification result inside the objection window; the verifier rules. */
@Injectable()
export class ObjectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly responses: SaqRepository,
    private readonly repository: VerificationRepository,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, editionCode: string, dto: CreateObjectionDto): Promise<ObjectionView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'objection.create', editionCode, dto.body, { kind: 'questionnaire', code: dto.stage });
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    if (!findQuestion(def, dto.question)) {
      throw new InvalidInputError([{ field: 'question', message: `unknown question "${dto.question}" of ${def.id}`, text: `pertanyaan "${dto.question}" tidak dikenal pada ${def.id}` }]);
    }
    const zone = commission.timeZone;
    return this.uow.write(async (manager) => {
      const response = await this.responses.response(manager, stage.id, body.id, true);
      if (!response?.verificationCompletedAt) {
        throw new ConflictError('objection.verification_incomplete', {
          en: `verification of body "${body.code}" is not complete; objections open after it`,
          id: `verifikasi badan publik "${body.code}" belum selesai; sanggah dibuka sesudahnya`,
        });
      }
      requireOpen(stage, 'objectionWindow', zone, this.clock.now());
      // SPEC §11: the body may object to a rejected or corrected answer only — an accepted one
      // (or one without a decision, which counts as accepted) has nothing to object to
      const decision = await this.repository.decision(manager, response.id, dto.question);
      if (decision?.decision !== 'reject' && decision?.decision !== 'correct') {
        throw new ConflictError('objection.accepted_answer', {
          en: `the answer to question ${dto.question} of body "${body.code}" was accepted in verification; an objection is made against a rejected or corrected answer only`,
          id: `jawaban pertanyaan ${dto.question} dari badan publik "${body.code}" diterima dalam verifikasi; sanggah hanya untuk jawaban yang ditolak atau dikoreksi`,
        });
      }
      // SPEC §16: one objection at a time on a question, and a rejected one is final for it
      if (await this.repository.pendingObjectionExists(manager, response.id, dto.question)) {
        throw new ConflictError('objection.pending', {
          en: `an objection on question ${dto.question} is already waiting for a ruling`,
          id: `sanggah atas pertanyaan ${dto.question} sudah menunggu keputusan`,
        });
      }
      const rejected = await this.repository.rejectedObjection(manager, response.id, dto.question);
      if (rejected) {
        throw new ConflictError('objection.final', {
          en: `objection ${rejected.id} on question ${dto.question} of body "${body.code}" was rejected at ${rejected.ruledAt} by ${rejected.ruledBy}; a rejected objection is final for that question`,
          id: `sanggah ${rejected.id} atas pertanyaan ${dto.question} dari badan publik "${body.code}" ditolak pada ${at(rejected.ruledAt, zone)} oleh ${rejected.ruledBy}; sanggah yang ditolak bersifat final untuk pertanyaan itu`,
        });
      }
      const objection = await this.repository.createObjection(manager, {
        responseId: response.id, questionCode: dto.question, reason: dto.reason, status: 'pending', value: null, note: null,
        createdAt: this.clock.now().toISOString(), createdBy: actor.username, ruledAt: null, ruledBy: null,
      });
      const view = toObjectionView(objection, body.code, stage.code);
      await this.audit.record(manager, {
        actor: actor.username, action: 'objection.create', editionId: edition.id, bodyCode: body.code, subject: `objection ${objection.id} ${stage.code} ${dto.question}`,
        before: null, after: { question: dto.question, reason: dto.reason, status: 'pending' },
      });
      return view;
    });
  }

  /** The verifier's ruling; final once given. */
  async rule(actor: Actor, editionCode: string, id: number, dto: RuleObjectionDto): Promise<ObjectionView> {
    const { edition, commission, stage, body, objection } = await this.access.requireObjection(actor, 'objection.rule', editionCode, id);
    if (dto.value !== undefined) {
      if (dto.decision !== 'upheld') {
        throw new InvalidInputError([{ field: 'value', message: 'only an upheld objection carries a value', text: 'hanya sanggah yang diterima yang membawa nilai' }]);
      }
      const { question } = await questionOf(this.instruments, stage, objection.questionCode);
      const issues = valueIssues(question, dto.value);
      if (issues.length) throw new InvalidInputError(issues);
    }
    return this.uow.write(async (manager) => {
      const current = await this.repository.lockedObjection(manager, objection.id);
      if (current.status !== 'pending') {
        throw new ConflictError('objection.ruled', {
          en: `objection ${id} was already ruled ${current.status} at ${current.ruledAt}`,
          id: `sanggah ${id} sudah diputus (${current.status === 'upheld' ? 'diterima' : 'ditolak'}) pada ${at(current.ruledAt, commission.timeZone)}`,
        });
      }
      const before = { status: current.status, value: current.value, note: current.note };
      Object.assign(current, { status: dto.decision, value: dto.value ?? null, note: dto.note, ruledAt: this.clock.now().toISOString(), ruledBy: actor.username });
      await this.repository.saveObjection(manager, current);
      await this.audit.record(manager, {
        actor: actor.username, action: 'objection.rule', editionId: edition.id, bodyCode: body.code, subject: `objection ${id} ${stage.code} ${current.questionCode}`,
        before, after: { status: current.status, value: current.value, note: current.note },
      });
      return toObjectionView(current, body.code, stage.code);
    });
  }

  /** Admins see every objection of the edition, verifiers those of their assigned bodies, a body its own. */
  async list(actor: Actor, editionCode: string, bodyCode?: string): Promise<ObjectionView[]> {
    const { edition } = await this.access.requireEdition(actor, 'objection.read', editionCode);
    const rows = await this.repository.objectionsOf(this.dataSource.manager, edition.id, {
      bodyCode,
      ownBodyId: actor.role === 'body' ? (actor.bodyId ?? -1) : undefined,
      assignedTo: actor.role === 'verifier' ? actor.id : undefined,
    });
    return rows.map((r) => toObjectionView(r.objection, r.body, r.stage));
  }
}
