import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Row locks where the database has them. On SQLite the UnitOfWork already runs one write
 * transaction at a time; on PostgreSQL transactions run side by side, so the writers of one
 * body's questionnaire or one juror's sheet queue on the row (SELECT … FOR UPDATE).
 */
export function forUpdate(manager: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' } } : {};
}

/**
 * The row matching `where`, created from `values` when missing (two writers creating it at once
 * both end up with the one row), and locked for the rest of the transaction.
 */
export async function findOrCreateLocked<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  values: Partial<T>,
): Promise<{ row: T; created: boolean }> {
  const existing = await manager.findOne(target, { where, ...forUpdate(manager) });
  if (existing) return { row: existing, created: false };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await manager.createQueryBuilder().insert().into(target).values(values as any).orIgnore().execute();
  return { row: await manager.findOneOrFail(target, { where, ...forUpdate(manager) }), created: true };
}
