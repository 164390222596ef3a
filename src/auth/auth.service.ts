import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../common/config';
import { DomainError } from '../common/errors';
import { Role } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginLimiter } from './login-limiter';
import { UNUSABLE_HASH, verifyPassword } from './password';

/** 401: not logged in, or the credentials or token are not valid. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
}

/** What a bearer token carries. */
export interface TokenPayload {
  sub: number;
  username: string;
  role: Role;
  commission: string | null;
  body: string | null;
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
  user: UserSummary;
}

export function toUserSummary(actor: Actor, name: string | null = null): UserSummary {
  return { username: actor.username, role: actor.role, name, commission: actor.commission, body: actor.body };
}

/** Login with scrypt password hashes; signed, expiring bearer tokens whose clock is the app's Clock. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly limiter: LoginLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Not actor-facing: the one step before there is an actor (login asks for no access). */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    this.limiter.check(username, address);
    const user = await this.users.byUsername(this.dataSource.manager, username);
    const matches = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !user.passwordHash || !matches) {
      this.limiter.failed(username, address);
      throw new UnauthenticatedError('invalid username or password');
    }
    this.limiter.succeeded(username, address);
    const actor = (await this.users.actor(this.dataSource.manager, user.id))!;
    const payload: TokenPayload = { sub: actor.id, username: actor.username, role: actor.role, commission: actor.commission, body: actor.body };
    const accessToken = await this.jwt.signAsync({ ...payload, iat: this.nowSeconds() }, { expiresIn: this.config.jwtTtlSeconds });
    return { accessToken, expiresIn: this.config.jwtTtlSeconds, user: toUserSummary(actor, user.name) };
  }

  /**
   * The caller behind a bearer token; the user is read afresh, so a changed or removed account
   * counts at once. Not actor-facing: this is where the actor comes from (the guard).
   */
  async authenticate(token: string): Promise<Actor> {
    let payload: TokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { clockTimestamp: this.nowSeconds() });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new UnauthenticatedError(expired ? 'the login has expired; log in again' : 'invalid bearer token');
    }
    // every token this service signs expires; one without `exp` would never end (SPEC §16)
    if (typeof payload.exp !== 'number') throw new UnauthenticatedError('invalid bearer token');
    const actor = await this.users.actor(this.dataSource.manager, payload.sub);
    if (!actor || actor.username !== payload.username) throw new UnauthenticatedError('the account of this token no longer exists');
    return actor;
  }

  /** The logged-in caller's own account: any authenticated actor may read it, so there is no permission to check. */
  async me(actor: Actor): Promise<UserSummary> {
    const user = await this.users.byId(this.dataSource.manager, actor.id);
    return toUserSummary(actor, user?.name ?? null);
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
