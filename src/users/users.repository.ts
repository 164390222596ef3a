import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Actor } from '../common/actor';
import { Commission } from '../commissions/commission.entity';
import { Params, select } from '../database/sql';
import { Role, User } from './user.entity';

/** Names per IN list. */
const CHUNK = 100;

/** A user as listed: its commission and body by code. */
export interface UserView {
  username: string;
  role: Role;
  name: string | null;
  commission: string | null;
  body: string | null;
}

/**
 * The one owner of `user`; authentication reads accounts here too. Every method takes the manager
 * it runs on: the write transaction's for writes (and for reads the write decides on), any for
 * reads. Listings join the commission and body for their codes.
 */
@Injectable()
export class UsersRepository {
  /** Whether any admin account exists (start-up warns when none does and none is configured). */
  anyAdmin(manager: EntityManager): Promise<boolean> {
    return manager.exists(User, { where: { role: 'admin' } });
  }

  exists(manager: EntityManager, username: string): Promise<boolean> {
    return manager.exists(User, { where: { username } });
  }

  byUsername(manager: EntityManager, username: string): Promise<User | null> {
    return manager.findOne(User, { where: { username } });
  }

  byId(manager: EntityManager, id: number): Promise<User | null> {
    return manager.findOne(User, { where: { id } });
  }

  /** The users among `usernames` (any number: read 100 names at a time), in no particular order. */
  async byUsernames(manager: EntityManager, usernames: readonly string[]): Promise<User[]> {
    const found: User[] = [];
    for (let i = 0; i < usernames.length; i += CHUNK) found.push(...(await manager.find(User, { where: { username: In(usernames.slice(i, i + CHUNK)) } })));
    return found;
  }

  /** The users with these ids (none for none), in no particular order. */
  async byIds(manager: EntityManager, ids: readonly number[]): Promise<User[]> {
    const unique = [...new Set(ids)];
    const found: User[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) found.push(...(await manager.find(User, { where: { id: In(unique.slice(i, i + CHUNK)) } })));
    return found;
  }

  async insert(manager: EntityManager, row: Omit<User, 'id'>): Promise<void> {
    await manager.insert(User, row);
  }

  /** The users of one commission, or every user when `commissionId` is null, by username. */
  async list(manager: EntityManager, commissionId: number | null): Promise<UserView[]> {
    const rows: UserView[] = await manager
      .createQueryBuilder(User, 'u')
      .leftJoin(Commission, 'c', 'c.id = u.commissionId')
      .leftJoin(Body, 'b', 'b.id = u.bodyId')
      .select(['u.username AS username', 'u.role AS role', 'u.name AS name', 'c.code AS commission', 'b.code AS body'])
      .where(commissionId === null ? '1 = 1' : 'u.commissionId = :c', { c: commissionId })
      .orderBy('u.username', 'ASC')
      .getRawMany();
    return rows.map((r) => ({ username: r.username, role: r.role, name: r.name ?? null, commission: r.commission ?? null, body: r.body ?? null }));
  }

  /**
   * The user as the access checks see it (with its commission and body codes), in one prepared
   * query: authentication reads it afresh on every request.
   */
  async actor(manager: EntityManager, userId: number): Promise<Actor | null> {
    const p = new Params(manager);
    const rows = await select(manager,
      'SELECT u.id AS "id", u.username AS "username", u.role AS "role", u."commissionId" AS "commissionId", c.code AS "commission", u."bodyId" AS "bodyId", b.code AS "body"' +
        ' FROM "user" u LEFT JOIN commission c ON c.id = u."commissionId" LEFT JOIN body b ON b.id = u."bodyId"' +
        ` WHERE u.id = ${p.add(userId)}`,
      p.values,
    );
    const user = rows[0];
    if (!user) return null;
    return {
      id: Number(user.id),
      username: String(user.username),
      role: user.role as Role,
      commissionId: user.commissionId === null ? null : Number(user.commissionId),
      commission: (user.commission as string | null) ?? null,
      bodyId: user.bodyId === null ? null : Number(user.bodyId),
      body: (user.body as string | null) ?? null,
    };
  }
}
