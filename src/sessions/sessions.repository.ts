import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { execute, insertRow, Params } from '../database/sql';
import { Session } from './session.entity';

/**
 * The one owner of `session` (authentication reads it with the user, in the one actor query of
 * UsersRepository.actorOfSession). Every method takes the manager it runs on: the write
 * transaction's for writes.
 */
@Injectable()
export class SessionsRepository {
  async insert(manager: EntityManager, row: Session): Promise<void> {
    await insertRow(manager, Session, row);
  }

  /** Ends one live session; an ended one stays as it ended. */
  async end(manager: EntityManager, id: string, at: string, because: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `UPDATE session SET "endedAt" = ${p.add(at)}, "endedBecause" = ${p.add(because)} WHERE id = ${p.add(id)} AND "endedAt" IS NULL`, p.values);
  }

  /** Ends every live session of a user. */
  async endAllOf(manager: EntityManager, userId: number, at: string, because: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `UPDATE session SET "endedAt" = ${p.add(at)}, "endedBecause" = ${p.add(because)} WHERE "userId" = ${p.add(userId)} AND "endedAt" IS NULL`, p.values);
  }

  async touch(manager: EntityManager, id: string, at: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `UPDATE session SET "lastSeenAt" = ${p.add(at)} WHERE id = ${p.add(id)}`, p.values);
  }

  /** Forgets a user's sessions that expired before `before` (ended or not): nothing reads them any more. */
  async prune(manager: EntityManager, userId: number, before: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `DELETE FROM session WHERE "userId" = ${p.add(userId)} AND "expiresAt" < ${p.add(before)}`, p.values);
  }
}
