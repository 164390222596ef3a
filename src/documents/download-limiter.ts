import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';

/** 429: too many anonymous downloads from one address; `retryAfterSeconds` goes out as Retry-After. */
export class TooManyDownloadsError extends DomainError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('download.throttled', {
      en: `too many downloads from this address; try again in ${retryAfterSeconds} s`,
      id: `terlalu banyak unduhan dari alamat ini; coba lagi dalam ${retryAfterSeconds} detik`,
    });
  }
}

/** anonymous downloads one address may make within WINDOW_MS */
export const DOWNLOADS_PER_ADDRESS = 30;
const WINDOW_MS = 60_000;
/** addresses remembered at most; past that the quiet ones are forgotten first */
const MAX_ADDRESSES = 50_000;

/**
 * Anonymous downloads per client address over a sliding minute (SPEC §16 "Public downloads").
 *
 * The counts live in memory, per API process, on purpose: a download is now a read of a kept
 * document, and counting it in the database would add a write to every anonymous request — on
 * SQLite, a write that queues behind the answer saves of the deadline rush — which is the load
 * the limit is there to keep away. What the limit protects is each process's own time, so a
 * process counts what it serves; with N processes behind a balancer one address gets at most N
 * times the limit, each process still at most the limit. The address is Express's `req.ip`,
 * which follows `X-Forwarded-For` only as far as MONEV_TRUST_PROXY trusts it.
 */
@Injectable()
export class DownloadLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Counts one download from `address`; throws 429 when the address has had its share of the last minute. */
  take(address: string): void {
    const now = this.clock.now().getTime();
    const times = (this.recent.get(address) ?? []).filter((t) => t > now - WINDOW_MS);
    if (times.length >= DOWNLOADS_PER_ADDRESS) {
      this.recent.set(address, times);
      throw new TooManyDownloadsError(Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000)));
    }
    times.push(now);
    // re-inserted: the Map's order is then from the longest quiet to the latest active
    this.recent.delete(address);
    this.recent.set(address, times);
    if (this.recent.size > MAX_ADDRESSES) this.forgetQuietest();
  }

  /** Drops the addresses that downloaded longest ago (the Map's first entries) down to 90% of MAX_ADDRESSES. */
  private forgetQuietest(): void {
    for (const address of this.recent.keys()) {
      if (this.recent.size <= MAX_ADDRESSES * 0.9) break;
      this.recent.delete(address);
    }
  }
}

interface RequestWithAddress {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** The guard of the anonymous download routes: one count per request, from the client's address. */
@Injectable()
export class AnonymousDownloadLimit implements CanActivate {
  constructor(private readonly limiter: DownloadLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithAddress>();
    this.limiter.take(request.ip ?? request.socket?.remoteAddress ?? 'unknown');
    return true;
  }
}
