import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { insertRow } from '../database/sql';
import { AuditEntry } from './audit-entry.entity';

/**
 * The one owner of `audit_entry`. Rows are only ever added (never updated or deleted), and only
 * through AuditService.record, which stamps the time. Every method takes the manager it runs on:
 * the write transaction's for `insert`, any for reads.
 */
@Injectable()
export class AuditRepository {
  /** One plain prepared INSERT (insertRow): every audited write pays for it, the answer save most often. */
  async insert(manager: EntityManager, entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await insertRow(manager, AuditEntry, entry);
  }

  /** An edition's entries, optionally only those about one body, oldest first. */
  entries(manager: EntityManager, editionId: number, bodyCode?: string): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { where: { editionId, ...(bodyCode ? { bodyCode } : {}) }, order: { id: 'ASC' } });
  }
}
