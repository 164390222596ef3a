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

  async list(actor: Actor, editionCode: string, bodyCode?: string): Promise<AuditEntryView[]> {
    const { edition } = await this.access.requireEdition(actor, 'audit.read', editionCode);
    const entries = await this.dataSource.manager.find(AuditEntry, {
      where: { editionId: edition.id, ...(bodyCode ? { bodyCode } : {}) },
      order: { id: 'ASC' },
    });
    return entries.map(toAuditEntryView);
  }
}
