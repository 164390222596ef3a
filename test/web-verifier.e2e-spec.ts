import { ADMIN, startApp, TestApp } from './support/app';
import { answerSaq, as, bodyUser, CAST, Contoh, PASSWORD, setUpContoh, setUpOutsiders, VERIFIER, WHEN } from './support/contoh';
import { csrfOf, webLogin } from './support/web';

/**
 * The verifier's pages (SPEC §11) through HTTP as a browser without JavaScript sends them (and
 * as htmx does): the queue with its statuses and filters, one body's answers with the decisions,
 * completion, and the objections to rule on — on the contoh edition, real SQLite, everything
 * read back through the API.
 */
describe('the verifier\'s pages', () => {
  let t: TestApp;
  let c: Contoh;
  let cookie: string[];
  let csrf: string;
  const E = 'contoh-2025';
  const page = (url: string, who = cookie) => t.http().get(url).set('Cookie', who);
  const form = (url: string, fields: Record<string, string | string[]>, who = cookie) => t.http().post(url).set('Cookie', who).type('form').send(fields);
  const saqOf = async (body: string) => (await as(t.http, c.tokens[VERIFIER]).get(`/api/editions/${E}/saq/${body}`).expect(200)).body;
  /** the status badge of body `code` in a queue page */
  const statusIn = (html: string, code: string): string | null => {
    const item = html.split('<li>').find((li) => li.includes(`/verifikator/${E}/${code}"`));
    return item ? (/class="lencana[^"]*">([^<]+)</.exec(item)?.[1] ?? null) : null;
  };

  /** a session ends after 2 hours without a request: after moving the clock, log in again */
  const relogin = async () => {
    cookie = await webLogin(t, VERIFIER, PASSWORD, '/verifikator');
    csrf = csrfOf((await page('/verifikator').expect(200)).text);
  };

  beforeAll(async () => {
    t = await startApp('web-verifier', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    t.clock.set(WHEN.verification);
    await relogin();
  });
  afterAll(() => t?.close());

  it('the home lists the edition with its bodies counted by status and links to the queue', async () => {
    const home = await page('/verifikator').expect(200);
    expect(home.text).toContain('Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun 2025 (contoh)');
    expect(home.text).toContain(`href="/verifikator/${E}"`);
    expect(home.text).toMatch(/Sudah dikirim<\/span> <strong>2<\/strong>/);
    expect(home.text).toMatch(/Belum dikirim<\/span> <strong>1<\/strong>/);
  });

  it('the queue shows each body\'s status and claimed score, and filters by status, category and name or code', async () => {
    const all = await page(`/verifikator/${E}`).expect(200);
    expect(statusIn(all.text, 'a')).toBe('Sudah dikirim');
    expect(statusIn(all.text, 'b')).toBe('Sudah dikirim');
    expect(statusIn(all.text, 'c')).toBe('Belum dikirim');
    expect(all.text).toContain('Nilai klaim <strong>80,00</strong>');
    // one decision on b: in verification
    await as(t.http, c.tokens[VERIFIER]).put(`/api/editions/${E}/verification/b/answers/2.1`, { decision: 'accept' }).expect(200);
    const now = await page(`/verifikator/${E}`).expect(200);
    expect(statusIn(now.text, 'b')).toBe('Sedang diverifikasi');
    const submitted = await page(`/verifikator/${E}?status=submitted`).expect(200);
    expect([statusIn(submitted.text, 'a'), statusIn(submitted.text, 'b'), statusIn(submitted.text, 'c')]).toEqual(['Sudah dikirim', null, null]);
    const named = await page(`/verifikator/${E}?cari=publik%20b`).expect(200);
    expect([statusIn(named.text, 'a'), statusIn(named.text, 'b'), statusIn(named.text, 'c')]).toEqual([null, 'Sedang diverifikasi', null]);
    const coded = await page(`/verifikator/${E}?cari=C&kategori=pemprov`).expect(200);
    expect(statusIn(coded.text, 'c')).toBe('Belum dikirim');
    const none = await page(`/verifikator/${E}?kategori=kementerian`).expect(200);
    expect(none.text).toContain('Tidak ada badan publik yang cocok dengan saringan ini.');
  });

  it('a verifier sees only the bodies assigned to them; another body\'s page is the Indonesian 403 page; an unassigned verifier has no queue', async () => {
    const other = await webLogin(t, CAST.otherVerifier, PASSWORD);
    const queue = await page(`/verifikator/${E}`, other).expect(200);
    expect([statusIn(queue.text, 'a'), statusIn(queue.text, 'b')]).toEqual([null, 'Sedang diverifikasi']);
    const refused = await page(`/verifikator/${E}/a`, other).expect(403);
    expect(refused.text).toContain('Tidak berwenang');
    expect(refused.text).toMatch(/role="alert"/);
    await page(`/verifikator/${E}/tidak-ada`, other).expect(404);
    const admin = as(t.http, c.tokens[ADMIN.username]);
    await admin.post('/api/users', { username: 'verifikator-lepas', password: PASSWORD, role: 'verifier', commission: c.commission }).expect(201);
    const unassigned = await webLogin(t, 'verifikator-lepas', PASSWORD);
    const none = await page(`/verifikator/${E}`, unassigned).expect(403);
    expect(none.text).toContain('Tidak berwenang');
    expect((await page('/verifikator', unassigned).expect(200)).text).toContain('belum ditugaskan');
    // an admin may verify too (SPEC §7): the queue holds every body of the edition
    const adminCookie = await webLogin(t, ADMIN.username, ADMIN.password);
    const all = await page(`/verifikator/${E}`, adminCookie).expect(200);
    expect([statusIn(all.text, 'a'), statusIn(all.text, 'b'), statusIn(all.text, 'c')]).toEqual(['Sudah dikirim', 'Sedang diverifikasi', 'Belum dikirim']);
    // a body user has no verifier pages
    const body = await webLogin(t, bodyUser('a'), PASSWORD);
    await page(`/verifikator/${E}/a`, body).expect(403);
  });

  it('the body page shows each answer by its labels, evidence links opening in a new tab, and the decision radios', async () => {
    const res = await page(`/verifikator/${E}/a`).expect(200);
    expect(res.text).toContain('<legend>1.3 Informasi berkala yang tersedia</legend>');
    expect(res.text).toContain('Laporan keuangan, Profil pimpinan');
    expect(res.text).toContain('Situs web saja');
    expect(res.text).toContain('<a href="https://ppid.example.go.id/dip" target="_blank" rel="noopener noreferrer">ppid.example.go.id</a>');
    for (const label of ['Terima', 'Tolak', 'Koreksi', 'Catatan', 'Nilai koreksi', 'Selesaikan verifikasi']) expect(res.text).toContain(`>${label}<`);
    expect(res.text).toContain('0 dari 5 pertanyaan');
    expect(res.text).not.toMatch(/style="/);
  });

  it('a decision without the CSRF token is refused and nothing is saved', async () => {
    const res = await form(`/verifikator/${E}/a/keputusan/1.2`, { keputusan: 'reject', catatan: 'tanpa token' }).expect(403);
    expect(res.text).toContain('Formulir ini sudah kedaluwarsa');
    expect((await saqOf('a')).decisions['1.2']).toBeUndefined();
  });

  it('decisions through the page land in the database with their note; a correction takes the question\'s own inputs', async () => {
    const rejected = await form(`/verifikator/${E}/a/keputusan/1.1`, { _csrf: csrf, keputusan: 'reject', catatan: 'Tautan DIP tidak dapat dibuka' }).expect(303);
    expect(rejected.headers.location).toBe(`/verifikator/${E}/a#s-1-1`);
    await form(`/verifikator/${E}/a/keputusan/1.3`, { _csrf: csrf, keputusan: 'correct', jenis: 'checklist', daftar: '1', nilai: ['laporan-keuangan'], catatan: 'Profil pimpinan tidak ditemukan' }).expect(303);
    await form(`/verifikator/${E}/a/keputusan/2.1`, { _csrf: csrf, keputusan: 'correct', jenis: 'yes_no', nilai: 'tidak' }).expect(303);
    const saq = await saqOf('a');
    expect(saq.decisions['1.1']).toMatchObject({ decision: 'reject', note: 'Tautan DIP tidak dapat dibuka', decidedBy: VERIFIER });
    expect(saq.decisions['1.3']).toMatchObject({ decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan' });
    expect(saq.decisions['2.1']).toMatchObject({ decision: 'correct', value: false });
    const after = await page(`/verifikator/${E}/a`).expect(200);
    expect(after.text).toContain('Keputusan tersimpan: <strong>Tolak</strong>');
    expect(after.text).toContain('nilai koreksi: Laporan keuangan');
    expect(after.text).toContain('3 dari 5 pertanyaan');
    // 60 × (0 + 3 + 2)/15 + 40 × (0 + 0)/5: 2.2 has no evidence
    expect(after.text).toMatch(/Nilai terverifikasi \(sementara\)<\/dt><dd>20,00/);
  });

  it('a Koreksi without a value, or without a decision, is refused beside the question and saves nothing', async () => {
    const res = await form(`/verifikator/${E}/a/keputusan/1.2`, { _csrf: csrf, keputusan: 'correct', jenis: 'choice' }).expect(400);
    expect(res.text).toMatch(/role="alert" class="galat">Koreksi memerlukan nilai/);
    await form(`/verifikator/${E}/a/keputusan/1.2`, { _csrf: csrf, catatan: 'lupa memilih' }).expect(400);
    const wrong = await form(`/verifikator/${E}/a/keputusan/1.2`, { _csrf: csrf, keputusan: 'correct', jenis: 'choice', nilai: 'bukan-opsi' }).expect(400);
    expect(wrong.text).toMatch(/role="alert"/);
    expect((await saqOf('a')).decisions['1.2']).toBeUndefined();
  });

  it('with htmx a decision answers the question\'s saved state and the scores out of band', async () => {
    const res = await t.http().post(`/verifikator/${E}/a/keputusan/2.1`).set('Cookie', cookie).set('HX-Request', 'true').set('X-CSRF-Token', csrf).type('form')
      .send({ keputusan: 'accept' }).expect(200);
    expect(res.text).toContain('Keputusan tersimpan: <strong>Terima</strong>');
    expect(res.text).toContain('<div id="skor" class="skor" hx-swap-oob="true">');
    // 2.1 accepted again: 40 × 3/5 = 24 more
    expect(res.text).toMatch(/<dd>44,00<\/dd>/);
    expect(res.text).toContain('id="belum-diputuskan" hx-swap-oob="true"');
    expect((await saqOf('a')).decisions['2.1']).toMatchObject({ decision: 'accept' });
  });

  it('completion through the page; afterwards the page says so, the inputs are disabled, and a decision is refused (409) with its text', async () => {
    const before = await page(`/verifikator/${E}/a?konfirmasi=selesai`).expect(200);
    expect(before.text).toMatch(/<dialog id="dialog-selesai"[^>]* open>/);
    expect(before.text).toContain('2 pertanyaan belum diputuskan');
    await form(`/verifikator/${E}/a/selesai`, { _csrf: csrf }).expect(303);
    const saq = await saqOf('a');
    expect(saq.verificationCompletedAt).not.toBeNull();
    expect(saq.verifiedScore).toBe(44);
    const after = await page(`/verifikator/${E}/a`).expect(200);
    expect(after.text).toContain('Verifikasi selesai pada');
    expect(after.text).not.toContain('Selesaikan verifikasi');
    expect(after.text).toMatch(/name="keputusan" value="accept"[^>]* disabled/);
    const late = await form(`/verifikator/${E}/a/keputusan/1.2`, { _csrf: csrf, keputusan: 'reject' }).expect(409);
    expect(late.text).toMatch(/<p role="alert" class="galat">[^<]+<\/p>/);
    const htmx = await t.http().post(`/verifikator/${E}/a/keputusan/1.2`).set('Cookie', cookie).set('HX-Request', 'true').set('X-CSRF-Token', csrf).type('form').send({ keputusan: 'reject' }).expect(409);
    expect(htmx.text).toMatch(/^<p role="alert" class="galat">/);
    expect((await saqOf('a')).decisions['1.2']).toBeUndefined();
    const queue = await page(`/verifikator/${E}`).expect(200);
    expect(statusIn(queue.text, 'a')).toBe('Selesai');
    expect(queue.text).toContain('Nilai terverifikasi <strong>44,00</strong>');
  });

  it('outside the verification window the page says so and the service\'s refusal is shown', async () => {
    t.clock.set(WHEN.afterObjection);
    await relogin();
    try {
      const res = await page(`/verifikator/${E}/b`).expect(200);
      expect(res.text).toContain('Jendela verifikasi sedang tidak terbuka');
      const refused = await form(`/verifikator/${E}/b/keputusan/1.2`, { _csrf: csrf, keputusan: 'accept' }).expect(409);
      expect(refused.text).toMatch(/role="alert"/);
    } finally {
      t.clock.set(WHEN.verification);
      await relogin();
    }
  });

  it('an objection made by the body through the API is ruled on the objections page, side by side with the answer and the decision', async () => {
    t.clock.set(WHEN.objection);
    await relogin();
    const created = await as(t.http, c.tokens[bodyUser('a')]).post(`/api/editions/${E}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan ada di situs PPID' }).expect(201);
    const queue = await page(`/verifikator/${E}`).expect(200);
    expect(statusIn(queue.text, 'a')).toBe('Sanggah menunggu');
    expect(queue.text).toContain(`href="/verifikator/${E}/sanggah">Sanggah menunggu: 1</a>`);
    const list = await page(`/verifikator/${E}/sanggah`).expect(200);
    expect(list.text).toContain('Profil pimpinan ada di situs PPID');
    expect(list.text).toContain('Laporan keuangan, Profil pimpinan');
    expect(list.text).toMatch(/<strong>Koreksi<\/strong>: Laporan keuangan<\/p>/);
    for (const label of ['Terima sanggah', 'Tolak sanggah', 'Catatan']) expect(list.text).toContain(`>${label}<`);
    const id = created.body.id as number;
    const body = await page(`/verifikator/${E}/a`).expect(200);
    expect(body.text).toContain(`href="/verifikator/${E}/sanggah#sanggah-${id}">Menunggu putusan</a> — Profil pimpinan ada di situs PPID`);
    const empty = await form(`/verifikator/${E}/sanggah/${id}`, { _csrf: csrf, putusan: 'upheld' }).expect(400);
    expect(empty.text).toMatch(/role="alert" class="galat">Tulis catatan/);
    const ruled = await form(`/verifikator/${E}/sanggah/${id}`, { _csrf: csrf, putusan: 'upheld', berlaku: 'jawaban', catatan: 'Profil pimpinan ditemukan' }).expect(303);
    expect(ruled.headers.location).toBe(`/verifikator/${E}/sanggah#sanggah-${id}`);
    const objections = (await as(t.http, c.tokens[VERIFIER]).get(`/api/editions/${E}/objections`).expect(200)).body;
    expect(objections).toEqual([expect.objectContaining({ id, status: 'upheld', note: 'Profil pimpinan ditemukan', value: null, ruledBy: VERIFIER })]);
    const after = await page(`/verifikator/${E}/sanggah`).expect(200);
    expect(after.text).toContain('Sanggah diterima</strong> — jawaban badan publik dipulihkan');
    const again = await form(`/verifikator/${E}/sanggah/${id}`, { _csrf: csrf, putusan: 'rejected', catatan: 'lagi' }).expect(409);
    expect(again.text).toMatch(/role="alert"/);
    // the upheld objection restores [laporan-keuangan, profil]: 60 × 6/15 + 24 = 48
    expect((await saqOf('a')).verifiedScore).toBe(48);
  });
});
