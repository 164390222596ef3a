import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { ConflictError } from '../common/errors';
import { DEFAULT_TIME_ZONE } from '../common/time-zone';
import { UnitOfWork } from '../database/unit-of-work';
import { Commission } from './commission.entity';
import { CommissionsRepository } from './commissions.repository';
import { CreateCommissionDto } from './dto/create-commission.dto';

export interface CommissionView {
  code: string;
  name: string;
  city: string | null;
  timeZone: string;
}

export const toCommissionView = (c: Commission): CommissionView => ({ code: c.code, name: c.name, city: c.city, timeZone: c.timeZone });

@Injectable()
export class CommissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: CommissionsRepository,
  ) {}

  async create(actor: Actor, dto: CreateCommissionDto): Promise<CommissionView> {
    this.access.requireGlobalAdmin(actor, 'commission.create');
    return this.uow.write(async (manager) => {
      if (await this.repository.exists(manager, dto.code)) {
        throw new ConflictError('conflict.duplicate', { en: `commission "${dto.code}" already exists`, id: `komisi "${dto.code}" sudah ada` });
      }
      const commission = await this.repository.insert(manager, { code: dto.code, name: dto.name, city: dto.city ?? null, timeZone: dto.timeZone ?? DEFAULT_TIME_ZONE });
      await this.audit.record(manager, {
        actor: actor.username, action: 'commission.create', editionId: null, commissionId: commission.id, bodyCode: null, subject: `commission ${dto.code}`,
        before: null, after: toCommissionView(commission),
      });
      return toCommissionView(commission);
    });
  }

  async list(actor: Actor): Promise<CommissionView[]> {
    this.access.requireRole(actor, 'commission.read');
    return (await this.repository.list(this.dataSource.manager, actor.commissionId)).map(toCommissionView);
  }
}
