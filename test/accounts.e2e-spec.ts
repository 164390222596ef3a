import { spawn } from 'child_process';
import { join } from 'path';
import { ADMIN, startApp, TestApp } from './support/app';
import { ROOT } from './support/cli';
import { answerSaq, as, bodyUser, CONTOH, Contoh, PASSWORD, scorePanels, setUpContoh, verify, VERIFIER, WHEN } from './support/contoh';
import { testDatabase } from './support/database';
import { startServer } from './support/server';

/**
 * The account lifecycle of SPEC §12, each change taking effect on live tokens at once, and the
 * corrections an admin makes to a cycle before anyone acted on them (issue 12, finding 2).
 */
describe('accounts: a commission manages its own people', () => {
  let t: TestApp;
  let c: Contoh;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const otherAdmin = () => as(t.http, c.tokens['admin-lain']);
  const remove = (token: string, url: string) => t.http().delete(url).set('Authorization', `Bearer ${token}`);
  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  const edition = () => `/api/editions/${c.edition}`;
  const NEW_PASSWORD = 'kata-sandi-baru-yang-panjang';

  beforeAll(async () => {
    t = await startApp('accounts', WHEN.saq);
    c = await setUpContoh(t);
    // another commission with its own admin and verifier
    await admin().post('/api/commissions', { code: 'ki-lain', name: 'Komisi Informasi Lain' }).expect(201);
    await admin().post('/api/users', { username: 'admin-lain', password: PASSWORD, role: 'admin', commission: 'ki-lain' }).expect(201);
    await admin().post('/api/users', { username: 'verifikator-lain', password: PASSWORD, role: 'verifier', commission: 'ki-lain' }).expect(201);
    c.tokens['admin-lain'] = await t.login('admin-lain', PASSWORD);
  });

  afterAll(() => t.close());

  /** A fresh account of ki-contoh, logged in. */
  async function account(username: string, role: 'verifier' | 'juror' = 'verifier'): Promise<string> {
    await admin().post('/api/users', { username, password: PASSWORD, role, commission: 'ki-contoh' }).expect(201);
    return t.login(username, PASSWORD);
  }

  describe('users', () => {
    it('the list shows each user with disabled and lastLoginAt, filtered by role and commission within the admin\'s scope', async () => {
      const res = await admin().get('/api/users?role=juror&commission=ki-contoh');
      expect(res.status).toBe(200);
      expect(res.body.map((u: { username: string }) => u.username)).toEqual(['juri1', 'juri2', 'juri3']);
      expect(res.body[0]).toEqual({
        username: 'juri1', role: 'juror', name: null, commission: 'ki-contoh', body: null,
        disabled: false, mustChangePassword: false, lastLoginAt: new Date(WHEN.saq).toISOString(),
      });
      const own = await otherAdmin().get('/api/users');
      expect(own.body.map((u: { username: string }) => u.username)).toEqual(['admin-lain', 'verifikator-lain']);
      expect((await otherAdmin().get('/api/users?commission=ki-contoh')).status).toBe(403);
      expect((await admin().get('/api/users?role=boss')).status).toBe(400);
      expect((await as(t.http, c.tokens[VERIFIER]).get('/api/users')).status).toBe(403);
    });

    it('new passwords have 12 to 128 characters, any characters; shorter ones set before keep working', async () => {
      const short = await admin().post('/api/users', { username: 'pendek', password: 'sebelas-kar', role: 'juror', commission: 'ki-contoh' });
      expect(short.body).toEqual({
        statusCode: 400, error: 'Bad Request', message: 'password: must be 12 to 128 characters (it has 11)', code: 'input.invalid', text: 'kolom "password": harus 12 sampai 128 karakter (isinya 11)',
      });
      const long = await admin().post('/api/users', { username: 'panjang', password: 'x'.repeat(129), role: 'juror', commission: 'ki-contoh' });
      expect(long.body.message).toBe('password: must be 12 to 128 characters (it has 129)');
      await admin().post('/api/users', { username: 'unicode', password: 'sandi 🙂 ñ 12', role: 'juror', commission: 'ki-contoh' }).expect(201);
      expect((await login('unicode', 'sandi 🙂 ñ 12')).status).toBe(200);
      // a 10-character password of an earlier version
      const { hashPassword } = await import('../src/auth/password');
      await admin().post('/api/users', { username: 'lama', password: PASSWORD, role: 'juror', commission: 'ki-contoh' }).expect(201);
      await t.app.get(require('typeorm').DataSource).query(`UPDATE "user" SET "passwordHash" = '${await hashPassword('sandi-lama')}' WHERE username = 'lama'`);
      expect((await login('lama', 'sandi-lama')).status).toBe(200);
    });

    it('a disabled user\'s live token is refused at once, and it cannot log in until enabled again', async () => {
      const token = await account('nonaktif');
      const me = () => as(t.http, token).get('/api/auth/me');
      expect((await me()).status).toBe(200);
      const res = await admin().patch('/api/users/nonaktif', { disabled: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'nonaktif', disabled: true });
      expect(await me().then((r) => [r.status, r.body.message])).toEqual([401, expect.stringMatching(/^this login has ended/)]);
      expect((await as(t.http, token).get(edition())).status).toBe(401);
      expect(await login('nonaktif', PASSWORD).then((r) => [r.status, r.body.message])).toEqual([401, 'invalid username or password']);
      await admin().patch('/api/users/nonaktif', { disabled: false }).expect(200);
      expect((await me()).status).toBe(401);
      expect((await login('nonaktif', PASSWORD)).status).toBe(200);
    });

    it('a role change takes effect on the live token', async () => {
      const token = await account('beralih');
      expect((await as(t.http, token).get('/api/auth/me')).body.role).toBe('verifier');
      const res = await admin().patch('/api/users/beralih', { role: 'juror', name: 'Juri Baru' });
      expect(res.body).toMatchObject({ username: 'beralih', role: 'juror', name: 'Juri Baru' });
      expect((await as(t.http, token).get('/api/auth/me')).status).toBe(401);
      const again = await login('beralih', PASSWORD);
      expect(again.body.user).toMatchObject({ username: 'beralih', role: 'juror', name: 'Juri Baru' });
    });

    it('a role change waits for the user\'s assignments to go; a body user stays one; an admin keeps its own role and access', async () => {
      const assigned = await admin().patch(`/api/users/${VERIFIER}`, { role: 'juror' });
      expect([assigned.status, assigned.body.message]).toEqual([409, `"${VERIFIER}" has 3 assignments as verifier: remove them before changing its role`]);
      expect((await admin().patch(`/api/users/${bodyUser('a')}`, { role: 'verifier' })).body.message).toMatch(/^role: a body user stays a body user/);
      expect((await admin().patch('/api/users/juri1', { role: 'body' })).status).toBe(400);
      expect((await admin().patch(`/api/users/${ADMIN.username}`, { disabled: true })).status).toBe(409);
      expect((await admin().patch(`/api/users/${ADMIN.username}`, { role: 'juror' })).status).toBe(409);
      expect((await admin().patch('/api/users/juri1', {})).body.message).toBe('(body): give at least one of name, role, disabled');
      // the verifier's token still works: nothing changed
      expect((await as(t.http, c.tokens[VERIFIER]).get(edition())).status).toBe(200);
    });

    it('an admin of one commission cannot touch another commission\'s users, and learns nothing of them', async () => {
      for (const res of [
        await otherAdmin().patch('/api/users/juri1', { disabled: true }),
        await otherAdmin().post('/api/users/juri1/password', { password: 'diambil-alih-123' }),
        await otherAdmin().patch(`/api/users/${ADMIN.username}`, { role: 'juror' }),
      ]) {
        expect(res.status).toBe(404);
      }
      const unknown = await otherAdmin().patch('/api/users/tidak-ada', { disabled: true });
      const foreign = await otherAdmin().patch('/api/users/juri1', { disabled: true });
      expect(foreign.body.message).toBe('user "juri1" not found');
      expect(unknown.body.message).toBe('user "tidak-ada" not found');
      expect((await login('juri1', PASSWORD)).status).toBe(200);
    });

    it('an assignment error does not tell another commission\'s usernames or roles', async () => {
      const res = await admin().post(`${edition()}/assignments`, [{ stage: 'uji-publik', username: 'verifikator-lain', body: 'a' }]);
      expect(res.body).toEqual({
        statusCode: 400, error: 'Bad Request', message: '[0].username: unknown user "verifikator-lain"', code: 'input.invalid', text: 'kolom "[0].username": pengguna "verifikator-lain" tidak dikenal',
      });
    });
  });

  describe('one\'s own password and logins', () => {
    it('logout ends this token only', async () => {
      const first = await account('keluar');
      const second = await t.login('keluar', PASSWORD);
      expect((await as(t.http, first).post('/api/auth/logout')).status).toBe(204);
      expect(await as(t.http, first).get('/api/auth/me').then((r) => [r.status, r.body.message])).toEqual([401, expect.stringMatching(/^this login has ended/)]);
      expect((await as(t.http, first).post('/api/auth/logout')).status).toBe(401);
      expect((await as(t.http, second).get('/api/auth/me')).status).toBe(200);
    });

    it('after a password change every earlier token answers 401', async () => {
      const first = await account('ganti');
      const second = await t.login('ganti', PASSWORD);
      const wrong = await as(t.http, first).post('/api/auth/password', { currentPassword: 'bukan-ini-sandinya', newPassword: NEW_PASSWORD });
      expect(wrong.body).toEqual({
        statusCode: 400, error: 'Bad Request', message: 'currentPassword: is not the current password', code: 'input.invalid', text: 'kolom "currentPassword": bukan kata sandi saat ini',
      });
      expect((await as(t.http, first).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'pendek' })).body.message).toBe(
        'newPassword: must be 12 to 128 characters (it has 6)',
      );
      expect((await as(t.http, first).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD })).body.message).toBe(
        'newPassword: must differ from the current password',
      );
      const changed = await as(t.http, first).post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ accessToken: expect.any(String), mustChangePassword: false, user: { username: 'ganti' } });
      for (const token of [first, second]) expect((await as(t.http, token).get('/api/auth/me')).status).toBe(401);
      expect((await as(t.http, changed.body.accessToken).get('/api/auth/me')).status).toBe(200);
      expect((await login('ganti', PASSWORD)).status).toBe(401);
      expect((await login('ganti', NEW_PASSWORD)).status).toBe(200);
    });

    it('a temporary password: 403 everywhere but auth/* until changed', async () => {
      const user = bodyUser('c');
      const before = c.tokens[user];
      const reset = await admin().post(`/api/users/${user}/password`, { password: 'sementara-123456' });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ username: user, mustChangePassword: true });
      expect((await as(t.http, before).get(`${edition()}/saq/c`)).status).toBe(401);
      expect((await login(user, PASSWORD)).status).toBe(401);
      const temporary = await login(user, 'sementara-123456');
      expect(temporary.body).toMatchObject({ mustChangePassword: true, user: { username: user } });
      const client = as(t.http, temporary.body.accessToken);
      const refused = await client.get(`${edition()}/saq/c`);
      expect(refused.body).toEqual({
        statusCode: 403, error: 'Forbidden', message: 'this account has a temporary password: change it first (POST /api/auth/password)',
        code: 'auth.must_change_password', text: 'akun ini memakai kata sandi sementara: ganti dulu kata sandinya (POST /api/auth/password)',
      });
      expect((await client.get('/api/editions')).status).toBe(403);
      expect((await client.get('/api/auth/me')).status).toBe(200);
      const changed = await client.post('/api/auth/password', { currentPassword: 'sementara-123456', newPassword: NEW_PASSWORD });
      expect(changed.body.mustChangePassword).toBe(false);
      c.tokens[user] = changed.body.accessToken;
      expect((await as(t.http, c.tokens[user]).get(`${edition()}/saq/c`)).status).toBe(200);
      expect((await admin().get('/api/users?role=body')).body.find((u: { username: string }) => u.username === user)).toMatchObject({ mustChangePassword: false });
    });
  });

  describe('correcting the cycle before anyone acted', () => {
    it('a participant is removed with its assignments, and refused once it answered', async () => {
      await admin().post('/api/commissions/ki-contoh/bodies', [{ code: 'd', name: 'Badan Publik D', category: 'pemprov' }]).expect(201);
      await admin().post(`${edition()}/participants`, { bodies: ['d'] }).expect(201);
      await admin().post(`${edition()}/assignments`, [{ stage: 'saq', username: VERIFIER, body: 'd' }]).expect(201);
      const removed = await remove(c.tokens[ADMIN.username], `${edition()}/participants/d`);
      expect(removed.status).toBe(204);
      expect((await admin().get(`${edition()}/participants`)).body.map((p: { code: string }) => p.code)).toEqual(['a', 'b', 'c']);
      expect((await admin().get(`${edition()}/assignments`)).body.filter((a: { body: string }) => a.body === 'd')).toEqual([]);
      expect((await remove(c.tokens[ADMIN.username], `${edition()}/participants/d`)).status).toBe(404);
      expect((await remove(c.tokens[VERIFIER], `${edition()}/participants/c`)).status).toBe(403);
      expect((await remove(c.tokens['admin-lain'], `${edition()}/participants/c`)).status).toBe(404);

      await answerSaq(t, c);
      const answered = await remove(c.tokens[ADMIN.username], `${edition()}/participants/a`);
      expect([answered.status, answered.body.message]).toEqual([409, expect.stringMatching(/^body "a" saved \d+ answers in edition "contoh-2025": it stays a participant$/)]);
      const audit = await admin().get(`${edition()}/audit?body=d`);
      expect(audit.body.find((e: { action: string }) => e.action === 'participant.remove')).toMatchObject({
        actor: ADMIN.username, before: { body: 'd', assignments: [{ stage: 'saq', username: VERIFIER }] }, after: null,
      });
    });

    it('an assignment is removed, and refused once the assessor verified or scored', async () => {
      await account('verifikator-2');
      await admin().post(`${edition()}/assignments`, [{ stage: 'saq', username: 'verifikator-2', body: 'b' }]).expect(201);
      expect((await remove(c.tokens['admin-lain'], `${edition()}/assignments/saq/verifikator-2/b`)).status).toBe(404);
      expect((await remove(c.tokens[ADMIN.username], `${edition()}/assignments/saq/verifikator-2/b`)).status).toBe(204);
      expect((await remove(c.tokens[ADMIN.username], `${edition()}/assignments/saq/verifikator-2/b`)).status).toBe(404);

      t.clock.set(WHEN.verification);
      await verify(t, c);
      const verified = await remove(c.tokens[ADMIN.username], `${edition()}/assignments/saq/${VERIFIER}/a`);
      expect([verified.status, verified.body.message]).toEqual([409, `${VERIFIER} has verified body "a" in stage "saq": the assignment stays (its work is part of the record)`]);

      t.clock.set(WHEN.afterObjection);
      await admin().post(`${edition()}/compute`).expect(200);
      t.clock.set(WHEN.panel);
      await scorePanels(t, c);
      const scored = await remove(c.tokens[ADMIN.username], `${edition()}/assignments/uji-publik/juri1/a`);
      expect([scored.status, scored.body.message]).toEqual([409, 'juri1 has a score sheet for body "a" in stage "uji-publik": the assignment stays (its work is part of the record)']);
      // juri3 recused: a sheet too
      expect((await remove(c.tokens[ADMIN.username], `${edition()}/assignments/uji-publik/juri3/a`)).status).toBe(409);
      const audit = await admin().get(`${edition()}/audit?body=b`);
      expect(audit.body.filter((e: { action: string }) => e.action === 'assignment.delete')).toEqual([
        expect.objectContaining({ actor: ADMIN.username, subject: 'assignment saq verifikator-2', before: { stage: 'saq', username: 'verifikator-2', body: 'b' } }),
      ]);
    });

    it('a body\'s name is corrected; its category refused after publication', async () => {
      const unranked = await admin().patch('/api/commissions/ki-contoh/bodies/c', { category: 'kementerian' });
      expect(unranked.body.message).toMatch(/^category: "kementerian" is not ranked in edition contoh-2025, where body "c" takes part \(pemprov/);
      t.clock.set(WHEN.afterPanel);
      await admin().post(`${edition()}/compute`).expect(200);
      await admin().post(`${edition()}/publications`, { decreeNumber: '52/KEP/KI/2025', decreeDate: '2025-12-12' }).expect(201);

      const renamed = await admin().patch('/api/commissions/ki-contoh/bodies/a', { name: 'Badan Publik A (nama resmi)' });
      expect(renamed.body).toEqual({ code: 'a', name: 'Badan Publik A (nama resmi)', category: 'pemprov' });
      const published = await t.http().get(`/api/public/editions/${c.edition}/results`);
      expect(published.body.find((r: { body: string }) => r.body === 'a').bodyName).toBe('Badan Publik A');
      const category = await admin().patch('/api/commissions/ki-contoh/bodies/a', { category: 'pemkab' });
      expect([category.status, category.body.message]).toEqual([409, 'the category of body "a" is fixed since it was published (edition contoh-2025, version 1)']);
      expect((await otherAdmin().patch('/api/commissions/ki-contoh/bodies/a', { name: 'Diambil alih' })).status).toBe(404);
      // a body never published (d left the edition before it acted) takes a new category
      expect((await admin().patch('/api/commissions/ki-contoh/bodies/d', { category: 'pemkab' })).body).toEqual({ code: 'd', name: 'Badan Publik D', category: 'pemkab' });
    });
  });

  describe('the audit of users, bodies and commissions', () => {
    it('records failed logins, resets, role changes and disables, and the admin of the commission reads them', async () => {
      await login('juri2', 'salah-sandi-sekali');
      const res = await admin().get('/api/audit?commission=ki-contoh');
      expect(res.status).toBe(200);
      const actions = res.body.map((e: { action: string }) => e.action);
      for (const action of ['user.create', 'user.disable', 'user.enable', 'user.role', 'user.name', 'user.password.reset', 'user.password.change', 'login.failure', 'body.register', 'body.update']) {
        expect(actions).toContain(action);
      }
      expect(res.body.every((e: { commission: string }) => e.commission === 'ki-contoh')).toBe(true);
      const ids = res.body.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      const failures = await admin().get('/api/audit?user=juri2&action=login');
      expect(failures.body).toEqual([
        expect.objectContaining({ actor: 'system:login', action: 'login.failure', subject: 'user juri2', commission: 'ki-contoh', after: { address: expect.any(String), reason: 'wrong password' } }),
      ]);
      const role = (await admin().get('/api/audit?user=beralih&action=user.role')).body;
      expect(role).toEqual([expect.objectContaining({ actor: ADMIN.username, before: { role: 'verifier' }, after: { role: 'juror', sessionsEnded: true } })]);
      expect((await admin().get(`/api/audit?action=user.create&limit=2&before=${ids[0]}`)).body).toHaveLength(2);
      // the other commission's admin reads its own trail only
      expect((await otherAdmin().get('/api/audit?commission=ki-contoh')).status).toBe(403);
      const own = (await otherAdmin().get('/api/audit')).body;
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((e: { commission: string }) => e.commission === 'ki-lain')).toBe(true);
      expect((await as(t.http, c.tokens[VERIFIER]).get('/api/audit')).status).toBe(403);
    });
  });
});

// a CLI process and a server process each start ts-node (~5 s each on a loaded machine)
jest.setTimeout(180_000);

describe('users set-password (CLI)', () => {
  it('a juror imported from a fixture logs in after users set-password', async () => {
    const db = await testDatabase('set-password');
    const cli = (args: string[], input?: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args], {
          cwd: ROOT,
          env: { ...process.env, ...db.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += String(chunk)));
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        child.on('exit', (code) => done({ code, stdout, stderr }));
        child.stdin.end(input ?? '');
      });
    try {
      expect((await cli(['import', CONTOH])).code).toBe(0);
      const short = await cli(['users', 'set-password', 'juri1'], 'pendek\n');
      expect([short.code, short.stderr]).toEqual([1, 'Galat: kolom "password": harus 12 sampai 128 karakter (isinya 6)\n']);
      expect((await cli(['users', 'set-password', 'tidak-ada'], 'juri-satu-sandi-2025\n')).stderr).toBe('Galat: pengguna "tidak-ada" tidak ditemukan\n');
      const set = await cli(['users', 'set-password', 'juri1'], 'juri-satu-sandi-2025\n');
      expect(set).toMatchObject({ code: 0, stdout: 'Kata sandi juri1 (juror) disetel; sesi lamanya diakhiri.\n' });
      const server = await startServer({ ...db.env, MONEV_JWT_SECRET: 'set-password-test-secret-0123456789abcdef' });
      try {
        const before = await fetch(`${server.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'juri2', password: 'juri-satu-sandi-2025' }) });
        expect(before.status).toBe(401);
        const res = await fetch(`${server.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'juri1', password: 'juri-satu-sandi-2025' }) });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { accessToken: string; user: { role: string } };
        expect(body.user.role).toBe('juror');
        const assignments = await fetch(`${server.api}/editions/contoh-2025/panels/uji-publik/assignments`, { headers: { authorization: `Bearer ${body.accessToken}` } });
        expect(assignments.status).toBe(200);
        expect(server.output().stdout).toMatch(/no admin exists and MONEV_ADMIN_USERNAME \/ MONEV_ADMIN_PASSWORD are not set/);
      } finally {
        await server.stop();
      }
      const { openDatabase } = await import('../src/database/data-source');
      const dataSource = await openDatabase(db.dbPath, db.databaseUrl);
      try {
        const [entry] = await dataSource.query(`SELECT actor, action, subject, after FROM audit_entry WHERE action = 'user.password.set'`);
        expect(entry).toMatchObject({ actor: 'system:cli', action: 'user.password.set', subject: 'user juri1' });
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await db.drop();
    }
  });
});
