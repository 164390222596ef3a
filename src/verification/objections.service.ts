import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/errors';
import { forUpdate } from '../database/sql';
import { UnitOfWork } from '../database/unit-of-work';
import { Assignment } from '../editions/assignment.entity';
import { Stage } from '../editions/stage.entity';
import { requireOpen } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { findQuestion } from '../saq/questions';
import { SaqResponse } from '../saq/saq-response.entity';
import { findResponse, questionOf, valueIssues } from '../saq/saq.service';
import { QuestionnaireDef } from '../scoring';
import { CreateObjectionDto, RuleObjectionDto } from './dto/objection.dto';
import { ObjectionRow } from './objection.entity';
import { ObjectionView, toObjectionView } from './objection-view';

/** Masa sanggah: a body objects to a verification result inside the objection window; the verifier rules. */
@Injectable()
export class ObjectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, editionCode: string, dto: CreateObjectionDto): Promise<ObjectionView> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'objection.create', editionCode, dto.body, { kind: 'questionnaire', code: dto.stage });
    const def = (await this.instruments.requireDef({ id: stage.instrumentId, version: stage.instrumentVersion })) as QuestionnaireDef;
    if (!findQuestion(def, dto.question)) throw new InvalidInputError([{ field: 'question', message: `unknown question "${dto.question}" of ${def.id}` }]);
    return this.uow.write(async (manager) => {
      const response = await findResponse(manager, stage, body, true);
      if (!response?.verificationCompletedAt) {
        throw new ConflictError(`verification of body "${body.code}" is not complete; objections open after it`);
      }
      requireOpen(stage, 'objectionWindow', this.clock.now());
      if (await manager.exists(ObjectionRow, { where: { responseId: response.id, questionCode: dto.question, status: 'pending' } })) {
        throw new ConflictError(`an objection on question ${dto.question} is already waiting for a ruling`);
      }
      const objection = await manager.save(
        manager.create(ObjectionRow, {
          responseId: response.id, questionCode: dto.question, reason: dto.reason, status: 'pending', value: null, note: null,
          createdAt: this.clock.now().toISOString(), createdBy: actor.username, ruledAt: null, ruledBy: null,
        }),
      );
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
      const current = await manager.findOneOrFail(ObjectionRow, { where: { id: objection.id }, ...forUpdate(manager) });
      if (current.status !== 'pending') throw new ConflictError(`objection ${id} was already ruled ${current.status} at ${current.ruledAt}`);
      const before = { status: current.status, value: current.value, note: current.note };
      Object.assign(current, { status: dto.decision, value: dto.value ?? null, note: dto.note, ruledAt: this.clock.now().toISOString(), ruledBy: actor.username });
      await manager.save(current);
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
    const query = this.dataSource.manager
      .createQueryBuilder(ObjectionRow, 'o')
      .innerJoin(SaqResponse, 'r', 'r.id = o.responseId')
      .innerJoin(Body, 'b', 'b.id = r.bodyId')
      .innerJoin(Stage, 's', 's.id = r.stageId')
      .select(['o.id AS id', 'b.code AS body', 's.code AS stage'])
      .where('r.editionId = :e', { e: edition.id });
    if (bodyCode) query.andWhere('b.code = :b', { b: bodyCode });
    if (actor.role === 'body') query.andWhere('r.bodyId = :own', { own: actor.bodyId });
    if (actor.role === 'verifier') {
      query.andWhere(
        (qb) => `EXISTS ${qb.subQuery().select('1').from(Assignment, 'a').where('a.stageId = r.stageId AND a.bodyId = r.bodyId AND a.userId = :me').getQuery()}`,
        { me: actor.id },
      );
    }
    const refs: { id: number; body: string; stage: string }[] = await query.orderBy('o.id', 'ASC').getRawMany();
    if (!refs.length) return [];
    const rows = new Map((await this.dataSource.manager.find(ObjectionRow, { where: { id: In(refs.map((r) => Number(r.id))) } })).map((o) => [o.id, o]));
    return refs.map((r) => toObjectionView(rows.get(Number(r.id))!, r.body, r.stage));
  }
}
