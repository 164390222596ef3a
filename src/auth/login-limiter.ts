import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';

/** 429: too many failed logins; `retryAfterSeconds` goes out as the Retry-After header. */
export class TooManyAttemptsError extends DomainError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed logins; try again in ${retryAfterSeconds} s`);
  }
}

const WINDOW_MS = 15 * 60 * 1000;
/** failures allowed per username and address within the window */
const PER_ACCOUNT = 5;
/** failures allowed per address within the window, whatever the usernames (password spraying) */
const PER_ADDRESS = 30;
const MAX_KEYS = 100_000;

/**
 * Failed logins, counted in memory per username + address and per address over a sliding
 * window. Past the limit every attempt is refused with 429 until the oldest failure ages out; a
 * successful login clears the account's count.
 */
@Injectable()
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Throws 429 when this username, or this address, has failed too often lately. */
  check(username: string, address: string): void {
    const now = this.clock.now().getTime();
    for (const [key, limit] of this.keys(username, address)) {
      const recent = this.recent(key, now);
      if (recent.length >= limit) throw new TooManyAttemptsError(Math.max(1, Math.ceil((recent[0] + WINDOW_MS - now) / 1000)));
    }
  }

  failed(username: string, address: string): void {
    const now = this.clock.now().getTime();
    if (this.failures.size > MAX_KEYS) this.prune(now);
    for (const [key] of this.keys(username, address)) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(username: string, address: string): void {
    this.failures.delete(this.keys(username, address)[0][0]);
  }

  private keys(username: string, address: string): [string, number][] {
    return [
      [`account:${username.toLowerCase()}|${address}`, PER_ACCOUNT],
      [`address:${address}`, PER_ADDRESS],
    ];
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
