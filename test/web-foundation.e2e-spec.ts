import { startApp, TestApp, ADMIN } from './support/app';
import { csrfOf, webLogin } from './support/web';

/**
 * The web foundation (SPEC §11): pages outside /api, the cookie session with CSRF, login,
 * logout and password change, Indonesian error pages, local assets and a CSP that allows
 * nothing from other hosts.
 */
describe('the web foundation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp('web-foundation', '2026-03-01T00:00:00Z');
  });
  afterAll(() => t.close());

  it('serves the home page in Indonesian with a CSP that names no other host', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="id">');
    expect(res.text).toContain('Masuk');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe/);
    for (const src of res.text.match(/(?:src|href)="([^"]+)"/g) ?? []) expect(src).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('serves its assets itself, versioned and cacheable, htmx 2 included', async () => {
    const home = await t.http().get('/masuk').expect(200);
    const htmx = /src="(\/aset\/htmx\.min\.js\?v=[^"]+)"/.exec(home.text)![1];
    const css = /href="(\/aset\/app\.css\?v=[^"]+)"/.exec(home.text)![1];
    const js = await t.http().get(htmx).expect(200);
    expect(js.text).toContain('htmx');
    expect(js.headers['cache-control']).toMatch(/max-age=31536000/);
    await t.http().get(css).expect(200).expect('Content-Type', /css/);
  });

  it('answers an unknown page with an Indonesian 404 page, the API with JSON', async () => {
    const page = await t.http().get('/ppid/tidak-ada').set('Cookie', await webLogin(t, ADMIN.username, ADMIN.password)).expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('tidak ditemukan');
    const api = await t.http().get('/api/tidak-ada').expect(404);
    expect(api.body.statusCode).toBe(404);
  });

  it('sends a visitor of a role page to the login page and back there after login', async () => {
    const res = await t.http().get('/admin').expect(303);
    expect(res.headers.location).toBe('/masuk?lanjut=%2Fadmin');
    const login = await t.http().get('/masuk?lanjut=%2Fadmin').expect(200);
    expect(login.text).toContain('name="lanjut" value="/admin"');
  });

  it('refuses a wrong password with an alert in Indonesian, counts it, and sets no session', async () => {
    const form = await t.http().get('/masuk');
    const cookie = form.headers['set-cookie'] as unknown as string[];
    const res = await t.http().post('/masuk').set('Cookie', cookie.map((c) => c.split(';')[0])).type('form')
      .send({ _csrf: csrfOf(form.text), username: ADMIN.username, password: 'salah-sekali-bukan-ini' }).expect(401);
    expect(res.text).toMatch(/role="alert"[^>]*>Nama pengguna atau kata sandi salah/);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('monev_sesi=');
  });

  it('refuses a login form without its CSRF token', async () => {
    const res = await t.http().post('/masuk').type('form').send({ username: ADMIN.username, password: ADMIN.password }).expect(403);
    expect(res.text).toContain('Formulir ini sudah kedaluwarsa');
  });

  it('logs in with an HttpOnly SameSite=Lax cookie, lands on the role home, and logout ends the session at once', async () => {
    const cookie = await webLogin(t, ADMIN.username, ADMIN.password);
    const home = await t.http().get('/admin').set('Cookie', cookie).expect(200);
    expect(home.headers['cache-control']).toBe('no-store');
    const csrf = csrfOf(home.text);
    // a state-changing request without the token is refused and changes nothing
    await t.http().post('/keluar').set('Cookie', cookie).type('form').send({}).expect(403);
    await t.http().get('/admin').set('Cookie', cookie).expect(200);
    const out = await t.http().post('/keluar').set('Cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    expect(out.headers.location).toBe('/masuk?keluar');
    await t.http().get('/admin').set('Cookie', cookie).expect(303);
  });

  it('ends a web session when the password is changed through the API (same sessions table)', async () => {
    const username = 'verifikator-web';
    const token = await t.login(ADMIN.username, ADMIN.password);
    await t.http().post('/api/users').set('Authorization', `Bearer ${token}`).send({ username, password: 'kata-sandi-awal-123', role: 'verifier' }).expect(201);
    const cookie = await webLogin(t, username, 'kata-sandi-awal-123');
    await t.http().get('/verifikator').set('Cookie', cookie).expect(200);
    const api = await t.login(username, 'kata-sandi-awal-123');
    await t.http().post('/api/auth/password').set('Authorization', `Bearer ${api}`).send({ currentPassword: 'kata-sandi-awal-123', newPassword: 'kata-sandi-baru-456' }).expect(200);
    await t.http().get('/verifikator').set('Cookie', cookie).expect(303);
  });

  it('sends a user with a temporary password to /akun/kata-sandi first, and the change lets them in', async () => {
    const username = 'juri-sementara';
    const token = await t.login(ADMIN.username, ADMIN.password);
    await t.http().post('/api/users').set('Authorization', `Bearer ${token}`).send({ username, password: 'kata-sandi-awal-123', role: 'juror' }).expect(201);
    await t.http().post(`/api/users/${username}/password`).set('Authorization', `Bearer ${token}`).send({ password: 'sementara-dari-admin' }).expect(200);
    const cookie = await webLogin(t, username, 'sementara-dari-admin', '/akun/kata-sandi');
    const blocked = await t.http().get('/juri').set('Cookie', cookie).expect(303);
    expect(blocked.headers.location).toBe('/akun/kata-sandi');
    const page = await t.http().get('/akun/kata-sandi').set('Cookie', cookie).expect(200);
    const short = await t.http().post('/akun/kata-sandi').set('Cookie', cookie).type('form')
      .send({ _csrf: csrfOf(page.text), currentPassword: 'sementara-dari-admin', newPassword: 'pendek', repeatPassword: 'pendek' }).expect(400);
    expect(short.text).toContain('12 sampai 128 karakter');
    const done = await t.http().post('/akun/kata-sandi').set('Cookie', cookie).type('form')
      .send({ _csrf: csrfOf(page.text), currentPassword: 'sementara-dari-admin', newPassword: 'kata-sandi-juri-789', repeatPassword: 'kata-sandi-juri-789' }).expect(200);
    expect(done.text).toContain('Kata sandi sudah diubah');
    // the old cookie ended with the change; the new one (set by the answer) opens the home
    await t.http().get('/juri').set('Cookie', cookie).expect(303);
    const fresh = (done.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    await t.http().get('/juri').set('Cookie', fresh).expect(200);
  });

  it('never sends a user after login to another host', async () => {
    const cookie = await webLogin(t, ADMIN.username, ADMIN.password, '/admin', '//evil.example/x');
    expect(cookie.length).toBeGreaterThan(0);
  });

  it('ends a web session after 2 hours without a request, and after 12 hours in any case', async () => {
    const start = t.clock.now();
    const at = (ms: number) => new Date(start.getTime() + ms).toISOString();
    try {
      const idle = await webLogin(t, ADMIN.username, ADMIN.password);
      t.clock.set(at(2 * 3600_000 - 60_000));
      await t.http().get('/admin').set('Cookie', idle).expect(200);
      // the request above counts: another 1 h 59 min later it is still live; then 2 h of silence end it
      t.clock.set(at(4 * 3600_000 - 120_000));
      await t.http().get('/admin').set('Cookie', idle).expect(200);
      t.clock.set(at(6 * 3600_000));
      await t.http().get('/admin').set('Cookie', idle).expect(303);

      t.clock.set(start.toISOString());
      const busy = await webLogin(t, ADMIN.username, ADMIN.password);
      for (let hour = 1; hour < 12; hour++) {
        t.clock.set(at(hour * 3600_000));
        await t.http().get('/admin').set('Cookie', busy).expect(200);
      }
      t.clock.set(at(12 * 3600_000));
      await t.http().get('/admin').set('Cookie', busy).expect(303);
    } finally {
      t.clock.set(start.toISOString());
    }
  });

  it('a bearer token\'s session is not a browser session: its sid as a cookie is refused', async () => {
    const token = await t.login(ADMIN.username, ADMIN.password);
    const sid = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sid as string;
    const res = await t.http().get('/admin').set('Cookie', `monev_sesi=${encodeURIComponent(sid)}`).expect(303);
    expect(res.headers.location).toBe('/masuk?lanjut=%2Fadmin');
    // and a web session's cookie is no bearer token
    const cookie = (await webLogin(t, ADMIN.username, ADMIN.password))[0].split('=')[1];
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${decodeURIComponent(cookie)}`).expect(401);
  });

  it('a role\'s pages refuse another role with an Indonesian 403 page', async () => {
    const cookie = await webLogin(t, ADMIN.username, ADMIN.password);
    const res = await t.http().get('/ppid').set('Cookie', cookie).expect(403);
    expect(res.text).toContain('Tidak berwenang');
    expect(res.text).toMatch(/role="alert"/);
  });
});
