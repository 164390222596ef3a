import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { EditionDef } from '../scoring';
import { User } from '../users/user.entity';
import { Assignment } from './assignment.entity';
import { editionColumns, editionDef, stageColumns } from './edition-store';
import { Edition } from './edition.entity';
import { Extension } from './extension.entity';
import { Participant } from './participant.entity';
import { Stage } from './stage.entity';

/** Values per IN list and rows per INSERT. */
const CHUNK = 100;

export interface ParticipantView {
  code: string;
  name: string;
  category: string;
}

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

async function inChunks<V, T>(values: readonly V[], find: (slice: V[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) found.push(...(await find(values.slice(i, i + CHUNK))));
  return found;
}

/** Editions by year (latest first), then code. */
const EDITION_ORDER = { year: 'DESC', code: 'ASC' } as const;

/**
 * The one owner of `edition`, `stage`, `participant`, `assignment` and `extension` (the access
 * checks read them too, inside their one scope query in access.repository.ts). Every method takes
 * the manager it runs on: the write transaction's for writes (and for reads the write decides
 * on), any for reads. Views join `body` and `user` for their codes and names.
 */
@Injectable()
export class EditionsRepository {
  editionExists(manager: EntityManager, code: string): Promise<boolean> {
    return manager.exists(Edition, { where: { code } });
  }

  /** Stores a validated edition definition: the edition row and one row per stage. */
  async createEdition(manager: EntityManager, def: EditionDef, commissionId: number): Promise<Edition> {
    const edition = await manager.save(manager.create(Edition, editionColumns(def, commissionId)));
    await manager.save(stageColumns(def, edition.id).map((stage) => manager.create(Stage, stage)));
    return edition;
  }

  /** The edition's definition as it stands now (windows as last moved). */
  async definition(manager: EntityManager, edition: Edition, commissionCode: string): Promise<EditionDef> {
    return editionDef(edition, await this.stages(manager, edition.id), commissionCode);
  }

  /** The editions of one commission, or of every commission when `commissionId` is null. */
  editionsOfCommission(manager: EntityManager, commissionId: number | null): Promise<Edition[]> {
    return manager.find(Edition, { where: commissionId === null ? {} : { commissionId }, order: EDITION_ORDER });
  }

  /** The editions a body takes part in. */
  async editionsOfBody(manager: EntityManager, bodyId: number): Promise<Edition[]> {
    const enrolled = await manager.find(Participant, { where: { bodyId } });
    return enrolled.length ? manager.find(Edition, { where: { id: In(enrolled.map((p) => p.editionId)) }, order: EDITION_ORDER }) : [];
  }

  /** The editions of a verifier's or juror's commission (none when it has none) and those it is assigned in. */
  async editionsOfAssessor(manager: EntityManager, userId: number, commissionId: number | null): Promise<Edition[]> {
    const assigned = await manager.find(Assignment, { where: { userId } });
    const ids = [...new Set(assigned.map((a) => a.editionId))];
    if (commissionId === null && !ids.length) return [];
    return manager.find(Edition, {
      where: [...(commissionId !== null ? [{ commissionId }] : []), ...(ids.length ? [{ id: In(ids) }] : [])],
      order: EDITION_ORDER,
    });
  }

  /** An edition's stages in their order. */
  stages(manager: EntityManager, editionId: number): Promise<Stage[]> {
    return manager.find(Stage, { where: { editionId }, order: { position: 'ASC' } });
  }

  stage(manager: EntityManager, id: number): Promise<Stage> {
    return manager.findOneOrFail(Stage, { where: { id } });
  }

  /** Stores a stage's changed columns (its windows). */
  async saveStage(manager: EntityManager, stage: Stage): Promise<void> {
    await manager.save(stage);
  }

  participantCount(manager: EntityManager, editionId: number): Promise<number> {
    return manager.count(Participant, { where: { editionId } });
  }

  /** Which of these bodies take part in the edition already. */
  async enrolledBodyIds(manager: EntityManager, editionId: number, bodyIds: readonly number[]): Promise<Set<number>> {
    const rows = await inChunks(bodyIds, (slice) => manager.find(Participant, { where: { editionId, bodyId: In(slice) } }));
    return new Set(rows.map((p) => p.bodyId));
  }

  /** Enrols bodies (none of them enrolled yet), 100 rows per INSERT. */
  async enrol(manager: EntityManager, editionId: number, bodyIds: readonly number[]): Promise<void> {
    for (let i = 0; i < bodyIds.length; i += CHUNK) {
      await manager.insert(Participant, bodyIds.slice(i, i + CHUNK).map((bodyId) => ({ editionId, bodyId })));
    }
  }

  /** The participating bodies, by code. */
  participants(manager: EntityManager, editionId: number): Promise<ParticipantView[]> {
    return manager
      .createQueryBuilder(Participant, 'p')
      .innerJoin(Body, 'b', 'b.id = p.bodyId')
      .select(['b.code AS code', 'b.name AS name', 'b.category AS category'])
      .where('p.editionId = :id', { id: editionId })
      .orderBy('b.code', 'ASC')
      .getRawMany();
  }

  /** The participants among `codes` (bodies of the edition's commission), by code. */
  async participantsByCode(manager: EntityManager, edition: Edition, codes: readonly string[]): Promise<Map<string, Body>> {
    const bodies = await inChunks([...new Set(codes)], (slice) =>
      manager
        .createQueryBuilder(Body, 'b')
        .innerJoin(Participant, 'p', 'p.bodyId = b.id AND p.editionId = :e', { e: edition.id })
        .where('b.commissionId = :c', { c: edition.commissionId })
        .andWhere('b.code IN (:...codes)', { codes: slice })
        .getMany(),
    );
    return new Map(bodies.map((b) => [b.code, b]));
  }

  assignmentExists(manager: EntityManager, stageId: number, userId: number, bodyId: number): Promise<boolean> {
    return manager.exists(Assignment, { where: { stageId, userId, bodyId } });
  }

  /** How many assignments a user has, in every edition. */
  assignmentCount(manager: EntityManager, userId: number): Promise<number> {
    return manager.count(Assignment, { where: { userId } });
  }

  async insertAssignment(manager: EntityManager, row: Omit<Assignment, 'id'>): Promise<void> {
    await manager.insert(Assignment, row);
  }

  /** An edition's assignments (only one user's, when given), by stage, body and username. */
  assignments(manager: EntityManager, editionId: number, userId?: number): Promise<AssignmentView[]> {
    const query = manager
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(Stage, 's', 's.id = a.stageId')
      .innerJoin(User, 'u', 'u.id = a.userId')
      .innerJoin(Body, 'b', 'b.id = a.bodyId')
      .select(['s.code AS stage', 's.kind AS kind', 'u.username AS username', 'u.role AS role', 'b.code AS body', 'b.name AS "bodyName"'])
      .where('a.editionId = :e', { e: editionId });
    if (userId !== undefined) query.andWhere('a.userId = :u', { u: userId });
    return query.orderBy('s.position', 'ASC').addOrderBy('b.code', 'ASC').addOrderBy('u.username', 'ASC').getRawMany();
  }

  /** The extension that counts for a body in a stage: the one granted last. */
  latestExtension(manager: EntityManager, stageId: number, bodyId: number): Promise<Extension | null> {
    return manager.findOne(Extension, { where: { stageId, bodyId }, order: { id: 'DESC' } });
  }

  /** The deadline of the extension that counts for a body in a stage (the one granted last), or null. */
  async extendedUntil(manager: EntityManager, stageId: number, bodyId: number): Promise<string | null> {
    return (await this.latestExtension(manager, stageId, bodyId))?.until ?? null;
  }

  async insertExtension(manager: EntityManager, row: Omit<Extension, 'id'>): Promise<void> {
    await manager.insert(Extension, row);
  }

  /** The extensions granted in an edition, in the order they were granted. */
  extensions(manager: EntityManager, editionId: number): Promise<ExtensionView[]> {
    return manager
      .createQueryBuilder(Extension, 'x')
      .innerJoin(Stage, 's', 's.id = x.stageId')
      .innerJoin(Body, 'b', 'b.id = x.bodyId')
      .select(['s.code AS stage', 'b.code AS body', 'x.until AS until', 'x.reason AS reason', 'x.grantedBy AS "grantedBy"', 'x.grantedAt AS "grantedAt"'])
      .where('s.editionId = :e', { e: editionId })
      .orderBy('x.id', 'ASC')
      .getRawMany();
  }
}
