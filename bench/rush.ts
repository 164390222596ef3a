import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { QuestionDef, QuestionnaireDef } from '../src/scoring/types';
import { all, close, openRaw } from './bare';
import { childPeakRssMb } from './measure';

const ROOT = resolve(__dirname, '..');
const QUESTIONNAIRE = join(ROOT, 'questionnaires', 'saq-provinsi-kaltim-2025.yaml');
const ADMIN = { username: 'admin', password: 'bench-admin-password' };
const PASSWORD = 'kata-sandi-operator';

export interface RushOptions {
  connections: number;
  seconds: number;
  dbPath: string;
  port: number;
  log: (message: string) => void;
}

export interface RushFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  acknowledged: number;
  /** acknowledged saves found in the database (audit entry with the save's own marker) */
  stored: number;
  /** (body, question) pairs whose stored answer is not the last acknowledged save */
  stale: number;
  serverPeakRssMb: number | null;
}

interface Server {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a server script with ts-node and waits until `probe` answers (at most 90 s). */
async function startServer(script: string, env: Record<string, string>, probe: string, log: (m: string) => void): Promise<Server> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(probe, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start within 90 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`server ${script} pid ${child.pid} ready`);
  return {
    child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Two valid values per question, so consecutive saves change the answer. */
function valuesOf(q: QuestionDef): unknown[] {
  if (q.type === 'yes_no') return [true, false];
  if (q.type === 'choice') return (q.options ?? []).slice(-2).map((o) => o.value);
  const items = (q.items ?? []).map((i) => i.value);
  return [items, items.slice(0, 1)];
}

async function api<T>(base: string, path: string, token: string | null, method: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
}

async function must<T>(base: string, path: string, token: string | null, method: string, body?: unknown): Promise<T> {
  const res = await api<T>(base, path, token, method, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** Runs `work` over items with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

/**
 * Operators saving answers: request k saves for body k mod N (N = connections) the question
 * ⌊k / N⌋ mod Q, with a marker unique to the save, so every acknowledged save can be looked up
 * afterwards. (autocannon resets a connection's context between requests, so the sequence is global.)
 */
async function load(url: string, connections: number, seconds: number, saveOf: (k: number) => { path: string; body: string; token?: string; key: string; marker: string }) {
  const acked = new Map<string, string>();
  const ackedMarkers: string[] = [];
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'PUT',
        setupRequest: (request, context) => {
          const save = saveOf(next++);
          context.key = save.key;
          context.marker = save.marker;
          return {
            ...request,
            path: save.path,
            body: save.body,
            headers: { 'content-type': 'application/json', ...(save.token ? { authorization: `Bearer ${save.token}` } : {}) },
          };
        },
        onResponse: (status, _body, context) => {
          if (status >= 200 && status < 300) {
            acked.set(context.key as string, context.marker as string);
            ackedMarkers.push(context.marker as string);
          }
        },
      },
    ],
  });
  return { result, acked, ackedMarkers };
}

function figures(result: Awaited<ReturnType<typeof autocannon>>, acknowledged: number, stored: number, stale: number, peak: number | null): RushFigures {
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    acknowledged,
    stored,
    stale,
    serverPeakRssMb: peak,
  };
}

/** monev-kip itself: `src/main.ts` on a fresh SQLite file, operators saving answers inside an open SAQ window. */
export async function rushMonev(options: RushOptions): Promise<RushFigures> {
  const { connections, seconds, dbPath, port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    join(ROOT, 'src', 'main.ts'),
    {
      PORT: String(port),
      MONEV_DB_PATH: dbPath,
      MONEV_ADMIN_USERNAME: ADMIN.username,
      MONEV_ADMIN_PASSWORD: ADMIN.password,
      MONEV_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      NODE_ENV: 'production',
    },
    `${base}/api/health`,
    log,
  );
  try {
    const questionnaire = parse(readFileSync(QUESTIONNAIRE, 'utf8')) as QuestionnaireDef;
    const questions = questionnaire.indicators.flatMap((i) => i.questions).map((q) => ({ code: String(q.code), values: valuesOf(q) }));
    const admin = (await must<{ accessToken: string }>(base, '/api/auth/login', null, 'POST', ADMIN)).accessToken;
    await must(base, '/api/commissions', admin, 'POST', { code: 'ki-bench', name: 'Komisi Informasi Bench', city: 'Samarinda' });
    const posted = await api(base, '/api/instruments', admin, 'POST', questionnaire);
    if (posted.status >= 300 && posted.status !== 409) throw new Error(`instrument: ${posted.status}`);
    const bodies = Array.from({ length: connections }, (_, i) => `bp-${String(i + 1).padStart(4, '0')}`);
    await must(base, '/api/commissions/ki-bench/bodies', admin, 'POST', bodies.map((code) => ({ code, name: `Badan Publik ${code}`, category: 'opd' })));
    const now = Date.now();
    const at = (hours: number) => new Date(now + hours * 3600_000).toISOString();
    const edition = 'tenggat-bench';
    await must(base, '/api/editions', admin, 'POST', {
      code: edition,
      commission: 'ki-bench',
      year: new Date(now).getUTCFullYear(),
      title: 'Monev KIP (uji beban tenggat)',
      simulated: true,
      categories: [{ code: 'opd', name: 'Organisasi Perangkat Daerah' }],
      stages: [
        {
          code: 'saq',
          kind: 'questionnaire',
          instrument: { id: questionnaire.id, version: questionnaire.version },
          weight: 100,
          window: { opens: at(-24), closes: at(24) },
          verificationWindow: { opens: at(48), closes: at(96) },
          objectionWindow: { opens: at(120), closes: at(144) },
        },
      ],
    });
    await must(base, `/api/editions/${edition}/participants`, admin, 'POST', { bodies });
    log(`creating ${bodies.length} operators (scrypt per password) …`);
    await pool(bodies, 4, (code) => must(base, '/api/users', admin, 'POST', { username: `ppid-${code}`, password: PASSWORD, role: 'body', commission: 'ki-bench', body: code }));
    const tokens = await pool(bodies, 4, async (code) => (await must<{ accessToken: string }>(base, '/api/auth/login', null, 'POST', { username: `ppid-${code}`, password: PASSWORD })).accessToken);
    log(`${connections} operators saving answers for ${seconds} s …`);
    const { result, acked, ackedMarkers } = await load(base, connections, seconds, (k) => {
      const b = k % bodies.length;
      const round = Math.floor(k / bodies.length);
      const body = bodies[b];
      const q = questions[round % questions.length];
      const marker = `https://ppid.${body}.example.go.id/bukti/${k}.pdf`;
      return {
        path: `/api/editions/${edition}/saq/${body}/answers/${q.code}`,
        body: JSON.stringify({ value: q.values[Math.floor(round / questions.length) % q.values.length], evidence: [marker] }),
        token: tokens[b],
        key: `${body}/${q.code}`,
        marker,
      };
    });
    const peak = childPeakRssMb(server.child.pid);
    await server.stop();
    const db = await openRaw(dbPath);
    const audited = new Set<string>();
    for (const row of await all(db, `SELECT "after" FROM audit_entry WHERE action = 'answer.save'`)) {
      const after = JSON.parse(String(row.after)) as { evidence?: string[] };
      if (after.evidence?.[0]) audited.add(after.evidence[0]);
    }
    const stored = ackedMarkers.filter((m) => audited.has(m)).length;
    const answers = await all(
      db,
      'SELECT b.code AS body, a."questionCode" AS question, a.evidence AS evidence FROM answer a JOIN saq_response r ON r.id = a."responseId" JOIN body b ON b.id = r."bodyId"',
    );
    const current = new Map(answers.map((a) => [`${a.body}/${a.question}`, (JSON.parse(String(a.evidence)) as string[])[0]]));
    let stale = 0;
    for (const [key, marker] of acked) if (current.get(key) !== marker) stale++;
    await close(db);
    return figures(result, ackedMarkers.length, stored, stale, peak);
  } finally {
    await server.stop();
  }
}

/** The bound: a bare Nest route writing one row, under the same load. */
export async function rushBare(options: RushOptions): Promise<RushFigures> {
  const { connections, seconds, dbPath, port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(join(__dirname, 'bare-server.ts'), { PORT: String(port), BENCH_DB: dbPath }, `${base}/api/editions/x/saq/x/answers/x`, log);
  try {
    const { result, ackedMarkers } = await load(base, connections, seconds, (k) => {
      const b = k % connections;
      const q = Math.floor(k / connections) % 60;
      const marker = `https://ppid.bp-${b}.example.go.id/bukti/${k}.pdf`;
      return { path: `/api/editions/tenggat-bench/saq/bp-${b}/answers/${q}`, body: JSON.stringify({ value: true, evidence: [marker] }), key: `${b}/${q}`, marker };
    });
    const peak = childPeakRssMb(server.child.pid);
    await server.stop();
    const db = await openRaw(dbPath);
    const rows = new Set((await all(db, 'SELECT evidence FROM save')).map((r) => (JSON.parse(String(r.evidence)) as string[])[0]));
    await close(db);
    const stored = ackedMarkers.filter((m) => rows.has(m)).length;
    return figures(result, ackedMarkers.length, stored, 0, peak);
  } finally {
    await server.stop();
  }
}
