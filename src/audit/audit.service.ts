import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { insertRow } from '../database/sql';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actor: string;
  action: string;
  editionId: number | null;
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
  body: string | null;
  subject: string;
  before: object | null;
  after: object | null;
}

export function toAuditEntryView(e: AuditEntry): AuditEntryView {
  return { id: e.id, at: e.at, actor: e.actor, action: e.action, body: e.bodyCode, subject: e.subject, before: e.before, after: e.after };
}

/** The audit trail: written in the same transaction as the change it describes, never changed afterwards. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** One plain prepared INSERT (insertRow): every audited write pays for it, the answer save most often. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await insertRow(manager, AuditEntry, { ...entry, at: this.clock.now().toISOString() });
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
    if (manager.connection.options.type === 'postgres') await manager.query('LOCK TABLE audit_entry IN SHARE ROW EXCLUSIVE MODE');
  }

  async list(actor: Actor, editionCode: string, bodyCode?: string): Promise<AuditEntryView[]> {
    const { edition } = await this.access.requireEdition(actor, 'audit.read', editionCode);
    const entries = await this.dataSource.manager.find(AuditEntry, {
      where: { editionId: edition.id, ...(bodyCode ? { bodyCode } : {}) },
      order: { id: 'ASC' },
    });
    return entries.map(toAuditEntryView);
  }
}
