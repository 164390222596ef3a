import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { execute, Params, select } from '../database/sql';
import { EvidenceFile } from './evidence-file.entity';

/** The files of one answer, or of every answer of a response, as the facts reader reads them. */
export interface FileCount {
  stageId: number;
  bodyId: number;
  questionCode: string;
  ids: number[];
}

/**
 * The only code that reads or writes `evidence_file` (which files are attached to which answer)
 * and `evidence_chunk` (file contents kept in the database, DatabaseStorage). Every method takes
 * the manager of the caller's transaction, or the read manager outside one.
 */
@Injectable()
export class EvidenceRepository {
  async insert(manager: EntityManager, row: Omit<EvidenceFile, 'id'>): Promise<EvidenceFile> {
    const result = await manager.insert(EvidenceFile, row);
    const id = Number(result.identifiers[0].id);
    return { ...row, id };
  }

  file(manager: EntityManager, id: number): Promise<EvidenceFile | null> {
    return Number.isSafeInteger(id) ? manager.findOne(EvidenceFile, { where: { id } }) : Promise.resolve(null);
  }

  /** The files of one answer (a body's question in a stage), oldest first. */
  filesOfAnswer(manager: EntityManager, stageId: number, bodyId: number, questionCode: string): Promise<EvidenceFile[]> {
    return manager.find(EvidenceFile, { where: { stageId, bodyId, questionCode }, order: { id: 'ASC' } });
  }

  /** The files of a body's answers to a stage, oldest first. */
  filesOfResponse(manager: EntityManager, stageId: number, bodyId: number): Promise<EvidenceFile[]> {
    return manager.find(EvidenceFile, { where: { stageId, bodyId }, order: { id: 'ASC' } });
  }

  /** The files of an edition (or of one body in it), by body, question and upload. */
  filesOfEdition(manager: EntityManager, editionId: number, bodyId?: number): Promise<EvidenceFile[]> {
    return manager.find(EvidenceFile, { where: bodyId === undefined ? { editionId } : { editionId, bodyId }, order: { bodyId: 'ASC', questionCode: 'ASC', id: 'ASC' } });
  }

  async remove(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(EvidenceFile, { id });
  }

  // ---- contents kept in the database (DatabaseStorage): a file as numbered chunks under one key

  async writeChunk(manager: EntityManager, key: string, seq: number, data: Buffer): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `INSERT INTO evidence_chunk ("key", "seq", "data") VALUES (${p.add(key)}, ${p.add(seq)}, ${p.add(data)})`, p.values);
  }

  async readChunk(manager: EntityManager, key: string, seq: number): Promise<Buffer | null> {
    const p = new Params(manager);
    const rows = await select<{ data: Buffer }>(manager, `SELECT "data" AS "data" FROM evidence_chunk WHERE "key" = ${p.add(key)} AND "seq" = ${p.add(seq)}`, p.values);
    return rows[0]?.data ?? null;
  }

  async hasChunks(manager: EntityManager, key: string): Promise<boolean> {
    const p = new Params(manager);
    const rows = await select(manager, `SELECT 1 AS "one" FROM evidence_chunk WHERE "key" = ${p.add(key)} AND "seq" = 0`, p.values);
    return rows.length > 0;
  }

  /** Gives the chunks of `from` the key `to`: in one statement, so a file is seen under its final key whole or not at all. */
  async renameChunks(manager: EntityManager, from: string, to: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `UPDATE evidence_chunk SET "key" = ${p.add(to)} WHERE "key" = ${p.add(from)}`, p.values);
  }

  /** Removes the pieces of every key that begins with `prefix` and sorts before `before` (temporary keys that carry their start time). */
  async removeChunksBefore(manager: EntityManager, prefix: string, before: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `DELETE FROM evidence_chunk WHERE "key" LIKE ${p.add(`${prefix}%`)} AND "key" < ${p.add(before)}`, p.values);
  }

  async removeChunks(manager: EntityManager, key: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `DELETE FROM evidence_chunk WHERE "key" = ${p.add(key)}`, p.values);
  }
}
