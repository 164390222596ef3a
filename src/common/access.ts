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
import { flag, hydrate, Params, select, selectColumns } from '../database/sql';

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
   *
   * Every answer save starts here, so everything it needs — edition, commission, stage, body,
   * participation and the caller's own participation or assignments — is read in one query
   * (nothing cached: windows, participants and assignments count from the next request on);
   * the checks then run in the order, and with the errors, of requireEdition, findStage and
   * findParticipant.
   */
  async requireBody(
    actor: Actor,
    permission: Permission,
    editionCode: string,
    bodyCode: string,
    stageSelector: StageSelector,
    manager = this.manager,
  ): Promise<BodyScope> {
    this.requireRole(actor, permission);
    const p = new Params(manager);
    const assessor = actor.role === 'verifier' || actor.role === 'juror';
    const columns = [
      selectColumns(manager, Edition, 'e'),
      selectColumns(manager, Commission, 'c'),
      selectColumns(manager, Stage, 's'),
      selectColumns(manager, Body, 'b'),
      'CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS "participates"',
    ];
    if (actor.role === 'body' && actor.bodyId !== null) {
      columns.push(`CASE WHEN EXISTS (SELECT 1 FROM participant ap WHERE ap."editionId" = e.id AND ap."bodyId" = ${p.add(actor.bodyId)}) THEN 1 ELSE 0 END AS "actorParticipates"`);
    }
    if (assessor) {
      columns.push(`CASE WHEN EXISTS (SELECT 1 FROM assignment ae WHERE ae."editionId" = e.id AND ae."userId" = ${p.add(actor.id)}) THEN 1 ELSE 0 END AS "assignedInEdition"`);
      columns.push(`CASE WHEN EXISTS (SELECT 1 FROM assignment ab WHERE ab."stageId" = s.id AND ab."userId" = ${p.add(actor.id)} AND ab."bodyId" = b.id) THEN 1 ELSE 0 END AS "assignedToBody"`);
    }
    // values are added in the order their placeholders appear (SQLite binds `?` by position)
    const stageFilter = stageSelector.code ? ` AND s2.code = ${p.add(stageSelector.code)}` : stageSelector.kind ? ` AND s2.kind = ${p.add(stageSelector.kind)}` : '';
    const rows = await select(manager,
      `SELECT ${columns.join(', ')} FROM edition e` +
        ' LEFT JOIN commission c ON c.id = e."commissionId"' +
        ` LEFT JOIN stage s ON s.id = (SELECT s2.id FROM stage s2 WHERE s2."editionId" = e.id${stageFilter} ORDER BY s2."position" ASC LIMIT 1)` +
        ` LEFT JOIN body b ON b."commissionId" = e."commissionId" AND b.code = ${p.add(bodyCode)}` +
        ' LEFT JOIN participant p ON p."editionId" = e.id AND p."bodyId" = b.id' +
        ` WHERE e.code = ${p.add(editionCode)}`,
      p.values,
    );
    const row = rows[0];
    const edition = row ? hydrate(manager, Edition, row, 'e') : null;
    const sees = (): boolean => {
      switch (actor.role) {
        case 'admin':
          return this.adminSees(actor, edition!.commissionId);
        case 'body':
          return actor.bodyId !== null && flag(row.actorParticipates);
        case 'verifier':
        case 'juror':
          return actor.commissionId === edition!.commissionId || flag(row.assignedInEdition);
      }
    };
    if (!edition || !sees()) throw new NotFoundError('edition', editionCode);
    const commission = hydrate(manager, Commission, row, 'c') ?? (await manager.findOneOrFail(Commission, { where: { id: edition.commissionId } }));
    if (actor.role === 'body' && actor.body !== bodyCode) throw new NotFoundError('body', bodyCode);
    const stage = hydrate(manager, Stage, row, 's');
    if (!stage || (stageSelector.kind && stage.kind !== stageSelector.kind)) {
      throw new NotFoundError(stageSelector.kind ? KIND_NAME[stageSelector.kind] : 'stage', stageSelector.code ?? `(first) of ${edition.code}`);
    }
    const body = hydrate(manager, Body, row, 'b');
    if (!body || !flag(row.participates)) throw new NotFoundError('body', bodyCode);
    if (assessor && !flag(row.assignedToBody)) {
      throw new ForbiddenError(`${actor.username} is not assigned to body "${bodyCode}" in stage "${stage.code}"`);
    }
    return { edition, commission, stage, body };
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
