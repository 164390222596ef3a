import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { request as httpRequest } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import jwt from 'jsonwebtoken';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../src/common/config';
import { openDatabase } from '../src/database/data-source';
import { certificateCode } from '../src/documents/verification-code';
import { SecretKeys } from '../src/secrets/secret-keys';
import { ADMIN, startApp, TestApp } from './support/app';
import { cli, ROOT } from './support/cli';
import { as } from './support/contoh';
import { testDatabase, TestDatabase } from './support/database';
import { BUILT_MAIN, freePort, ServerProcess, startServer } from './support/server';

/**
 * Issue 12, first slice: the findings of the attack on a default install, one test each. Every
 * test here failed on the code before it (checked on the base commit).
 */

/** The development default that versions before issue 12 signed every token with when NODE_ENV was not exactly "production". */
const OLD_BUILT_IN_KEY = 'monev-kip-development-secret-not-for-production';

const SAFETY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' };

const stripColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `{"username": [[…"a"…]], …}`: JSON nested `depth` levels deep, the object counting as one. */
const loginNested = (depth: number) => `{"username":${'['.repeat(depth - 1)}"a"${']'.repeat(depth - 1)},"password":"password-123456"}`;

describe('a default install (no MONEV_JWT_SECRET, no MONEV_CERTIFICATE_SECRET)', () => {
  let t: TestApp;
  let adminToken: string;
  let admin: jwt.JwtPayload;

  beforeAll(async () => {
    t = await startApp('security', '2026-03-02T09:00:00+08:00', { NODE_ENV: ' Production ' });
    adminToken = await t.login(ADMIN.username, ADMIN.password);
    admin = jwt.decode(adminToken) as jwt.JwtPayload;
  });

  afterAll(() => t.close());

  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
  // the admin's own session: every token names one (sid), checked live on every request
  const claims = () => ({ sub: admin.sub, username: admin.username, role: admin.role, commission: null, body: null, sid: admin.sid, iat: nowSeconds() });

  it('a token signed with the old built-in key is refused', async () => {
    const forged = jwt.sign(claims(), OLD_BUILT_IN_KEY, { algorithm: 'HS256', expiresIn: 3600 });
    const me = await as(t.http, forged).get('/api/auth/me');
    expect([me.status, me.body.message]).toEqual([401, 'invalid bearer token']);
    const commission = await as(t.http, forged).post('/api/commissions', { code: 'ki-palsu', name: 'Komisi Palsu' });
    expect(commission.status).toBe(401);
    // nor can a deployment configure it
    expect(() => loadConfig({ MONEV_JWT_SECRET: OLD_BUILT_IN_KEY })).toThrow('MONEV_JWT_SECRET: this is the development secret published with earlier versions');
  });

  it('a token without exp is refused, even signed with the service\'s own key', async () => {
    const key = t.app.get(SecretKeys).jwt;
    const endless = jwt.sign(claims(), key, { algorithm: 'HS256' });
    expect((jwt.decode(endless) as jwt.JwtPayload).exp).toBeUndefined();
    const refused = await as(t.http, endless).get('/api/auth/me');
    expect([refused.status, refused.body.message]).toEqual([401, 'invalid bearer token']);
    await as(t.http, jwt.sign(claims(), key, { algorithm: 'HS256', expiresIn: 60 })).get('/api/auth/me').expect(200);
    // what the service itself signs always expires
    expect(admin.exp).toBe(admin.iat! + t.config.jwtTtlSeconds);
  });

  it("NODE_ENV=' Production ' counts as production", () => {
    for (const value of [' Production ', 'PRODUCTION', 'production\n', '\tproduction']) expect([value, loadConfig({ NODE_ENV: value }).production]).toEqual([value, true]);
    // no secret depends on it any more: any other value is simply not production
    for (const value of [undefined, 'development', 'prod', 'test']) expect([value, loadConfig({ NODE_ENV: value }).production]).toEqual([value, false]);
    // this app was started with NODE_ENV=" Production ": Express runs in production mode
    expect(t.app.getHttpAdapter().getInstance().get('env')).toBe('production');
  });

  it('the certificate key is not the JWT key', async () => {
    const keys = t.app.get(SecretKeys);
    expect(keys.certificate).not.toBe(keys.jwt);
    const stored: { name: string; value: string }[] = await t.app.get(DataSource).query('SELECT name, value FROM secret ORDER BY name');
    expect(stored).toEqual([
      { name: 'certificate', value: keys.certificate },
      { name: 'jwt', value: keys.jwt },
    ]);
    expect(Buffer.from(keys.jwt, 'base64url')).toHaveLength(32);

    // with only MONEV_JWT_SECRET set, certificate codes still get a key of their own
    const configured = 'a-login-token-key-chosen-by-the-operator-0123';
    const other = await startApp('security-configured', '2026-03-02T09:00:00+08:00', { MONEV_JWT_SECRET: configured });
    try {
      const otherKeys = other.app.get(SecretKeys);
      expect(otherKeys.jwt).toBe(configured);
      expect(otherKeys.certificate).not.toBe(configured);
    } finally {
      await other.close();
    }
    expect(() => loadConfig({ MONEV_JWT_SECRET: configured, MONEV_CERTIFICATE_SECRET: configured })).toThrow(
      new ConfigError('invalid configuration:\n  MONEV_CERTIFICATE_SECRET: must differ from MONEV_JWT_SECRET (the login token key never makes certificate codes)'),
    );
  });

  it('start-up says an existing admin\'s password was left unchanged, and warns when no admin exists and none is configured', async () => {
    const said: string[] = [];
    const capture = (message: unknown) => void said.push(String(message));
    const spies = [jest.spyOn(Logger.prototype, 'log').mockImplementation(capture), jest.spyOn(Logger.prototype, 'warn').mockImplementation(capture)];
    try {
      // a restart of this deployment with another MONEV_ADMIN_PASSWORD
      const restarted = await startApp('security-restart', '2026-03-02T09:00:00+08:00', { MONEV_ADMIN_PASSWORD: 'another-password-456' }, t.db);
      const keys = restarted.app.get(SecretKeys);
      await restarted.close();
      expect(said).toContain('the admin "admin" exists: its password was left unchanged (MONEV_ADMIN_PASSWORD only creates it; change it with POST /api/auth/password or npm run -s cli -- users set-password admin)');
      expect(said).toContainEqual(expect.stringMatching(/^login token key: MONEV_JWT_SECRET is not set, so the key generated on \S+ and stored in the database is used$/));
      expect(keys).toEqual(t.app.get(SecretKeys));
      await t.login(ADMIN.username, ADMIN.password);

      // a fresh database without MONEV_ADMIN_*
      const bare = await startApp('security-bare', '2026-03-02T09:00:00+08:00', { MONEV_ADMIN_USERNAME: '', MONEV_ADMIN_PASSWORD: '' });
      await bare.close();
      expect(said).toContain('no admin exists and MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD are not set: nobody can log in to manage this service; set both and restart');
      expect(said.join('\n')).not.toContain(keys.jwt);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('every response has the safety headers; an authenticated one is no-store', async () => {
    const responses = {
      health: await t.http().get('/api/health'),
      'unknown route': await t.http().get('/api/no-such-thing'),
      'malformed JSON': await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":'),
      'no token': await t.http().get('/api/editions'),
      login: await t.http().post('/api/auth/login').send(ADMIN),
      'with a token': await as(t.http, adminToken).get('/api/auth/me'),
      'OpenAPI page': await t.http().get('/api/docs'),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([what, res]) => [what, res.status]))).toEqual({
      health: 200, 'unknown route': 404, 'malformed JSON': 400, 'no token': 401, login: 200, 'with a token': 200, 'OpenAPI page': 200,
    });
    for (const [what, res] of Object.entries(responses)) {
      expect({ what, headers: res.headers }).toEqual({ what, headers: expect.objectContaining(SAFETY_HEADERS) });
      expect({ what, csp: res.headers['content-security-policy'] }).toEqual({ what, csp: expect.stringContaining("frame-ancestors 'none'") });
    }
    expect(responses.health.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(responses['with a token'].headers['cache-control']).toBe('no-store');
    expect(responses.login.headers['cache-control']).toBe('no-store');
    expect(responses.health.headers['cache-control']).toBeUndefined();
  });

  it('the OpenAPI page loads under its CSP: its scripts and stylesheet are its own files, none inline', async () => {
    const page = await t.http().get('/api/docs');
    const csp = Object.fromEntries(
      String(page.headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
    );
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) expect({ attributes, inline: inline.trim() }).toEqual({ attributes: expect.stringMatching(/src="/), inline: '' });
    // inline <style> blocks are what 'unsafe-inline' in style-src is for (there is no inline script)
    expect(/<style>/.test(page.text)).toBe(csp['style-src'].includes("'unsafe-inline'"));
    const files = [...page.text.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map(([, reference]) => reference);
    for (const reference of files) {
      const url = new URL(reference, 'http://monev.test/api/docs');
      expect({ reference, origin: url.origin }).toEqual({ reference, origin: 'http://monev.test' });
      const file = await t.http().get(url.pathname);
      expect({ reference, status: file.status }).toEqual({ reference, status: 200 });
    }
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), expect.stringMatching(/swagger-ui\.css$/)]));
  });

  it('JSON nested 33 deep is refused with 400 naming the limit; 32 is accepted by the parser', async () => {
    const post = (text: string) => t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(text);
    const refused = await post(loginNested(33));
    expect([refused.status, refused.body.message]).toEqual([400, 'request body: JSON nested deeper than 32 levels is refused']);
    // 32 levels reach validation, which refuses the value, not the nesting
    const parsed = await post(loginNested(32));
    expect([parsed.status, parsed.body.message]).toEqual([400, expect.stringMatching(/^username: /)]);
    // the finding: 10,000 levels answered 500 with a stack trace in the log
    const deep = await post(loginNested(10_000));
    expect([deep.status, deep.body.message]).toEqual([400, 'request body: JSON nested deeper than 32 levels is refused']);
  });
});

describe('processes of one deployment', () => {
  let db: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeEach(async () => {
    db = await testDatabase('security-processes');
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    await db.drop();
  });

  it('two processes on one database share the generated key', async () => {
    // migrated beforehand, as docs/deployment.md asks (start-up migrations are not coordinated); no key stored yet
    await (await openDatabase(db.dbPath, db.databaseUrl)).destroy();
    const started = await Promise.all([
      startServer({ ...db.env, MONEV_ADMIN_USERNAME: ADMIN.username, MONEV_ADMIN_PASSWORD: ADMIN.password }),
      startServer({ ...db.env }),
    ]);
    servers.push(...started);
    const [a, b] = started;
    const login = await fetch(`${a.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`${b.api}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(() => jwt.verify(accessToken, OLD_BUILT_IN_KEY)).toThrow('invalid signature');

    // each key was generated by exactly one of them; the other used the stored one
    const output = started.map((s) => stripColours(s.output().stdout)).join('\n');
    for (const key of ['login token key: MONEV_JWT_SECRET', 'certificate code key: MONEV_CERTIFICATE_SECRET']) {
      expect([key, output.split(`${key} is not set, so a random 256-bit key was generated`).length - 1]).toEqual([key, 1]);
      expect([key, output.split(`${key} is not set, so the key generated on`).length - 1]).toEqual([key, 1]);
    }
    const check = await openDatabase(db.dbPath, db.databaseUrl);
    try {
      const rows: { name: string; value: string }[] = await check.query('SELECT name, value FROM secret ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['certificate', 'jwt']);
      expect(rows[0].value).not.toBe(rows[1].value);
      expect(jwt.verify(accessToken, rows[1].value)).toEqual(expect.objectContaining({ username: ADMIN.username }));
    } finally {
      await check.destroy();
    }
  });

  it('the CLI\'s publish makes certificate codes with the stored certificate key, not the token key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monev-security-cli-'));
    const file = join(dir, 'monev.sqlite');
    try {
      expect((await cli(file, 'import', join(ROOT, 'fixtures', 'contoh'))).code).toBe(0);
      expect((await cli(file, 'compute', 'contoh-2025')).code).toBe(0);
      expect((await cli(file, 'publish', 'contoh-2025', '--decree', '52/KEP/KI/2025', '--date', '2025-12-12')).code).toBe(0);
      const check = await openDatabase(file, undefined);
      try {
        const keys = Object.fromEntries((await check.query('SELECT name, value FROM secret')).map((r: { name: string; value: string }) => [r.name, r.value]));
        const [row] = await check.query('SELECT "certificateCode" AS code, summary FROM publication_result WHERE "certificateCode" IS NOT NULL');
        const summary = JSON.parse(row.summary);
        const fields = { edition: 'contoh-2025', body: summary.body, version: 1, final: summary.final.toFixed(2), predicate: summary.predicate };
        expect(row.code).toBe(certificateCode(keys.certificate, fields));
        expect(row.code).not.toBe(certificateCode(keys.jwt, fields));
      } finally {
        await check.destroy();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the production start (npm run build; node dist/main.js)', () => {
    beforeAll(async () => {
      await new Promise<void>((done, fail) =>
        execFile('npm', ['run', '-s', 'build'], { cwd: ROOT }, (error, stdout, stderr) => (error ? fail(new Error(`npm run build: ${error.message}\n${stdout}\n${stderr}`)) : done())),
      );
    }, 300_000);

    it('SIGTERM during a request: the request completes, the process exits 0', async () => {
      const server = await startServer({ ...db.env, MONEV_ADMIN_USERNAME: ADMIN.username, MONEV_ADMIN_PASSWORD: ADMIN.password }, 90_000, BUILT_MAIN);
      servers.push(server);
      // the build carries the pages' templates and assets (copied beside the compiled code)
      const login = await fetch(server.api.replace(/\/api$/, '/masuk'));
      const page = await login.text();
      expect([login.status, page.includes('Nama pengguna')]).toEqual([200, true]);
      const css = /href="(\/aset\/app\.css\?v=[^"]+)"/.exec(page)![1];
      expect((await fetch(server.api.replace(/\/api$/, css))).status).toBe(200);
      const url = new URL(`${server.api}/auth/login`);
      const body = JSON.stringify(ADMIN);
      const answer = new Promise<{ status: number; text: string }>((done, fail) => {
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += String(chunk)));
            res.on('end', () => done({ status: res.statusCode!, text }));
          },
        );
        req.on('error', fail);
        // the request is in flight: headers and half of the body sent, the rest after the signal
        req.write(body.slice(0, 10));
        void sleep(500).then(() => {
          process.kill(server.pid, 'SIGTERM');
          return sleep(1500);
        }).then(async () => {
          const late = await fetch(`${server.api}/health`).then((r) => `answered ${r.status}`, (error: Error) => `refused (${(error.cause as { code?: string })?.code})`);
          expect(late).toBe('refused (ECONNREFUSED)');
          req.end(body.slice(10));
        }).catch(fail);
      });
      const response = await answer;
      expect([response.status, JSON.parse(response.text).user?.username]).toEqual([200, ADMIN.username]);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(stripColours(server.output().stdout)).toMatch(/SIGTERM: no new connections; finishing the requests in flight[^\n]*\n[^\n]*stopped/);
    });

    it('stopping npm start with SIGTERM stops the server too', async () => {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, ...db.env, PORT: String(port) };
      if (!db.databaseUrl) delete env.DATABASE_URL;
      const npm: ChildProcess = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      npm.stdout!.on('data', (chunk) => (output += String(chunk)));
      npm.stderr!.on('data', (chunk) => (output += String(chunk)));
      const npmExited = new Promise<number | null>((done) => npm.on('exit', (code) => done(code)));
      const health = () => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      const serverPid = () => Number(/\[Nest\] (\d+) /.exec(stripColours(output))?.[1]);
      try {
        for (let i = 0; i < 360 && !(await health()); i++) await sleep(250);
        expect(await health()).toBe(true);
        npm.kill('SIGTERM');
        expect(await npmExited).toBe(0);
        let up = true;
        for (let i = 0; i < 40 && up; i++) {
          up = await health();
          if (up) await sleep(250);
        }
        expect(up).toBe(false);
      } finally {
        // the server of the code before this change outlived npm: end it by its own pid
        const pid = serverPid();
        if (pid && (await health())) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone, as it should be
          }
        }
        if (npm.exitCode === null) npm.kill('SIGKILL');
      }
    });
  });
});
