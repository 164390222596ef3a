import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { AuditEntry } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

export interface AuditRecord {
  actor: string;
  action: string;
  editionId: number | null;
  /** the commission of a change outside editions (a user, a body, a login), for its admin to read */
  commissionId?: number | null;
  bodyCode: string | null;
  subject: string;
  before: object | null;
  after: object | null;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  /** set on entries outside editions: the commission they concern (null: none in particular) */
  commission?: string | null;
  body: string | null;
  subject: string;
  before: object | null;
  after: object | null;
}

/** What the trail outside editions is filtered by (all optional). */
export interface AuditQuery {
  commission?: string;
  /** entries about this user (`user <username>`) or made by it */
  user?: string;
  /** an action (`user.role`) or a family of them (`login`: login.failure, login.lockout, …) */
  action?: string;
  /** entries older than this id (the next page) */
  before?: number;
  /** at most this many (default 200) */
  limit?: number;
}

export function toAuditEntryView(e: AuditEntry): AuditEntryView {
  return { id: e.id, at: e.at, actor: e.actor, action: e.action, body: e.bodyCode, subject: e.subject, before: e.before, after: e.after };
}

/**
 * The audit trail: written in the same transaction as the change it describes, never changed
 * afterwards. `record` is the one way anything writes to it.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records one change inside the caller's write transaction, stamped with the clock's time. Not
   * actor-facing: it takes no actor to check — the service making the change checked its
   * caller's access first and names the actor in `entry` (a user's name, or `system:<source>`).
   * One prepared single-row INSERT: every audited write pays for it, the answer save most often.
   */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await this.repository.insert(manager, { ...entry, commissionId: entry.commissionId ?? null, at: this.clock.now().toISOString() });
  }

  /**
   * Until the caller's transaction ends, no other audited change commits, and every one that
   * wrote its audit entry before has committed (PostgreSQL: a SHARE ROW EXCLUSIVE lock on the
   * audit table, which every audited change writes last; it conflicts with their inserts and
   * with itself). Reads after it see exactly the changes whose audit entries come before this
   * transaction's own: compute and publication read the facts so (SPEC §16). SQLite runs one
   * write transaction at a time already (UnitOfWork): nothing to do there.
   */
  async holdAuditedChanges(manager: EntityManager): Promise<void> {
    await this.repository.holdInserts(manager);
  }

  async list(actor: Actor, editionCode: string, bodyCode?: string): Promise<AuditEntryView[]> {
    const { edition } = await this.access.requireEdition(actor, 'audit.read', editionCode);
    return (await this.repository.entries(this.dataSource.manager, edition.id, bodyCode)).map(toAuditEntryView);
  }

  /**
   * The trail outside editions — users, bodies, commissions, logins — newest first: an admin of
   * one commission reads its commission's entries; an admin of every commission reads one
   * commission's (when named) or all of them, those of no commission included (failed logins
   * of unknown usernames, new commissions).
   */
  async listOutsideEditions(actor: Actor, query: AuditQuery): Promise<AuditEntryView[]> {
    const commission = await this.access.requireAdminScope(actor, 'audit.read', query.commission);
    const manager = this.dataSource.manager;
    const entries = await this.repository.outsideEditions(manager, {
      commissionId: commission?.id ?? null,
      subject: query.user === undefined ? undefined : `user ${query.user}`,
      actor: query.user,
      action: query.action,
      beforeId: query.before,
      limit: query.limit ?? 200,
    });
    const codes = new Map((await this.repository.commissionCodes(manager, entries.map((e) => e.commissionId))).map((c) => [c.id, c.code]));
    return entries.map((e) => ({ ...toAuditEntryView(e), commission: e.commissionId === null ? null : codes.get(e.commissionId) ?? null }));
  }
}
