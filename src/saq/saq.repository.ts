import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { execute, findOrCreateLocked, forUpdate, insertMany, insertRow, lockClause, Params, placeholder, select } from '../database/sql';
import { AnswerValue } from '../scoring';
import { AnswerRow } from './answer.entity';
import { SaqResponse } from './saq-response.entity';

/** The response row as the answer save reads it, with the deadline of the body's latest extension. */
export interface ResponseForAnswer {
  id: number;
  submittedAt: string | null;
  extensionUntil: string | null;
}

/** The body's answers as the answer save reads them (answersForSave). */
export interface AnswersForSave {
  values: Record<string, AnswerValue>;
  before: { id: number; value: AnswerValue; evidence: string[] } | null;
}

/** What an answer holds besides its question. */
export interface AnswerContent {
  value: AnswerValue;
  evidence: string[];
  updatedAt: string;
  updatedBy: string;
}

/** A response of an edition as the facts reader reads them (no answers). */
export interface ResponseState {
  id: number;
  stageId: number;
  bodyId: number;
  submittedAt: string | null;
  verifiedAt: string | null;
}

/**
 * Stands for "some evidence recorded" when a facts read asks for evidence presence only: a
 * one-element list, which saves reading ~100 bytes a link in bulk (SPEC §5's evidence rule needs
 * no more).
 */
const EVIDENCE_PRESENT: readonly string[] = Object.freeze(['(bukti tercatat)']);

/**
 * The only code that reads or writes `saq_response` and `answer`. Every method takes the manager
 * of the caller's transaction (or the read manager outside one).
 */
@Injectable()
export class SaqRepository {
  private answerColumnsOf: { value: ColumnMetadata; evidence: ColumnMetadata } | null = null;

  /** The body's response to a stage; `lock` (inside a write) keeps other writers of it waiting until the transaction ends. */
  response(manager: EntityManager, stageId: number, bodyId: number, lock = false): Promise<SaqResponse | null> {
    return manager.findOne(SaqResponse, { where: { stageId, bodyId }, ...(lock ? forUpdate(manager) : {}) });
  }

  /** The body's response to a stage, created on first use (two writers creating it at once both get the one row), locked. */
  async openResponse(manager: EntityManager, editionId: number, stageId: number, bodyId: number): Promise<SaqResponse> {
    const { row } = await findOrCreateLocked(
      manager,
      SaqResponse,
      { stageId, bodyId },
      { editionId, stageId, bodyId, submittedAt: null, verificationCompletedAt: null, verificationCompletedBy: null },
    );
    return row;
  }

  /**
   * The answer save's read of the response, in one plain statement: the response (locked on
   * PostgreSQL) and the deadline of the body's latest extension for the stage (the extension
   * table is the editions'; it is read here, in a subquery, because this read runs on every save).
   */
  async responseForAnswer(manager: EntityManager, stageId: number, bodyId: number): Promise<ResponseForAnswer | null> {
    const p = new Params(manager);
    const rows = await select<ResponseForAnswer>(
      manager,
      'SELECT r.id AS "id", r."submittedAt" AS "submittedAt",' +
        ' (SELECT x."until" FROM extension x WHERE x."stageId" = r."stageId" AND x."bodyId" = r."bodyId" ORDER BY x.id DESC LIMIT 1) AS "extensionUntil"' +
        ` FROM saq_response r WHERE r."stageId" = ${p.add(stageId)} AND r."bodyId" = ${p.add(bodyId)}${lockClause(manager)}`,
      p.values,
    );
    return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
  }

  /**
   * The answer save's insert of a missing response, in plain SQL; a concurrent first save that
   * inserted it already makes this a no-op (on PostgreSQL it waits for that one to commit).
   */
  async createResponse(manager: EntityManager, editionId: number, stageId: number, bodyId: number): Promise<void> {
    const p = new Params(manager);
    await execute(
      manager,
      'INSERT INTO saq_response ("editionId", "stageId", "bodyId", "submittedAt", "verificationCompletedAt", "verificationCompletedBy")' +
        ` VALUES (${p.add(editionId)}, ${p.add(stageId)}, ${p.add(bodyId)}, NULL, NULL, NULL) ON CONFLICT DO NOTHING`,
      p.values,
    );
  }

  /**
   * What the save needs of the body's answers to a stage, in one row: every answer's value (the
   * claimed score reads values only) as one JSON object built by the database, and the id, value
   * and evidence of the question being saved (the audit's "before", the row to UPDATE). One row
   * instead of one per answer: node-sqlite3 builds each row's JS object property by property on
   * the main thread, and a body near the deadline has ~120 answers.
   */
  async answersForSave(manager: EntityManager, stageId: number, bodyId: number, questionCode: string): Promise<AnswersForSave> {
    const postgres = manager.connection.options.type === 'postgres';
    const p = new Params(manager);
    const values = postgres ? 'json_object_agg(a."questionCode", a."value"::json)' : 'json_group_object(a."questionCode", json(a."value"))';
    const rows = await select<{ values: string | Record<string, AnswerValue> | null; beforeId: number | string | null; beforeEvidence: string | null }>(manager,
      `SELECT ${values} AS "values", MAX(CASE WHEN a."questionCode" = ${p.add(questionCode)} THEN a.id END) AS "beforeId",` +
        ` MAX(CASE WHEN a."questionCode" = ${p.add(questionCode)} THEN a."evidence" END) AS "beforeEvidence"` +
        ` FROM answer a JOIN saq_response r ON r.id = a."responseId" WHERE r."stageId" = ${p.add(stageId)} AND r."bodyId" = ${p.add(bodyId)}`,
      p.values,
    );
    const row = rows[0];
    // SQLite returns the object as text, PostgreSQL's driver parses json; no answers: '{}' or NULL
    const all = (typeof row?.values === 'string' ? JSON.parse(row.values) : (row?.values ?? {})) as Record<string, AnswerValue>;
    const before =
      row && row.beforeId !== null
        ? { id: Number(row.beforeId), value: all[questionCode], evidence: (row.beforeEvidence === null ? [] : JSON.parse(row.beforeEvidence)) as string[] }
        : null;
    return { values: all, before };
  }

  /** UPDATE of the existing answer, or INSERT of the first one, in plain prepared SQL with values converted as TypeORM would. */
  /** Every answer of a response, by question code: what a workbook import compares against. */
  async answersOf(manager: EntityManager, responseId: number): Promise<Map<string, AnswerRow>> {
    const rows = await manager.find(AnswerRow, { where: { responseId } });
    return new Map(rows.map((r) => [r.questionCode, r]));
  }

  async writeAnswer(manager: EntityManager, responseId: number, questionCode: string, before: { id: number } | null, content: AnswerContent): Promise<void> {
    if (!before) return insertRow(manager, AnswerRow, { responseId, questionCode, ...content });
    const columns = this.answerColumns(manager);
    const driver = manager.connection.driver;
    const p = new Params(manager);
    const value = p.add(driver.preparePersistentValue(content.value, columns.value));
    const evidence = p.add(driver.preparePersistentValue(content.evidence, columns.evidence));
    const updatedAt = p.add(content.updatedAt);
    const updatedBy = p.add(content.updatedBy);
    await execute(manager, `UPDATE answer SET "value" = ${value}, "evidence" = ${evidence}, "updatedAt" = ${updatedAt}, "updatedBy" = ${updatedBy} WHERE id = ${p.add(before.id)}`, p.values);
  }

  hasAnswers(manager: EntityManager, responseId: number): Promise<boolean> {
    return manager.exists(AnswerRow, { where: { responseId } });
  }

  /** A response's answers, by question code. */
  answers(manager: EntityManager, responseId: number): Promise<AnswerRow[]> {
    return manager.find(AnswerRow, { where: { responseId }, order: { questionCode: 'ASC' } });
  }

  async markSubmitted(manager: EntityManager, responseId: number, submittedAt: string): Promise<void> {
    await manager.update(SaqResponse, { id: responseId }, { submittedAt });
  }

  async markVerificationComplete(manager: EntityManager, responseId: number, completedAt: string, completedBy: string): Promise<void> {
    await manager.update(SaqResponse, { id: responseId }, { verificationCompletedAt: completedAt, verificationCompletedBy: completedBy });
  }

  /** A reopened verification (SPEC §15): not complete again; its decisions stay as they are. */
  async reopenVerification(manager: EntityManager, responseId: number): Promise<void> {
    await manager.update(SaqResponse, { id: responseId }, { verificationCompletedAt: null, verificationCompletedBy: null });
  }

  /** The responses of an edition (or of one body in it): submission and verification state. */
  async responsesOf(manager: EntityManager, editionId: number, bodyId?: number): Promise<ResponseState[]> {
    const p = new Params(manager);
    const rows = await manager.query(
      'SELECT r.id AS id, r."stageId" AS "stageId", r."bodyId" AS "bodyId", r."submittedAt" AS "submittedAt", r."verificationCompletedAt" AS "verifiedAt"' +
        ` FROM saq_response r WHERE r."editionId" = ${p.add(editionId)}${bodyId !== undefined ? ` AND r."bodyId" = ${p.add(bodyId)}` : ''}`,
      p.values,
    );
    return (rows as ResponseState[]).map((r) => ({ ...r, id: Number(r.id), stageId: Number(r.stageId), bodyId: Number(r.bodyId) }));
  }

  /**
   * The answers of each response of an edition (or of one body) as one JSON object per response,
   * built by the database in the shape of `QuestionnaireFacts.answers` (`{question: {value,
   * evidence}}`): one row per response instead of one per answer, and JSON.parse builds the
   * objects — what makes reading 1.2 million answers cheap. On SQLite the object is concatenated
   * text (the stored values are JSON text already, so nothing is parsed twice); PostgreSQL's
   * json_object_agg gives the same shape. With evidence 'presence' a link list becomes
   * `EVIDENCE_PRESENT` or `[]`. `grouped` is text on SQLite, parsed JSON on PostgreSQL.
   */
  groupedAnswers(manager: EntityManager, editionId: number, evidence: 'full' | 'presence', bodyId?: number): Promise<{ responseId: number; grouped: unknown }[]> {
    const postgres = manager.connection.options.type === 'postgres';
    const present = JSON.stringify(EVIDENCE_PRESENT);
    const links = evidence === 'full' ? "COALESCE(x.evidence, '[]')" : `(CASE WHEN x.evidence <> '[]' THEN '${present}' ELSE '[]' END)`;
    const member = postgres
      ? `json_object_agg(x."questionCode", json_build_object('value', x.value::json, 'evidence', (${links})::json))`
      : `'{' || group_concat(json_quote(x."questionCode") || ':{"value":' || x.value || ',"evidence":' || ${links} || '}', ',') || '}'`;
    return manager.query(
      `SELECT x."responseId" AS "responseId", ${member} AS grouped FROM answer x JOIN saq_response r ON r.id = x."responseId" ` +
        `WHERE r."editionId" = ${placeholder(manager, 1)}${bodyId !== undefined ? ` AND r."bodyId" = ${placeholder(manager, 2)}` : ''} GROUP BY x."responseId"`,
      bodyId !== undefined ? [editionId, bodyId] : [editionId],
    );
  }

  private answerColumns(manager: EntityManager): { value: ColumnMetadata; evidence: ColumnMetadata } {
    if (!this.answerColumnsOf) {
      const metadata = manager.connection.getMetadata(AnswerRow);
      this.answerColumnsOf = { value: metadata.findColumnWithPropertyName('value')!, evidence: metadata.findColumnWithPropertyName('evidence')! };
    }
    return this.answerColumnsOf;
  }

  /** An import's responses, as multi-row INSERTs inside the caller's transaction. */
  insertResponses(manager: EntityManager, rows: Omit<SaqResponse, 'id'>[]): Promise<void> {
    return insertMany(manager, SaqResponse, rows);
  }

  /** The id of every response of an edition, by `stageId/bodyId`. */
  async responseIds(manager: EntityManager, editionId: number): Promise<Map<string, number>> {
    return new Map((await manager.find(SaqResponse, { where: { editionId } })).map((r) => [`${r.stageId}/${r.bodyId}`, r.id]));
  }

  /** An import's answers, as multi-row INSERTs inside the caller's transaction; `onChunk` reports progress. */
  insertAnswers(manager: EntityManager, rows: Omit<AnswerRow, 'id'>[], onChunk?: (done: number) => void): Promise<void> {
    return insertMany(manager, AnswerRow, rows, onChunk);
  }
}
