import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { ConflictError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { Commission } from './commission.entity';
import { CreateCommissionDto } from './dto/create-commission.dto';

export interface CommissionView {
  code: string;
  name: string;
  city: string | null;
}

export const toCommissionView = (c: Commission): CommissionView => ({ code: c.code, name: c.name, city: c.city });

@Injectable()
export class CommissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateCommissionDto): Promise<CommissionView> {
    this.access.requireGlobalAdmin(actor, 'commission.create');
    return this.uow.write(async (manager) => {
      if (await manager.exists(Commission, { where: { code: dto.code } })) throw new ConflictError(`commission "${dto.code}" already exists`);
      const commission = await manager.save(manager.create(Commission, { code: dto.code, name: dto.name, city: dto.city ?? null }));
      await this.audit.record(manager, {
        actor: actor.username, action: 'commission.create', editionId: null, bodyCode: null, subject: `commission ${dto.code}`,
        before: null, after: toCommissionView(commission),
      });
      return toCommissionView(commission);
    });
  }

  async list(actor: Actor): Promise<CommissionView[]> {
    this.access.requireRole(actor, 'commission.read');
    const all = await this.dataSource.manager.find(Commission, {
      where: actor.commissionId === null ? {} : { id: actor.commissionId },
      order: { code: 'ASC' },
    });
    return all.map(toCommissionView);
  }
}
