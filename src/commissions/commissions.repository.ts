import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Commission } from './commission.entity';

/**
 * The one owner of `commission` (the access checks read it too, inside their one scope query in
 * access.repository.ts). Every method takes the manager it runs on: the write transaction's for
 * writes, any for reads.
 */
@Injectable()
export class CommissionsRepository {
  exists(manager: EntityManager, code: string): Promise<boolean> {
    return manager.exists(Commission, { where: { code } });
  }

  byId(manager: EntityManager, id: number): Promise<Commission> {
    return manager.findOneOrFail(Commission, { where: { id } });
  }

  byCode(manager: EntityManager, code: string): Promise<Commission | null> {
    return manager.findOne(Commission, { where: { code } });
  }

  /** One commission, or every commission when `id` is null, by code. */
  list(manager: EntityManager, id: number | null = null): Promise<Commission[]> {
    return manager.find(Commission, { where: id === null ? {} : { id }, order: { code: 'ASC' } });
  }

  async insert(manager: EntityManager, row: Omit<Commission, 'id'>): Promise<Commission> {
    return manager.save(manager.create(Commission, row));
  }
}
