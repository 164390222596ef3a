import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { Actor } from '../common/actor';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { PERAN, User } from '../users/user.entity';
import { EvidenceFile } from '../evidence/evidence-file.entity';
import { ObjectionRow } from '../verification/objection.entity';
import { AccessRepository, ScopeFacts, ScopeTarget, StageSelector } from './access.repository';
import { Permission, PERMISSIONS, roleMay } from './permissions';

export type { StageSelector } from './access.repository';

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

export interface ParticipantScope extends EditionScope {
  body: Body;
}

export interface UserScope {
  user: User;
}

export interface EvidenceFileScope extends BodyScope {
  file: EvidenceFile;
}

export interface ObjectionScope extends BodyScope {
  objection: ObjectionRow;
  response: SaqResponse;
}

const KIND_NAME = { questionnaire: 'questionnaireStage', panel: 'panelStage' } as const satisfies Record<Stage['kind'], string>;

/**
 * The one access check every service method starts with, whoever calls it (an API controller,
 * a page, the CLI with its system actor). It resolves the codes a request names in one query
 * (access.repository.ts), refuses a role the permission does not include (403), hides what lies
 * outside the caller's scope (404: a body user never learns which other bodies exist), and
 * refuses a verifier or juror who is not assigned to the body (403).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AccessRepository,
  ) {}

  /** A permission that addresses nothing in particular (e.g. reading the instrument list). */
  requireRole(actor: Actor, permission: Permission): void {
    if (!roleMay(actor.role, permission)) {
      const allowed = PERMISSIONS[permission];
      throw new ForbiddenError('access.forbidden', {
        en: `a ${actor.role} user may not do this (${permission}; allowed: ${allowed.join(', ')})`,
        id: `pengguna dengan peran ${PERAN[actor.role]} tidak boleh melakukan ini (${permission}; yang boleh: ${allowed.map((r) => PERAN[r]).join(', ')})`,
      });
    }
  }

  /** Only an admin of every commission (one with no commission of its own). */
  requireGlobalAdmin(actor: Actor, permission: Permission): void {
    this.requireRole(actor, permission);
    if (actor.commissionId !== null) {
      throw new ForbiddenError('access.global_admin_only', {
        en: `only an admin of every commission may do this (${permission})`,
        id: `hanya admin semua komisi yang boleh melakukan ini (${permission})`,
      });
    }
  }

  /**
   * The commission an admin acts in when it names one (or none): its own for an admin of one
   * commission (naming another is 403), the named one (or none) for an admin of every commission.
   */
  async requireAdminScope(actor: Actor, permission: Permission, named: string | undefined, manager = this.manager): Promise<Commission | null> {
    this.requireRole(actor, permission);
    if (actor.commissionId !== null && named !== undefined && named !== actor.commission) {
      throw new ForbiddenError('access.other_commission', {
        en: `an admin of commission "${actor.commission}" acts only in that commission`,
        id: `admin komisi "${actor.commission}" hanya bertindak di komisi itu`,
      });
    }
    const code = named ?? actor.commission;
    if (code === null) return null;
    const commission = await this.repository.commission(manager, code);
    if (!commission) throw new NotFoundError('commission', code);
    return commission;
  }

  /**
   * An account an admin manages: any for an admin of every commission, its own commission's for
   * an admin of one; every other username is "not found", whether it exists or not, so an admin
   * never learns another commission's usernames or roles.
   */
  async requireUser(actor: Actor, permission: Permission, username: string, manager = this.manager): Promise<UserScope> {
    this.requireRole(actor, permission);
    const user = await this.repository.user(manager, username);
    if (!user || (actor.commissionId !== null && user.commissionId !== actor.commissionId)) throw new NotFoundError('user', username);
    return { user };
  }

  async requireCommission(actor: Actor, permission: Permission, code: string, manager = this.manager): Promise<CommissionScope> {
    this.requireRole(actor, permission);
    const commission = await this.repository.commission(manager, code);
    if (!commission || !this.adminSees(actor, commission.id)) throw new NotFoundError('commission', code);
    return { commission };
  }

  async requireEdition(actor: Actor, permission: Permission, code: string, manager = this.manager): Promise<EditionScope> {
    const { edition, commission } = await this.resolve(actor, permission, { edition: code }, manager);
    return { edition, commission };
  }

  async requireStage(actor: Actor, permission: Permission, editionCode: string, stage: StageSelector, manager = this.manager): Promise<StageScope> {
    const facts = await this.resolve(actor, permission, { edition: editionCode, stage }, manager);
    return { edition: facts.edition, commission: facts.commission, stage: facts.stage! };
  }

  /**
   * A stage as an assessor's worklist (the verifier's queue): admins in scope see every body of
   * it; a verifier or juror only with at least one assignment in that stage (403 otherwise).
   */
  async requireWorklist(actor: Actor, permission: Permission, editionCode: string, stage: StageSelector, manager = this.manager): Promise<StageScope> {
    const facts = await this.resolve(actor, permission, { edition: editionCode, stage }, manager);
    if ((actor.role === 'verifier' || actor.role === 'juror') && !facts.assignedInStage) {
      throw new ForbiddenError('access.not_assigned', {
        en: `${actor.username} is not assigned to any body in stage "${facts.stage!.code}"`,
        id: `${actor.username} tidak ditugaskan untuk badan publik mana pun pada tahap "${facts.stage!.code}"`,
      });
    }
    return { edition: facts.edition, commission: facts.commission, stage: facts.stage! };
  }

  /**
   * A body in an edition's stage. Admins in scope pass; a body user only for its own body (any
   * other code is "not found"); a verifier or juror only when assigned to the body in that stage.
   */
  async requireBody(actor: Actor, permission: Permission, editionCode: string, bodyCode: string, stage: StageSelector, manager = this.manager): Promise<BodyScope> {
    const facts = await this.resolve(actor, permission, { edition: editionCode, stage, body: bodyCode }, manager);
    return { edition: facts.edition, commission: facts.commission, stage: facts.stage!, body: facts.body! };
  }

  /** A participating body of an edition, whatever the stage (results): admins in scope, a body user for its own body. */
  async requireParticipant(actor: Actor, permission: Permission, editionCode: string, bodyCode: string, manager = this.manager): Promise<ParticipantScope> {
    if (actor.role === 'verifier' || actor.role === 'juror') {
      throw new ForbiddenError('access.forbidden', {
        en: `a ${actor.role} user may not do this (${permission})`,
        id: `pengguna dengan peran ${PERAN[actor.role]} tidak boleh melakukan ini (${permission})`,
      });
    }
    const facts = await this.resolve(actor, permission, { edition: editionCode, body: bodyCode }, manager);
    return { edition: facts.edition, commission: facts.commission, body: facts.body! };
  }

  /** An objection by id, with the body and questionnaire stage it belongs to; same rules as requireBody. */
  async requireObjection(actor: Actor, permission: Permission, editionCode: string, id: number, manager = this.manager): Promise<ObjectionScope> {
    const { edition } = await this.resolve(actor, permission, { edition: editionCode }, manager);
    const target = Number.isSafeInteger(id) ? await this.repository.objection(manager, id) : null;
    if (!target || target.editionId !== edition.id || (actor.role === 'body' && actor.body !== target.bodyCode)) throw new NotFoundError('objection', id);
    const scope = await this.requireBody(actor, permission, editionCode, target.bodyCode, { kind: 'questionnaire', code: target.stageCode }, manager);
    return { ...scope, objection: target.objection, response: target.response };
  }

  /**
   * An evidence file by id, with the body and questionnaire stage it belongs to; same rules as
   * requireBody (a body user learns nothing of another body's files: "not found").
   */
  async requireEvidenceFile(actor: Actor, permission: Permission, id: number, manager = this.manager): Promise<EvidenceFileScope> {
    this.requireRole(actor, permission);
    const target = Number.isSafeInteger(id) ? await this.repository.evidenceFile(manager, id) : null;
    if (!target || (actor.role === 'body' && actor.body !== target.bodyCode)) throw new NotFoundError('evidenceFile', id);
    const scope = await this.requireBody(actor, permission, target.editionCode, target.bodyCode, { kind: 'questionnaire', code: target.stageCode }, manager);
    return { ...scope, file: target.file };
  }

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  private adminSees(actor: Actor, commissionId: number): boolean {
    return actor.role === 'admin' && (actor.commissionId === null || actor.commissionId === commissionId);
  }

  /** Whether the edition exists as far as this caller is concerned. */
  private seesEdition(actor: Actor, edition: Edition, facts: ScopeFacts): boolean {
    switch (actor.role) {
      case 'admin':
        return this.adminSees(actor, edition.commissionId);
      case 'body':
        return actor.bodyId !== null && facts.actorParticipates;
      case 'verifier':
      case 'juror':
        return actor.commissionId === edition.commissionId || facts.assignedInEdition;
    }
  }

  /**
   * The one resolver: the role, then the edition as the caller may see it, the caller's own
   * body, the stage, the body's participation and the caller's assignment, in that order.
   */
  private async resolve(actor: Actor, permission: Permission, target: ScopeTarget, manager: EntityManager): Promise<ScopeFacts & EditionScope> {
    this.requireRole(actor, permission);
    const facts = await this.repository.scope(manager, actor, target);
    const edition = facts.edition;
    if (!edition || !this.seesEdition(actor, edition, facts)) throw new NotFoundError('edition', target.edition);
    const commission = facts.commission;
    if (!commission) throw new NotFoundError('commission', edition.commissionId);
    if (target.body !== undefined && actor.role === 'body' && actor.body !== target.body) throw new NotFoundError('body', target.body);
    const selector = target.stage;
    if (selector && (!facts.stage || (selector.kind && facts.stage.kind !== selector.kind))) {
      throw new NotFoundError(selector.kind ? KIND_NAME[selector.kind] : 'stage', selector.code ?? `(first) of ${edition.code}`);
    }
    if (target.body !== undefined && (!facts.body || !facts.participates)) throw new NotFoundError('body', target.body);
    if (selector && target.body !== undefined && (actor.role === 'verifier' || actor.role === 'juror') && !facts.assignedToBody) {
      throw new ForbiddenError('access.not_assigned', {
        en: `${actor.username} is not assigned to body "${target.body}" in stage "${facts.stage!.code}"`,
        id: `${actor.username} tidak ditugaskan untuk badan publik "${target.body}" pada tahap "${facts.stage!.code}"`,
      });
    }
    return { ...facts, edition, commission };
  }
}
