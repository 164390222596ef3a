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
    await this.repository.insert(manager, { ...entry, at: this.clock.now().toISOString() });
  }

  async list(actor: Actor, editionCode: string, bodyCode?: string): Promise<AuditEntryView[]> {
    const { edition } = await this.access.requireEdition(actor, 'audit.read', editionCode);
    return (await this.repository.entries(this.dataSource.manager, edition.id, bodyCode)).map(toAuditEntryView);
  }
}
