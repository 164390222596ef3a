import { startApp, TestApp } from './support/app';
import { as, bodyUser, CAST, Contoh, PASSWORD, setUpContoh, setUpOutsiders, VERIFIER, WHEN, yamlFile } from './support/contoh';
import { csrfOf, webLogin } from './support/web';
import { timeZoneOf, waktu } from '../src/web/format';

/**
 * The PPID operator's pages (SPEC §11) on the contoh edition (SPEC §5), a real SQLite database
 * and supertest: the home, the SAQ page and its autosave route, submission by the form, the
 * verification page with the objection form, and the service worker's script.
 */
describe('the PPID operator’s pages', () => {
  let t: TestApp;
  let c: Contoh;
  let zone: string;
  const E = 'contoh-2025';
  const SAQ = yamlSaq();
  const cookies: Record<string, string[]> = {};

  /** a fresh web login of `who` at the clock's current time (sessions end after 2 idle hours) */
  async function cookieOf(who: string): Promise<string[]> {
    cookies[who] = await webLogin(t, who, PASSWORD);
    return cookies[who];
  }
  const page = (path: string, cookie: string[]) => t.http().get(path).set('Cookie', cookie);
  const autosave = (question: string, body: unknown, cookie: string[], csrf: string | null) => {
    const req = t.http().put(`/ppid/${E}/jawaban/${question}?tahap=saq`).set('Cookie', cookie).set('Accept', 'application/json');
    return (csrf ? req.set('X-CSRF-Token', csrf) : req).send(body as object);
  };
  const saqOf = async (body: string) => (await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}/saq/${body}`).expect(200)).body;
  const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

  beforeAll(async () => {
    t = await startApp('web-ppid', WHEN.saq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    zone = timeZoneOf((await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}`).expect(200)).body);
  });
  afterAll(() => t.close());

  it('the home lists the edition with its stage, deadline in the commission’s zone, status and next step', async () => {
    const cookie = await cookieOf(CAST.body);
    const home = main((await page('/ppid', cookie).expect(200)).text);
    expect(home).toContain('Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025 (contoh)');
    expect(home).toContain('Kuesioner Penilaian Mandiri (contoh)');
    expect(home).toContain('Status: Belum mulai');
    expect(home).toContain(`Batas waktu: ${waktu('2025-08-31T23:59:59+08:00', zone)}`);
    expect(home).toMatch(/\(sisa 91 hari \d+ jam\)/);
    expect(home).toContain('Langkah berikutnya:</strong> Isi kuesioner');
    expect(home).toContain(`href="/ppid/${E}/kuesioner"`);
  });

  it('the SAQ page: a fieldset per question with its code, the answer inputs, evidence rule, links, upload place, progress and status', async () => {
    const html = main((await page(`/ppid/${E}/kuesioner`, cookies[CAST.body]).expect(200)).text);
    for (const indicator of SAQ.indicators) {
      expect(html).toMatch(new RegExp(`<h2 id="ind-${indicator.code}">${indicator.code}\\. ${indicator.name}`));
      for (const q of indicator.questions) expect(html).toContain(`<legend>${q.code} ${q.text}</legend>`);
    }
    expect(html.match(/<fieldset /g)).toHaveLength(5);
    expect(html.match(/<span>Ya<\/span>/g)).toHaveLength(3);
    expect(html.match(/<span>Tidak<\/span>/g)).toHaveLength(3);
    for (const label of ['Tidak ada', 'Situs web saja', 'Situs web dan aplikasi']) expect(html).toContain(`type="radio" name="j-1.2" value="${SAQ.option(label)}"> <span>${label}</span>`);
    for (const label of ['Laporan keuangan', 'Laporan kinerja', 'Profil pimpinan']) expect(html).toMatch(new RegExp(`type="checkbox" name="j-1\\.3" value="[a-z-]+"> <span>${label}</span>`));
    expect(html.match(/>Tautan bukti dukung<\/label>/g)).toHaveLength(5);
    expect(html.match(/<label for="q-[0-9-]+-berkas">Unggah bukti dukung<\/label> <input type="file" id="q-[0-9-]+-berkas" accept="application\/pdf" disabled/g)).toHaveLength(5);
    // enabled by the page's script while online (a file is not queued offline)
    expect(html).toContain('Berkas bukti dukung: PDF, paling besar 2 MB; unggahan memerlukan sambungan internet.');
    expect(html.match(/Bukti dukung wajib/g)).toHaveLength(2);
    expect(html).toContain('<p role="status" id="status-simpan" class="status-simpan">Semua jawaban tersimpan</p>');
    expect(html).toContain('0 dari 5 pertanyaan terjawab');
    expect(html).toContain('0 dari 3 pertanyaan terjawab');
    expect(html).toContain(`Batas waktu: ${waktu('2025-08-31T23:59:59+08:00', zone)}`);
    expect(html).toContain('data-buka="dialog-kirim">Kirim kuesioner</button>');
    expect(html).toContain('>Ya, kirim</button>');
    // one small script of its own, no inline script or style
    const full = (await page(`/ppid/${E}/kuesioner`, cookies[CAST.body])).text;
    expect(full).toMatch(/<script src="\/aset\/saq\.js\?v=[^"]+" defer><\/script>/);
    expect(full).not.toMatch(/<script>|<script [^>]*>[^<]|style="/);
  });

  it('autosave: saved, in the database, shown on the page; saving the same answer twice is harmless', async () => {
    const cookie = cookies[CAST.body];
    const csrf = csrfOf((await page(`/ppid/${E}/kuesioner`, cookie)).text);
    const answer = { value: true, evidence: ['https://ppid.example.go.id/dip'] };
    const first = await autosave('1.1', answer, cookie, csrf).expect(200);
    expect(first.body).toEqual({ question: '1.1', updatedAt: expect.any(String), claimedScore: 16 });
    expect(JSON.stringify(first.body).length).toBeLessThan(2048);
    await autosave('1.1', answer, cookie, csrf).expect(200);
    await autosave('1.3', { value: ['laporan-keuangan', 'profil'] }, cookie, csrf).expect(200);
    const saq = await saqOf('a');
    expect(saq.answers['1.1']).toMatchObject(answer);
    expect(saq.answers['1.3'].value).toEqual(['laporan-keuangan', 'profil']);
    expect(Object.keys(saq.answers)).toHaveLength(2);
    const html = main((await page(`/ppid/${E}/kuesioner`, cookie)).text);
    expect(html).toContain('name="j-1.1" value="true" checked>');
    expect(html).toContain('https://ppid.example.go.id/dip</textarea>');
    expect(html).toContain('name="j-1.3" value="profil" checked>');
    expect(html).toContain('2 dari 5 pertanyaan terjawab');
    expect(html).toContain('Status: <strong id="status-kuesioner">Draf</strong>');
  });

  it('autosave without the CSRF token is refused (403) and saves nothing', async () => {
    const res = await autosave('2.1', { value: true }, cookies[CAST.body], null).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'web.csrf', text: expect.stringContaining('Muat ulang halaman') });
    const wrong = await autosave('2.1', { value: true }, cookies[CAST.body], 'bukan-token').expect(403);
    expect(wrong.body.code).toBe('web.csrf');
    expect(Object.keys((await saqOf('a')).answers)).not.toContain('2.1');
  });

  it('autosave refusals answer JSON {statusCode, code, text} in Indonesian: a bad value, an ended session', async () => {
    const cookie = cookies[CAST.body];
    const csrf = csrfOf((await page(`/ppid/${E}/kuesioner`, cookie)).text);
    const bad = await autosave('1.2', { value: 'mungkin' }, cookie, csrf).expect(400);
    expect(bad.body).toEqual({ statusCode: 400, code: expect.any(String), text: expect.any(String) });
    expect(bad.body.text).not.toMatch(/must|unknown option/);
    const link = await autosave('1.1', { value: true, evidence: ['bukan tautan'] }, cookie, csrf).expect(400);
    expect(link.body.statusCode).toBe(400);
    const ended = await autosave('2.1', { value: true }, ['monev_sesi=tidak-ada'], csrf).expect(401);
    expect(ended.body).toMatchObject({ statusCode: 401, code: 'auth.login_required' });
    expect(Object.keys((await saqOf('a')).answers).sort()).toEqual(['1.1', '1.3']);
  });

  it('the token route gives the session’s CSRF token and body to the page script; 401 JSON without a session', async () => {
    const cookie = cookies[CAST.body];
    const csrf = csrfOf((await page(`/ppid/${E}/kuesioner`, cookie)).text);
    const res = await t.http().get(`/ppid/${E}/token`).set('Cookie', cookie).set('Accept', 'application/json').expect(200);
    expect(res.body).toEqual({ csrf, body: 'a' });
    expect(res.headers['cache-control']).toBe('no-store');
    await t.http().get(`/ppid/${E}/token`).set('Accept', 'application/json').expect(401);
  });

  it('another body’s edition and other roles are refused; each body saves only its own answers', async () => {
    const foreign = await cookieOf(CAST.foreignBody);
    const refused = await page(`/ppid/${E}/kuesioner`, foreign);
    expect([403, 404]).toContain(refused.status);
    expect(refused.text).toContain('role="alert"');
    const csrf = csrfOf((await page('/ppid', foreign).expect(200)).text);
    const put = await autosave('1.1', { value: true }, foreign, csrf);
    expect([403, 404]).toContain(put.status);
    expect(put.body.text).toEqual(expect.any(String));
    const verifier = await cookieOf(VERIFIER);
    await page('/ppid', verifier).expect(403);
    await page(`/ppid/${E}/kuesioner`, verifier).expect(403);
    // body b's page shows b's (empty) questionnaire, not a's answers
    const b = main((await page(`/ppid/${E}/kuesioner`, await cookieOf(CAST.otherBody)).expect(200)).text);
    expect(b).toContain('Badan Publik B');
    expect(b).toContain('0 dari 5 pertanyaan terjawab');
    expect(b).not.toContain('checked');
  });

  it('the service worker script is served from /ppid/ to anyone, as JavaScript, revalidated on each check', async () => {
    const res = await t.http().get('/ppid/sw.js').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['service-worker-allowed']).toBe('/ppid/');
    expect(res.headers['content-security-policy']).toContain("worker-src 'self'");
    expect(res.text).toContain("addEventListener('fetch'");
    const logged = await t.http().get('/ppid/sw.js').set('Cookie', cookies[CAST.body]).expect(200);
    expect(logged.text).toBe(res.text);
  });

  it('submission by the form: 303 back, “Kuesioner sudah dikirim”, inputs disabled, and autosave refused afterwards (409)', async () => {
    const cookie = await cookieOf(CAST.body);
    const csrf = csrfOf((await page(`/ppid/${E}/kuesioner`, cookie)).text);
    await t.http().post(`/ppid/${E}/kirim`).set('Cookie', cookie).type('form').send({ tahap: 'saq' }).expect(403);
    expect((await saqOf('a')).status).toBe('draft');
    const res = await t.http().post(`/ppid/${E}/kirim`).set('Cookie', cookie).type('form').send({ _csrf: csrf, tahap: 'saq' }).expect(303);
    expect(res.headers.location).toBe(`/ppid/${E}/kuesioner?tahap=saq`);
    expect((await saqOf('a')).status).toBe('submitted');
    const html = main((await page(res.headers.location, cookie).expect(200)).text);
    expect(html).toContain('Kuesioner sudah dikirim.');
    expect(html.match(/<fieldset [^>]*>/g)!.every((f) => f.includes(' disabled'))).toBe(true);
    expect(html).not.toContain('Kirim kuesioner</button>');
    expect(html).toContain('data-terkunci="1"');
    const late = await autosave('2.1', { value: true }, cookie, csrf).expect(409);
    expect(late.body).toEqual({ statusCode: 409, code: expect.any(String), text: expect.any(String) });
    const again = await t.http().post(`/ppid/${E}/kirim`).set('Cookie', cookie).type('form').send({ _csrf: csrf, tahap: 'saq' }).expect(409);
    expect(again.text).toMatch(/<p role="alert" class="galat">[^<]+<\/p>/);
    const home = main((await page('/ppid', cookie)).text);
    expect(home).toContain('Status: Sudah dikirim');
    expect(home).toContain('Nilai klaim</dt><dd>');
    expect(home).toContain('Tunggu hasil verifikasi');
  });

  it('autosave after the window closes is refused (409 JSON) and the page is read-only with the reason', async () => {
    t.clock.set(WHEN.afterSaq);
    const cookie = await cookieOf(CAST.otherBody);
    const html = (await page(`/ppid/${E}/kuesioner`, cookie).expect(200)).text;
    expect(main(html)).toContain('Batas waktu sudah lewat');
    expect(main(html)).toContain('data-terkunci="1"');
    const res = await autosave('1.1', { value: true }, cookie, csrfOf(html)).expect(409);
    expect(res.body).toEqual({ statusCode: 409, code: expect.any(String), text: expect.any(String) });
    expect((await saqOf('b')).answers).toEqual({});
    expect(main((await page('/ppid', cookie)).text)).toContain('Batas waktu sudah lewat dan kuesioner belum dikirim');
  });

  it('a body’s extension is its deadline: shown beside the general one, and answers are saved again', async () => {
    const until = '2025-09-07T23:59:59+08:00';
    await as(t.http, c.tokens[CAST.admin]).post(`/api/editions/${E}/extensions`, { stage: 'saq', body: 'b', until, reason: 'banjir' }).expect(201);
    const cookie = cookies[CAST.otherBody];
    const html = (await page(`/ppid/${E}/kuesioner`, cookie).expect(200)).text;
    expect(main(html)).toContain(`Batas waktu: ${waktu(until, zone)}`);
    expect(main(html)).toContain(`Perpanjangan untuk badan publik Anda; batas umum ${waktu('2025-08-31T23:59:59+08:00', zone)}.`);
    expect(main(html)).not.toContain('data-terkunci');
    await autosave('2.1', { value: true }, cookie, csrfOf(html)).expect(200);
    expect(Object.keys((await saqOf('b')).answers)).toEqual(['2.1']);
    const home = main((await page('/ppid', cookie)).text);
    expect(home).toContain(`Batas waktu: ${waktu(until, zone)}`);
    expect(home).toContain('Status: Draf');
  });

  it('the verification page: decisions with notes, the verified score per indicator beside the claimed one, and the objection form inside the window only', async () => {
    t.clock.set(WHEN.verification);
    const verifier = as(t.http, c.tokens[VERIFIER]);
    await verifier.put(`/api/editions/${E}/verification/a/answers/1.3`, { decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan' }).expect(200);
    let cookie = await cookieOf(CAST.body);
    // before completion the body sees no decision
    const before = main((await page(`/ppid/${E}/verifikasi`, cookie).expect(200)).text);
    expect(before).toContain('Verifikasi kuesioner Anda belum selesai');
    expect(before).not.toContain('Profil pimpinan tidak ditemukan');
    // the SAQ view's indicators: the body sees its verified share only once verification is complete
    const ownView = async () => (await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${E}/saq/a`).expect(200)).body;
    expect((await ownView()).indicators).toEqual([
      { code: '1', name: 'Jenis Informasi', weight: 60, claimed: 28, verified: null },
      { code: '2', name: 'Komitmen Organisasi', weight: 40, claimed: 0, verified: null },
    ]);
    expect((await saqOf('a')).indicators.map((i: { verified: number }) => i.verified)).toEqual([24, 0]);
    await verifier.post(`/api/editions/${E}/verification/a/complete`).expect(200);
    expect((await ownView()).indicators.map((i: { verified: number }) => i.verified)).toEqual([24, 0]);

    const html = main((await page(`/ppid/${E}/verifikasi`, cookie).expect(200)).text);
    // a answered 1.1 yes with evidence (4 points) and 1.3 [keuangan, profil] (3), corrected to [keuangan] (2):
    // indicator 1 claims 60 × 7/15 = 28 and is verified at 60 × 6/15 = 24; nothing in indicator 2
    expect(html).toMatch(/<th scope="row">1\. Jenis Informasi<\/th><td class="angka">60<\/td><td class="angka">28,00<\/td><td class="angka">24,00<\/td>/);
    expect(html).toMatch(/<th scope="row">2\. Komitmen Organisasi<\/th><td class="angka">40<\/td><td class="angka">0,00<\/td><td class="angka">0,00<\/td>/);
    expect(html).toContain('Dikoreksi');
    expect(html).toContain('Profil pimpinan tidak ditemukan');
    expect(html).toContain('<dt>Nilai koreksi</dt><dd>Laporan keuangan</dd>');
    expect(html).toContain(`Masa sanggah dibuka pada ${waktu('2025-10-01T00:00:00+08:00', zone)}`);
    expect(html).not.toContain('Ajukan sanggah');
    // outside the window the service refuses, said beside the form
    let csrf = csrfOf((await page(`/ppid/${E}/verifikasi`, cookie)).text);
    const early = await t.http().post(`/ppid/${E}/sanggah`).set('Cookie', cookie).type('form').send({ _csrf: csrf, tahap: 'saq', pertanyaan: '1.3', alasan: 'Profil ada di situs' }).expect(409);
    expect(early.text).toMatch(/<p role="alert" class="galat">[^<]+<\/p>\s*<label for="q-1-3-alasan">Alasan sanggah<\/label>/);
    expect(early.text).toContain('Profil ada di situs</textarea>');

    t.clock.set(WHEN.objection);
    cookie = await cookieOf(CAST.body);
    const open = main((await page(`/ppid/${E}/verifikasi`, cookie).expect(200)).text);
    expect(open).toContain(`Masa sanggah dibuka sampai ${waktu('2025-10-07T23:59:59+08:00', zone)}`);
    expect(open.match(/>Ajukan sanggah<\/button>/g)).toHaveLength(1);
    expect(open).toContain('<label for="q-1-3-alasan">Alasan sanggah</label>');
    expect(open).toContain('>Kirim sanggah</button>');
    csrf = csrfOf((await page(`/ppid/${E}/verifikasi`, cookie)).text);
    // an accepted answer has nothing to object to: refused by the service, beside its own form
    const accepted = await t.http().post(`/ppid/${E}/sanggah`).set('Cookie', cookie).type('form').send({ _csrf: csrf, tahap: 'saq', pertanyaan: '1.1', alasan: 'Tidak setuju' });
    expect(accepted.status).toBe(409);
    expect(accepted.text).toMatch(/<p role="alert" class="galat">/);
    const made = await t.http().post(`/ppid/${E}/sanggah`).set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, tahap: 'saq', pertanyaan: '1.3', alasan: 'Profil pimpinan ada di https://ppid.example.go.id/profil' }).expect(303);
    expect(made.headers.location).toBe(`/ppid/${E}/verifikasi?tahap=saq#q-1-3`);
    const objections = (await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}/objections`).expect(200)).body;
    expect(objections).toEqual([expect.objectContaining({ body: 'a', question: '1.3', status: 'pending', createdBy: bodyUser('a') })]);
    const after = main((await page(`/ppid/${E}/verifikasi`, cookie)).text);
    expect(after).toContain('Menunggu keputusan');
    expect(after).not.toContain('Ajukan sanggah');
    const home = main((await page('/ppid', cookie)).text);
    expect(home).toContain('Status: Sudah diverifikasi');
    expect(home).toContain('Nilai verifikasi</dt><dd>24,00</dd>');
    expect(home).toContain(`ajukan sanggah bila Anda tidak setuju sebelum ${waktu('2025-10-07T23:59:59+08:00', zone)}`);

    // the verifier upholds it: the ruling and its note are shown, and the body's own answer counts again
    await verifier.put(`/api/editions/${E}/objections/${objections[0].id}`, { decision: 'upheld', note: 'Profil pimpinan ditemukan di situs' }).expect(200);
    const ruled = main((await page(`/ppid/${E}/verifikasi`, cookie)).text);
    expect(ruled).toContain('Sanggah diterima');
    expect(ruled).toContain('Catatan keputusan: Profil pimpinan ditemukan di situs');
    expect(ruled).toMatch(/<th scope="row">1\. Jenis Informasi<\/th><td class="angka">60<\/td><td class="angka">28,00<\/td><td class="angka">28,00<\/td>/);

    t.clock.set(WHEN.afterObjection);
    cookie = await cookieOf(CAST.body);
    const closed = main((await page(`/ppid/${E}/verifikasi`, cookie)).text);
    expect(closed).toContain(`Masa sanggah sudah ditutup pada ${waktu('2025-10-07T23:59:59+08:00', zone)}`);
  });
});

/** The contoh questionnaire, as the page should show it. */
function yamlSaq() {
  const def = yamlFile('instruments', 'saq-contoh.yaml') as { indicators: { code: string; name: string; questions: { code: string; text: string; options?: { value: string; label: string }[] }[] }[] };
  return {
    indicators: def.indicators,
    option: (label: string) => def.indicators.flatMap((i) => i.questions).flatMap((q) => q.options ?? []).find((o) => o.label === label)!.value,
  };
}
