import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ADMIN, startApp, TestApp } from './support/app';
import { as } from './support/contoh';

const ROOT = resolve(__dirname, '..');

describe('authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp('auth', '2025-06-01T00:00:00Z');
  });

  afterAll(() => t.close());

  it('health needs no login', async () => {
    expect((await t.http().get('/api/health')).body).toEqual({ status: 'ok' });
  });

  it('the first admin comes from MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD and logs in with a bearer token', async () => {
    const res = await t.http().post('/api/auth/login').send(ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: t.config.jwtTtlSeconds,
      mustChangePassword: false,
      user: { username: 'admin', role: 'admin', name: null, commission: null, body: null },
    });
    const me = await as(t.http, res.body.accessToken).get('/api/auth/me');
    expect(me.body).toEqual({ username: 'admin', role: 'admin', name: null, commission: null, body: null });
  });

  it('passwords are stored as scrypt hashes', async () => {
    const [row] = await t.app.get(require('typeorm').DataSource).query(`SELECT "passwordHash" FROM "user" WHERE username = 'admin'`);
    expect(row.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.passwordHash).not.toContain(ADMIN.password);
  });

  it('a wrong password and an unknown user are refused alike', async () => {
    const wrong = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' });
    const unknown = await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'wrong-password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid username or password', code: 'auth.invalid_credentials', text: 'nama pengguna atau kata sandi salah' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('repeated failed logins are refused with 429 for a while, even with the right password', async () => {
    const admin = as(t.http, await t.login(ADMIN.username, ADMIN.password));
    await admin.post('/api/users', { username: 'ppid-coba', password: 'password-12345', role: 'verifier' }).expect(201);
    for (let i = 0; i < 5; i += 1) {
      expect((await t.http().post('/api/auth/login').send({ username: 'ppid-coba', password: `salah-${i}` })).status).toBe(401);
    }
    const blocked = await t.http().post('/api/auth/login').send({ username: 'ppid-coba', password: 'password-12345' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^too many failed logins; try again in \d+ s$/),
      code: 'login.throttled', text: expect.stringMatching(/^terlalu banyak percobaan masuk yang gagal; coba lagi dalam \d+ detik$/),
    });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // other accounts are not affected
    expect((await t.http().post('/api/auth/login').send(ADMIN)).status).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 15 * 60 * 1000 + 1000));
    expect((await t.http().post('/api/auth/login').send({ username: 'ppid-coba', password: 'password-12345' })).status).toBe(200);
  });

  it('requests without a valid bearer token are 401', async () => {
    expect((await t.http().get('/api/auth/me')).body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'not logged in: send Authorization: Bearer <token> (POST /api/auth/login)',
      code: 'auth.required',
      text: 'belum masuk: kirim Authorization: Bearer <token> (POST /api/auth/login)',
    });
    expect((await t.http().get('/api/auth/me').set('Authorization', 'Bearer abc.def.ghi')).status).toBe(401);
    expect((await t.http().get('/api/auth/me').set('Authorization', 'Basic YWRtaW46eA==')).status).toBe(401);
    const forged = (await t.login(ADMIN.username, ADMIN.password)).split('.');
    forged[1] = Buffer.from(JSON.stringify({ sub: 1, username: 'admin', role: 'admin', iat: 1 })).toString('base64url');
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged.join('.')}`)).status).toBe(401);
  });

  it('login input is validated', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'admin' });
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'password: required', code: 'input.invalid', text: 'kolom "password": wajib diisi' });
  });
});

describe('the OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp('openapi', '2025-06-01T00:00:00Z');
  });

  afterAll(() => t.close());

  it('is served at /api/docs with every endpoint of the monev API', async () => {
    expect((await t.http().get('/api/docs')).status).toBe(200);
    const doc = (await t.http().get('/api/docs/json')).body;
    const operations = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    for (const op of [
      'GET /api/health', 'POST /api/auth/login', 'GET /api/auth/me', 'POST /api/commissions', 'POST /api/users',
      'POST /api/commissions/{commission}/bodies', 'GET /api/commissions/{commission}/bodies', 'POST /api/instruments', 'GET /api/instruments',
      'GET /api/instruments/{id}/{version}', 'POST /api/editions', 'GET /api/editions/{edition}', 'PATCH /api/editions/{edition}/stages/{stage}',
      'POST /api/editions/{edition}/participants', 'POST /api/editions/{edition}/assignments', 'POST /api/editions/{edition}/extensions',
      'GET /api/editions/{edition}/saq/{body}', 'PUT /api/editions/{edition}/saq/{body}/answers/{question}', 'POST /api/editions/{edition}/saq/{body}/submit',
      'PUT /api/editions/{edition}/verification/{body}/answers/{question}', 'POST /api/editions/{edition}/verification/{body}/complete',
      'POST /api/editions/{edition}/objections', 'PUT /api/editions/{edition}/objections/{id}', 'GET /api/editions/{edition}/panels/{stage}/assignments',
      'PUT /api/editions/{edition}/panels/{stage}/scores/{body}', 'POST /api/editions/{edition}/panels/{stage}/scores/{body}/submit',
      'POST /api/editions/{edition}/panels/{stage}/recusals/{body}', 'POST /api/editions/{edition}/panels/{stage}/absences/{body}',
      'POST /api/editions/{edition}/compute', 'GET /api/editions/{edition}/results', 'GET /api/editions/{edition}/results/{body}', 'GET /api/editions/{edition}/audit',
      // SPEC §15: the correction routes
      'POST /api/editions/{edition}/verification/{body}/reopen', 'POST /api/editions/{edition}/panels/{stage}/scores/{body}/{username}/reopen',
      'DELETE /api/editions/{edition}/panels/{stage}/absences/{body}',
      // SPEC §14: the offline workbook
      'GET /api/editions/{edition}/saq/{body}/workbook.xlsx', 'POST /api/editions/{edition}/saq/{body}/workbook',
      'GET /api/public/editions/{edition}/publications', 'GET /api/editions/{edition}/publications/{version}/changes', 'GET /api/public/certificates/{code}',
      // SPEC §13: evidence files
      'POST /api/editions/{edition}/saq/{body}/answers/{question}/files', 'GET /api/files/{id}', 'DELETE /api/editions/{edition}/saq/{body}/answers/{question}/files/{id}',
      'GET /api/editions/{edition}/evidence.zip',
    ]) {
      expect(operations).toContain(op);
    }
  });

  it('documents every request body and response, and the error shape', async () => {
    const doc = (await t.http().get('/api/docs/json')).body;
    for (const [path, ops] of Object.entries<Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string; items?: { $ref?: string } } }> }; responses: Record<string, unknown> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect({ op: `${method} ${path}`, success: success.length > 0 }).toEqual({ op: `${method} ${path}`, success: true });
        if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
          // JSON, or a multipart upload (SPEC §13, §14: an evidence file, the offline workbook) described by its form's DTO
          const schema = (op.requestBody.content['application/json'] ?? op.requestBody.content['multipart/form-data']).schema;
          const ref = schema.$ref ?? schema.items?.$ref;
          expect({ op: `${method} ${path}`, ref }).toEqual({ op: `${method} ${path}`, ref: expect.stringMatching(/^#\/components\/schemas\//) });
        }
      }
    }
    const schemas = doc.components.schemas;
    for (const dto of ['LoginDto', 'CreateUserDto', 'CreateCommissionDto', 'RegisterBodyDto', 'InstrumentDefinitionDto', 'EditionDefinitionDto', 'StageWindowsDto', 'EnrolParticipantsDto', 'AssignmentDto', 'GrantExtensionDto', 'SaveAnswerDto', 'DecideDto', 'CreateObjectionDto', 'RuleObjectionDto', 'DraftSheetDto', 'ReasonDto', 'ReopenDto', 'VerificationReopenedDto', 'SheetReopenedDto', 'ErrorResponseDto', 'ResultSummaryDto', 'BodyResultDto', 'SaqViewDto']) {
      expect(Object.keys(schemas[dto]?.properties ?? {}).length).toBeGreaterThan(0);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

const START = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')];

describe('npm start', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-start-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start with a MONEV_JWT_SECRET shorter than 32 characters', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile('node', START, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', MONEV_JWT_SECRET: 'short', MONEV_DB_PATH: join(dir, 'x.sqlite') } }, (error, _stdout, stderr) =>
        done({ code: error ? (error as { code?: number }).code ?? 1 : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MONEV_JWT_SECRET: at least 32 characters (or leave it unset: a random key is then generated and kept in the database)');
  });

  it('serves the API on PORT over a fresh SQLite file, migrations applied and the first admin created', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn('node', START, {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), MONEV_DB_PATH: join(dir, 'monev.sqlite'), MONEV_ADMIN_USERNAME: 'admin', MONEV_ADMIN_PASSWORD: 'admin-password-123', NODE_ENV: 'development' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let exited = false;
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.on('exit', () => (exited = true));
    try {
      let health: { status: string } | null = null;
      for (let i = 0; i < 120 && !health && !exited; i += 1) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          health = (await res.json()) as { status: string };
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect({ health, stderr }).toEqual({ health: { status: 'ok' }, stderr: '' });
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin-password-123' }),
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
