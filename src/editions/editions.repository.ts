import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { execute, flag, insertMany, Params, select } from '../database/sql';
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

/** An assignment with its user, as its removal reads it. */
export interface AssignmentRow {
  id: number;
  userId: number;
  username: string;
}

/** What an assessor did for one body in one stage: once it did anything, its assignment stays. */
export interface AssessorActs {
  /** questionnaire stages: decisions recorded, the verification completed, or an objection ruled under its name */
  verified: boolean;
  /** panel stages: a score sheet (draft, submitted or recused) */
  scored: boolean;
}

/** What a participant did in an edition: once it did anything, it stays a participant. */
export interface ParticipantActs {
  answers: number;
  /** verification decisions or completions on its questionnaires */
  verified: boolean;
  /** score sheets or absences in panel stages */
  panels: boolean;
  /** versions of the edition that published it */
  publications: number[];
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

  /** Marks the edition computed at this instant (the edition view shows it). */
  async markComputed(manager: EntityManager, editionId: number, computedAt: string): Promise<void> {
    await manager.update(Edition, { id: editionId }, { computedAt });
  }

  byCode(manager: EntityManager, code: string): Promise<Edition | null> {
    return manager.findOne(Edition, { where: { code } });
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

  /** The participating bodies with their ids (or only `bodyId`), for the facts scoring reads. */
  async participantBodies(manager: EntityManager, editionId: number, bodyId?: number): Promise<{ id: number; code: string; name: string; category: string }[]> {
    const query = manager
      .createQueryBuilder(Participant, 'p')
      .innerJoin(Body, 'b', 'b.id = p.bodyId')
      .select(['b.id AS id', 'b.code AS code', 'b.name AS name', 'b.category AS category'])
      .where('p.editionId = :editionId', { editionId });
    if (bodyId !== undefined) query.andWhere('b.id = :bodyId', { bodyId });
    const rows: { id: number; code: string; name: string; category: string }[] = await query.getRawMany();
    return rows.map((b) => ({ ...b, id: Number(b.id) }));
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

  /** One assignment by its stage, body and username; null when there is none. */
  async assignmentOf(manager: EntityManager, stageId: number, bodyId: number, username: string): Promise<AssignmentRow | null> {
    const row = await manager
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(User, 'u', 'u.id = a.userId')
      .select(['a.id AS id', 'a.userId AS "userId"', 'u.username AS username'])
      .where('a.stageId = :s AND a.bodyId = :b AND u.username = :u', { s: stageId, b: bodyId, u: username })
      .getRawOne();
    return row ? { id: Number(row.id), userId: Number(row.userId), username: String(row.username) } : null;
  }

  /**
   * What an assessor did for a body in a stage, in one query over the rooms that record it (the
   * questionnaire's decisions, completion and rulings; the panel's sheets), read here as the
   * access checks read them: to decide, never to change.
   */
  async assessorActs(manager: EntityManager, stageId: number, bodyId: number, userId: number, username: string): Promise<AssessorActs> {
    const p = new Params(manager);
    const response = `FROM saq_response r WHERE r."stageId" = ${p.add(stageId)} AND r."bodyId" = ${p.add(bodyId)}`;
    const verified =
      `EXISTS (SELECT 1 ${response} AND (r."verificationCompletedBy" = ${p.add(username)}` +
      ` OR EXISTS (SELECT 1 FROM verification_decision d WHERE d."responseId" = r.id AND d."decidedBy" = ${p.add(username)})` +
      ` OR EXISTS (SELECT 1 FROM objection o WHERE o."responseId" = r.id AND o."ruledBy" = ${p.add(username)})))`;
    const scored = `EXISTS (SELECT 1 FROM panel_sheet ps WHERE ps."stageId" = ${p.add(stageId)} AND ps."bodyId" = ${p.add(bodyId)} AND ps."userId" = ${p.add(userId)})`;
    const [row] = await select(manager, `SELECT CASE WHEN ${verified} THEN 1 ELSE 0 END AS "verified", CASE WHEN ${scored} THEN 1 ELSE 0 END AS "scored"`, p.values);
    return { verified: flag(row.verified), scored: flag(row.scored) };
  }

  async deleteAssignment(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(Assignment, { id });
  }

  /** What a participant did in an edition (answers, verification, panels, publications), in one query, read as assessorActs reads. */
  async participantActs(manager: EntityManager, editionId: number, bodyId: number): Promise<ParticipantActs> {
    const p = new Params(manager);
    const responses = () => `SELECT r.id FROM saq_response r WHERE r."editionId" = ${p.add(editionId)} AND r."bodyId" = ${p.add(bodyId)}`;
    const answers = `(SELECT COUNT(*) FROM answer a WHERE a."responseId" IN (${responses()}))`;
    const verified =
      `CASE WHEN EXISTS (SELECT 1 FROM verification_decision d WHERE d."responseId" IN (${responses()}))` +
      ` OR EXISTS (SELECT 1 FROM saq_response r WHERE r."editionId" = ${p.add(editionId)} AND r."bodyId" = ${p.add(bodyId)} AND r."verificationCompletedAt" IS NOT NULL) THEN 1 ELSE 0 END`;
    const panels =
      `CASE WHEN EXISTS (SELECT 1 FROM panel_sheet ps WHERE ps."editionId" = ${p.add(editionId)} AND ps."bodyId" = ${p.add(bodyId)})` +
      ` OR EXISTS (SELECT 1 FROM absence x JOIN stage s ON s.id = x."stageId" WHERE s."editionId" = ${p.add(editionId)} AND x."bodyId" = ${p.add(bodyId)}) THEN 1 ELSE 0 END`;
    const [row] = await select(manager, `SELECT ${answers} AS "answers", ${verified} AS "verified", ${panels} AS "panels"`, p.values);
    const q = new Params(manager);
    const versions = await select<{ version: unknown }>(
      manager,
      `SELECT pub.version AS "version" FROM publication_result pr JOIN publication pub ON pub.id = pr."publicationId" WHERE pub."editionId" = ${q.add(editionId)} AND pr."bodyId" = ${q.add(bodyId)} ORDER BY pub.version`,
      q.values,
    );
    return { answers: Number(row.answers), verified: flag(row.verified), panels: flag(row.panels), publications: versions.map((v) => Number(v.version)) };
  }

  /** A participant's assignments in an edition, for the audit of its removal. */
  participantAssignments(manager: EntityManager, editionId: number, bodyId: number): Promise<{ stage: string; username: string }[]> {
    return manager
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(Stage, 's', 's.id = a.stageId')
      .innerJoin(User, 'u', 'u.id = a.userId')
      .select(['s.code AS stage', 'u.username AS username'])
      .where('a.editionId = :e AND a.bodyId = :b', { e: editionId, b: bodyId })
      .orderBy('s.position', 'ASC')
      .addOrderBy('u.username', 'ASC')
      .getRawMany();
  }

  /**
   * Removes a participant that did nothing yet (participantActs): its assignments and extensions
   * in the edition, and the rows other rooms keep only because it took part — its empty
   * questionnaire responses and its draft result (the next compute ranks without it).
   */
  async withdraw(manager: EntityManager, editionId: number, bodyId: number): Promise<void> {
    const stageIds = (await this.stages(manager, editionId)).map((s) => s.id);
    await manager.delete(Assignment, { editionId, bodyId });
    if (stageIds.length) await manager.delete(Extension, { stageId: In(stageIds), bodyId });
    for (const table of ['saq_response', 'result', 'participant']) {
      const p = new Params(manager);
      await execute(manager, `DELETE FROM ${table} WHERE "editionId" = ${p.add(editionId)} AND "bodyId" = ${p.add(bodyId)}`, p.values);
    }
  }

  /** The publications, in any edition, that froze this body's result: `edition` code and `version`. */
  async publicationsOfBody(manager: EntityManager, bodyId: number): Promise<{ edition: string; version: number }[]> {
    const p = new Params(manager);
    const rows = await select<{ edition: unknown; version: unknown }>(
      manager,
      'SELECT e.code AS "edition", pub.version AS "version" FROM publication_result pr JOIN publication pub ON pub.id = pr."publicationId" JOIN edition e ON e.id = pub."editionId"' +
        ` WHERE pr."bodyId" = ${p.add(bodyId)} ORDER BY e.code, pub.version`,
      p.values,
    );
    return rows.map((r) => ({ edition: String(r.edition), version: Number(r.version) }));
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

  /** An import's participants, as multi-row INSERTs inside the caller's transaction. */
  insertParticipants(manager: EntityManager, rows: Omit<Participant, 'id'>[]): Promise<void> {
    return insertMany(manager, Participant, rows);
  }

  /** An import's assignments, as multi-row INSERTs inside the caller's transaction. */
  insertAssignments(manager: EntityManager, rows: Omit<Assignment, 'id'>[]): Promise<void> {
    return insertMany(manager, Assignment, rows);
  }
}
