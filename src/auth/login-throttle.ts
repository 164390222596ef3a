import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { AttemptCounts, LoginAttemptsRepository } from './login-attempts.repository';

/** Which limit of LOGIN_LIMITS was reached, as a refusal says it. */
const TOO_MANY = {
  failures: { en: 'failed logins', id: 'percobaan masuk yang gagal' },
  address: { en: 'failed logins from this address', id: 'percobaan masuk yang gagal dari alamat ini' },
  successes: { en: 'logins of this account', id: 'login dengan akun ini' },
} as const;

/** 429: too many login attempts; `retryAfterSeconds` goes out as the Retry-After header. */
export class TooManyAttemptsError extends DomainError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number, what: keyof typeof TOO_MANY = 'failures') {
    super('login.throttled', {
      en: `too many ${TOO_MANY[what].en}; try again in ${retryAfterSeconds} s`,
      id: `terlalu banyak ${TOO_MANY[what].id}; coba lagi dalam ${retryAfterSeconds} detik`,
    });
  }
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** SPEC §16: failures evaluated per window, and the successful logins one account may make. */
export const LOGIN_LIMITS = {
  /** failures of one username from one address */
  pair: 5,
  /** failures of one username from all addresses */
  username: 20,
  /** failures from one address, whatever the usernames (an office NAT serves many users) */
  address: 100,
  /** successful logins of one account */
  successes: 30,
} as const;

/** An attempt counted by `begin`: settled by `failed` or `succeeded`. */
export interface LoginTicket {
  id: number;
  /** as counted: lower case */
  username: string;
  address: string;
}

/** Who an attempt concerned, for the audit: the account when the username exists. */
export interface AttemptAccount {
  username: string;
  commissionId: number | null;
}

/** Forgotten after a day: the counters look back 15 minutes, the audit keeps the history. */
const KEEP_MS = 24 * 3600 * 1000;

/** A client address as counted: IPv4 without the `::ffff:` of an IPv4-mapped IPv6 address, at most 64 characters. */
export function countedAddress(address: string | undefined): string {
  const plain = (address ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return (plain || 'unknown').slice(0, 64);
}

/**
 * The login throttle of SPEC §16, kept in the database so that every API process shares it.
 * An attempt is counted before its password is checked: `begin` refuses it (429) when a limit is
 * reached and otherwise adds it as pending — a failure until `succeeded` says otherwise — so
 * parallel attempts cannot outrun the limit: of 40 wrong passwords sent at once, 5 are checked.
 * Failures are audited, and so is the failure that locks a username or an address.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: LoginAttemptsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Counts an attempt of `username` from `address`, or refuses it with 429. */
  begin(username: string, address: string): Promise<LoginTicket> {
    const ticket = { username: username.toLowerCase().slice(0, 64), address: countedAddress(address) };
    const now = this.clock.now();
    return this.uow.write(async (manager) => {
      await this.lock(manager, ticket);
      await this.repository.prune(manager, new Date(now.getTime() - KEEP_MS).toISOString());
      const counts = await this.repository.counts(manager, ticket.username, ticket.address, this.since(now));
      const refused = this.refusal(counts, now);
      if (refused) throw refused;
      const id = await this.repository.insert(manager, { at: now.toISOString(), username: ticket.username, address: ticket.address, outcome: 'pending' });
      return { ...ticket, id };
    });
  }

  /** The attempt failed (wrong password, unknown username, disabled account): audited, and the lockout it causes. */
  async failed(ticket: LoginTicket, account: AttemptAccount | null, typed: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.uow.write(async (manager) => {
      // the same locks as begin: of two failures settled at once, one counts the other's
      await this.lock(manager, ticket);
      await this.repository.settle(manager, ticket.id, 'failure');
      const entry = { actor: 'system:login', editionId: null, commissionId: account?.commissionId ?? null, bodyCode: null, subject: `user ${(account?.username ?? typed).slice(0, 64)}` };
      await this.audit.record(manager, { ...entry, action: 'login.failure', before: null, after: { address: ticket.address, reason } });
      // the failure that reaches a limit locks (attempts still pending are not failures yet)
      for (const counter of ['pair', 'username', 'address'] as const) {
        if ((await this.repository.failures(manager, counter, ticket.username, ticket.address, this.since(now))) === LOGIN_LIMITS[counter]) {
          await this.audit.record(manager, {
            ...entry, action: 'login.lockout', before: null,
            after: { address: ticket.address, limit: counter, failures: LOGIN_LIMITS[counter], minutes: LOGIN_WINDOW_MS / 60_000 },
          });
        }
      }
    });
  }

  /** The attempt succeeded, inside the login's transaction: earlier failures of the username from this address are forgiven. */
  async succeeded(manager: EntityManager, ticket: LoginTicket): Promise<void> {
    await this.repository.settle(manager, ticket.id, 'success');
    await this.repository.clear(manager, ticket.username, ticket.address, this.since(this.clock.now()));
  }

  /** Serialises the counting of one username's and one address's attempts across processes (always in this order). */
  private lock(manager: EntityManager, ticket: Pick<LoginTicket, 'username' | 'address'>): Promise<void> {
    return this.repository.lock(manager, [`login:username:${ticket.username}`, `login:address:${ticket.address}`]);
  }

  private since(now: Date): string {
    return new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  }

  private refusal(counts: AttemptCounts, now: Date): TooManyAttemptsError | null {
    const after = (oldest: string | null) => Math.max(1, Math.ceil(((oldest ? Date.parse(oldest) : now.getTime()) + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    if (counts.pair >= LOGIN_LIMITS.pair) return new TooManyAttemptsError(after(counts.pairOldest));
    if (counts.username >= LOGIN_LIMITS.username) return new TooManyAttemptsError(after(counts.usernameOldest));
    if (counts.address >= LOGIN_LIMITS.address) return new TooManyAttemptsError(after(counts.addressOldest), 'address');
    if (counts.successes >= LOGIN_LIMITS.successes) return new TooManyAttemptsError(after(counts.successesOldest), 'successes');
    return null;
  }
}
