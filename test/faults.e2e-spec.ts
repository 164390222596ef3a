import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'fs';
import { AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Client } from 'pg';
import { Database, OPEN_READWRITE } from 'sqlite3';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { Body } from '../src/bodies/body.entity';
import { openDatabase } from '../src/database/data-source';
import { Edition } from '../src/editions/edition.entity';
import { Participant } from '../src/editions/participant.entity';
import { generateSimulatedEdition } from '../src/fixtures/generator';
import { PanelSheetRow } from '../src/panels/panel-sheet.entity';
import { ResultRow } from '../src/results/result.entity';
import { AnswerRow } from '../src/saq/answer.entity';
import { SaqResponse } from '../src/saq/saq-response.entity';
import { VerificationDecisionRow } from '../src/verification/verification-decision.entity';
import { ADMIN, TestApp } from './support/app';
import { as, bodyUser, CONTOH, setUpContoh, yamlFile } from './support/contoh';
import { testDatabase, TestDatabase } from './support/database';

/**
 * Real processes, real kills: the CLI and the server are started as child processes on a real
 * database (SQLite, or the PostgreSQL of MONEV_TEST_POSTGRES_URL) and killed with SIGKILL — no
 * shutdown hook runs, only the database's own transactions protect the data.
 */
const ROOT = resolve(__dirname, '..');
const BODIES = 500;
const EDITION = 'besar-2025';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Child {
  proc: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<Exit>;
  /** resolves when the output matches, rejects when the process ends first */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.MONEV_DB_PATH;
  return { ...base, ...env };
}

/** every child started, so that none outlives a failed test */
const running = new Set<ChildProcess>();

function start(script: string, args: string[], env: Record<string, string>): Child {
  const hold = env.MONEV_TEST_HOLD_SQL ? ['-r', join(__dirname, 'support', 'hold-sql.js')] : [];
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...hold, join(ROOT, 'src', script), ...args], { cwd: ROOT, env: childEnv(env) });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const notify = () => waiters.forEach((w) => w());
  proc.stdout!.on('data', (chunk) => ((stdout += chunk), notify()));
  proc.stderr!.on('data', (chunk) => ((stderr += chunk), notify()));
  const exited = new Promise<Exit>((done) => proc.on('exit', (code, signal) => (done({ code, signal }), notify())));
  return {
    proc,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor: (pattern, timeoutMs = 30000) =>
      new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
        const check = () => {
          if (pattern.test(stdout + stderr)) {
            clearTimeout(timer);
            done();
          } else if (proc.exitCode !== null || proc.signalCode !== null) {
            clearTimeout(timer);
            fail(new Error(`ended (${proc.exitCode ?? proc.signalCode}) before ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

async function cli(env: Record<string, string>, ...args: string[]): Promise<Exit & { stdout: string; stderr: string }> {
  const child = start('cli.ts', args, env);
  const end = await child.exited;
  return { ...end, ...child.output() };
}

async function killHard(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

async function withDatabase<T>(target: TestDatabase, read: (db: DataSource) => Promise<T>): Promise<T> {
  const db = await openDatabase(target.dbPath, target.databaseUrl);
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}

async function stored(db: DataSource) {
  const count = (entity: Parameters<DataSource['getRepository']>[0]) => db.getRepository(entity).count();
  return {
    editions: await count(Edition),
    bodies: await count(Body),
    participants: await count(Participant),
    responses: await count(SaqResponse),
    answers: await count(AnswerRow),
    decisions: await count(VerificationDecisionRow),
    sheets: await count(PanelSheetRow),
    audit: await count(AuditEntry),
  };
}

/** "Impor selesai: edisi X, 1000 badan publik, 57640 jawaban, …" → the numbers. */
function importSummary(stdout: string) {
  const m = /(\d+) badan publik, (\d+) jawaban, (\d+) keputusan verifikasi, (\d+) sanggah, (\d+) lembar nilai/.exec(stdout);
  if (!m) throw new Error(`no import summary in: ${stdout}`);
  return { bodies: Number(m[1]), answers: Number(m[2]), decisions: Number(m[3]), sheets: Number(m[5]) };
}

/**
 * Whether another process is inside a write transaction right now. SQLite: a second connection
 * cannot take the write lock (no busy wait). PostgreSQL: another session holds a transaction id,
 * which it gets with its first write.
 */
async function writerProbe(target: TestDatabase): Promise<{ busy(): Promise<boolean>; close(): Promise<void> }> {
  if (target.kind === 'postgres') {
    const client = new Client({ connectionString: target.databaseUrl });
    await client.connect();
    return {
      busy: async () => {
        const { rows } = await client.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL',
        );
        return rows[0].n > 0;
      },
      close: () => client.end(),
    };
  }
  const db = await new Promise<Database>((done, fail) => {
    const opened: Database = new Database(target.dbPath, OPEN_READWRITE, (error) => (error ? fail(error) : done(opened)));
  });
  db.configure('busyTimeout', 0); // node-sqlite3 waits up to 1 s for a lock by default: answer at once

  return {
    busy: () =>
      new Promise<boolean>((done, fail) =>
        db.exec('BEGIN IMMEDIATE; ROLLBACK;', (error) => {
          if (!error) return done(false);
          if ((error as Error & { code?: string }).code === 'SQLITE_BUSY') return done(true);
          fail(error);
        }),
      ),
    close: () => new Promise<void>((done) => db.close(() => done())),
  };
}

/** the kill is about to land inside another process's write transaction */
async function expectWriting(target: TestDatabase): Promise<void> {
  const probe = await writerProbe(target);
  try {
    expect(await probe.busy()).toBe(true);
  } finally {
    await probe.close();
  }
}

// these tests start CLI and server processes (ts-node; ~10 s each on a loaded 2-core machine)
jest.setTimeout(180_000);

describe('faults: processes killed with SIGKILL, online backup, restart mid-rush', () => {
  let dir: string;
  let fixture: string;
  let target: TestDatabase;
  let env: Record<string, string>;
  let full: ReturnType<typeof importSummary>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'monev-faults-'));
    fixture = join(dir, 'besar');
    generateSimulatedEdition({ outDir: fixture, seed: 20251, bodies: BODIES, editionCode: EDITION });
    target = await testDatabase('faults');
    env = { ...target.env };
  });

  afterAll(async () => {
    for (const proc of running) proc.kill('SIGKILL');
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an import killed halfway through storing leaves the database empty; importing again stores everything', async () => {
    const importing = start('cli.ts', ['import', fixture], env);
    // printed inside the import's transaction, after bodies, responses and the first quarter of the answers
    await importing.waitFor(/Jawaban: \d+\/\d+/);
    await expectWriting(target);
    await killHard(importing);
    expect(importing.output().stdout).not.toMatch(/Impor selesai/);

    expect(await withDatabase(target, stored)).toEqual({ editions: 0, bodies: 0, participants: 0, responses: 0, answers: 0, decisions: 0, sheets: 0, audit: 0 });

    const again = await cli(env, 'import', fixture);
    expect(again).toMatchObject({ code: 0 });
    full = importSummary(again.stdout);
    expect(full.bodies).toBe(BODIES);
    expect(await withDatabase(target, stored)).toMatchObject({
      editions: 1,
      bodies: BODIES,
      answers: full.answers,
      decisions: full.decisions,
      sheets: full.sheets,
      audit: 3, // the import's entry and one per instrument it stored (questionnaire and rubric)
    });
  });

  it('a compute killed while it replaces the results leaves the earlier results exactly as they were', async () => {
    const results = (db: DataSource) =>
      Promise.all([db.getRepository(ResultRow).find({ order: { id: 'ASC' } }), db.getRepository(Edition).findOneByOrFail({ code: EDITION })]);
    expect(await cli(env, 'compute', EDITION)).toMatchObject({ code: 0 });
    const [first, edition] = await withDatabase(target, results);
    expect(first).toHaveLength(BODIES);
    expect(edition.computedAt).toBe(first[0].computedAt);

    // the second compute has deleted the stored results and inserted its first rows; it is held
    // before the next insert, inside its transaction, and killed there
    const computing = start('cli.ts', ['compute', EDITION], { ...env, MONEV_TEST_HOLD_SQL: '^INSERT INTO "result"' });
    await computing.waitFor(/^HOLD INSERT INTO "result"/m);
    await expectWriting(target);
    await killHard(computing);

    const [after, editionAfter] = await withDatabase(target, results);
    expect(after).toEqual(first);
    expect(editionAfter.computedAt).toBe(edition.computedAt);
    expect(await withDatabase(target, (db) => db.getRepository(AuditEntry).countBy({ action: 'compute' }))).toBe(1);
  });

  it('backup copies a SQLite database while an import writes to it: the copy passes integrity_check and holds whole editions only', async () => {
    // SQLite only: with PostgreSQL the copy is pg_dump's job, and the command says so
    const live = { MONEV_DB_PATH: join(dir, 'live.sqlite') };
    expect(await cli(live, 'import', CONTOH)).toMatchObject({ code: 0 });
    const before = await withDatabase({ kind: 'sqlite', dbPath: live.MONEV_DB_PATH } as TestDatabase, stored);
    const copy = join(dir, 'cadangan', 'salinan.sqlite');

    const importing = start('cli.ts', ['import', fixture], live);
    await importing.waitFor(/Jawaban: \d+\/\d+/);
    const backup = await cli(live, 'backup', copy);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(new RegExp(`Cadangan .*live\\.sqlite tersimpan: ${copy.replace(/[.\\/]/g, '\\$&')} \\([\\d,]+ MB, ${statSync(copy).size} bita\\)`));
    expect(await importing.exited).toEqual({ code: 0, signal: null });

    const again = await cli(live, 'backup', copy);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/sudah ada; cadangan tidak menimpa berkas/);
    const underPostgres = await cli({ ...live, DATABASE_URL: 'postgres://monev@127.0.0.1:5432/monev' }, 'backup', join(dir, 'tidak.sqlite'));
    expect(underPostgres.code).toBe(1);
    expect(underPostgres.stderr).toMatch(/pg_dump/);
    expect(existsSync(join(dir, 'tidak.sqlite'))).toBe(false);

    const db = await openDatabase(copy, undefined);
    try {
      expect(await db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const editions = (await db.getRepository(Edition).find()).map((e) => e.code).sort();
      const counts = await stored(db);
      if (editions.includes(EDITION)) {
        expect(editions).toEqual([EDITION, 'contoh-2025']);
        expect(counts).toEqual({
          editions: 2,
          bodies: before.bodies + BODIES,
          participants: before.participants + BODIES,
          responses: expect.any(Number),
          answers: before.answers + full.answers,
          decisions: before.decisions + full.decisions,
          sheets: before.sheets + full.sheets,
          audit: before.audit + 3, // the import's entry and one per instrument it stored
        });
      } else {
        expect(editions).toEqual(['contoh-2025']);
        expect(counts).toEqual(before);
      }
    } finally {
      await db.destroy();
    }
  });

  it('a server killed mid-rush and restarted has every answer save it acknowledged', async () => {
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => done(free));
      });
    });
    const serverEnv = { ...env, PORT: String(port), MONEV_ADMIN_USERNAME: ADMIN.username, MONEV_ADMIN_PASSWORD: ADMIN.password };
    const boot = async () => {
      const server = start('main.ts', [], serverEnv);
      await server.waitFor(/listening on/, 45000);
      return server;
    };
    const http = () => request(`http://127.0.0.1:${port}`);
    const login = async (username: string, password: string) => {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.body.accessToken as string;
    };

    let server = await boot();
    try {
      const contoh = await setUpContoh({ http, login } as unknown as TestApp);
      const now = Date.now();
      const window = { opens: new Date(now - 3600_000).toISOString(), closes: new Date(now + 3600_000).toISOString() };
      expect((await as(http, contoh.tokens[ADMIN.username]).patch(`/api/editions/${contoh.edition}/stages/saq`, { window })).status).toBe(200);

      // every body saves every question over and over, one save at a time per question, all at once
      const answers = Object.entries<{ value: unknown }>(yamlFile('saq', 'a.yaml').answers);
      const ROUNDS = 40;
      const KILL_AFTER = 120;
      const acknowledged = new Map<string, number>();
      const sent = new Map<string, number>();
      let acks = 0;
      const chains = contoh.bodies.flatMap((body) =>
        answers.map(async ([question, { value }]) => {
          const key = `${body.code}/${question}`;
          const client = as(http, contoh.tokens[bodyUser(body.code)]);
          for (let round = 1; round <= ROUNDS; round++) {
            sent.set(key, round);
            const evidence = [`https://ppid.example.go.id/${body.code}/${question}/${round}`];
            const res = await client.put(`/api/editions/${contoh.edition}/saq/${body.code}/answers/${question}`, { value, evidence }).catch(() => null);
            if (!res) return; // the server died under this request
            expect(res.status).toBe(200);
            acknowledged.set(key, round);
            if (++acks === KILL_AFTER) server.proc.kill('SIGKILL');
          }
        }),
      );
      await Promise.all(chains);
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(acks).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(acks).toBeLessThan(contoh.bodies.length * answers.length * ROUNDS);

      server = await boot();
      const after = await as(http, contoh.tokens[bodyUser('a')]).get(`/api/editions/${contoh.edition}/saq/a`);
      expect(after.status).toBe(200);

      const rows = await withDatabase(target, (db) =>
        db
          .createQueryBuilder(AnswerRow, 'a')
          .innerJoin(SaqResponse, 'r', 'r.id = a.responseId')
          .innerJoin(Body, 'b', 'b.id = r.bodyId')
          .innerJoin(Edition, 'e', 'e.id = r.editionId')
          .where('e.code = :edition', { edition: contoh.edition })
          .select(['b.code AS body', 'a.questionCode AS question', 'a.evidence AS evidence'])
          .getRawMany<{ body: string; question: string; evidence: string }>(),
      );
      const saved = new Map(rows.map((r) => [`${r.body}/${r.question}`, Number(/\/(\d+)"\]$/.exec(r.evidence)![1])]));
      for (const [key, round] of acknowledged) {
        // the last acknowledged save, or a later one that was committed just before its reply was lost
        expect({ key, round: saved.get(key)! >= round && saved.get(key)! <= sent.get(key)! }).toEqual({ key, round: true });
      }
      expect(acknowledged.size).toBe(contoh.bodies.length * answers.length);
    } finally {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
  });
});
