import { createHash, randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../common/config';
import { UnitOfWork } from '../database/unit-of-work';
import { SessionKind } from './session.entity';
import { SessionsRepository } from './sessions.repository';

export type { SessionKind } from './session.entity';

/** Why sessions end before they expire (stored, and said in the audit). */
export type EndReason = 'logout' | 'password' | 'reset' | 'disabled' | 'role';

/** How long a session of a kind lasts. */
export interface SessionLimits {
  /** from its start */
  lifetimeMs: number;
  /** without a request; null: no idle limit */
  idleMs: number | null;
}

/** What authentication reads of a session, with its user, in one query. */
export interface SessionState {
  id: string;
  userId: number;
  kind: SessionKind;
  lastSeenAt: string;
  expiresAt: string;
  endedAt: string | null;
}

/** A started session: the secret goes to the client (the token's `sid`, or a cookie), the id is what is stored. */
export interface StartedSession {
  secret: string;
  id: string;
  expiresAt: string;
}

const HOUR = 3600_000;
/** A session's last request is stored at most this often: an idle limit of hours needs no write per request. */
const TOUCH_EVERY_MS = 60_000;

/** The session id stored for a secret a client presents: its SHA-256, so a copy of the table names no live session. */
export function sessionIdOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Sessions: every login is one row, which a logout, a password change, a reset, a disable or a
 * role change ends at once. API bearer tokens are one kind (they last as long as the token,
 * MONEV_JWT_TTL_SECONDS); the browser sessions of SPEC §11 are another (12 hours, 2 hours without
 * a request), checked by the same rule.
 *
 * Not actor-facing: its callers (authentication, the account services) check their actor first
 * and pass the manager of their own write transaction, as they do for the audit.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SessionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  limits(kind: SessionKind): SessionLimits {
    return kind === 'api' ? { lifetimeMs: this.config.jwtTtlSeconds * 1000, idleMs: null } : { lifetimeMs: 12 * HOUR, idleMs: 2 * HOUR };
  }

  /** Starts a session of `userId` inside the caller's transaction; a user's sessions expired for a day are forgotten. */
  async start(manager: EntityManager, userId: number, kind: SessionKind): Promise<StartedSession> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    const id = sessionIdOf(secret);
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + this.limits(kind).lifetimeMs).toISOString();
    await this.repository.prune(manager, userId, new Date(now.getTime() - 24 * HOUR).toISOString());
    await this.repository.insert(manager, { id, userId, kind, createdAt: at, lastSeenAt: at, expiresAt, endedAt: null, endedBecause: null });
    return { secret, id, expiresAt };
  }

  /** Ends one session (a logout), inside the caller's transaction. */
  async end(manager: EntityManager, id: string, because: EndReason): Promise<void> {
    await this.repository.end(manager, id, this.clock.now().toISOString(), because);
  }

  /** Ends every session of a user (password change, reset, disable, role change), inside the caller's transaction. */
  async endAllOf(manager: EntityManager, userId: number, because: EndReason): Promise<void> {
    await this.repository.endAllOf(manager, userId, this.clock.now().toISOString(), because);
  }

  /**
   * Why a session no longer counts — `ended` (logout, password, …) or `expired` (its lifetime
   * or idle limit passed) — or null while it is live.
   */
  problem(session: SessionState, now: Date = this.clock.now()): 'ended' | 'expired' | null {
    if (session.endedAt !== null) return 'ended';
    const at = now.getTime();
    if (at >= Date.parse(session.expiresAt)) return 'expired';
    const { idleMs } = this.limits(session.kind);
    if (idleMs !== null && at - Date.parse(session.lastSeenAt) >= idleMs) return 'expired';
    return null;
  }

  /**
   * Records a request on a session with an idle limit, at most once a minute (a session without
   * one is never written after its start: the API's answer saves stay free of it).
   */
  async seen(session: SessionState, now: Date = this.clock.now()): Promise<void> {
    if (this.limits(session.kind).idleMs === null || now.getTime() - Date.parse(session.lastSeenAt) < TOUCH_EVERY_MS) return;
    await this.uow.write((manager) => this.repository.touch(manager, session.id, now.toISOString()));
  }
}
