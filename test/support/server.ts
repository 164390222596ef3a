import { ChildProcess, spawn } from 'child_process';
import { AddressInfo, createServer } from 'net';
import { join } from 'path';
import { ROOT } from './cli';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** The API started as `npm start` starts it (`ts-node --transpile-only src/main.ts`), in its own process. */
export interface ServerProcess {
  /** e.g. http://127.0.0.1:4123/api */
  api: string;
  pid: number;
  output(): { stdout: string; stderr: string };
  /** how the process ended, once it has */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not ended within 10 s */
  stop(): Promise<void>;
}

/** `npm start`'s entry, as node arguments. */
export const TS_NODE_MAIN = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')];
/** `npm run start:prod`'s entry (after `npm run build`). */
export const BUILT_MAIN = [join(ROOT, 'dist', 'main.js')];

/**
 * Starts the server on a free port with `env` over the test's own environment (without an
 * inherited MONEV_DB_PATH or DATABASE_URL) and waits until GET /api/health answers ok.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000, entry = TS_NODE_MAIN): Promise<ServerProcess> {
  const port = await freePort();
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.MONEV_DB_PATH;
  const child: ChildProcess = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { ...base, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (ended()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const api = `http://127.0.0.1:${port}/api`;
  const deadline = Date.now() + timeoutMs;
  while (!ended() && Date.now() < deadline) {
    try {
      const res = await fetch(`${api}/health`);
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') {
        return { api, pid: child.pid!, output: () => ({ stdout, stderr }), exited, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  const why = ended() ? `it ended: ${child.exitCode ?? child.signalCode}` : 'still starting';
  await stop();
  throw new Error(`the server did not answer ${api}/health within ${timeoutMs} ms (${why}):\n${stdout}\n${stderr}`);
}
