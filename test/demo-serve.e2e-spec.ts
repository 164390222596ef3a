import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { createServer } from 'net';
import { join } from 'path';
import { ROOT } from './support/cli';
import { freePort } from './support/server';

/**
 * `npm run demo -- --serve` (SPEC §9, issue 13 item 5): after the demo cycle, the live demo
 * edition with its windows open today, one account per role with a random password, and the
 * web application on it — driven here as a newcomer would, through the login form.
 */
interface Account {
  role: string;
  username: string;
  password: string;
  home: string;
}

interface DemoRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The CLI entry as `npm run demo` runs it, with the test's environment minus any database setting. */
function startDemo(outDir: string, port: number): DemoRun {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.MONEV_DB_PATH;
  delete env.MONEV_ADMIN_USERNAME;
  delete env.MONEV_ADMIN_PASSWORD;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), 'demo', '--serve', '--out', outDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the line that says where to open the demo; answers the printed accounts and URL. */
async function ready(run: DemoRun, timeoutMs = 150_000): Promise<{ url: string; accounts: Map<string, Account> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Buka (http:\/\/localhost:\d+)\/masuk /.exec(run.stdout());
    if (match) {
      const accounts = new Map<string, Account>();
      for (const line of run.stdout().split('\n')) {
        const row = /^(Operator PPID|Verifikator|Juri|Admin komisi)\s+(\S+)\s+(\S+)\s+(\/\S+)$/.exec(line);
        if (row) accounts.set(row[1], { role: row[1], username: row[2], password: row[3], home: row[4] });
      }
      return { url: match[1], accounts };
    }
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the demo did not print its URL (exit ${run.child.exitCode}):\n${run.stdout()}\n${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(run: DemoRun): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
  const how = await run.exited;
  clearTimeout(timer);
  return how;
}

const pair = (setCookie: string) => setCookie.split(';')[0];

/** A browser's login through the form: its CSRF cookie and hidden field, then the session cookie. */
async function webLogin(base: string, username: string, password: string): Promise<{ status: number; location: string | null; cookie: string | null }> {
  const form = await fetch(`${base}/masuk`);
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no CSRF field on /masuk: ${html.slice(0, 300)}`);
  const loginCookie = form.headers.getSetCookie().map(pair).join('; ');
  const res = await fetch(`${base}/masuk`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  });
  const session = res.headers.getSetCookie().map(pair).find((c) => c.startsWith('monev_sesi=') && c !== 'monev_sesi=');
  return { status: res.status, location: res.headers.get('location'), cookie: session ?? null };
}

describe('npm run demo -- --serve', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'monev-demo-serve-'));
  const runs: DemoRun[] = [];
  afterAll(async () => {
    for (const run of runs) await stop(run);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('serves the live demo: the printed accounts log in to their homes, the operator autosaves an answer, the open windows take the rest of the cycle today (submission, verification, objection, ruling, a sheet of the juror), SIGTERM stops it with 0; a second run rebuilds it with new passwords', async () => {
    const port = await freePort();
    const first = startDemo(outDir, port);
    runs.push(first);
    const { url, accounts } = await ready(first);
    expect(url).toBe(`http://localhost:${port}`);
    const base = `http://127.0.0.1:${port}`;
    const out = first.stdout();
    const edition = /Demo langsung: (demo-langsung-\d{4}) — .*SIMULASI/.exec(out)?.[1];
    expect(edition).toBe(`demo-langsung-${new Date().getUTCFullYear()}`);
    // the demo cycle ran first, as `npm run demo` alone
    expect(out).toContain('Ditetapkan: versi 1');
    expect([...accounts.keys()]).toEqual(['Operator PPID', 'Verifikator', 'Juri', 'Admin komisi']);
    for (const account of accounts.values()) expect(account.password.length).toBeGreaterThanOrEqual(12);
    expect(new Set([...accounts.values()].map((a) => a.password)).size).toBe(4);
    expect([...accounts.values()].map((a) => a.home)).toEqual(['/ppid', '/verifikator', '/juri', '/admin']);

    // the PPID operator: logs in, sees the live edition on its home, saves an answer as the SAQ page does
    const operator = accounts.get('Operator PPID')!;
    const login = await webLogin(base, operator.username, operator.password);
    expect(login).toMatchObject({ status: 303, location: '/ppid' });
    const home = await fetch(`${base}/ppid`, { headers: { cookie: login.cookie! } });
    expect(home.status).toBe(200);
    const page = await home.text();
    expect(page).toContain('demo langsung, SIMULASI');
    const csrf = /data-csrf="([^"]+)"/.exec(page)![1];
    const saved = await fetch(`${base}/ppid/${edition}/jawaban/1.1`, {
      method: 'PUT',
      headers: { cookie: login.cookie!, 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: JSON.stringify({ value: true, evidence: ['https://ppid.c.example.go.id/dip'] }),
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ question: '1.1' });

    // the answer is in the database: the demo admin reads body C's SAQ through the API
    const admin = accounts.get('Admin komisi')!;
    const token = ((await (await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password: admin.password }),
    })).json()) as { accessToken: string }).accessToken;
    const saq = (await (await fetch(`${base}/api/editions/${edition}/saq/c`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      answers: Record<string, { value: unknown; evidence: string[] }>;
    };
    expect(Object.keys(saq.answers)).toEqual(['1.1']);
    expect(saq.answers['1.1']).toMatchObject({ value: true, evidence: ['https://ppid.c.example.go.id/dip'] });

    // every other role lands on its own home, which opens
    for (const role of ['Verifikator', 'Juri', 'Admin komisi']) {
      const account = accounts.get(role)!;
      const landed = await webLogin(base, account.username, account.password);
      expect(landed).toMatchObject({ status: 303, location: account.home });
      expect((await fetch(`${base}${account.home}`, { headers: { cookie: landed.cookie! } })).status).toBe(200);
    }

    // the windows are open today for the whole rest of the cycle: submission, verification,
    // objection and ruling, and the juror's sheet for A (above the gate in the demo's compute)
    const as = async (role: string) => {
      const account = accounts.get(role)!;
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}/api/editions/${edition}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const [ppid, verifier, juror] = [await as('Operator PPID'), await as('Verifikator'), await as('Juri')];
    await call(ppid, 'POST', '/saq/c/submit');
    await call(verifier, 'PUT', '/verification/c/answers/1.1', { decision: 'reject', note: 'Tautan DIP tidak dapat dibuka' });
    await call(verifier, 'POST', '/verification/c/complete');
    const objection = await call(ppid, 'POST', '/objections', { body: 'c', question: '1.1', reason: 'Tautan sudah diperbaiki' });
    expect(await call(verifier, 'PUT', `/objections/${objection.id as number}`, { decision: 'upheld', note: 'Tautan dapat dibuka' })).toMatchObject({ status: 'upheld' });
    await call(juror, 'PUT', '/panels/uji-publik/scores/a', { scores: { K: 80, I: 75, S: 70 } });
    expect(await call(juror, 'POST', '/panels/uji-publik/scores/a/submit')).toMatchObject({ status: 'submitted' });

    expect(await stop(first)).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('Server demo berhenti.');

    // a second run on the same folder starts from a fresh database: new passwords, the old ones refused
    const second = startDemo(outDir, port);
    runs.push(second);
    const again = await ready(second);
    const renewed = again.accounts.get('Operator PPID')!;
    expect(renewed.password).not.toBe(operator.password);
    expect((await webLogin(base, operator.username, operator.password)).status).toBe(401);
    expect(await webLogin(base, renewed.username, renewed.password)).toMatchObject({ status: 303, location: '/ppid' });
    expect(await stop(second)).toEqual({ code: 0, signal: null });
  }, 400_000);

  it('a port already taken: exits 1 with an Indonesian message before the cycle runs', async () => {
    const taken = createServer();
    const port = await new Promise<number>((done) => taken.listen(0, () => done((taken.address() as { port: number }).port)));
    try {
      const run = startDemo(join(outDir, 'port'), port);
      runs.push(run);
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.stderr()).toContain(`Galat: port ${port} sudah dipakai`);
      expect(run.stdout()).not.toContain('Impor selesai');
    } finally {
      taken.close();
    }
  }, 120_000);
});
