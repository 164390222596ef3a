import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Body } from '../bodies/body.entity';
import { Actor } from '../common/actor';
import { Commission } from '../commissions/commission.entity';
import { flag, forUpdate, insertMany, Params, select } from '../database/sql';
import { SessionState } from '../sessions/sessions.service';
import { SessionKind } from '../sessions/session.entity';
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
  disabled: boolean;
  /** an admin set a temporary password that the user has not changed yet */
  mustChangePassword: boolean;
  lastLoginAt: string | null;
}

/** Which users a listing shows: one commission's (or everyone's, for null), optionally of one role. */
export interface UserFilter {
  commissionId: number | null;
  role?: Role;
}

/** The changes an account takes (name, role, flags, password, last login). */
export type UserChanges = Partial<Pick<User, 'name' | 'role' | 'disabled' | 'mustChangePassword' | 'passwordHash' | 'lastLoginAt'>>;

/** The caller behind a session, as authentication reads it on every request. */
export interface SessionActor {
  actor: Actor;
  disabled: boolean;
  mustChangePassword: boolean;
  session: SessionState;
}

const toActor = (user: Record<string, unknown>): Actor => ({
  id: Number(user.id),
  username: String(user.username),
  role: user.role as Role,
  commissionId: user.commissionId === null ? null : Number(user.commissionId),
  commission: (user.commission as string | null) ?? null,
  bodyId: user.bodyId === null ? null : Number(user.bodyId),
  body: (user.body as string | null) ?? null,
});

const ACTOR_COLUMNS =
  'u.id AS "id", u.username AS "username", u.role AS "role", u."commissionId" AS "commissionId", c.code AS "commission", u."bodyId" AS "bodyId", b.code AS "body"';
const ACTOR_JOINS = 'LEFT JOIN commission c ON c.id = u."commissionId" LEFT JOIN body b ON b.id = u."bodyId"';

/**
 * The one owner of `user`; authentication reads accounts here too. Every method takes the manager
 * it runs on: the write transaction's for writes (and for reads the write decides on), any for
 * reads. Listings join the commission and body for their codes.
 */
@Injectable()
export class UsersRepository {
  exists(manager: EntityManager, username: string): Promise<boolean> {
    return manager.exists(User, { where: { username } });
  }

  /** Whether any admin account exists (start-up says when none does). */
  anyAdmin(manager: EntityManager): Promise<boolean> {
    return manager.exists(User, { where: { role: 'admin' } });
  }

  byUsername(manager: EntityManager, username: string): Promise<User | null> {
    return manager.findOne(User, { where: { username } });
  }

  /** The user, locked for the rest of the write transaction (PostgreSQL), for a change that decides on its state. */
  byUsernameLocked(manager: EntityManager, username: string): Promise<User | null> {
    return manager.findOne(User, { where: { username }, ...forUpdate(manager) });
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

  async insert(manager: EntityManager, row: Omit<User, 'id' | 'disabled' | 'mustChangePassword' | 'lastLoginAt'> & Partial<Pick<User, 'mustChangePassword'>>): Promise<void> {
    await manager.insert(User, { disabled: false, mustChangePassword: false, lastLoginAt: null, ...row });
  }

  async update(manager: EntityManager, id: number, changes: UserChanges): Promise<void> {
    await manager.update(User, { id }, changes);
  }

  /** The users a filter names, by username, with their commission and body codes. */
  list(manager: EntityManager, filter: UserFilter): Promise<UserView[]> {
    return this.views(manager, filter);
  }

  /** One user as listed. */
  async view(manager: EntityManager, username: string): Promise<UserView | null> {
    return (await this.views(manager, { commissionId: null }, username))[0] ?? null;
  }

  private async views(manager: EntityManager, filter: UserFilter, username?: string): Promise<UserView[]> {
    const query = manager
      .createQueryBuilder(User, 'u')
      .leftJoin(Commission, 'c', 'c.id = u.commissionId')
      .leftJoin(Body, 'b', 'b.id = u.bodyId')
      .select([
        'u.username AS username', 'u.role AS role', 'u.name AS name', 'c.code AS commission', 'b.code AS body',
        'u.disabled AS disabled', 'u.mustChangePassword AS "mustChangePassword"', 'u.lastLoginAt AS "lastLoginAt"',
      ])
      .where(filter.commissionId === null ? '1 = 1' : 'u.commissionId = :c', { c: filter.commissionId });
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (username !== undefined) query.andWhere('u.username = :username', { username });
    const rows = await query.orderBy('u.username', 'ASC').getRawMany();
    return rows.map((r) => ({
      username: r.username, role: r.role, name: r.name ?? null, commission: r.commission ?? null, body: r.body ?? null,
      disabled: flag(r.disabled), mustChangePassword: flag(r.mustChangePassword), lastLoginAt: r.lastLoginAt ?? null,
    }));
  }

  /**
   * The user as the access checks see it (with its commission and body codes), in one prepared
   * query: what a login answers with.
   */
  async actor(manager: EntityManager, userId: number): Promise<Actor | null> {
    const p = new Params(manager);
    const rows = await select(manager, `SELECT ${ACTOR_COLUMNS} FROM "user" u ${ACTOR_JOINS} WHERE u.id = ${p.add(userId)}`, p.values);
    return rows[0] ? toActor(rows[0]) : null;
  }

  /**
   * The caller behind a session: the session, its user as the access checks see it and the
   * account's flags, in one prepared query — authentication runs it on every request (the
   * answer save included), so a logout, disable or role change counts from the next request.
   */
  async actorOfSession(manager: EntityManager, sessionId: string): Promise<SessionActor | null> {
    const p = new Params(manager);
    const rows = await select(manager,
      `SELECT ${ACTOR_COLUMNS}, u.disabled AS "disabled", u."mustChangePassword" AS "mustChangePassword",` +
        ' s.kind AS "kind", s."lastSeenAt" AS "lastSeenAt", s."expiresAt" AS "expiresAt", s."endedAt" AS "endedAt"' +
        ` FROM session s JOIN "user" u ON u.id = s."userId" ${ACTOR_JOINS} WHERE s.id = ${p.add(sessionId)}`,
      p.values,
    );
    const row = rows[0];
    if (!row) return null;
    const actor = toActor(row);
    return {
      actor,
      disabled: flag(row.disabled),
      mustChangePassword: flag(row.mustChangePassword),
      session: {
        id: sessionId, userId: actor.id, kind: row.kind as SessionKind,
        lastSeenAt: String(row.lastSeenAt), expiresAt: String(row.expiresAt), endedAt: (row.endedAt as string | null) ?? null,
      },
    };
  }

  /** An import's new jurors (no password yet), as multi-row INSERTs inside the caller's transaction. */
  insertMany(manager: EntityManager, rows: Omit<User, 'id' | 'disabled' | 'mustChangePassword' | 'lastLoginAt'>[]): Promise<void> {
    return insertMany(manager, User, rows.map((row) => ({ disabled: false, mustChangePassword: false, lastLoginAt: null, ...row })));
  }
}
