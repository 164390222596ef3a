import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { ConflictError, InvalidInputError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { BodiesRepository } from './bodies.repository';
import { Body } from './body.entity';
import { RegisterBodyDto } from './dto/register-body.dto';

export interface BodyView {
  code: string;
  name: string;
  category: string;
}

export const toBodyView = (b: Body): BodyView => ({ code: b.code, name: b.name, category: b.category });

/** Badan publik, registered per commission in bulk: all of a request or none of it. */
@Injectable()
export class BodiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: BodiesRepository,
  ) {}

  async register(actor: Actor, commissionCode: string, bodies: RegisterBodyDto[]): Promise<BodyView[]> {
    const { commission } = await this.access.requireCommission(actor, 'body.manage', commissionCode);
    const seen = new Map<string, number>();
    const issues = bodies.flatMap((b, i) => {
      const first = seen.get(b.code);
      seen.set(b.code, first ?? i);
      return first === undefined ? [] : [{ field: `[${i}].code`, message: `"${b.code}" is also given at [${first}]` }];
    });
    if (issues.length) throw new InvalidInputError(issues);
    return this.uow.write(async (manager) => {
      const codes = bodies.map((b) => b.code);
      const taken = await this.repository.byCodes(manager, commission.id, codes);
      if (taken.length) {
        throw new ConflictError(`already registered in commission "${commission.code}": ${taken.map((b) => b.code).sort().join(', ')}`);
      }
      const rows = bodies.map((b) => ({ commissionId: commission.id, code: b.code, name: b.name, category: b.category }));
      await this.repository.insert(manager, rows);
      await this.audit.record(manager, {
        actor: actor.username, action: 'body.register', editionId: null, bodyCode: null, subject: `bodies of commission ${commission.code}`,
        before: null, after: { bodies: codes },
      });
      return rows.map((r) => ({ code: r.code, name: r.name, category: r.category }));
    });
  }

  async list(actor: Actor, commissionCode: string): Promise<BodyView[]> {
    const { commission } = await this.access.requireCommission(actor, 'body.manage', commissionCode);
    return (await this.repository.ofCommission(this.dataSource.manager, commission.id)).map(toBodyView);
  }
}
