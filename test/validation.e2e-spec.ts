import { ADMIN, startApp, TestApp } from './support/app';
import { as, bodyUser, Contoh, setUpContoh, VERIFIER, WHEN, yamlFile } from './support/contoh';

/** Invalid input is refused with 400 and a message that names each bad field; nothing is half-written. */
describe('validation', () => {
  let t: TestApp;
  let c: Contoh;
  const E = '/api/editions/contoh-2025';
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const bodyA = () => as(t.http, c.tokens[bodyUser('a')]);

  beforeAll(async () => {
    t = await startApp('validation', WHEN.saq);
    c = await setUpContoh(t);
  });

  afterAll(() => t.close());

  async function refused(res: { status: number; body: { statusCode: number; error: string; message: string } }, message: string | RegExp) {
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String), code: 'input.invalid', text: expect.any(String) });
    if (typeof message === 'string') expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
  }

  describe('answers are checked against the question type', () => {
    it('yes_no takes a boolean', async () => {
      const res = await bodyA().put(`${E}/saq/a/answers/1.1`, { value: 'yes' });
      await refused(res, 'value: must be true or false');
      expect(res.body.text).toBe('kolom "value": harus Ya atau Tidak (true atau false)');
    });

    it('choice takes a known option', async () => {
      await refused(await bodyA().put(`${E}/saq/a/answers/1.2`, { value: 'x' }), 'value: unknown option "x"; expected one of: tidak-ada, situs, situs-aplikasi');
      await refused(await bodyA().put(`${E}/saq/a/answers/1.2`, { value: ['situs'] }), /^value: must be one option value/);
    });

    it('checklist takes known items, each once', async () => {
      const unknown = await bodyA().put(`${E}/saq/a/answers/1.3`, { value: ['profil', 'piagam'] });
      await refused(unknown, 'value: unknown item "piagam"; expected items from: laporan-keuangan, laporan-kinerja, profil');
      expect(unknown.body.text).toBe('kolom "value": butir "piagam" tidak dikenal; butir yang ada: laporan-keuangan, laporan-kinerja, profil');
      await refused(await bodyA().put(`${E}/saq/a/answers/1.3`, { value: ['profil', 'profil'] }), 'value: lists an item twice');
      await refused(await bodyA().put(`${E}/saq/a/answers/1.3`, { value: 'profil' }), /^value: must be a list of item values/);
    });

    it('evidence must be http(s) URLs', async () => {
      const links = await bodyA().put(`${E}/saq/a/answers/1.1`, { value: true, evidence: ['https://ppid.example.go.id/dip', 'ftp://x.example/a', 'bukan tautan'] });
      await refused(links, 'evidence[1]: "ftp://x.example/a" is not an http(s) URL; evidence[2]: "bukan tautan" is not an http(s) URL');
      expect(links.body.text).toBe('kolom "evidence[1]": "ftp://x.example/a" bukan URL http(s); kolom "evidence[2]": "bukan tautan" bukan URL http(s)');
      await refused(await bodyA().put(`${E}/saq/a/answers/1.1`, { value: true, evidence: 'https://x.example' }), /^evidence: must be an array/);
    });

    it('a value is required and unknown fields are refused', async () => {
      const missing = await bodyA().put(`${E}/saq/a/answers/1.1`, { evidence: [] });
      await refused(missing, 'value: required');
      expect(missing.body.text).toBe('kolom "value": wajib diisi');
      const unknown = await bodyA().put(`${E}/saq/a/answers/1.1`, { value: true, score: 4 });
      await refused(unknown, 'score: unknown field; it is not part of this request');
      expect(unknown.body.text).toBe('kolom "score": kolom tidak dikenal; bukan bagian dari permintaan ini');
    });

    it('an unknown question is 404', async () => {
      const res = await bodyA().put(`${E}/saq/a/answers/9.9`, { value: true });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404, error: 'Not Found', message: 'question of saq-contoh "9.9" not found', code: 'not_found', text: 'pertanyaan "9.9" pada saq-contoh tidak ditemukan',
      });
    });

    it('none of the refused answers was stored', async () => {
      const view = await bodyA().get(`${E}/saq/a`).expect(200);
      expect(view.body.answers).toEqual({});
      const audit = await admin().get(`${E}/audit?body=a`).expect(200);
      expect(audit.body.filter((e: { action: string }) => e.action === 'answer.save')).toEqual([]);
    });
  });

  describe('verification decisions', () => {
    beforeAll(async () => {
      await bodyA().put(`${E}/saq/a/answers/1.3`, { value: ['profil'] }).expect(200);
      await bodyA().post(`${E}/saq/a/submit`).expect(200);
      t.clock.set(WHEN.verification);
    });

    it('a correction carries a value of the question\'s type; accept and reject carry none', async () => {
      const verifier = as(t.http, c.tokens[VERIFIER]);
      await refused(await verifier.put(`${E}/verification/a/answers/1.3`, { decision: 'correct' }), 'value: required with decision correct');
      await refused(await verifier.put(`${E}/verification/a/answers/1.3`, { decision: 'correct', value: ['x'] }), /^value: unknown item "x"/);
      await refused(await verifier.put(`${E}/verification/a/answers/1.3`, { decision: 'accept', value: ['profil'] }), 'value: only a correct decision carries a value (decision is accept)');
      await refused(await verifier.put(`${E}/verification/a/answers/1.3`, { decision: 'approve' }), /^decision: must be one of the following values: accept, reject, correct/);
    });
  });

  describe('panel scores', () => {
    it('scores outside the rubric scale, unknown aspects and more than 2 decimals are refused', async () => {
      const juror = as(t.http, c.tokens.juri1);
      await refused(
        await juror.put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 120, X: 50, I: 70.125, S: -1 } }),
        'scores.K: must be at most 100 (scale 0–100); scores.X: unknown aspect; expected one of: K, I, S; scores.I: at most 2 decimal places (scale 0–100); scores.S: must be at least 0 (scale 0–100)',
      );
      await refused(await juror.put(`${E}/panels/uji-publik/scores/a`, { scores: { K: '80' } }), /^scores\.K: must be a number/);
      await refused(await juror.put(`${E}/panels/uji-publik/scores/a`, { scores: [80] }), /^scores: must be an object/);
    });
  });

  describe('setup requests', () => {
    it('bulk bodies name the bad item and field, and nothing of the request is stored', async () => {
      const res = await admin().post('/api/commissions/ki-contoh/bodies', [
        { code: 'd', name: 'D', category: 'pemprov' },
        { code: 'e f', name: 'E', category: 'pemprov' },
        { code: 'g', category: 'pemprov', extra: 1 },
      ]);
      await refused(res, /^\[1\]\.code: must be a code: .*; \[2\]\.extra: unknown field; it is not part of this request; \[2\]\.name: required$/);
      const duplicate = await admin().post('/api/commissions/ki-contoh/bodies', [{ code: 'd', name: 'D', category: 'pemprov' }, { code: 'd', name: 'D2', category: 'pemprov' }]);
      await refused(duplicate, '[1].code: "d" is also given at [0]');
      const taken = await admin().post('/api/commissions/ki-contoh/bodies', [{ code: 'd', name: 'D', category: 'pemprov' }, { code: 'a', name: 'A', category: 'pemprov' }]);
      expect(taken.status).toBe(409);
      expect(taken.body.message).toBe('already registered in commission "ki-contoh": a');
      const bodies = await admin().get('/api/commissions/ki-contoh/bodies').expect(200);
      expect(bodies.body.map((b: { code: string }) => b.code)).toEqual(['a', 'b', 'c']);
      await refused(await admin().post('/api/commissions/ki-contoh/bodies', { code: 'd' }), '(body): must be a JSON array');
    });

    it('users: a strong enough password, a known role, a body for (only) body users', async () => {
      await refused(await admin().post('/api/users', { username: 'x', password: 'short', role: 'boss' }), /username: .*; password: must be 12 to 128 characters \(it has 5\); role: must be one of the following values/);
      await refused(await admin().post('/api/users', { username: 'ppid-x', password: 'password-12345', role: 'body', commission: 'ki-contoh' }), 'body: required for a body user');
      await refused(await admin().post('/api/users', { username: 'ppid-x', password: 'password-12345', role: 'body', commission: 'ki-contoh', body: 'zz' }), 'body: unknown body "zz" in commission "ki-contoh"');
      await refused(await admin().post('/api/users', { username: 'v-x', password: 'password-12345', role: 'verifier', body: 'a', commission: 'ki-contoh' }), 'body: only a body user names a body (role is verifier)');
      const taken = await admin().post('/api/users', { username: VERIFIER, password: 'password-12345', role: 'verifier', commission: 'ki-contoh' });
      expect(taken.status).toBe(409);
    });

    it('assignments name the bad item: unknown users, the wrong role for the stage, non-participants', async () => {
      const res = await admin().post(`${E}/assignments`, [
        { stage: 'saq', username: 'juri1', body: 'a' },
        { stage: 'uji-publik', username: 'nobody', body: 'a' },
        { stage: 'visitasi', username: VERIFIER, body: 'zz' },
      ]);
      await refused(
        res,
        '[0].username: "juri1" is a juror; stage "saq" takes a verifier; [1].username: unknown user "nobody"; [2].stage: unknown stage "visitasi" (stages: saq, uji-publik); [2].body: "zz" is not a participant of contoh-2025',
      );
    });

    it('participants must be registered bodies of a category the edition ranks', async () => {
      await admin().post('/api/commissions/ki-contoh/bodies', [{ code: 'kab-x', name: 'Kabupaten X', category: 'pemkab' }]).expect(201);
      await refused(await admin().post(`${E}/participants`, { bodies: ['kab-x', 'nope'] }), 'bodies[0]: category "pemkab" of body "kab-x" is not ranked in this edition (pemprov); bodies[1]: unknown body "nope" in commission "ki-contoh"');
      await refused(await admin().post(`${E}/participants`, { bodies: [] }), /^bodies: /);
    });

    it('instruments are immutable: the same id and version with other content is 409; the same content is a no-op', async () => {
      const rubric = yamlFile('instruments', 'rubrik-uji-publik-contoh.yaml');
      const same = await admin().post('/api/instruments', rubric);
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ id: 'rubrik-uji-publik-contoh', version: 1, created: false });
      const changed = await admin().post('/api/instruments', { ...rubric, title: 'Rubrik lain' });
      expect(changed.status).toBe(409);
      expect(changed.body.message).toMatch(/already exists with other content/);
      const got = await admin().get('/api/instruments/rubrik-uji-publik-contoh/1').expect(200);
      expect(got.body.title).toBe(rubric.title);
    });

    it('instrument and edition definitions are checked by the definition validators, each path named', async () => {
      const saq = yamlFile('instruments', 'saq-contoh.yaml');
      const bad = { ...saq, id: 'saq-lain', indicators: [{ ...saq.indicators[0], weight: 50 }, { ...saq.indicators[1], questions: [{ ...saq.indicators[1].questions[0], points: -3 }] }] };
      const res = await admin().post('/api/instruments', bad);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/indicators\[1\]\.questions\[0\]\.points: /);
      const weights = await admin().post('/api/instruments', { ...saq, id: 'saq-lain', indicators: [{ ...saq.indicators[0], weight: 50 }, saq.indicators[1]] });
      expect(weights.status).toBe(400);
      expect(weights.body.message).toMatch(/^indicators: .*sum to 90, expected 100$/);
      const edition = { ...yamlFile('edition.yaml'), code: 'contoh-2027', extra: true, stages: [{ ...yamlFile('edition.yaml').stages[0], weight: 'tujuh puluh' }] };
      const refusedEdition = await admin().post('/api/editions', edition);
      expect(refusedEdition.status).toBe(400);
      expect(refusedEdition.body.message).toMatch(/extra: /);
      expect(refusedEdition.body.message).toMatch(/stages\[0\]\.weight: /);
      expect((await admin().post('/api/instruments', [1, 2])).status).toBe(400);
      expect((await admin().get('/api/editions/contoh-2027')).status).toBe(404);
    });

    it('an edition pins stored instruments of the right kind, and its code is unique', async () => {
      const edition = yamlFile('edition.yaml');
      const duplicate = await admin().post('/api/editions', edition);
      expect(duplicate.status).toBe(409);
      const missing = await admin().post('/api/editions', { ...edition, code: 'contoh-2026', stages: [{ ...edition.stages[0], instrument: { id: 'saq-contoh', version: 9 } }, edition.stages[1]] });
      await refused(missing, 'stages[0].instrument: instrument saq-contoh version 9 is not stored; store the instrument first');
    });

    it('malformed JSON is a 400 in the usual shape', async () => {
      const res = await t.http().post('/api/commissions').set('Authorization', `Bearer ${c.tokens[ADMIN.username]}`).set('Content-Type', 'application/json').send('{"code": ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String), code: 'request.invalid_body', text: 'isi permintaan: bukan JSON yang sah' });
    });

    it('unknown codes in the path are 404 in the usual shape, and so are unknown routes', async () => {
      const res = await admin().get('/api/editions/tidak-ada');
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'edition "tidak-ada" not found', code: 'not_found', text: 'edisi "tidak-ada" tidak ditemukan' });
      const route = await admin().get('/api/tidak-ada');
      expect(route.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/tidak-ada', code: 'not_found', text: 'alamat GET /api/tidak-ada tidak ditemukan' });
    });

    it('a commission\'s time zone is an IANA name: a bad one is a 400 naming timeZone', async () => {
      const res = await admin().post('/api/commissions', { code: 'ki-kaltim', name: 'Komisi Informasi Provinsi Kalimantan Timur', timeZone: 'WITA' });
      await refused(res, 'timeZone: "WITA" is not a time zone: write an IANA name such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)');
      expect(res.body.text).toBe('kolom "timeZone": "WITA" bukan zona waktu: tulis nama IANA seperti Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)');
    });

    it('a commission keeps the zone it names (Asia/Jakarta when it names none), and its editions carry it', async () => {
      const kaltim = await admin().post('/api/commissions', { code: 'ki-kaltim', name: 'Komisi Informasi Provinsi Kalimantan Timur', city: 'Samarinda', timeZone: 'Asia/Makassar' });
      expect([kaltim.status, kaltim.body]).toEqual([201, { code: 'ki-kaltim', name: 'Komisi Informasi Provinsi Kalimantan Timur', city: 'Samarinda', timeZone: 'Asia/Makassar' }]);
      const dki = await admin().post('/api/commissions', { code: 'ki-dki', name: 'Komisi Informasi Provinsi DKI Jakarta' }).expect(201);
      expect(dki.body.timeZone).toBe('Asia/Jakarta');
      const listed = (await admin().get('/api/commissions').expect(200)).body as { code: string; timeZone: string }[];
      expect(Object.fromEntries(listed.map((x) => [x.code, x.timeZone]))).toEqual({ 'ki-contoh': 'Asia/Makassar', 'ki-kaltim': 'Asia/Makassar', 'ki-dki': 'Asia/Jakarta' });
      const edition = await bodyA().get(E).expect(200);
      expect(edition.body).toMatchObject({ code: 'contoh-2025', commission: 'ki-contoh', timeZone: 'Asia/Makassar' });
    });
  });
});
