import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AccessService } from '../common/access';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { execute, Params } from '../common/raw-sql';
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

  /**
   * One INSERT with the values converted by the driver as TypeORM's insert would (simple-json),
   * without its query builder (which also reads the generated id back): every audited write pays
   * for it, the answer save most often.
   */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const row: Record<string, unknown> = { ...entry, at: this.clock.now().toISOString() };
    const p = new Params(manager);
    const marks = this.columns(manager).map((c) => p.add(row[c.propertyName] === undefined ? null : manager.connection.driver.preparePersistentValue(row[c.propertyName], c)));
    await execute(manager, `${this.insertHead(manager)}(${marks.join(', ')})`, p.values);
  }

  private columns(manager: EntityManager): ColumnMetadata[] {
    return manager.connection.getMetadata(AuditEntry).columns.filter((c) => !c.isGenerated);
  }

  private head: string | null = null;

  private insertHead(manager: EntityManager): string {
    if (this.head === null) {
      const driver = manager.connection.driver;
      this.head = `INSERT INTO ${driver.escape(manager.connection.getMetadata(AuditEntry).tableName)} (${this.columns(manager).map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
    }
    return this.head;
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
