/** Wall time and peak resident memory of one step of the benchmark. */
export interface Measured<T> {
  value: T;
  seconds: number;
  peakRssMb: number;
}

export async function measure<T>(work: () => Promise<T> | T): Promise<Measured<T>> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const started = process.hrtime.bigint();
  try {
    const value = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds, peakRssMb: peak / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

/** Peak resident memory of another process so far (Linux: VmHWM), in MiB; null when unknown. */
export function childPeakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const status = require('fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
