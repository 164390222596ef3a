import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { execute, Params, select } from '../database/sql';
import { AttemptOutcome, LoginAttempt } from './login-attempt.entity';

/** Attempts within a window, per counter, with the oldest of each (when its count drops). */
export interface AttemptCounts {
  /** failures (pending ones included) of this username from this address */
  pair: number;
  pairOldest: string | null;
  /** failures of this username from every address */
  username: number;
  usernameOldest: string | null;
  /** failures of every username from this address */
  address: number;
  addressOldest: string | null;
  /** successful logins of this username */
  successes: number;
  successesOldest: string | null;
}

/** what counts as a failure: a failed attempt, or one still being checked */
const FAILED = "('pending', 'failure')";

/**
 * The one owner of `login_attempt`, the login throttle's counters. Every method takes the manager
 * of the throttle's write transaction; `lock` serialises the transactions that count and add
 * attempts for one username or one address across every API process.
 */
@Injectable()
export class LoginAttemptsRepository {
  /**
   * Holds locks on `keys` until the transaction ends, always in the order given. PostgreSQL runs
   * transactions side by side: an advisory lock per key. SQLite needs none: the UnitOfWork's
   * `BEGIN IMMEDIATE` holds the database's one write lock, which every process shares.
   */
  async lock(manager: EntityManager, keys: readonly string[]): Promise<void> {
    if (manager.connection.options.type !== 'postgres') return;
    for (const key of keys) {
      const p = new Params(manager);
      await select(manager, `SELECT pg_advisory_xact_lock(hashtext(${p.add(key)})) AS "locked"`, p.values);
    }
  }

  /** The four counters of SPEC §16 since `since`, in one query. */
  async counts(manager: EntityManager, username: string, address: string, since: string): Promise<AttemptCounts> {
    const p = new Params(manager);
    // each placeholder is added where it appears in the text (SQLite binds `?` by position)
    const counter = (name: string, where: () => string) =>
      [`(SELECT COUNT(*) FROM login_attempt a WHERE ${where()} AND a.at > ${p.add(since)}) AS "${name}"`,
        `(SELECT MIN(a.at) FROM login_attempt a WHERE ${where()} AND a.at > ${p.add(since)}) AS "${name}Oldest"`].join(', ');
    const columns = [
      counter('pair', () => `a.username = ${p.add(username)} AND a.address = ${p.add(address)} AND a.outcome IN ${FAILED}`),
      counter('username', () => `a.username = ${p.add(username)} AND a.outcome IN ${FAILED}`),
      counter('address', () => `a.address = ${p.add(address)} AND a.outcome IN ${FAILED}`),
      counter('successes', () => `a.username = ${p.add(username)} AND a.outcome = 'success'`),
    ];
    const [row] = await select<Record<string, unknown>>(manager, `SELECT ${columns.join(', ')}`, p.values);
    const oldest = (name: string) => (row[`${name}Oldest`] as string | null) ?? null;
    return {
      pair: Number(row.pair), pairOldest: oldest('pair'),
      username: Number(row.username), usernameOldest: oldest('username'),
      address: Number(row.address), addressOldest: oldest('address'),
      successes: Number(row.successes), successesOldest: oldest('successes'),
    };
  }

  /** The settled failures (not those still pending) of one counter since `since`. */
  async failures(manager: EntityManager, counter: 'pair' | 'username' | 'address', username: string, address: string, since: string): Promise<number> {
    const p = new Params(manager);
    const where = { pair: () => `username = ${p.add(username)} AND address = ${p.add(address)}`, username: () => `username = ${p.add(username)}`, address: () => `address = ${p.add(address)}` }[counter]();
    const [row] = await select<{ n: unknown }>(manager, `SELECT COUNT(*) AS "n" FROM login_attempt WHERE ${where} AND outcome = 'failure' AND at > ${p.add(since)}`, p.values);
    return Number(row.n);
  }

  /** Adds an attempt; its id. */
  async insert(manager: EntityManager, row: Omit<LoginAttempt, 'id'>): Promise<number> {
    const result = await manager.insert(LoginAttempt, row);
    return Number(result.identifiers[0].id);
  }

  async settle(manager: EntityManager, id: number, outcome: AttemptOutcome): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `UPDATE login_attempt SET outcome = ${p.add(outcome)} WHERE id = ${p.add(id)}`, p.values);
  }

  /** Forgives the failures of a username from an address since `since` (a successful login from there). */
  async clear(manager: EntityManager, username: string, address: string, since: string): Promise<void> {
    const p = new Params(manager);
    await execute(
      manager,
      `UPDATE login_attempt SET outcome = ${p.add('cleared')} WHERE username = ${p.add(username)} AND address = ${p.add(address)} AND outcome = ${p.add('failure')} AND at > ${p.add(since)}`,
      p.values,
    );
  }

  /** Forgets attempts older than `before`: the counters only look back one window. */
  async prune(manager: EntityManager, before: string): Promise<void> {
    const p = new Params(manager);
    await execute(manager, `DELETE FROM login_attempt WHERE at < ${p.add(before)}`, p.values);
  }
}
