import { Semaphore } from './semaphore';

describe('a semaphore', () => {
  it('runs at most its limit at once, the rest in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      semaphore.run(async () => {
        started.push(i);
        await new Promise<void>((done) => release.push(done));
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect([semaphore.active, semaphore.queued]).toEqual([2, 3]);
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect([semaphore.peak, semaphore.active, semaphore.queued]).toEqual([2, 0, 0]);
  });

  it('frees the slot of a task that fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
    expect(semaphore.active).toBe(0);
  });
});
