import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Body } from '../bodies/body.entity';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { insertMany, UnitOfWork } from '../database/unit-of-work';
import { BodyResult, EditionDef, computeEdition, parseExact, roundHalfUp2 } from '../scoring';
import { loadEdition, loadEditionFacts } from './edition-facts';
import { ResultRow } from './result.entity';

/** Computes an edition's draft results with src/scoring and stores them; reads them back. */
/** results carry their whole breakdown (tens of kilobytes each): a hundred per statement */
const RESULTS_PER_INSERT = 100;

@Injectable()
export class ComputeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async compute(editionCode: string, actor: string): Promise<BodyResult[]> {
    const { edition, input, bodyIds } = await loadEditionFacts(this.dataSource.manager, editionCode);
    const results = computeEdition(input);
    const computedAt = this.clock.now().toISOString();
    const rows = results.map((r) => ({
      editionId: edition.id,
      bodyId: bodyIds.get(r.body)!,
      category: r.category,
      status: r.status,
      finalHundredths: r.final ? Number(roundHalfUp2(parseExact(r.final.exact))) : null,
      finalExact: r.final?.exact ?? null,
      predicate: r.predicate,
      rank: r.rank,
      detail: r,
      computedAt,
    }));
    await this.uow.write(async (manager) => {
      await manager.delete(ResultRow, { editionId: edition.id });
      await insertMany(manager, ResultRow, rows, undefined, RESULTS_PER_INSERT);
      await manager.update(Edition, { id: edition.id }, { computedAt });
      await manager.insert(AuditEntry, {
        at: computedAt,
        actor,
        action: 'compute',
        editionId: edition.id,
        bodyCode: null,
        subject: `results of ${edition.code}`,
        before: null,
        after: { bodies: rows.length, incomplete: results.filter((r) => r.status === 'incomplete').length },
      });
    });
    return results;
  }

  /** Stored draft results in ranking order, optionally one category. */
  async results(editionCode: string, category?: string): Promise<BodyResult[]> {
    const edition = await this.edition(editionCode);
    const rows = await this.dataSource.manager.find(ResultRow, {
      where: { editionId: edition.id, ...(category ? { category } : {}) },
      order: { id: 'ASC' },
    });
    return rows.map((r) => r.detail);
  }

  async result(editionCode: string, bodyCode: string): Promise<BodyResult> {
    const edition = await this.edition(editionCode);
    const row = await this.dataSource.manager
      .createQueryBuilder(ResultRow, 'r')
      .innerJoin(Body, 'b', 'b.id = r.bodyId')
      .where('r.editionId = :e AND b.code = :b', { e: edition.id, b: bodyCode })
      .getOne();
    if (!row) throw new NotFoundError('result of body', bodyCode);
    return row.detail;
  }

  async definition(editionCode: string): Promise<EditionDef> {
    return (await loadEdition(this.dataSource.manager, editionCode)).def;
  }

  private async edition(code: string): Promise<Edition> {
    const edition = await this.dataSource.manager.findOne(Edition, { where: { code } });
    if (!edition) throw new NotFoundError('edition', code);
    return edition;
  }
}
