import { DataSource, EntityManager } from 'typeorm';

/**
 * Writes that belong together, in one transaction. TypeORM's sqlite driver shares one connection,
 * so two transactions at once would interleave on it ("cannot start a transaction within a
 * transaction"); writes are therefore queued one after another here. Reads do not queue.
 * PostgreSQL has a pool of connections and its own locking: there transactions run side by side.
 */
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqlite') return this.dataSource.transaction(work);
    const run = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = run.catch(() => undefined);
    return run;
  }
}
