import { availableParallelism } from 'os';
import { hashing } from '../src/auth/password';
import { ConfigError, loadConfig } from '../src/common/config';
import { ADMIN, startApp, TestApp } from './support/app';
import { as } from './support/contoh';
import { testDatabase, TestDatabase } from './support/database';
import { ServerProcess, startServer } from './support/server';

// hundreds of scrypt evaluations, and two server processes
jest.setTimeout(180_000);

const PASSWORD = 'kata-sandi-yang-benar';
const WRONG = 'kata-sandi-yang-salah';

/** How many responses had each status: `{ 401: 5, 429: 35 }`. */
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {});

/**
 * Logins that cannot be outrun (issue 12, finding 3; SPEC §16): every attempt is counted in the
 * database before its password is checked; 5 failures per username and address, 20 per username
 * and 100 per address in 15 minutes are evaluated; successful logins are limited too; hashing
 * runs at most once per core; the counters are shared by every API process.
 */
describe('the login throttle, behind a trusted proxy (MONEV_TRUST_PROXY=loopback)', () => {
  let t: TestApp;
  let adminToken: string;
  const login = (address: string, username: string, password: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });
  const audit = (query: string) => as(t.http, adminToken).get(`/api/audit?${query}`).then((r) => r.body as { action: string; after: Record<string, unknown> }[]);

  async function users(...usernames: string[]): Promise<void> {
    for (const username of usernames) {
      await as(t.http, adminToken).post('/api/users', { username, password: PASSWORD, role: 'verifier' }).expect(201);
    }
  }

  beforeAll(async () => {
    t = await startApp('logins', '2025-06-01T00:00:00Z', { MONEV_TRUST_PROXY: 'loopback' });
    adminToken = await t.login(ADMIN.username, ADMIN.password);
  });

  afterAll(() => t.close());

  it('40 parallel wrong passwords: at most 5 evaluated, and the 41st, right, is refused', async () => {
    await users('sasaran');
    const statuses = await Promise.all(Array.from({ length: 40 }, () => login('198.51.100.1', 'sasaran', WRONG).then((r) => r.status)));
    expect(tally(statuses)).toEqual({ 401: 5, 429: 35 });
    const right = await login('198.51.100.1', 'sasaran', PASSWORD);
    expect(right.body).toEqual({
      statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^too many failed logins; try again in \d+ s$/), code: 'login.throttled', text: expect.any(String),
    });
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(899);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(900);
    const entries = await audit('user=sasaran&action=login');
    expect(tally(entries.map((e) => (e.action === 'login.failure' ? 1 : 2)))).toEqual({ 1: 5, 2: 1 });
    expect(entries[0]).toMatchObject({ action: 'login.lockout', after: { address: '198.51.100.1', limit: 'pair', failures: 5, minutes: 15 } });
  });

  it('30 failures from one address for user A (and colleagues) don\'t refuse user B\'s correct login from the same address', async () => {
    await users('pengguna-a', 'pengguna-b', 'rekan-1', 'rekan-2', 'rekan-3', 'rekan-4', 'rekan-5');
    const office = '203.0.113.10';
    const a = await Promise.all(Array.from({ length: 30 }, () => login(office, 'pengguna-a', WRONG).then((r) => r.status)));
    expect(tally(a)).toEqual({ 401: 5, 429: 25 });
    // 25 more typos from the same office, 5 for each of five colleagues: 30 failures from the address
    for (const colleague of ['rekan-1', 'rekan-2', 'rekan-3', 'rekan-4', 'rekan-5']) {
      for (let i = 0; i < 5; i += 1) expect((await login(office, colleague, WRONG)).status).toBe(401);
    }
    expect((await login(office, 'pengguna-b', PASSWORD)).status).toBe(200);
    expect((await login(office, 'pengguna-a', PASSWORD)).status).toBe(429);
  });

  it('one address is refused only after 100 failures in 15 minutes', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `kantor-${i}`);
    await users(...many, 'kantor-benar');
    const spray = '203.0.113.20';
    for (const username of many) {
      const statuses = await Promise.all(Array.from({ length: 5 }, () => login(spray, username, WRONG).then((r) => r.status)));
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
    }
    const refused = await login(spray, 'kantor-benar', PASSWORD);
    expect([refused.status, refused.body.message]).toEqual([429, expect.stringMatching(/^too many failed logins from this address; try again in \d+ s$/)]);
    expect((await login('203.0.113.21', 'kantor-benar', PASSWORD)).status).toBe(200);
    const lockouts = (await audit('action=login.lockout')).filter((e) => e.after.address === spray);
    expect(lockouts.map((e) => e.after.limit).sort()).toEqual(['address', ...many.map(() => 'pair')].sort());
  });

  it('20 failures of one username from all addresses: then it is refused from every address', async () => {
    await users('dicari');
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      for (let i = 0; i < 5; i += 1) expect((await login(address, 'dicari', WRONG)).status).toBe(401);
    }
    expect((await login('192.0.2.5', 'dicari', PASSWORD)).status).toBe(429);
    expect((await audit('user=dicari&action=login.lockout')).map((e) => e.after.limit).sort()).toEqual(['pair', 'pair', 'pair', 'pair', 'username']);
  });

  it('a successful login forgives the failures of that username from that address', async () => {
    await users('lupa');
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 4; i += 1) expect((await login('192.0.2.50', 'lupa', WRONG)).status).toBe(401);
      expect((await login('192.0.2.50', 'lupa', PASSWORD)).status).toBe(200);
    }
  });

  it('successful logins per account are rate-limited too', async () => {
    await users('rajin');
    for (let i = 0; i < 30; i += 1) expect((await login('192.0.2.60', 'rajin', PASSWORD)).status).toBe(200);
    const refused = await login('192.0.2.61', 'rajin', PASSWORD);
    expect([refused.status, refused.body.message]).toEqual([429, expect.stringMatching(/^too many logins of this account; try again in \d+ s$/)]);
  });

  it('password hashing runs at most as many at once as there are cores', async () => {
    const many = Array.from({ length: 24 }, (_, i) => `serentak-${i}`);
    await users(...many);
    hashing.peak = 0;
    const statuses = await Promise.all(many.map((username, i) => login(`198.51.100.${100 + i}`, username, PASSWORD).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(hashing.peak).toBeGreaterThanOrEqual(1);
    expect(hashing.peak).toBeLessThanOrEqual(availableParallelism());
  });

  it('X-Forwarded-For names the client: its failures count for that address', async () => {
    await users('di-balik-proxy');
    for (let i = 0; i < 5; i += 1) expect((await login('192.0.2.70', 'di-balik-proxy', WRONG)).status).toBe(401);
    expect((await login('192.0.2.70', 'di-balik-proxy', PASSWORD)).status).toBe(429);
    expect((await login('192.0.2.71', 'di-balik-proxy', PASSWORD)).status).toBe(200);
    expect((await audit('user=di-balik-proxy&action=login.failure'))[0].after).toEqual({ address: '192.0.2.70', reason: 'wrong password' });
  });

  it('after 15 minutes the counters have aged out', async () => {
    t.clock.set(new Date(t.clock.now().getTime() + 15 * 60 * 1000 + 1000));
    expect((await login('198.51.100.1', 'sasaran', PASSWORD)).status).toBe(200);
    expect((await login('203.0.113.20', 'kantor-benar', PASSWORD)).status).toBe(200);
    expect((await login('192.0.2.61', 'rajin', PASSWORD)).status).toBe(200);
  });
});

describe('without MONEV_TRUST_PROXY', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp('logins-direct', '2025-06-01T00:00:00Z');
  });

  afterAll(() => t.close());

  it('X-Forwarded-For is ignored: any client could write it', async () => {
    const admin = as(t.http, await t.login(ADMIN.username, ADMIN.password));
    await admin.post('/api/users', { username: 'langsung', password: PASSWORD, role: 'verifier' }).expect(201);
    const login = (address: string, password: string) => t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ username: 'langsung', password });
    for (let i = 0; i < 5; i += 1) expect((await login(`192.0.2.${i}`, WRONG)).status).toBe(401);
    expect((await login('192.0.2.99', PASSWORD)).status).toBe(429);
  });

  it('MONEV_TRUST_PROXY is validated at boot', () => {
    expect(() => loadConfig({ MONEV_TRUST_PROXY: 'semua' })).toThrow(ConfigError);
    expect(() => loadConfig({ MONEV_TRUST_PROXY: 'semua' })).toThrow(/MONEV_TRUST_PROXY: "semua" is neither a hop count nor an address or CIDR network/);
    expect(loadConfig({ MONEV_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});

describe('two API processes on one database', () => {
  let db: TestDatabase;
  let first: ServerProcess;
  let second: ServerProcess;

  const call = async (server: ServerProcess, method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${server.api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = (server: ServerProcess, username: string, password: string) => call(server, 'POST', '/auth/login', undefined, { username, password });

  beforeAll(async () => {
    db = await testDatabase('two-processes');
    const env = {
      ...db.env,
      MONEV_ADMIN_USERNAME: ADMIN.username,
      MONEV_ADMIN_PASSWORD: ADMIN.password,
      MONEV_JWT_SECRET: 'two-processes-share-this-secret-0123456789',
    };
    // one after the other: the first applies the migrations and creates the admin
    first = await startServer(env);
    second = await startServer(env);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await db?.drop();
  });

  it('a token revoked on one is refused by the other', async () => {
    expect(second.output().stdout).toContain(`the admin "${ADMIN.username}" exists: its password was left unchanged`);
    const admin = (await login(first, ADMIN.username, ADMIN.password)).body.accessToken as string;
    expect((await call(second, 'POST', '/users', admin, { username: 'dua-proses', password: PASSWORD, role: 'verifier' })).status).toBe(201);
    const token = (await login(first, 'dua-proses', PASSWORD)).body.accessToken as string;
    expect((await call(second, 'GET', '/auth/me', token)).status).toBe(200);
    expect((await call(first, 'POST', '/auth/logout', token)).status).toBe(204);
    expect((await call(second, 'GET', '/auth/me', token)).status).toBe(401);
    expect((await call(first, 'GET', '/auth/me', token)).status).toBe(401);

    const other = (await login(second, 'dua-proses', PASSWORD)).body.accessToken as string;
    expect((await call(first, 'GET', '/auth/me', other)).status).toBe(200);
    expect((await call(first, 'PATCH', '/users/dua-proses', admin, { disabled: true })).status).toBe(200);
    expect((await call(second, 'GET', '/auth/me', other)).status).toBe(401);
    expect((await call(second, 'PATCH', '/users/dua-proses', admin, { disabled: false })).status).toBe(200);
  });

  it('failures counted on one refuse on the other', async () => {
    const statuses = await Promise.all([
      ...Array.from({ length: 3 }, () => login(first, 'dua-proses', WRONG).then((r) => r.status)),
      ...Array.from({ length: 3 }, () => login(second, 'dua-proses', WRONG).then((r) => r.status)),
    ]);
    expect(tally(statuses)).toEqual({ 401: 5, 429: 1 });
    const refused = await login(second, 'dua-proses', PASSWORD);
    expect(refused.status).toBe(429);
    expect((await login(first, 'dua-proses', PASSWORD)).status).toBe(429);
  });
});
