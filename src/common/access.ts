import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { Assignment } from '../editions/assignment.entity';
import { Edition } from '../editions/edition.entity';
import { Participant } from '../editions/participant.entity';
import { Stage } from '../editions/stage.entity';
import { Role } from '../users/user.entity';
import { ObjectionRow } from '../verification/objection.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { Actor } from './actor';
import { ForbiddenError, NotFoundError } from './errors';

/**
 * What each permission allows, by role (SPEC §6). Scope comes on top: an admin acts within its
 * commission (or everywhere when it has none), a verifier or juror only for the bodies assigned
 * to it in that stage, a body user only for its own body.
 */
export const PERMISSIONS = {
  'commission.create': ['admin'],
  'commission.read': ['admin'],
  'body.manage': ['admin'],
  'user.manage': ['admin'],
  'instrument.create': ['admin'],
  'instrument.read': ['admin', 'verifier', 'juror', 'body'],
  'edition.create': ['admin'],
  'edition.read': ['admin', 'verifier', 'juror', 'body'],
  'edition.manage': ['admin'],
  'assignment.read': ['admin', 'verifier', 'juror'],
  'saq.read': ['admin', 'verifier', 'body'],
  'saq.answer': ['body'],
  'verification.decide': ['admin', 'verifier'],
  'objection.read': ['admin', 'verifier', 'body'],
  'objection.create': ['body'],
  'objection.rule': ['admin', 'verifier'],
  'panel.read': ['admin', 'juror'],
  'panel.score': ['juror'],
  'panel.absence': ['admin'],
  'results.manage': ['admin'],
  'result.read': ['admin', 'body'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export type StageKind = Stage['kind'];

export interface CommissionScope {
  commission: Commission;
}

export interface EditionScope {
  edition: Edition;
  commission: Commission;
}

export interface StageScope extends EditionScope {
  stage: Stage;
}

export interface BodyScope extends StageScope {
  body: Body;
}

export interface ObjectionScope extends BodyScope {
  objection: ObjectionRow;
  response: SaqResponse;
}

/** Which stage of an edition a request addresses: by code, or the first stage of that kind. */
export interface StageSelector {
  /** when given, the stage must be of this kind */
  kind?: StageKind;
  code?: string;
}

const KIND_NAME: Record<StageKind, string> = { questionnaire: 'questionnaire stage', panel: 'panel stage' };

/**
 * The one access check every service method starts with (immich-style): it resolves the codes a
 * request names, refuses a role the permission does not include (403), hides what lies outside
 * the caller's scope (404: a body user never learns which other bodies exist), and refuses a
 * verifier or juror who is not assigned to the body (403).
 */
@Injectable()
export class AccessService {
  constructor(private readonly dataSource: DataSource) {}

  /** A permission that addresses nothing in particular (e.g. reading the instrument list). */
  requireRole(actor: Actor, permission: Permission): void {
    const roles: readonly Role[] = PERMISSIONS[permission];
    if (!roles.includes(actor.role)) {
      throw new ForbiddenError(`a ${actor.role} user may not do this (${permission}; allowed: ${roles.join(', ')})`);
    }
  }

  /** Only an admin of every commission (one with no commission of its own). */
  requireGlobalAdmin(actor: Actor, permission: Permission): void {
    this.requireRole(actor, permission);
    if (actor.commissionId !== null) throw new ForbiddenError(`only an admin of every commission may do this (${permission})`);
  }

  /**
   * The commission an admin acts in when it names one (or none): its own for an admin of one
   * commission (naming another is 403), the named one (or none) for an admin of every commission.
   */
  async requireAdminScope(actor: Actor, permission: Permission, named: string | undefined, manager = this.manager): Promise<Commission | null> {
    this.requireRole(actor, permission);
    if (actor.commissionId !== null && named !== undefined && named !== actor.commission) {
      throw new ForbiddenError(`an admin of commission "${actor.commission}" acts only in that commission`);
    }
    const code = named ?? actor.commission;
    if (code === null) return null;
    const commission = await manager.findOne(Commission, { where: { code } });
    if (!commission) throw new NotFoundError('commission', code);
    return commission;
  }

  async requireCommission(actor: Actor, permission: Permission, code: string, manager = this.manager): Promise<CommissionScope> {
    this.requireRole(actor, permission);
    const commission = await manager.findOne(Commission, { where: { code } });
    if (!commission || !this.adminSees(actor, commission.id)) throw new NotFoundError('commission', code);
    return { commission };
  }

  async requireEdition(actor: Actor, permission: Permission, code: string, manager = this.manager): Promise<EditionScope> {
    this.requireRole(actor, permission);
    const edition = await manager.findOne(Edition, { where: { code } });
    if (!edition || !(await this.sees(actor, edition, manager))) throw new NotFoundError('edition', code);
    const commission = await manager.findOneOrFail(Commission, { where: { id: edition.commissionId } });
    return { edition, commission };
  }

  async requireStage(actor: Actor, permission: Permission, editionCode: string, stage: StageSelector, manager = this.manager): Promise<StageScope> {
    const scope = await this.requireEdition(actor, permission, editionCode, manager);
    return { ...scope, stage: await this.findStage(manager, scope.edition, stage) };
  }

  /**
   * A body in an edition's stage. Admins in scope pass; a body user only for its own body (any
   * other code is "not found"); a verifier or juror only when assigned to the body in that stage.
   */
  async requireBody(
    actor: Actor,
    permission: Permission,
    editionCode: string,
    bodyCode: string,
    stageSelector: StageSelector,
    manager = this.manager,
  ): Promise<BodyScope> {
    const scope = await this.requireEdition(actor, permission, editionCode, manager);
    if (actor.role === 'body' && actor.body !== bodyCode) throw new NotFoundError('body', bodyCode);
    const stage = await this.findStage(manager, scope.edition, stageSelector);
    const body = await this.findParticipant(manager, scope.edition, bodyCode);
    if (actor.role === 'verifier' || actor.role === 'juror') {
      const assigned = await manager.exists(Assignment, { where: { stageId: stage.id, userId: actor.id, bodyId: body.id } });
      if (!assigned) throw new ForbiddenError(`${actor.username} is not assigned to body "${bodyCode}" in stage "${stage.code}"`);
    }
    return { ...scope, stage, body };
  }

  /** A participating body of an edition, whatever the stage (results): admins in scope, a body user for its own body. */
  async requireParticipant(actor: Actor, permission: Permission, editionCode: string, bodyCode: string, manager = this.manager): Promise<EditionScope & { body: Body }> {
    const scope = await this.requireEdition(actor, permission, editionCode, manager);
    if (actor.role === 'body' && actor.body !== bodyCode) throw new NotFoundError('body', bodyCode);
    if (actor.role === 'verifier' || actor.role === 'juror') throw new ForbiddenError(`a ${actor.role} user may not do this (${permission})`);
    return { ...scope, body: await this.findParticipant(manager, scope.edition, bodyCode) };
  }

  /** An objection by id, with the body and questionnaire stage it belongs to; same rules as requireBody. */
  async requireObjection(actor: Actor, permission: Permission, editionCode: string, id: number, manager = this.manager): Promise<ObjectionScope> {
    const { edition } = await this.requireEdition(actor, permission, editionCode, manager);
    const objection = Number.isSafeInteger(id) ? await manager.findOne(ObjectionRow, { where: { id } }) : null;
    const response = objection ? await manager.findOne(SaqResponse, { where: { id: objection.responseId } }) : null;
    const body = response ? await manager.findOne(Body, { where: { id: response.bodyId } }) : null;
    const stage = response ? await manager.findOne(Stage, { where: { id: response.stageId } }) : null;
    if (!objection || !response || !body || !stage || response.editionId !== edition.id) throw new NotFoundError('objection', id);
    if (actor.role === 'body' && actor.bodyId !== body.id) throw new NotFoundError('objection', id);
    const scope = await this.requireBody(actor, permission, editionCode, body.code, { kind: 'questionnaire', code: stage.code }, manager);
    return { ...scope, objection, response };
  }

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  private adminSees(actor: Actor, commissionId: number): boolean {
    return actor.role === 'admin' && (actor.commissionId === null || actor.commissionId === commissionId);
  }

  /** Whether the edition exists as far as this caller is concerned. */
  private async sees(actor: Actor, edition: Edition, manager: EntityManager): Promise<boolean> {
    switch (actor.role) {
      case 'admin':
        return this.adminSees(actor, edition.commissionId);
      case 'body':
        return actor.bodyId !== null && manager.exists(Participant, { where: { editionId: edition.id, bodyId: actor.bodyId } });
      case 'verifier':
      case 'juror':
        return (
          actor.commissionId === edition.commissionId ||
          manager.exists(Assignment, { where: { editionId: edition.id, userId: actor.id } })
        );
    }
  }

  private async findStage(manager: EntityManager, edition: Edition, selector: StageSelector): Promise<Stage> {
    const stage = selector.code
      ? await manager.findOne(Stage, { where: { editionId: edition.id, code: selector.code } })
      : await manager.findOne(Stage, { where: { editionId: edition.id, ...(selector.kind ? { kind: selector.kind } : {}) }, order: { position: 'ASC' } });
    if (!stage || (selector.kind && stage.kind !== selector.kind)) {
      throw new NotFoundError(selector.kind ? KIND_NAME[selector.kind] : 'stage', selector.code ?? `(first) of ${edition.code}`);
    }
    return stage;
  }

  private async findParticipant(manager: EntityManager, edition: Edition, code: string): Promise<Body> {
    const body = await manager.findOne(Body, { where: { commissionId: edition.commissionId, code } });
    if (!body || !(await manager.exists(Participant, { where: { editionId: edition.id, bodyId: body.id } }))) {
      throw new NotFoundError('body', code);
    }
    return body;
  }
}
