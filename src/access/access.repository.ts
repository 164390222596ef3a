import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { Actor } from '../common/actor';
import { flag, hydrate, Params, select, selectColumns } from '../database/sql';
import { Edition } from '../editions/edition.entity';
import { Stage } from '../editions/stage.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { User } from '../users/user.entity';
import { EvidenceFile } from '../evidence/evidence-file.entity';
import { ObjectionRow } from '../verification/objection.entity';

/** Which stage of an edition a request addresses: by code, or the first stage of that kind. */
export interface StageSelector {
  /** when given, the stage must be of this kind */
  kind?: Stage['kind'];
  code?: string;
}

/** What a request names: an edition, and within it optionally a stage and a body. */
export interface ScopeTarget {
  edition: string;
  stage?: StageSelector;
  body?: string;
}

/** Everything the access checks need about a target and the caller's place in it, read at once. */
export interface ScopeFacts {
  edition: Edition | null;
  commission: Commission | null;
  stage: Stage | null;
  body: Body | null;
  /** the named body takes part in the edition */
  participates: boolean;
  /** a body user's own body takes part in the edition */
  actorParticipates: boolean;
  /** a verifier or juror has some assignment in the edition */
  assignedInEdition: boolean;
  /** a verifier or juror is assigned to the named body in the named stage */
  assignedToBody: boolean;
  /** a verifier or juror is assigned to some body in the named stage (asked when no body is named) */
  assignedInStage: boolean;
}

/** The objection an id names, with the codes of the body and stage it belongs to. */
export interface ObjectionTarget {
  objection: ObjectionRow;
  response: SaqResponse;
  editionId: number;
  bodyCode: string;
  stageCode: string;
}

/** The evidence file an id names, with the codes of its edition, stage and body. */
export interface EvidenceFileTarget {
  file: EvidenceFile;
  editionCode: string;
  stageCode: string;
  bodyCode: string;
}

/**
 * The queries of the access checks. Every check of a cycle request is one query (nothing cached:
 * windows, participants and assignments count from the next request on) — the answer save starts
 * here on every call.
 */
@Injectable()
export class AccessRepository {
  async scope(manager: EntityManager, actor: Actor, target: ScopeTarget): Promise<ScopeFacts> {
    const p = new Params(manager);
    const assessor = actor.role === 'verifier' || actor.role === 'juror';
    const withStage = target.stage !== undefined;
    const withBody = target.body !== undefined;
    const columns = [selectColumns(manager, Edition, 'e'), selectColumns(manager, Commission, 'c')];
    if (withStage) columns.push(selectColumns(manager, Stage, 's'));
    if (withBody) {
      columns.push(selectColumns(manager, Body, 'b'), 'CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS "participates"');
    }
    // values are added in the order their placeholders appear (SQLite binds `?` by position)
    if (actor.role === 'body' && actor.bodyId !== null) {
      columns.push(`CASE WHEN EXISTS (SELECT 1 FROM participant ap WHERE ap."editionId" = e.id AND ap."bodyId" = ${p.add(actor.bodyId)}) THEN 1 ELSE 0 END AS "actorParticipates"`);
    }
    if (assessor) {
      columns.push(`CASE WHEN EXISTS (SELECT 1 FROM assignment ae WHERE ae."editionId" = e.id AND ae."userId" = ${p.add(actor.id)}) THEN 1 ELSE 0 END AS "assignedInEdition"`);
      if (withStage && withBody) {
        columns.push(`CASE WHEN EXISTS (SELECT 1 FROM assignment ab WHERE ab."stageId" = s.id AND ab."userId" = ${p.add(actor.id)} AND ab."bodyId" = b.id) THEN 1 ELSE 0 END AS "assignedToBody"`);
      } else if (withStage) {
        columns.push(`CASE WHEN EXISTS (SELECT 1 FROM assignment ast WHERE ast."stageId" = s.id AND ast."userId" = ${p.add(actor.id)}) THEN 1 ELSE 0 END AS "assignedInStage"`);
      }
    }
    let from = 'FROM edition e LEFT JOIN commission c ON c.id = e."commissionId"';
    if (withStage) {
      const selector = target.stage!;
      const filter = selector.code ? ` AND s2.code = ${p.add(selector.code)}` : selector.kind ? ` AND s2.kind = ${p.add(selector.kind)}` : '';
      from += ` LEFT JOIN stage s ON s.id = (SELECT s2.id FROM stage s2 WHERE s2."editionId" = e.id${filter} ORDER BY s2."position" ASC LIMIT 1)`;
    }
    if (withBody) {
      from +=
        ` LEFT JOIN body b ON b."commissionId" = e."commissionId" AND b.code = ${p.add(target.body)}` +
        ' LEFT JOIN participant p ON p."editionId" = e.id AND p."bodyId" = b.id';
    }
    const rows = await select(manager, `SELECT ${columns.join(', ')} ${from} WHERE e.code = ${p.add(target.edition)}`, p.values);
    const row = rows[0];
    if (!row) {
      return { edition: null, commission: null, stage: null, body: null, participates: false, actorParticipates: false, assignedInEdition: false, assignedToBody: false, assignedInStage: false };
    }
    return {
      edition: hydrate(manager, Edition, row, 'e'),
      commission: hydrate(manager, Commission, row, 'c'),
      stage: withStage ? hydrate(manager, Stage, row, 's') : null,
      body: withBody ? hydrate(manager, Body, row, 'b') : null,
      participates: flag(row.participates),
      actorParticipates: flag(row.actorParticipates),
      assignedInEdition: flag(row.assignedInEdition),
      assignedToBody: flag(row.assignedToBody),
      assignedInStage: flag(row.assignedInStage),
    };
  }

  commission(manager: EntityManager, code: string): Promise<Commission | null> {
    return manager.findOne(Commission, { where: { code } });
  }

  user(manager: EntityManager, username: string): Promise<User | null> {
    return manager.findOne(User, { where: { username } });
  }

  async objection(manager: EntityManager, id: number): Promise<ObjectionTarget | null> {
    const p = new Params(manager);
    const rows = await select(
      manager,
      `SELECT ${selectColumns(manager, ObjectionRow, 'o')}, ${selectColumns(manager, SaqResponse, 'r')}, b.code AS "bodyCode", s.code AS "stageCode" ` +
        'FROM objection o JOIN saq_response r ON r.id = o."responseId" JOIN body b ON b.id = r."bodyId" JOIN stage s ON s.id = r."stageId" ' +
        `WHERE o.id = ${p.add(id)}`,
      p.values,
    );
    const row = rows[0];
    if (!row) return null;
    const response = hydrate(manager, SaqResponse, row, 'r')!;
    return { objection: hydrate(manager, ObjectionRow, row, 'o')!, response, editionId: response.editionId, bodyCode: String(row.bodyCode), stageCode: String(row.stageCode) };
  }

  async evidenceFile(manager: EntityManager, id: number): Promise<EvidenceFileTarget | null> {
    const p = new Params(manager);
    const rows = await select(
      manager,
      `SELECT ${selectColumns(manager, EvidenceFile, 'f')}, e.code AS "editionCode", s.code AS "stageCode", b.code AS "bodyCode" ` +
        'FROM evidence_file f JOIN edition e ON e.id = f."editionId" JOIN stage s ON s.id = f."stageId" JOIN body b ON b.id = f."bodyId" ' +
        `WHERE f.id = ${p.add(id)}`,
      p.values,
    );
    const row = rows[0];
    if (!row) return null;
    return { file: hydrate(manager, EvidenceFile, row, 'f')!, editionCode: String(row.editionCode), stageCode: String(row.stageCode), bodyCode: String(row.bodyCode) };
  }
}
