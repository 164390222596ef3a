import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import http from 'http';
import { join, resolve } from 'path';
import sqlite3 from 'sqlite3';
import { parse } from 'yaml';
import { QuestionDef, QuestionnaireDef } from '../src/scoring/types';
import { all, close, openRaw } from './bare';
import { childPeakRssMb } from './measure';
import { mulberry32 } from '../src/common/seeded-random';

const ROOT = resolve(__dirname, '..');
const QUESTIONNAIRE = join(ROOT, 'questionnaires', 'saq-provinsi-kaltim-2025.yaml');
const ADMIN = { username: 'admin', password: 'bench-admin-password' };
export const PASSWORD = 'kata-sandi-operator';

/** Seconds of paced load on the fresh server before the measured paced phase. */
const WARMUP_SECONDS = 10;

export interface RushOptions {
  /** operators (bodies, one connection each) */
  connections: number;
  /** duration of each phase */
  seconds: number;
  dbPath: string;
  port: number;
  log: (message: string) => void;
  /** saves per second of each operator in the paced phase (default 1) */
  rate?: number;
}

/** One phase of the rush against one server. */
export interface RushPhaseFigures {
  /** responses received (any status) */
  requests: number;
  /** responses per second over the phase */
  perSecond: number;
  /** saves per second the load generator meant to send (paced phase); null for saturation */
  offeredPerSecond: number | null;
  p50: number;
  p99: number;
  /** non-2xx responses, socket errors and timeouts (10 s) */
  errors: number;
  acknowledged: number;
  /** acknowledged saves found in the database (audit entry / row with the save's own marker) */
  stored: number;
  /** (body, question) pairs whose stored answer is not the last acknowledged save */
  stale: number;
  /** peak resident memory of the server during this phase (MiB); null when unknown */
  serverPeakRssMb: number | null;
  /** CPU time of the server process (all threads, user + system) per response during this phase, in ms; null when unknown */
  serverCpuMsPerRequest: number | null;
}

/**
 * Both phases against one server: `paced`, the target (every operator saves `rate` times a
 * second, latency measured there), and `saturation`, zero think time (capacity). The fields of
 * RushPhaseFigures at the top level are the paced phase's (the same object as `paced`).
 */
export interface RushFigures extends RushPhaseFigures {
  /** the first seconds of the fresh server, at the paced rate (not measured in `paced`) */
  warmup: RushPhaseFigures;
  paced: RushPhaseFigures;
  saturation: RushPhaseFigures;
}

export interface Server {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a server script with ts-node and waits until `probe` answers (at most 90 s). */
export async function startServer(script: string, env: Record<string, string>, probe: string, log: (m: string) => void): Promise<Server> {
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

/** One save: where it goes and what identifies it afterwards. */
interface Save {
  path: string;
  body: string;
  /** the save's credentials: a bearer token (API) or the session cookie and CSRF header (web) */
  headers?: Record<string, string>;
  /** (body, question): saves of one key overwrite each other */
  key: string;
  /** unique to the save, stored with it (evidence link) */
  marker: string;
}

/** What the load generator saw of one phase, before the database is read. */
interface Load {
  requests: number;
  seconds: number;
  offeredPerSecond: number | null;
  p50: number;
  p99: number;
  errors: number;
  /** per key, the last acknowledged save's marker */
  acked: Map<string, string>;
  ackedMarkers: string[];
  /** per key, markers of saves sent after its last acknowledged one and never answered (may or may not be stored) */
  unanswered: Map<string, Set<string>>;
}

class Outcomes {
  readonly acked = new Map<string, string>();
  readonly ackedMarkers: string[] = [];
  readonly unanswered = new Map<string, Set<string>>();

  sent(save: { key: string; marker: string }): void {
    let open = this.unanswered.get(save.key);
    if (!open) this.unanswered.set(save.key, (open = new Set()));
    open.add(save.marker);
  }

  answered(save: { key: string; marker: string }, ok: boolean): void {
    const open = this.unanswered.get(save.key);
    open?.delete(save.marker);
    if (ok) {
      this.acked.set(save.key, save.marker);
      this.ackedMarkers.push(save.marker);
      // an older unanswered save of this key could not be the current value any more
      open?.clear();
    }
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * The paced phase: `operators` people, each on its own keep-alive connection, each saving `rate`
 * times a second on average — first save at a random instant of the first period, then every
 * 1/rate s ± 50 % (uniform), so the operators do not save in lockstep. An operator never has two
 * saves in flight: when a save is still running at its next instant, the next one follows as soon
 * as it returns. Latency is measured from sending to the end of the response. (autocannon's
 * `connectionRate` starts every connection's one-second interval at once, so all operators would
 * save in the same instant each second, and it "corrects" each slow response with synthetic
 * samples 1 ms apart.)
 *
 * Save n of operator i is request k = n × operators + i, the same numbering as the saturation phase.
 */
async function paced(base: string, operators: number, seconds: number, rate: number, saveOf: (k: number) => Save): Promise<Load> {
  const url = new URL(base);
  const period = 1000 / rate;
  const outcomes = new Outcomes();
  const latencies: number[] = [];
  let errors = 0;
  let responses = 0;
  const next = mulberry32(2025);
  const started = performance.now();
  const end = started + seconds * 1000;
  const send = (agent: http.Agent, save: Save): Promise<void> =>
    new Promise((resolveSend) => {
      const sentAt = performance.now();
      outcomes.sent(save);
      let settled = false;
      const finish = (status: number | null) => {
        if (settled) return;
        settled = true;
        if (status === null) errors++;
        else {
          responses++;
          latencies.push(performance.now() - sentAt);
          const ok = status >= 200 && status < 300;
          if (!ok) errors++;
          outcomes.answered(save, ok);
        }
        resolveSend();
      };
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: save.path,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(save.body),
            ...save.headers,
          },
          timeout: 10_000,
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => finish(response.statusCode ?? 0));
          response.on('error', () => finish(null));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => finish(null));
      request.end(save.body);
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const agents: http.Agent[] = [];
  await Promise.all(
    Array.from({ length: operators }, async (_, i) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      let due = started + next() * period;
      for (let n = 0; ; n++) {
        await sleep(due - performance.now());
        if (performance.now() >= end) break;
        await send(agent, saveOf(n * operators + i));
        due += period * (0.5 + next());
      }
    }),
  );
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: responses,
    seconds,
    offeredPerSecond: operators * rate,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    ...outcomes,
  };
}

/**
 * The saturation phase: every operator's connection sends its next save as soon as the previous
 * one returns (zero think time), for `seconds`. Request k saves for body k mod N (N = connections)
 * the question ⌊k / N⌋ mod Q. (autocannon resets a connection's context between requests, so the
 * sequence is global.) `first` continues the numbering after the paced phase.
 */
async function saturation(url: string, connections: number, seconds: number, first: number, saveOf: (k: number) => Save): Promise<Load> {
  const outcomes = new Outcomes();
  let next = first;
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
          outcomes.sent(save);
          return {
            ...request,
            path: save.path,
            body: save.body,
            headers: { 'content-type': 'application/json', ...save.headers },
          };
        },
        onResponse: (status, _body, context) => {
          outcomes.answered({ key: context.key as string, marker: context.marker as string }, status >= 200 && status < 300);
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    offeredPerSecond: null,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    ...outcomes,
  };
}

/** Resets a process's peak resident memory (Linux: writing 5 to clear_refs), so each phase has its own peak. */
function resetPeakRss(pid: number | undefined): void {
  if (!pid) return;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then covers everything so far
  }
}

/** CPU time used so far by a process, all threads, user + system (Linux: /proc/<pid>/stat), in ms; null when unknown. */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // after "pid (comm) ": state is field 3, utime 14 and stime 15 (in clock ticks, 100 a second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * The durability check of one phase: every acknowledged save's marker is stored (`stored`), and
 * every key holds its last acknowledged save — or a later one that was sent but never answered
 * (`stale` counts the others).
 */
function phaseFigures(load: Load, storedMarkers: Set<string>, current: Map<string, string>, peak: number | null, cpu: number | null): RushPhaseFigures {
  let stale = 0;
  for (const [key, marker] of load.acked) {
    const now = current.get(key);
    if (now !== marker && !(now !== undefined && load.unanswered.get(key)?.has(now))) stale++;
  }
  return {
    requests: load.requests,
    perSecond: load.requests / load.seconds,
    offeredPerSecond: load.offeredPerSecond,
    p50: load.p50,
    p99: load.p99,
    errors: load.errors,
    acknowledged: load.ackedMarkers.length,
    stored: load.ackedMarkers.filter((m) => storedMarkers.has(m)).length,
    stale,
    serverPeakRssMb: peak,
    serverCpuMsPerRequest: cpu === null || load.requests === 0 ? null : Math.round((cpu / load.requests) * 100) / 100,
  };
}

/** Reads the current marker of every key and every stored marker from a SQLite file (the server may still be running: WAL readers see what was committed). */
async function readMonev(dbPath: string): Promise<{ markers: Set<string>; current: Map<string, string> }> {
  const db = await openRaw(dbPath, sqlite3.OPEN_READONLY);
  try {
    const markers = new Set<string>();
    for (const row of await all(db, `SELECT "after" FROM audit_entry WHERE action = 'answer.save'`)) {
      const after = JSON.parse(String(row.after)) as { evidence?: string[] };
      if (after.evidence?.[0]) markers.add(after.evidence[0]);
    }
    const answers = await all(
      db,
      'SELECT b.code AS body, a."questionCode" AS question, a.evidence AS evidence FROM answer a JOIN saq_response r ON r.id = a."responseId" JOIN body b ON b.id = r."bodyId"',
    );
    const current = new Map(answers.map((a) => [`${a.body}/${a.question}`, (JSON.parse(String(a.evidence)) as string[])[0]]));
    return { markers, current };
  } finally {
    await close(db);
  }
}

async function readBare(dbPath: string): Promise<{ markers: Set<string>; current: Map<string, string> }> {
  const db = await openRaw(dbPath, sqlite3.OPEN_READONLY);
  try {
    const markers = new Set<string>();
    const current = new Map<string, string>();
    for (const row of await all(db, 'SELECT body, question, evidence FROM save ORDER BY id')) {
      const marker = (JSON.parse(String(row.evidence)) as string[])[0];
      markers.add(marker);
      current.set(`${row.body}/${row.question}`, marker);
    }
    return { markers, current };
  } finally {
    await close(db);
  }
}

/**
 * Runs the phases against a started server: warm-up, paced, then (after the paced phase's
 * database check) saturation; the server is stopped before the final read. Saves are marked with
 * their phase's letter, so each phase's check counts its own saves.
 */
async function phases(
  server: Server,
  base: string,
  options: RushOptions,
  saveOf: (k: number, phase: 'w' | 'p' | 's') => Save,
  read: (dbPath: string) => Promise<{ markers: Set<string>; current: Map<string, string> }>,
): Promise<RushFigures> {
  const { connections, seconds, dbPath, log } = options;
  const rate = options.rate ?? 1;
  const pid = server.child.pid;
  const cpuSince = (start: number | null) => {
    const now = cpuMs(pid);
    return start === null || now === null ? null : now - start;
  };
  // A server that has just started runs its code unoptimised and prepares its statements on first
  // use: for its first seconds it is several times slower. The deadline hour meets a server that
  // has been running; the paced phase is measured after this warm-up, whose figures are reported.
  const warmupSeconds = Math.min(WARMUP_SECONDS, seconds);
  log(`warm-up: ${connections} operators × ${rate} save/s for ${warmupSeconds} s on the fresh server …`);
  resetPeakRss(pid);
  let cpuStart = cpuMs(pid);
  const warmupLoad = await paced(base, connections, warmupSeconds, rate, (k) => saveOf(k, 'w'));
  const warmupCpu = cpuSince(cpuStart);
  const afterWarmup = await read(dbPath);
  const warmupFigures = phaseFigures(warmupLoad, afterWarmup.markers, afterWarmup.current, childPeakRssMb(pid), warmupCpu);
  log(`warm-up: ${JSON.stringify(warmupFigures)}`);
  log(`paced: ${connections} operators × ${rate} save/s for ${seconds} s …`);
  resetPeakRss(pid);
  cpuStart = cpuMs(pid);
  const pacedLoad = await paced(base, connections, seconds, rate, (k) => saveOf(k, 'p'));
  const pacedCpu = cpuSince(cpuStart);
  const pacedPeak = childPeakRssMb(pid);
  const afterPaced = await read(dbPath);
  const pacedFigures = phaseFigures(pacedLoad, afterPaced.markers, afterPaced.current, pacedPeak, pacedCpu);
  log(`paced: ${JSON.stringify(pacedFigures)}`);
  log(`saturation: ${connections} connections, zero think time, for ${seconds} s …`);
  resetPeakRss(pid);
  cpuStart = cpuMs(pid);
  // continue the numbering past every paced save (an operator saves at most 2 × rate × seconds + 1 times)
  const first = (2 * Math.ceil(rate * seconds) + 2) * connections;
  const saturationLoad = await saturation(base, connections, seconds, first, (k) => saveOf(k, 's'));
  const saturationCpu = cpuSince(cpuStart);
  const saturationPeak = childPeakRssMb(pid);
  await server.stop();
  const final = await read(dbPath);
  const saturationFigures = phaseFigures(saturationLoad, final.markers, final.current, saturationPeak, saturationCpu);
  log(`saturation: ${JSON.stringify(saturationFigures)}`);
  return { ...pacedFigures, warmup: warmupFigures, paced: pacedFigures, saturation: saturationFigures };
}

/** The monev-kip server of a rush or a page budget: `src/main.ts` in production mode on a fresh SQLite file, with a first admin. */
export function startMonev(dbPath: string, port: number, log: (message: string) => void): Promise<Server> {
  return startServer(
    join(ROOT, 'src', 'main.ts'),
    {
      PORT: String(port),
      MONEV_DB_PATH: dbPath,
      MONEV_ADMIN_USERNAME: ADMIN.username,
      MONEV_ADMIN_PASSWORD: ADMIN.password,
      MONEV_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      NODE_ENV: 'production',
    },
    `http://127.0.0.1:${port}/api/health`,
    log,
  );
}

/** An edition with its SAQ window open now, `operators` bodies enrolled, one body user each (`ppid-<body>`, PASSWORD). */
export interface BenchEdition {
  edition: string;
  bodies: string[];
  usernames: string[];
  questions: { code: string; values: unknown[] }[];
}

/** Sets up a deadline-rush edition through the API as the first admin: `questionnaire` (a file of questionnaires/) for `operators` bodies. */
export async function setUpEdition(base: string, operators: number, log: (message: string) => void, questionnaireFile = QUESTIONNAIRE): Promise<BenchEdition> {
  const questionnaire = parse(readFileSync(questionnaireFile, 'utf8')) as QuestionnaireDef;
  const questions = questionnaire.indicators.flatMap((i) => i.questions).map((q) => ({ code: String(q.code), values: valuesOf(q) }));
  const admin = (await must<{ accessToken: string }>(base, '/api/auth/login', null, 'POST', ADMIN)).accessToken;
  await must(base, '/api/commissions', admin, 'POST', { code: 'ki-bench', name: 'Komisi Informasi Bench', city: 'Samarinda' });
  const posted = await api(base, '/api/instruments', admin, 'POST', questionnaire);
  if (posted.status >= 300 && posted.status !== 409) throw new Error(`instrument: ${posted.status}`);
  const bodies = Array.from({ length: operators }, (_, i) => `bp-${String(i + 1).padStart(4, '0')}`);
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
  const usernames = bodies.map((code) => `ppid-${code}`);
  await pool(bodies, 4, (code, i) => must(base, '/api/users', admin, 'POST', { username: usernames[i], password: PASSWORD, role: 'body', commission: 'ki-bench', body: code }));
  return { edition, bodies, usernames, questions };
}

/** Save k of the rush (body k mod N, question ⌊k / N⌋ mod Q, alternating values), through `path` of that question with `headers` of that body. */
function rushSave(setup: BenchEdition, k: number, phase: string, path: (question: string) => string, headers: (b: number) => Record<string, string>): Save {
  const { bodies, questions } = setup;
  const b = k % bodies.length;
  const round = Math.floor(k / bodies.length);
  const body = bodies[b];
  const q = questions[round % questions.length];
  const marker = `https://ppid.${body}.example.go.id/bukti/${phase}${k}.pdf`;
  return {
    path: path(q.code),
    body: JSON.stringify({ value: q.values[Math.floor(round / questions.length) % q.values.length], evidence: [marker] }),
    headers: headers(b),
    key: `${body}/${q.code}`,
    marker,
  };
}

/** monev-kip itself: `src/main.ts` on a fresh SQLite file, operators saving answers through the API (bearer tokens) inside an open SAQ window. */
export async function rushMonev(options: RushOptions): Promise<RushFigures> {
  const { connections, dbPath, port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const server = await startMonev(dbPath, port, log);
  try {
    const setup = await setUpEdition(base, connections, log);
    const tokens = await pool(setup.usernames, 4, async (username) => (await must<{ accessToken: string }>(base, '/api/auth/login', null, 'POST', { username, password: PASSWORD })).accessToken);
    return await phases(
      server,
      base,
      options,
      (k, phase) => rushSave(setup, k, phase, (q) => `/api/editions/${setup.edition}/saq/${setup.bodies[k % setup.bodies.length]}/answers/${q}`, (b) => ({ authorization: `Bearer ${tokens[b]}` })),
      readMonev,
    );
  } finally {
    await server.stop();
  }
}

/** The credentials of a browser logged in through the form: the session cookie and the CSRF token of its pages. */
export interface WebSession {
  cookie: string;
  csrf: string;
}

const cookiePair = (setCookie: string) => setCookie.split(';')[0];

/**
 * Logs in as a browser does: `GET /masuk` (the login CSRF cookie `monev_masuk` and the hidden
 * `_csrf`), `POST /masuk` as a form (the session cookie `monev_sesi`), then the CSRF token of the
 * session from a page (`data-csrf` of `GET /ppid`).
 */
export async function webLogin(base: string, username: string, password: string): Promise<WebSession> {
  const form = await fetch(`${base}/masuk`);
  const html = await form.text();
  const field = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!field) throw new Error(`GET /masuk: ${form.status}, no _csrf field`);
  const login = await fetch(`${base}/masuk`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.headers.getSetCookie().map(cookiePair).join('; ') },
    body: new URLSearchParams({ _csrf: field, username, password }).toString(),
  });
  const cookie = login.headers.getSetCookie().map(cookiePair).find((c) => c.startsWith('monev_sesi=') && c !== 'monev_sesi=');
  if (login.status !== 303 || !cookie) throw new Error(`POST /masuk ${username}: ${login.status} ${(await login.text()).slice(0, 200)}`);
  const home = await fetch(`${base}/ppid`, { headers: { cookie } });
  const csrf = /data-csrf="([^"]+)"/.exec(await home.text())?.[1];
  if (!csrf) throw new Error(`GET /ppid ${username}: ${home.status}, no data-csrf`);
  return { cookie, csrf };
}

/**
 * The same rush through the web autosave route of the SAQ page (`PUT /ppid/:edition/jawaban/:question`,
 * the session cookie and the X-CSRF-Token header, JSON): the same operators, pacing, phases and
 * durability check as the API rush, on a server of its own.
 */
export async function rushWeb(options: RushOptions): Promise<RushFigures> {
  const { connections, dbPath, port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const server = await startMonev(dbPath, port, log);
  try {
    const setup = await setUpEdition(base, connections, log);
    log(`logging ${connections} operators in through the login form …`);
    const sessions = await pool(setup.usernames, 4, (username) => webLogin(base, username, PASSWORD));
    return await phases(
      server,
      base,
      options,
      (k, phase) =>
        rushSave(setup, k, phase, (q) => `/ppid/${setup.edition}/jawaban/${q}`, (b) => ({ cookie: sessions[b].cookie, 'x-csrf-token': sessions[b].csrf, accept: 'application/json' })),
      readMonev,
    );
  } finally {
    await server.stop();
  }
}

/** The bound: a bare Nest route writing one row, under the same load. */
export async function rushBare(options: RushOptions): Promise<RushFigures> {
  const { connections, dbPath, port, log } = options;
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(join(__dirname, 'bare-server.ts'), { PORT: String(port), BENCH_DB: dbPath }, `${base}/api/editions/x/saq/x/answers/x`, log);
  try {
    return await phases(
      server,
      base,
      options,
      (k, phase) => {
        const b = k % connections;
        const q = Math.floor(k / connections) % 60;
        const marker = `https://ppid.bp-${b}.example.go.id/bukti/${phase}${k}.pdf`;
        return { path: `/api/editions/tenggat-bench/saq/bp-${b}/answers/${q}`, body: JSON.stringify({ value: true, evidence: [marker] }), key: `bp-${b}/${q}`, marker };
      },
      readBare,
    );
  } finally {
    await server.stop();
  }
}
