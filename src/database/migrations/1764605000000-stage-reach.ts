import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { storedResult } from '../../results/stored-result';
import { BodyResult } from '../../scoring';
import { Params } from '../sql';

/** results read per step of the backfill: each holds a few kilobytes of JSON */
const RESULTS_PER_STEP = 300;

/**
 * Who reached each stage, as data (issue 11): compute writes one `stage_reach` row per
 * participant and stage after the first beside the results, with the gate facts a refusal
 * names, and panels read it instead of the result's JSON trace. Results computed before this
 * migration are copied in from their traces, so jurors can go on scoring without a new compute.
 */
export class StageReach1764605000000 implements MigrationInterface {
  name = 'StageReach1764605000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stage_reach',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'editionId', type: 'integer' },
          { name: 'stageId', type: 'integer' },
          { name: 'bodyId', type: 'integer' },
          { name: 'reached', type: 'boolean' },
          { name: 'gateRule', type: 'varchar', length: '16', isNullable: true },
          { name: 'gateThreshold', type: 'varchar', length: '20', isNullable: true },
          { name: 'gateEarlierHundredths', type: 'integer', isNullable: true },
          { name: 'gateRank', type: 'integer', isNullable: true },
          { name: 'computedAt', type: 'varchar', length: '40' },
        ],
        indices: [{ name: 'IDX_stage_reach_editionId_stageId_bodyId', columnNames: ['editionId', 'stageId', 'bodyId'], isUnique: true }],
      }),
    );
    await this.copyFromResults(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stage_reach');
  }

  /** One row per stage after the first of every stored result's trace (as compute writes them), in steps of RESULTS_PER_STEP results. */
  private async copyFromResults(queryRunner: QueryRunner): Promise<void> {
    const stageIds = new Map<string, number>();
    for (const s of (await queryRunner.query('SELECT id, "editionId", code FROM stage')) as { id: number; editionId: number; code: string }[]) {
      stageIds.set(`${Number(s.editionId)}/${s.code}`, Number(s.id));
    }
    for (let after = 0; ; ) {
      const p = new Params(queryRunner.manager);
      const results: { id: number; editionId: number; bodyId: number; detail: string; computedAt: string }[] = await queryRunner.query(
        `SELECT id, "editionId", "bodyId", detail, "computedAt" FROM result WHERE id > ${p.add(after)} ORDER BY id LIMIT ${RESULTS_PER_STEP}`,
        p.values,
      );
      if (results.length === 0) return;
      after = Number(results[results.length - 1].id);
      const insert = new Params(queryRunner.manager);
      const tuples = results.flatMap((r) =>
        storedResult(JSON.parse(r.detail) as BodyResult).trace.stages.slice(1).flatMap((t) => {
          const stageId = stageIds.get(`${Number(r.editionId)}/${t.stage}`);
          if (stageId === undefined) return [];
          const gate = t.gate;
          return [
            insert.list([
              Number(r.editionId), stageId, Number(r.bodyId), t.reached, gate?.rule ?? null, gate ? String(gate.threshold) : null,
              gate?.earlierScore?.hundredths ?? null, gate?.rank ?? null, r.computedAt,
            ]),
          ];
        }),
      );
      if (tuples.length === 0) continue;
      await queryRunner.query(
        'INSERT INTO stage_reach ("editionId", "stageId", "bodyId", "reached", "gateRule", "gateThreshold", "gateEarlierHundredths", "gateRank", "computedAt")' +
          ` VALUES ${tuples.join(', ')}`,
        insert.values,
      );
    }
  }
}
