import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, FieldIssue, InvalidInputError } from '../common/errors';
import { compareInstants, parseInstant, storedInstant } from '../common/instant';
import { Commission } from '../commissions/commission.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { Instrument } from '../instruments/instrument.entity';
import { EditionDef, StageDef, TimeWindow } from '../scoring';
import { User } from '../users/user.entity';
import { Assignment } from './assignment.entity';
import { editionFromRequest } from './definition-input';
import { AssignmentDto } from './dto/assignment.dto';
import { EnrolParticipantsDto } from './dto/participants.dto';
import { GrantExtensionDto } from './dto/extension.dto';
import { StageWindowsDto } from './dto/stage-windows.dto';
import { createEdition, loadEditionDef, stageDef } from './edition-store';
import { Edition } from './edition.entity';
import { Extension } from './extension.entity';
import { Participant } from './participant.entity';
import { Stage } from './stage.entity';
import { stageWindow, stageWindows, WINDOW_KINDS, windowColumns } from './windows';

export type EditionView = EditionDef & { computedAt: string | null; participants: number };

export interface AssignmentView {
  stage: string;
  kind: Stage['kind'];
  username: string;
  role: User['role'];
  body: string;
  bodyName: string;
}

export interface ExtensionView {
  stage: string;
  body: string;
  until: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}

export interface ParticipantView {
  code: string;
  name: string;
  category: string;
}

const CHUNK = 100;

function checkWindow(field: string, window: TimeWindow | undefined): FieldIssue[] {
  if (!window) return [];
  const opens = parseInstant(window.opens);
  const closes = parseInstant(window.closes);
  if (!opens.ok) return [{ field: `${field}.opens`, message: opens.message }];
  if (!closes.ok) return [{ field: `${field}.closes`, message: closes.message }];
  return compareInstants(opens.instant, closes.instant) < 0 ? [] : [{ field: `${field}.closes`, message: `must be after opens (${window.opens})` }];
}

async function inChunks<T>(codes: string[], find: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < codes.length; i += CHUNK) found.push(...(await find(codes.slice(i, i + CHUNK))));
  return found;
}

/** Editions and what the admin sets up around them: windows, participants, assignments, extensions. */
@Injectable()
export class EditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** From a SPEC §4 definition; the instruments it pins must be stored already, with the right kinds. */
  async create(actor: Actor, request: unknown): Promise<EditionView> {
    this.access.requireRole(actor, 'edition.create');
    const def = editionFromRequest(request);
    const { commission } = await this.access.requireCommission(actor, 'edition.create', def.commission);
    await this.uow.write(async (manager) => {
      await this.checkInstruments(manager, def.stages);
      if (await manager.exists(Edition, { where: { code: def.code } })) throw new ConflictError(`edition "${def.code}" already exists`);
      const edition = await createEdition(manager, def, commission.id);
      await this.audit.record(manager, {
        actor: actor.username, action: 'edition.create', editionId: edition.id, bodyCode: null, subject: `edition ${def.code}`,
        before: null, after: def,
      });
    });
    return this.get(actor, def.code);
  }

  async get(actor: Actor, code: string): Promise<EditionView> {
    const { edition, commission } = await this.access.requireEdition(actor, 'edition.read', code);
    return this.view(this.dataSource.manager, edition, commission);
  }

  /** The editions the caller can see. */
  async list(actor: Actor): Promise<EditionView[]> {
    this.access.requireRole(actor, 'edition.read');
    const manager = this.dataSource.manager;
    let editions: Edition[];
    if (actor.role === 'admin') {
      editions = await manager.find(Edition, { where: actor.commissionId === null ? {} : { commissionId: actor.commissionId }, order: { year: 'DESC', code: 'ASC' } });
    } else if (actor.role === 'body') {
      const enrolled = await manager.find(Participant, { where: { bodyId: actor.bodyId ?? -1 } });
      editions = enrolled.length ? await manager.find(Edition, { where: { id: In(enrolled.map((p) => p.editionId)) }, order: { year: 'DESC', code: 'ASC' } }) : [];
    } else {
      const assigned = await manager.find(Assignment, { where: { userId: actor.id } });
      const ids = [...new Set(assigned.map((a) => a.editionId))];
      editions = await manager.find(Edition, {
        where: [...(actor.commissionId !== null ? [{ commissionId: actor.commissionId }] : []), ...(ids.length ? [{ id: In(ids) }] : [])],
        order: { year: 'DESC', code: 'ASC' },
      });
      if (actor.commissionId === null && !ids.length) editions = [];
    }
    const commissions = new Map((await manager.find(Commission)).map((c) => [c.id, c]));
    return Promise.all(editions.map((e) => this.view(manager, e, commissions.get(e.commissionId)!)));
  }

  /** Move a stage's windows; the change is audited with the windows before and after. */
  async moveWindows(actor: Actor, editionCode: string, stageCode: string, dto: StageWindowsDto): Promise<StageDef> {
    const { edition, stage } = await this.access.requireStage(actor, 'edition.manage', editionCode, { code: stageCode });
    const issues = [...checkWindow('window', dto.window), ...checkWindow('verificationWindow', dto.verificationWindow), ...checkWindow('objectionWindow', dto.objectionWindow)];
    if (stage.kind === 'panel') {
      if (dto.verificationWindow) issues.push({ field: 'verificationWindow', message: 'a panel stage has no verification window' });
      if (dto.objectionWindow) issues.push({ field: 'objectionWindow', message: 'a panel stage has no objection window' });
    }
    if (!dto.window && !dto.verificationWindow && !dto.objectionWindow) issues.push({ field: '(body)', message: 'give at least one of window, verificationWindow, objectionWindow' });
    if (issues.length) throw new InvalidInputError(issues);
    return this.uow.write(async (manager) => {
      const current = await manager.findOneOrFail(Stage, { where: { id: stage.id } });
      const before = stageWindows(current);
      for (const kind of WINDOW_KINDS) if (dto[kind]) Object.assign(current, windowColumns(kind, dto[kind]));
      await manager.save(current);
      await this.audit.record(manager, {
        actor: actor.username, action: 'stage.windows', editionId: edition.id, bodyCode: null, subject: `stage ${stage.code} windows`,
        before, after: stageWindows(current),
      });
      return stageDef(current);
    });
  }

  /** Enrol registered bodies of the edition's commission; bodies enrolled before are left as they are. */
  async enrol(actor: Actor, editionCode: string, dto: EnrolParticipantsDto): Promise<{ enrolled: string[]; alreadyEnrolled: string[] }> {
    const { edition, commission } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.uow.write(async (manager) => {
      const codes = [...new Set(dto.bodies)];
      const bodies = await inChunks(codes, (slice) => manager.find(Body, { where: { commissionId: commission.id, code: In(slice) } }));
      const byCode = new Map(bodies.map((b) => [b.code, b]));
      const categories = new Set(edition.categories.map((c) => c.code));
      const issues: FieldIssue[] = [];
      dto.bodies.forEach((code, i) => {
        const body = byCode.get(code);
        if (!body) issues.push({ field: `bodies[${i}]`, message: `unknown body "${code}" in commission "${commission.code}"` });
        else if (!categories.has(body.category)) {
          issues.push({ field: `bodies[${i}]`, message: `category "${body.category}" of body "${code}" is not ranked in this edition (${[...categories].join(', ')})` });
        }
      });
      if (issues.length) throw new InvalidInputError(issues);
      const existing = new Set(
        (await inChunks(bodies.map((b) => String(b.id)), (slice) => manager.find(Participant, { where: { editionId: edition.id, bodyId: In(slice.map(Number)) } }))).map((p) => p.bodyId),
      );
      const fresh = bodies.filter((b) => !existing.has(b.id));
      for (let i = 0; i < fresh.length; i += CHUNK) {
        await manager.insert(Participant, fresh.slice(i, i + CHUNK).map((b) => ({ editionId: edition.id, bodyId: b.id })));
      }
      const enrolled = fresh.map((b) => b.code);
      if (enrolled.length) {
        await this.audit.record(manager, {
          actor: actor.username, action: 'participants.enrol', editionId: edition.id, bodyCode: null, subject: `participants of ${edition.code}`,
          before: null, after: { bodies: enrolled },
        });
      }
      return { enrolled, alreadyEnrolled: bodies.filter((b) => existing.has(b.id)).map((b) => b.code) };
    });
  }

  async participants(actor: Actor, editionCode: string): Promise<ParticipantView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    const rows: ParticipantView[] = await this.dataSource.manager
      .createQueryBuilder(Participant, 'p')
      .innerJoin(Body, 'b', 'b.id = p.bodyId')
      .select(['b.code AS code', 'b.name AS name', 'b.category AS category'])
      .where('p.editionId = :id', { id: edition.id })
      .orderBy('b.code', 'ASC')
      .getRawMany();
    return rows;
  }

  /** Verifiers to questionnaire stages, jurors to panel stages, each for one body; repeats are no-ops. */
  async assign(actor: Actor, editionCode: string, items: AssignmentDto[]): Promise<AssignmentView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.uow.write(async (manager) => {
      const stages = new Map((await manager.find(Stage, { where: { editionId: edition.id } })).map((s) => [s.code, s]));
      const usernames = [...new Set(items.map((i) => i.username))];
      const users = new Map((await inChunks(usernames, (slice) => manager.find(User, { where: { username: In(slice) } }))).map((u) => [u.username, u]));
      const bodies = await this.participantsByCode(manager, edition, items.map((i) => i.body));
      const issues: FieldIssue[] = [];
      items.forEach((item, i) => {
        const stage = stages.get(item.stage);
        const user = users.get(item.username);
        if (!stage) issues.push({ field: `[${i}].stage`, message: `unknown stage "${item.stage}" (stages: ${[...stages.keys()].join(', ')})` });
        if (!user) issues.push({ field: `[${i}].username`, message: `unknown user "${item.username}"` });
        else if (stage) {
          const role = stage.kind === 'questionnaire' ? 'verifier' : 'juror';
          if (user.role !== role) issues.push({ field: `[${i}].username`, message: `"${user.username}" is a ${user.role}; stage "${stage.code}" takes a ${role}` });
          else if (user.commissionId !== null && user.commissionId !== edition.commissionId) {
            issues.push({ field: `[${i}].username`, message: `"${user.username}" belongs to another commission` });
          }
        }
        if (!bodies.has(item.body)) issues.push({ field: `[${i}].body`, message: `"${item.body}" is not a participant of ${edition.code}` });
      });
      if (issues.length) throw new InvalidInputError(issues);
      const views: AssignmentView[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const stage = stages.get(item.stage)!;
        const user = users.get(item.username)!;
        const body = bodies.get(item.body)!;
        const key = `${stage.id}/${user.id}/${body.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        views.push({ stage: stage.code, kind: stage.kind, username: user.username, role: user.role, body: body.code, bodyName: body.name });
        if (await manager.exists(Assignment, { where: { stageId: stage.id, userId: user.id, bodyId: body.id } })) continue;
        await manager.insert(Assignment, { editionId: edition.id, stageId: stage.id, userId: user.id, bodyId: body.id });
        await this.audit.record(manager, {
          actor: actor.username, action: 'assignment.create', editionId: edition.id, bodyCode: body.code, subject: `assignment ${stage.code} ${user.username}`,
          before: null, after: { stage: stage.code, username: user.username, body: body.code },
        });
      }
      return views;
    });
  }

  /** Admins see every assignment of the edition; verifiers and jurors only their own. */
  async assignments(actor: Actor, editionCode: string): Promise<AssignmentView[]> {
    const { edition } = await this.access.requireEdition(actor, 'assignment.read', editionCode);
    const query = this.dataSource.manager
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(Stage, 's', 's.id = a.stageId')
      .innerJoin(User, 'u', 'u.id = a.userId')
      .innerJoin(Body, 'b', 'b.id = a.bodyId')
      .select(['s.code AS stage', 's.kind AS kind', 'u.username AS username', 'u.role AS role', 'b.code AS body', 'b.name AS "bodyName"'])
      .where('a.editionId = :e', { e: edition.id });
    if (actor.role !== 'admin') query.andWhere('a.userId = :u', { u: actor.id });
    return query.orderBy('s.position', 'ASC').addOrderBy('b.code', 'ASC').addOrderBy('u.username', 'ASC').getRawMany();
  }

  /** One body's later deadline for a stage's window, with the reason; recorded and audited. */
  async extend(actor: Actor, editionCode: string, dto: GrantExtensionDto): Promise<ExtensionView> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'edition.manage', editionCode, dto.body, { code: dto.stage });
    const until = parseInstant(dto.until);
    if (!until.ok) throw new InvalidInputError([{ field: 'until', message: until.message }]);
    const window = stageWindow(stage, 'window');
    if (!window) throw new InvalidInputError([{ field: 'stage', message: `stage "${stage.code}" has no window to extend` }]);
    if (compareInstants(until.instant, storedInstant(window.closes)) <= 0) {
      throw new InvalidInputError([{ field: 'until', message: `must be after the window closes (${window.closes})` }]);
    }
    return this.uow.write(async (manager) => {
      const previous = await manager.findOne(Extension, { where: { stageId: stage.id, bodyId: body.id }, order: { id: 'DESC' } });
      const extension = manager.create(Extension, {
        stageId: stage.id, bodyId: body.id, until: dto.until, reason: dto.reason, grantedBy: actor.username, grantedAt: this.clock.now().toISOString(),
      });
      await manager.insert(Extension, extension);
      const view: ExtensionView = { stage: stage.code, body: body.code, until: extension.until, reason: extension.reason, grantedBy: extension.grantedBy, grantedAt: extension.grantedAt };
      await this.audit.record(manager, {
        actor: actor.username, action: 'extension.grant', editionId: edition.id, bodyCode: body.code, subject: `extension ${stage.code}`,
        before: previous ? { until: previous.until, reason: previous.reason } : null, after: { until: view.until, reason: view.reason },
      });
      return view;
    });
  }

  async extensions(actor: Actor, editionCode: string): Promise<ExtensionView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.dataSource.manager
      .createQueryBuilder(Extension, 'x')
      .innerJoin(Stage, 's', 's.id = x.stageId')
      .innerJoin(Body, 'b', 'b.id = x.bodyId')
      .select(['s.code AS stage', 'b.code AS body', 'x.until AS until', 'x.reason AS reason', 'x.grantedBy AS "grantedBy"', 'x.grantedAt AS "grantedAt"'])
      .where('s.editionId = :e', { e: edition.id })
      .orderBy('x.id', 'ASC')
      .getRawMany();
  }

  private async view(manager: EntityManager, edition: Edition, commission: Commission): Promise<EditionView> {
    const def = await loadEditionDef(manager, edition, commission.code);
    const participants = await manager.count(Participant, { where: { editionId: edition.id } });
    return { ...def, computedAt: edition.computedAt, participants };
  }

  private async participantsByCode(manager: EntityManager, edition: Edition, codes: string[]): Promise<Map<string, Body>> {
    const unique = [...new Set(codes)];
    const bodies = await inChunks(unique, (slice) =>
      manager
        .createQueryBuilder(Body, 'b')
        .innerJoin(Participant, 'p', 'p.bodyId = b.id AND p.editionId = :e', { e: edition.id })
        .where('b.commissionId = :c', { c: edition.commissionId })
        .andWhere('b.code IN (:...codes)', { codes: slice })
        .getMany(),
    );
    return new Map(bodies.map((b) => [b.code, b]));
  }

  /** Every stage's instrument exists, and a questionnaire stage pins a questionnaire, a panel stage a rubric. */
  private async checkInstruments(manager: EntityManager, stages: StageDef[]): Promise<void> {
    const issues: FieldIssue[] = [];
    for (const [i, stage] of stages.entries()) {
      const found = await manager.findOne(Instrument, { where: { instrumentId: stage.instrument.id, version: stage.instrument.version } });
      const expected = stage.kind === 'questionnaire' ? 'questionnaire' : 'rubric';
      if (!found) {
        issues.push({ field: `stages[${i}].instrument`, message: `instrument ${stage.instrument.id} version ${stage.instrument.version} is not stored; POST /api/instruments first` });
      } else if (found.kind !== expected) {
        issues.push({ field: `stages[${i}].instrument`, message: `${stage.instrument.id} is a ${found.kind}; a ${stage.kind} stage needs a ${expected}` });
      }
    }
    if (issues.length) throw new InvalidInputError(issues);
  }
}
