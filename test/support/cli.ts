import { execFile } from 'child_process';
import { join, resolve } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line (`src/cli.ts`) on the SQLite file given; never throws on a non-zero exit. */
export async function cli(dbPath: string, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run('node', ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, MONEV_DB_PATH: dbPath },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the real command line on the test's own database (SQLite file or PostgreSQL), as `cli` does. */
export async function cliOn(db: { env: Record<string, string | undefined> }, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run('node', ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...db.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
