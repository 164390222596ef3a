import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Body } from '../bodies/body.entity';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { insertMany } from '../database/sql';
import { UnitOfWork } from '../database/unit-of-work';
import { BodyResult, EditionDef, QuestionnaireFacts, computeEdition } from '../scoring';
import { loadEdition, loadEditionFacts } from './edition-facts';
import { withLines, withoutLines } from './question-lines';
import { ResultRow } from './result.entity';

/** results are a few kilobytes each (no per-question lines): a hundred per statement */
const RESULTS_PER_INSERT = 100;

/**
 * Computes an edition's draft results with src/scoring and stores them; reads them back, one
 * body's breakdown with its per-question lines rebuilt from the facts as they stand.
 */

@Injectable()
export class ComputeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The results as computed, without per-question lines (`result` gives one body's lines). */
  async compute(editionCode: string, actor: string): Promise<BodyResult[]> {
    // evidence presence is all the scores need; per-question lines are rebuilt by `result`
    const { edition, input, bodyIds } = await loadEditionFacts(this.dataSource.manager, editionCode, { evidence: 'presence' });
    const results = computeEdition({ ...input, questionLines: false });
    const computedAt = this.clock.now().toISOString();
    const rows = results.map((r) => ({
      editionId: edition.id,
      bodyId: bodyIds.get(r.body)!,
      category: r.category,
      status: r.status,
      // `rounded` is whole hundredths ÷ 100, so this recovers them exactly
      finalHundredths: r.final ? Math.round(r.final.rounded * 100) : null,
      finalExact: r.final?.exact ?? null,
      predicate: r.predicate,
      rank: r.rank,
      detail: withoutLines(r),
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
    const { def, input } = await loadEditionFacts(this.dataSource.manager, editionCode, { bodyId: row.bodyId });
    const facts = input.bodies[0]?.stages ?? {};
    const full = withLines(def, input.instrument, row.detail, facts as Record<string, QuestionnaireFacts | undefined>);
    if (!full) {
      throw new ConflictError(`the answers or verification of body "${bodyCode}" changed after the results were computed (${row.computedAt}): compute again to see its breakdown`);
    }
    return full;
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
