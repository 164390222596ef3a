import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { EditionsRepository } from '../editions/editions.repository';
import { BodiesRepository } from './bodies.repository';
import { Body } from './body.entity';
import { RegisterBodyDto, UpdateBodyDto } from './dto/register-body.dto';

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
    private readonly editions: EditionsRepository,
  ) {}

  async register(actor: Actor, commissionCode: string, bodies: RegisterBodyDto[]): Promise<BodyView[]> {
    const { commission } = await this.access.requireCommission(actor, 'body.manage', commissionCode);
    const seen = new Map<string, number>();
    const issues = bodies.flatMap((b, i) => {
      const first = seen.get(b.code);
      seen.set(b.code, first ?? i);
      return first === undefined ? [] : [{ field: `[${i}].code`, message: `"${b.code}" is also given at [${first}]`, text: `"${b.code}" juga diberikan pada [${first}]` }];
    });
    if (issues.length) throw new InvalidInputError(issues);
    return this.uow.write(async (manager) => {
      const codes = bodies.map((b) => b.code);
      const taken = await this.repository.byCodes(manager, commission.id, codes);
      if (taken.length) {
        const codes = taken.map((b) => b.code).sort().join(', ');
        throw new ConflictError('conflict.duplicate', {
          en: `already registered in commission "${commission.code}": ${codes}`,
          id: `sudah terdaftar di komisi "${commission.code}": ${codes}`,
        });
      }
      const rows = bodies.map((b) => ({ commissionId: commission.id, code: b.code, name: b.name, category: b.category }));
      await this.repository.insert(manager, rows);
      await this.audit.record(manager, {
        actor: actor.username, action: 'body.register', editionId: null, commissionId: commission.id, bodyCode: null, subject: `bodies of commission ${commission.code}`,
        before: null, after: { bodies: codes },
      });
      return rows.map((r) => ({ code: r.code, name: r.name, category: r.category }));
    });
  }

  /**
   * Corrects a body's name or category. Publications keep the names they froze; the category
   * is fixed once the body was first published (a ranking group that changed after a decree
   * would rewrite it), and must be one every edition the body takes part in ranks. Audited.
   */
  async update(actor: Actor, commissionCode: string, bodyCode: string, dto: UpdateBodyDto): Promise<BodyView> {
    const { commission } = await this.access.requireCommission(actor, 'body.manage', commissionCode);
    if (dto.name === undefined && dto.category === undefined) {
      throw new InvalidInputError([{ field: '(body)', message: 'give at least one of name, category', text: 'isi paling tidak salah satu dari name, category' }]);
    }
    return this.uow.write(async (manager) => {
      const body = await this.repository.byCodeLocked(manager, commission.id, bodyCode);
      if (!body) throw new NotFoundError('body', bodyCode);
      const changes: Partial<Pick<Body, 'name' | 'category'>> = {};
      if (dto.name !== undefined && dto.name !== body.name) changes.name = dto.name;
      if (dto.category !== undefined && dto.category !== body.category) {
        const published = await this.editions.publicationsOfBody(manager, body.id);
        if (published.length) {
          const first = published[0];
          throw new ConflictError('body.category_fixed', {
            en: `the category of body "${body.code}" is fixed since it was published (edition ${first.edition}, version ${first.version})`,
            id: `kategori badan publik "${body.code}" tetap sejak ditetapkan (edisi ${first.edition}, versi ${first.version})`,
          });
        }
        const unranked = (await this.editions.editionsOfBody(manager, body.id)).filter((e) => !e.categories.some((c) => c.code === dto.category));
        if (unranked.length) {
          throw new InvalidInputError(unranked.map((e) => {
            const ranked = e.categories.map((c) => c.code).join(', ');
            return {
              field: 'category',
              message: `"${dto.category}" is not ranked in edition ${e.code}, where body "${body.code}" takes part (${ranked})`,
              text: `"${dto.category}" tidak diperingkat dalam edisi ${e.code}, tempat badan publik "${body.code}" ikut serta (${ranked})`,
            };
          }));
        }
        changes.category = dto.category;
      }
      if (Object.keys(changes).length) {
        await this.repository.update(manager, body.id, changes);
        await this.audit.record(manager, {
          actor: actor.username, action: 'body.update', editionId: null, commissionId: commission.id, bodyCode: body.code, subject: `body ${body.code}`,
          before: Object.fromEntries(Object.keys(changes).map((k) => [k, body[k as keyof typeof changes]])), after: changes,
        });
      }
      return toBodyView({ ...body, ...changes });
    });
  }

  async list(actor: Actor, commissionCode: string): Promise<BodyView[]> {
    const { commission } = await this.access.requireCommission(actor, 'body.manage', commissionCode);
    return (await this.repository.ofCommission(this.dataSource.manager, commission.id)).map(toBodyView);
  }
}
