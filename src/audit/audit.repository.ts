import { Injectable } from '@nestjs/common';
import { Between, EntityManager, In } from 'typeorm';
import { Commission } from '../commissions/commission.entity';
import { insertRow } from '../database/sql';
import { AuditEntry } from './audit-entry.entity';

/** Which entries outside editions to read (see AuditService.listOutsideEditions). */
export interface OutsideEditionsFilter {
  /** one commission's entries; null: every entry */
  commissionId: number | null;
  /** with `actor`: entries with this subject or by this actor */
  subject?: string;
  actor?: string;
  /** this action, or every action starting with it and a dot */
  action?: string;
  beforeId?: number;
  limit: number;
}

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

  /** An edition's `publish` entries, oldest first: where one version's changes end and the next one's begin. */
  publishEntries(manager: EntityManager, editionId: number): Promise<AuditEntry[]> {
    return manager.find(AuditEntry, { where: { editionId, action: 'publish' }, order: { id: 'ASC' } });
  }

  /** The entries about these bodies of an edition written after entry `afterId` (0: from the first) up to entry `untilId`, oldest first. */
  async bodyEntriesBetween(manager: EntityManager, editionId: number, bodyCodes: readonly string[], afterId: number, untilId: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (let i = 0; i < bodyCodes.length; i += 500) {
      entries.push(
        ...(await manager.find(AuditEntry, { where: { editionId, bodyCode: In(bodyCodes.slice(i, i + 500)), id: Between(afterId + 1, untilId) }, order: { id: 'ASC' } })),
      );
    }
    return entries.sort((a, b) => a.id - b.id);
  }

  /** Entries with no edition, newest first. */
  outsideEditions(manager: EntityManager, filter: OutsideEditionsFilter): Promise<AuditEntry[]> {
    const query = manager.createQueryBuilder(AuditEntry, 'a').where('a.editionId IS NULL');
    if (filter.commissionId !== null) query.andWhere('a.commissionId = :commission', { commission: filter.commissionId });
    if (filter.subject !== undefined || filter.actor !== undefined) {
      query.andWhere('(a.subject = :subject OR a.actor = :actor)', { subject: filter.subject ?? null, actor: filter.actor ?? null });
    }
    if (filter.action !== undefined) {
      const family = `${filter.action}.`;
      query.andWhere('(a.action = :action OR SUBSTR(a.action, 1, :length) = :family)', { action: filter.action, family, length: family.length });
    }
    if (filter.beforeId !== undefined) query.andWhere('a.id < :before', { before: filter.beforeId });
    return query.orderBy('a.id', 'DESC').limit(filter.limit).getMany();
  }

  /** The commissions of these ids, for their codes (entries name commissions by id, as listings join bodies for theirs). */
  commissionCodes(manager: EntityManager, ids: readonly (number | null)[]): Promise<Commission[]> {
    const unique = [...new Set(ids.filter((id): id is number => id !== null))];
    return unique.length ? manager.find(Commission, { where: { id: In(unique) } }) : Promise.resolve([]);
  }

  /** PostgreSQL: a SHARE ROW EXCLUSIVE lock on the audit table until the transaction ends (see AuditService.holdAuditedChanges). */
  async holdInserts(manager: EntityManager): Promise<void> {
    if (manager.connection.options.type === 'postgres') await manager.query('LOCK TABLE audit_entry IN SHARE ROW EXCLUSIVE MODE');
  }
}
