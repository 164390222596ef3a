import { MigrationInterface, QueryRunner } from 'typeorm';
import { parseInstant } from '../../common/instant';

/**
 * Instants by one rule (issue 11, SPEC §16): windows and extensions are read with parseInstant
 * since this version. Before it, files accepted instants without seconds (`2025-05-01T08:00+08:00`)
 * and HTTP also accepted dates past the month's end and 24:00 (`2025-02-30T…`, `…T24:00:00…`),
 * which JavaScript read as the following days. Each such value is rewritten as the RFC 3339 text
 * of the instant it was read as, in its own offset, so every window stays where it was.
 */
const COLUMNS: Record<string, string[]> = {
  stage: ['opensAt', 'closesAt', 'verificationOpensAt', 'verificationClosesAt', 'objectionOpensAt', 'objectionClosesAt'],
  extension: ['until'],
};

const LEGACY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The RFC 3339 text of what the old code read a stored instant as; null when it is RFC 3339 already. */
export function rfc3339FromLegacy(text: string): string | null {
  if (parseInstant(text).ok) return null;
  const m = LEGACY.exec(text);
  const epochMs = m ? Date.parse(text) : NaN;
  if (!m || Number.isNaN(epochMs)) throw new Error(`stored instant "${text}" is neither RFC 3339 nor an instant an earlier version accepted; correct it by hand`);
  const offsetMinutes = m[2] === 'Z' ? 0 : (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5]));
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${m[1] ?? ''}`;
  return `${date}T${time}${m[2]}`;
}

export class Rfc3339Instants1764500000000 implements MigrationInterface {
  name = 'Rfc3339Instants1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(COLUMNS)) {
      for (const column of columns) {
        const rows: { id: number; value: string }[] = await queryRunner.manager
          .createQueryBuilder()
          .select(['t.id AS "id"', `t."${column}" AS "value"`])
          .from(table, 't')
          .where(`t."${column}" IS NOT NULL`)
          .getRawMany();
        for (const row of rows) {
          const rewritten = rfc3339FromLegacy(row.value);
          if (rewritten === null) continue;
          await queryRunner.manager.createQueryBuilder().update(table).set({ [column]: rewritten }).where('id = :id', { id: row.id }).execute();
        }
      }
    }
  }

  /** Nothing to undo: the rewritten texts name the same instants, and earlier versions read them alike. */
  async down(): Promise<void> {}
}
