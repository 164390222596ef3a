import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../common/config';
import { DomainError, InvalidInputError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { SessionKind, sessionIdOf, SessionsService, StartedSession } from '../sessions/sessions.service';
import { Role, User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { ChangePasswordDto } from './dto/password.dto';
import { LoginThrottle } from './login-throttle';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';

/** 401: not logged in, or the credentials or token are not valid. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
}

/** What a bearer token carries: `sid` names its session (the secret whose SHA-256 is stored). */
export interface TokenPayload {
  sub: number;
  username: string;
  role: Role;
  commission: string | null;
  body: string | null;
  sid: string;
}

export interface UserSummary {
  username: string;
  role: Role;
  name: string | null;
  commission: string | null;
  body: string | null;
}

export interface LoginResult {
  accessToken: string;
  /** seconds until the token expires */
  expiresIn: number;
  /** the password is a temporary one an admin set: every route but auth/* answers 403 until it is changed */
  mustChangePassword: boolean;
  user: UserSummary;
}

/** A browser login: the session whose secret the cookie carries. */
export interface WebLogin {
  session: StartedSession;
  mustChangePassword: boolean;
  user: UserSummary;
}

/** The caller of a request, as the guard makes it from a bearer token (or the web guard from a cookie). */
export interface Authenticated {
  actor: Actor;
  /** the stored id of the token's session (what a logout ends) */
  sessionId: string;
  mustChangePassword: boolean;
}

export function toUserSummary(actor: Actor, name: string | null = null): UserSummary {
  return { username: actor.username, role: actor.role, name, commission: actor.commission, body: actor.body };
}

/** The refusals of a token that no longer counts, each thrown from more than one place. */
const ended = () =>
  new UnauthenticatedError('auth.ended', {
    en: 'this login has ended (logged out, password changed, or the account was changed by an admin); log in again',
    id: 'sesi masuk ini sudah berakhir (keluar, kata sandi diganti, atau akunnya diubah admin); silakan masuk lagi',
  });
const expired = () => new UnauthenticatedError('auth.expired', { en: 'the login has expired; log in again', id: 'sesi masuk sudah kedaluwarsa; silakan masuk lagi' });
const invalidToken = () => new UnauthenticatedError('auth.invalid_token', { en: 'invalid bearer token', id: 'token bearer tidak sah' });

/**
 * Logins with scrypt password hashes, throttled in the database (login-throttle.ts); signed,
 * expiring bearer tokens, each naming a session that a logout, a password change or an admin's
 * change of the account ends at once. The token's clock is the app's Clock.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Not actor-facing: the one step before there is an actor (login asks for no access). The
   * attempt is counted before the password is checked (LoginThrottle.begin).
   */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const { user, session } = await this.startSession(username, password, address, 'api');
    return this.issue(user.id, user.name, user.mustChangePassword, session.secret);
  }

  /**
   * A browser login (SPEC §11): the same credentials, throttle and audit as the API's, starting a
   * session of kind `web` whose secret goes into the cookie. Not actor-facing, like login.
   */
  async loginWeb(username: string, password: string, address: string): Promise<WebLogin> {
    const { user, session } = await this.startSession(username, password, address, 'web');
    const actor = (await this.users.actor(this.dataSource.manager, user.id))!;
    return { session, mustChangePassword: user.mustChangePassword, user: toUserSummary(actor, user.name) };
  }

  private async startSession(username: string, password: string, address: string, kind: SessionKind): Promise<{ user: User; session: StartedSession }> {
    const ticket = await this.throttle.begin(username, address);
    const user = await this.users.byUsername(this.dataSource.manager, username);
    const matches = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !user.passwordHash || !matches || user.disabled) {
      const reason = !user ? 'unknown username' : !user.passwordHash ? 'no password set' : !matches ? 'wrong password' : 'account disabled';
      await this.throttle.failed(ticket, user ? { username: user.username, commissionId: user.commissionId } : null, username, reason);
      throw new UnauthenticatedError('auth.invalid_credentials', { en: 'invalid username or password', id: 'nama pengguna atau kata sandi salah' });
    }
    const session = await this.uow.write(async (manager) => {
      await this.throttle.succeeded(manager, ticket);
      await this.users.update(manager, user.id, { lastLoginAt: this.clock.now().toISOString() });
      return this.sessions.start(manager, user.id, kind);
    });
    return { user, session };
  }

  /**
   * The caller behind a bearer token: its session and user read afresh in one query, so a
   * logout, a password change, a disable or a role change counts from the next request. Not
   * actor-facing: this is where the actor comes from (the guard).
   */
  async authenticate(token: string): Promise<Authenticated> {
    let payload: TokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { clockTimestamp: this.nowSeconds() });
    } catch (error) {
      throw (error as Error).name === 'TokenExpiredError' ? expired() : invalidToken();
    }
    // every token this service signs expires; one without `exp` would never end (SPEC §16)
    if (typeof payload.exp !== 'number') throw invalidToken();
    if (typeof payload.sid !== 'string') {
      throw new UnauthenticatedError('auth.invalid_token', {
        en: 'this token names no session (it was issued by an earlier version); log in again',
        id: 'token ini tidak menyebut sesi (diterbitkan versi sebelumnya); silakan masuk lagi',
      });
    }
    return this.liveSession(payload.sid, 'api', (actor) => actor.id === payload.sub && actor.username === payload.username);
  }

  /**
   * The caller behind a browser's session cookie (SPEC §11): the same live check as a token's —
   * a logout, a password change, a disable or a role change counts from the next request, and
   * the session ends after 12 hours, or 2 hours without a request. Not actor-facing (the web guard).
   */
  authenticateWeb(secret: string): Promise<Authenticated> {
    return this.liveSession(secret, 'web', () => true);
  }

  private async liveSession(secret: string, kind: SessionKind, sameAccount: (actor: Actor) => boolean): Promise<Authenticated> {
    const found = await this.users.actorOfSession(this.dataSource.manager, sessionIdOf(secret));
    if (!found || found.session.kind !== kind) throw ended();
    if (!sameAccount(found.actor)) {
      throw new UnauthenticatedError('auth.ended', { en: 'the account of this token no longer exists', id: 'akun pemilik token ini sudah tidak ada' });
    }
    const now = this.clock.now();
    const problem = this.sessions.problem(found.session, now);
    if (problem === 'ended') throw ended();
    if (problem === 'expired') throw expired();
    if (found.disabled) throw new UnauthenticatedError('auth.disabled', { en: 'this account is disabled', id: 'akun ini dinonaktifkan' });
    await this.sessions.seen(found.session, now);
    return { actor: found.actor, sessionId: found.session.id, mustChangePassword: found.mustChangePassword };
  }

  /** The logged-in caller's own account. */
  async me(actor: Actor): Promise<UserSummary> {
    this.access.requireRole(actor, 'account.own');
    const user = await this.users.byId(this.dataSource.manager, actor.id);
    return toUserSummary(actor, user?.name ?? null);
  }

  /** Ends the caller's session (this token; the user's other logins stay). */
  async logout(actor: Actor, sessionId: string): Promise<void> {
    this.access.requireRole(actor, 'account.own');
    await this.uow.write((manager) => this.sessions.end(manager, sessionId, 'logout'));
  }

  /**
   * The caller's new password, given the current one (checked like a login, so a stolen token
   * cannot guess it faster): every session of the user ends, this one included, and a new token
   * is issued; a temporary password is then no longer one.
   */
  async changePassword(actor: Actor, dto: ChangePasswordDto, address: string): Promise<LoginResult> {
    this.access.requireRole(actor, 'account.own');
    const { user, session } = await this.replacePassword(actor, dto, address, 'api');
    return this.issue(user.id, user.name, false, session.secret);
  }

  /** The same change from the browser: every session ends and a new web session starts (its cookie). */
  async changePasswordWeb(actor: Actor, dto: ChangePasswordDto, address: string): Promise<StartedSession> {
    this.access.requireRole(actor, 'account.own');
    return (await this.replacePassword(actor, dto, address, 'web')).session;
  }

  private async replacePassword(actor: Actor, dto: ChangePasswordDto, address: string, kind: SessionKind): Promise<{ user: User; session: StartedSession }> {
    const user = await this.users.byId(this.dataSource.manager, actor.id);
    if (!user) throw new NotFoundError('user', actor.username);
    const ticket = await this.throttle.begin(user.username, address);
    if (!user.passwordHash || !(await verifyPassword(dto.currentPassword, user.passwordHash))) {
      await this.throttle.failed(ticket, { username: user.username, commissionId: user.commissionId }, user.username, 'wrong current password (password change)');
      throw new InvalidInputError([{ field: 'currentPassword', message: 'is not the current password', text: 'bukan kata sandi saat ini' }]);
    }
    if (dto.newPassword === dto.currentPassword) {
      await this.uow.write((manager) => this.throttle.succeeded(manager, ticket));
      throw new InvalidInputError([{ field: 'newPassword', message: 'must differ from the current password', text: 'harus berbeda dari kata sandi saat ini' }]);
    }
    const passwordHash = await hashPassword(dto.newPassword);
    const session = await this.uow.write(async (manager) => {
      await this.throttle.succeeded(manager, ticket);
      await this.users.update(manager, user.id, { passwordHash, mustChangePassword: false });
      await this.sessions.endAllOf(manager, user.id, 'password');
      await this.audit.record(manager, {
        actor: actor.username, action: 'user.password.change', editionId: null, commissionId: user.commissionId, bodyCode: null, subject: `user ${user.username}`,
        before: user.mustChangePassword ? { temporary: true } : null, after: { sessionsEnded: true },
      });
      return this.sessions.start(manager, user.id, kind);
    });
    return { user, session };
  }

  private async issue(userId: number, name: string | null, mustChangePassword: boolean, sid: string): Promise<LoginResult> {
    const actor = (await this.users.actor(this.dataSource.manager, userId))!;
    const payload: TokenPayload = { sub: actor.id, username: actor.username, role: actor.role, commission: actor.commission, body: actor.body, sid };
    const accessToken = await this.jwt.signAsync({ ...payload, iat: this.nowSeconds() }, { expiresIn: this.config.jwtTtlSeconds });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds, mustChangePassword, user: toUserSummary(actor, name) };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
