import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { forUpdate, hydrate, insertMany, Params, placeholder, select, selectColumns } from '../database/sql';
import { ObjectionRow } from './objection.entity';
import { VerificationDecisionRow } from './verification-decision.entity';

/** Which objections of an edition a reader may see (the access check decides; this only filters). */
export interface ObjectionFilter {
  /** only this body's, by code */
  bodyCode?: string;
  /** only the objections of this body (a body user's own) */
  ownBodyId?: number;
  /** only the bodies this verifier is assigned to in the objection's stage */
  assignedTo?: number;
}

/** A ruled objection of an edition, as the facts reader reads them. */
export interface RuledObjection {
  responseId: number;
  code: string;
  status: 'upheld' | 'rejected';
  value: string | null;
  note: string | null;
}

/** One body of a verification queue as the database gives it (queueOf). */
export interface QueueRow {
  bodyId: number;
  body: string;
  name: string;
  category: string;
  submittedAt: string | null;
  verificationCompletedAt: string | null;
  /** the verification decisions recorded so far */
  decided: number;
  /** objections waiting for a ruling */
  pendingObjections: number;
}

/**
 * The only code that reads or writes `verification_decision` and `objection`. Every method takes
 * the manager of the caller's transaction (or the read manager outside one).
 */
@Injectable()
export class VerificationRepository {
  decision(manager: EntityManager, responseId: number, questionCode: string): Promise<VerificationDecisionRow | null> {
    return manager.findOne(VerificationDecisionRow, { where: { responseId, questionCode } });
  }

  /** Inserts a decision, or with `id` (of the one `decision` read) replaces its fields. */
  saveDecision(manager: EntityManager, row: Omit<VerificationDecisionRow, 'id'> & { id?: number }): Promise<VerificationDecisionRow> {
    return manager.save(VerificationDecisionRow, row);
  }

  decisions(manager: EntityManager, responseId: number): Promise<VerificationDecisionRow[]> {
    return manager.find(VerificationDecisionRow, { where: { responseId }, order: { questionCode: 'ASC' } });
  }

  pendingObjectionExists(manager: EntityManager, responseId: number, questionCode: string): Promise<boolean> {
    return manager.exists(ObjectionRow, { where: { responseId, questionCode, status: 'pending' } });
  }

  /** The first rejected objection on a question of a response, if any (a rejection is final: there is at most one). */
  rejectedObjection(manager: EntityManager, responseId: number, questionCode: string): Promise<ObjectionRow | null> {
    return manager.findOne(ObjectionRow, { where: { responseId, questionCode, status: 'rejected' }, order: { id: 'ASC' } });
  }

  /** The first upheld objection on a question of a response, if any (its ruling decides the question's verified value). */
  upheldObjection(manager: EntityManager, responseId: number, questionCode: string): Promise<ObjectionRow | null> {
    return manager.findOne(ObjectionRow, { where: { responseId, questionCode, status: 'upheld' }, order: { id: 'ASC' } });
  }

  /** The objections of a response still waiting for a ruling, in the order they were made. */
  pendingObjectionsOf(manager: EntityManager, responseId: number): Promise<ObjectionRow[]> {
    return manager.find(ObjectionRow, { where: { responseId, status: 'pending' }, order: { id: 'ASC' } });
  }

  /**
   * The pending objections of an edition with their body and question codes, in the order they
   * were made (a publication waits for their rulings).
   */
  async pendingObjections(manager: EntityManager, editionId: number): Promise<{ id: number; body: string; question: string }[]> {
    const p = new Params(manager);
    const rows: { id: number; body: string; question: string }[] = await manager.query(
      'SELECT o.id AS id, b.code AS body, o."questionCode" AS question FROM objection o JOIN saq_response r ON r.id = o."responseId" JOIN body b ON b.id = r."bodyId"' +
        ` WHERE r."editionId" = ${p.add(editionId)} AND o.status = 'pending' ORDER BY o.id`,
      p.values,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  createObjection(manager: EntityManager, values: Omit<ObjectionRow, 'id'>): Promise<ObjectionRow> {
    return manager.save(manager.create(ObjectionRow, values));
  }

  /** The objection, locked until the transaction ends (a second ruling waits, then sees the first). */
  lockedObjection(manager: EntityManager, id: number): Promise<ObjectionRow> {
    return manager.findOneOrFail(ObjectionRow, { where: { id }, ...forUpdate(manager) });
  }

  saveObjection(manager: EntityManager, row: ObjectionRow): Promise<ObjectionRow> {
    return manager.save(ObjectionRow, row);
  }

  /** A response's objections, in the order they were made. */
  objections(manager: EntityManager, responseId: number): Promise<ObjectionRow[]> {
    return manager.find(ObjectionRow, { where: { responseId }, order: { id: 'ASC' } });
  }

  /** An edition's objections with the codes of their body and stage, in the order they were made: one query. */
  async objectionsOf(manager: EntityManager, editionId: number, filter: ObjectionFilter): Promise<{ objection: ObjectionRow; body: string; stage: string }[]> {
    const p = new Params(manager);
    const where = [`r."editionId" = ${p.add(editionId)}`];
    if (filter.bodyCode !== undefined) where.push(`b.code = ${p.add(filter.bodyCode)}`);
    if (filter.ownBodyId !== undefined) where.push(`r."bodyId" = ${p.add(filter.ownBodyId)}`);
    if (filter.assignedTo !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM assignment a WHERE a."stageId" = r."stageId" AND a."bodyId" = r."bodyId" AND a."userId" = ${p.add(filter.assignedTo)})`);
    }
    const rows = await select<Record<string, unknown>>(
      manager,
      `SELECT ${selectColumns(manager, ObjectionRow, 'o')}, b.code AS "bodyCode", s.code AS "stageCode"` +
        ' FROM objection o JOIN saq_response r ON r.id = o."responseId" JOIN body b ON b.id = r."bodyId" JOIN stage s ON s.id = r."stageId"' +
        ` WHERE ${where.join(' AND ')} ORDER BY o.id`,
      p.values,
    );
    return rows.map((row) => ({ objection: hydrate(manager, ObjectionRow, row, 'o')!, body: String(row.bodyCode), stage: String(row.stageCode) }));
  }

  /**
   * The decisions of each response of an edition (or of one body) as one JSON object per
   * response, `{question: {decision, value, note}}`, built by the database as the answers are
   * (SaqRepository.groupedAnswers). `grouped` is text on SQLite, parsed JSON on PostgreSQL.
   */
  groupedDecisions(manager: EntityManager, editionId: number, bodyId?: number): Promise<{ responseId: number; grouped: unknown }[]> {
    const member =
      manager.connection.options.type === 'postgres'
        ? `json_object_agg(x."questionCode", json_build_object('decision', x.decision, 'value', x.value::json, 'note', x.note))`
        : `'{' || group_concat(json_quote(x."questionCode") || ':' || json_object('decision', x.decision, 'value', json(x.value), 'note', x.note), ',') || '}'`;
    return manager.query(
      `SELECT x."responseId" AS "responseId", ${member} AS grouped FROM verification_decision x JOIN saq_response r ON r.id = x."responseId" ` +
        `WHERE r."editionId" = ${placeholder(manager, 1)}${bodyId !== undefined ? ` AND r."bodyId" = ${placeholder(manager, 2)}` : ''} GROUP BY x."responseId"`,
      bodyId !== undefined ? [editionId, bodyId] : [editionId],
    );
  }

  /** The ruled objections of an edition (or of one body), in the order they were made; `value` is JSON text. */
  async ruledObjections(manager: EntityManager, editionId: number, bodyId?: number): Promise<RuledObjection[]> {
    const p = new Params(manager);
    const rows: RuledObjection[] = await manager.query(
      'SELECT o."responseId" AS "responseId", o."questionCode" AS code, o.status AS status, o.value AS value, o.note AS note' +
        ` FROM objection o JOIN saq_response r ON r.id = o."responseId" WHERE r."editionId" = ${p.add(editionId)} AND o.status <> 'pending'` +
        `${bodyId !== undefined ? ` AND r."bodyId" = ${p.add(bodyId)}` : ''} ORDER BY o.id`,
      p.values,
    );
    return rows.map((r) => ({ ...r, responseId: Number(r.responseId) }));
  }

  /**
   * The participants of a questionnaire stage with their response's state and the counts of
   * its decisions and pending objections, in one query (not one per body), by body code;
   * `assignedTo`: only the bodies that verifier is assigned to in the stage.
   */
  async queueOf(manager: EntityManager, editionId: number, stageId: number, assignedTo?: number): Promise<QueueRow[]> {
    const decided = 'SELECT COUNT(*) FROM verification_decision d WHERE d."responseId" = r.id';
    const pending = `SELECT COUNT(*) FROM objection o WHERE o."responseId" = r.id AND o.status = 'pending'`;
    // values are bound in the order their placeholders appear in the text
    const p = new Params(manager);
    const stageAt = p.add(stageId);
    const editionAt = p.add(editionId);
    const assigned = assignedTo !== undefined ? `a."stageId" = ${p.add(stageId)} AND a."bodyId" = b.id AND a."userId" = ${p.add(assignedTo)}` : null;
    const rows = await select<Record<string, unknown>>(
      manager,
      'SELECT b.id AS "bodyId", b.code AS "body", b.name AS "name", b.category AS "category",' +
        ` r."submittedAt" AS "submittedAt", r."verificationCompletedAt" AS "verificationCompletedAt", (${decided}) AS "decided", (${pending}) AS "pendingObjections"` +
        ` FROM participant pa JOIN body b ON b.id = pa."bodyId" LEFT JOIN saq_response r ON r."bodyId" = b.id AND r."stageId" = ${stageAt}` +
        ` WHERE pa."editionId" = ${editionAt}` +
        (assigned ? ` AND EXISTS (SELECT 1 FROM assignment a WHERE ${assigned})` : '') +
        ' ORDER BY b.code',
      p.values,
    );
    return rows.map((r) => ({
      bodyId: Number(r.bodyId), body: String(r.body), name: String(r.name), category: String(r.category),
      submittedAt: (r.submittedAt as string | null) ?? null, verificationCompletedAt: (r.verificationCompletedAt as string | null) ?? null,
      decided: Number(r.decided), pendingObjections: Number(r.pendingObjections),
    }));
  }

  /** An import's verification decisions, as multi-row INSERTs inside the caller's transaction. */
  insertDecisions(manager: EntityManager, rows: Omit<VerificationDecisionRow, 'id'>[]): Promise<void> {
    return insertMany(manager, VerificationDecisionRow, rows);
  }

  /** An import's ruled objections, as multi-row INSERTs inside the caller's transaction. */
  insertObjections(manager: EntityManager, rows: Omit<ObjectionRow, 'id'>[]): Promise<void> {
    return insertMany(manager, ObjectionRow, rows);
  }
}
