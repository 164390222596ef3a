import { spawn } from 'child_process';
import { join } from 'path';
import { rushBare, rushMonev, rushWeb, RushFigures, RushOptions } from './rush';

/**
 * The deadline rush runs in a process of its own, with a small heap: the load generator's
 * timings must not include pauses of the bench process's garbage collector, whose heap holds
 * what the import, compute and document steps left behind (several GB at 20,000 bodies).
 */
export interface RushRequest {
  connections: number;
  seconds: number;
  rate: number;
  dir: string;
}

export interface RushPair {
  /** through the API route, bearer tokens */
  monev: RushFigures;
  /** through the web autosave route of the SAQ page, cookie sessions and CSRF header */
  web: RushFigures;
  bare: RushFigures;
}

/** Runs this file in a child process and returns both rushes' figures; its log lines go to stderr. */
export function rushInChild(request: RushRequest): Promise<RushPair> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the rush process exited with ${code}`));
      try {
        resolve(JSON.parse(out) as RushPair);
      } catch {
        reject(new Error(`the rush process printed no figures: ${out.slice(0, 200)}`));
      }
    });
  });
}

async function main(request: RushRequest): Promise<void> {
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const base = (name: string, port: number): RushOptions => ({ connections: request.connections, seconds: request.seconds, rate: request.rate, dbPath: join(request.dir, name), port, log });
  log('monev-kip (src/main.ts):');
  const monev = await rushMonev(base('rush.sqlite', 39151));
  log('monev-kip (src/main.ts), the web autosave route:');
  const web = await rushWeb(base('rush-web.sqlite', 39153));
  log('bare endpoint (bench/bare-server.ts):');
  const bare = await rushBare(base('rush-bare.sqlite', 39152));
  process.stdout.write(JSON.stringify({ monev, web, bare }));
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as RushRequest).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`[bench] rush stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
