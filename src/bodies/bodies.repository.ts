import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { forUpdate, insertMany } from '../database/sql';
import { Body } from './body.entity';

/** Codes per IN list and rows per INSERT. */
const CHUNK = 100;

/**
 * The one owner of `body`. Every method takes the manager it runs on: the write transaction's
 * for writes (and for reads the write decides on), any for reads.
 */
@Injectable()
export class BodiesRepository {
  /** A commission's bodies, by code. */
  ofCommission(manager: EntityManager, commissionId: number): Promise<Body[]> {
    return manager.find(Body, { where: { commissionId }, order: { code: 'ASC' } });
  }

  byCode(manager: EntityManager, commissionId: number, code: string): Promise<Body | null> {
    return manager.findOne(Body, { where: { commissionId, code } });
  }

  /** The body, locked for the rest of the write transaction (PostgreSQL). */
  byCodeLocked(manager: EntityManager, commissionId: number, code: string): Promise<Body | null> {
    return manager.findOne(Body, { where: { commissionId, code }, ...forUpdate(manager) });
  }

  async update(manager: EntityManager, id: number, changes: Partial<Pick<Body, 'name' | 'category'>>): Promise<void> {
    await manager.update(Body, { id }, changes);
  }

  /** The bodies of a commission among `codes` (any number: read 100 codes at a time), in no particular order. */
  async byCodes(manager: EntityManager, commissionId: number, codes: readonly string[]): Promise<Body[]> {
    const found: Body[] = [];
    for (let i = 0; i < codes.length; i += CHUNK) {
      found.push(...(await manager.find(Body, { where: { commissionId, code: In(codes.slice(i, i + CHUNK)) } })));
    }
    return found;
  }

  /** New bodies, 100 rows per INSERT. */
  async insert(manager: EntityManager, rows: Omit<Body, 'id'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await manager.insert(Body, rows.slice(i, i + CHUNK));
  }

  /** An import's new bodies, as multi-row INSERTs inside the caller's transaction. */
  insertMany(manager: EntityManager, rows: Omit<Body, 'id'>[]): Promise<void> {
    return insertMany(manager, Body, rows);
  }
}
