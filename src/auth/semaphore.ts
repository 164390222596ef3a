/**
 * At most `limit` tasks at once; the others wait in arrival order. Password hashing runs in
 * libuv's thread pool, which the SQLite driver and file I/O share: bounded by the number of
 * cores, a burst of logins queues here instead of starving the answer saves (SPEC §16).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** the most tasks that ever ran at once (for tests and the bench) */
  peak = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a semaphore needs a limit of at least 1, not ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // the slot passes straight to the next waiter, so `running` never drops and rises again
      if (next) next();
      else this.running -= 1;
    }
  }

  /** tasks running now */
  get active(): number {
    return this.running;
  }

  /** tasks waiting for a slot */
  get queued(): number {
    return this.waiting.length;
  }
}
