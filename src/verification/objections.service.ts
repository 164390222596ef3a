import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { requireOpen } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { findQuestion, questionOf, valueIssues } from '../saq/questions';
import { SaqRepository } from '../saq/saq.repository';
import { QuestionnaireDef } from '../scoring';
import { CreateObjectionDto, RuleObjectionDto } from './dto/objection.dto';
import { ObjectionView, toObjectionView } from './objection-view';
import { VerificationRepository } from './verification.repository';

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
    const { edition, stage, body } = await this.access.requireBody(actor, 'objection.create', editionCode, dto.body, { kind: 'questionnaire', code: dto.stage });
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    if (!findQuestion(def, dto.question)) throw new InvalidInputError([{ field: 'question', message: `unknown question "${dto.question}" of ${def.id}` }]);
    return this.uow.write(async (manager) => {
      const response = await this.responses.response(manager, stage.id, body.id, true);
      if (!response?.verificationCompletedAt) {
        throw new ConflictError(`verification of body "${body.code}" is not complete; objections open after it`);
      }
      requireOpen(stage, 'objectionWindow', this.clock.now());
      // SPEC §11: the body may object to a rejected or corrected answer only — an accepted one
      // (or one without a decision, which counts as accepted) has nothing to object to
      const decision = await this.repository.decision(manager, response.id, dto.question);
      if (decision?.decision !== 'reject' && decision?.decision !== 'correct') {
        throw new ConflictError(`the answer to question ${dto.question} of body "${body.code}" was accepted in verification; an objection is made against a rejected or corrected answer only`);
      }
      // SPEC §16: one objection at a time on a question, and a rejected one is final for it
      if (await this.repository.pendingObjectionExists(manager, response.id, dto.question)) {
        throw new ConflictError(`an objection on question ${dto.question} is already waiting for a ruling`);
      }
      const rejected = await this.repository.rejectedObjection(manager, response.id, dto.question);
      if (rejected) {
        throw new ConflictError(
          `objection ${rejected.id} on question ${dto.question} of body "${body.code}" was rejected at ${rejected.ruledAt} by ${rejected.ruledBy}; a rejected objection is final for that question`,
        );
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
    const { edition, stage, body, objection } = await this.access.requireObjection(actor, 'objection.rule', editionCode, id);
    if (dto.value !== undefined) {
      if (dto.decision !== 'upheld') throw new InvalidInputError([{ field: 'value', message: 'only an upheld objection carries a value' }]);
      const { question } = await questionOf(this.instruments, stage, objection.questionCode);
      const issues = valueIssues(question, dto.value);
      if (issues.length) throw new InvalidInputError(issues);
    }
    return this.uow.write(async (manager) => {
      const current = await this.repository.lockedObjection(manager, objection.id);
      if (current.status !== 'pending') throw new ConflictError(`objection ${id} was already ruled ${current.status} at ${current.ruledAt}`);
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
