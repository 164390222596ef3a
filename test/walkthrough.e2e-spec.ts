import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ADMIN } from './support/app';
import { ROOT } from './support/cli';
import { testDatabase, TestDatabase } from './support/database';
import { ServerProcess, startServer } from './support/server';

const SCRIPT = join(ROOT, 'docs', 'walkthrough.sh');

/** Runs docs/walkthrough.sh against the API given, as the README tells a newcomer to; never throws on a non-zero exit. */
function walkthrough(api: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'bash',
      [SCRIPT],
      { cwd: ROOT, timeout: 180_000, env: { ...process.env, API: api, MONEV_ADMIN_USERNAME: ADMIN.username, MONEV_ADMIN_PASSWORD: ADMIN.password } },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What the public endpoints answer, as far as the test reads it. */
interface Published {
  rank: number;
  body: string;
  stages: Record<string, number | null>;
  final: number;
  predicate: string;
  status: string;
}
interface Decree {
  version: number;
  superseded: boolean;
  reason: string | null;
}

/** The rows of the last table the script prints: rank, body, saq, uji-publik, final, predicate, status. */
function lastTable(stdout: string): { lines: string[]; rows: string[][] } {
  const block = stdout.slice(stdout.lastIndexOf('── The published results'));
  const lines = block.split('\n').slice(1).filter((l) => l.trim());
  const rows = lines.slice(1).map((l) => {
    const m = /^\s+(\S+)\s+(\S+) (.+?)\s{2,}(\S+)\s+(\S+)\s+(\S+)\s+(.+?)\s{2,}(\S+)$/.exec(l);
    if (!m) throw new Error(`not a row of the results table: "${l}"`);
    return [m[1], m[2], m[4], m[5], m[6], m[7], m[8]];
  });
  return { lines, rows };
}

/**
 * The README's "One cycle with curl" is docs/walkthrough.sh: started on a real server process
 * (a fresh SQLite file, or a fresh PostgreSQL database when MONEV_TEST_POSTGRES_URL is set), it
 * runs the whole cycle on the real clock and ends with the SPEC §5 table the README shows.
 */
describe('the README walkthrough, docs/walkthrough.sh, against a started server', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let run: { code: number; stdout: string; stderr: string };
  let edition: string;

  beforeAll(async () => {
    db = await testDatabase('walkthrough');
    server = await startServer({ ...db.env, MONEV_ADMIN_USERNAME: ADMIN.username, MONEV_ADMIN_PASSWORD: ADMIN.password });
    run = await walkthrough(server.api);
    edition = /The edition (\S+)/.exec(run.stdout)?.[1] ?? '(no edition printed)';
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('runs to the end without an unexpected HTTP status, on the database this run gave the server', () => {
    expect({ code: run.code, stderr: run.stderr, end: run.stdout.slice(-2000) }).toMatchObject({ code: 0 });
    expect(server.output().stdout).toContain(db.kind === 'postgres' ? 'database PostgreSQL' : `database ${db.dbPath}`);
  });

  it('steps through every window of the cycle, refusing what the rules refuse', () => {
    expect(run.stdout).toContain('A submitted: claimed 80');
    expect(run.stdout).toContain('refused (409): the window of stage "saq" is closed');
    expect(run.stdout).toContain('B submitted inside its extension: claimed 52');
    expect(run.stdout).toContain('A verified: 60');
    expect(run.stdout).toMatch(/objection \d+ on 1\.3: rejected/);
    expect(run.stdout).toContain('sheets of A: juri1 submitted 79, juri2 submitted 80.25, juri3 recused');
    expect(run.stdout).toContain('A: (70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89');
    expect(run.stdout).toMatch(/objection \d+ on 2\.2: upheld/);
  });

  it('prints the published results the README shows: A 65.89, B 52.00, C 0.00', () => {
    const { lines, rows } = lastTable(run.stdout);
    expect(rows).toEqual([
      ['1', 'a', '60.00', '79.63', '65.89', 'Cukup Informatif', 'complete'],
      ['2', 'b', '52.00', '—', '52.00', 'Kurang Informatif', 'complete'],
      ['3', 'c', '—', '—', '0.00', 'Tidak Informatif', 'not_submitted'],
    ]);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const line of lines) expect(readme).toContain(line);
  });

  it('leaves the same figures in the latest publication, version 2 with its reason, version 1 superseded', async () => {
    const results = (await (await fetch(`${server.api}/public/editions/${edition}/results`)).json()) as Published[];
    expect(results.map((r) => [r.rank, r.body, r.stages, r.final, r.predicate, r.status])).toEqual([
      [1, 'a', { saq: 60, 'uji-publik': 79.63 }, 65.89, 'cukup_informatif', 'complete'],
      [2, 'b', { saq: 52, 'uji-publik': null }, 52, 'kurang_informatif', 'complete'],
      [3, 'c', { saq: null, 'uji-publik': null }, 0, 'tidak_informatif', 'not_submitted'],
    ]);
    const publications = (await (await fetch(`${server.api}/public/editions/${edition}/publications`)).json()) as Decree[];
    expect(publications.map((p) => [p.version, p.superseded, p.reason])).toEqual([
      [1, true, null],
      [2, false, 'Sanggah Badan Publik B atas pertanyaan 2.2 dikabulkan'],
    ]);
  });

  it('printed certificate codes that verify: version 1 superseded, version 2 current', async () => {
    const codes = [...run.stdout.matchAll(/certificate, code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/g)].map((m) => m[1]);
    expect(codes).toHaveLength(2);
    const check = async (code: string) => (await fetch(`${server.api}/public/certificates/${code}`)).json();
    expect(await check(codes[0])).toMatchObject({ valid: true, superseded: true, version: 1, body: 'a', final: 65.89, predicate: 'cukup_informatif' });
    expect(await check(codes[1])).toMatchObject({ valid: true, superseded: false, version: 2, body: 'a', final: 65.89, predicate: 'cukup_informatif' });
  });
});
