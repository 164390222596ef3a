import { ADMIN, startApp, TestApp } from './support/app';
import { answerSaq, as, bodyUser, CAST, Contoh, PASSWORD, scorePanels, setUpContoh, setUpOutsiders, verify, VERIFIER, WHEN, yamlFile } from './support/contoh';

/**
 * Issue 14, item 1 — the correction routes of SPEC §15, on the contoh edition over HTTP: an
 * admin reopens a completed verification, a submitted score sheet, or withdraws an absence,
 * each with its reason and its audit entry; the reopened thing follows the normal rules again
 * (windows, completion, submission); nothing else becomes editable; results computed before a
 * reopening are stale until the next compute; each correction reaches the public results only
 * through a new publication with its reason.
 *
 * Beside the contoh bodies (a 65.89, b, c never submitted) a fourth body d answers as a does,
 * reaches uji publik and is recorded absent from it. b's 1.1 is rejected and its 1.2 corrected
 * in verification; b objects to both, 1.1 is upheld and 1.2 rejected.
 */
describe('corrections after publication: reopening, with a reason (SPEC §15, issue 14)', () => {
  let t: TestApp;
  let c: Contoh;
  let E: string;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const verifier = () => as(t.http, c.tokens[VERIFIER]);
  const juror = (name: string) => as(t.http, c.tokens[name]);
  const del = (token: string, url: string, body?: object) => t.http().delete(url).set('Authorization', `Bearer ${token}`).send(body ?? {});

  type Result = { body: string; final: number | null; rank: number | null; status: string };
  const compute = async (): Promise<Record<string, Result>> =>
    Object.fromEntries((await admin().post(`${E}/compute`).expect(200)).body.map((r: Result) => [r.body, r]));
  const publicResults = async (): Promise<Record<string, Pick<Result, 'final' | 'rank'>>> =>
    Object.fromEntries((await t.http().get(`/api/public/editions/${c.edition}/results`).expect(200)).body.map((r: Result) => [r.body, { final: r.final, rank: r.rank }]));
  type Entry = { id: number; action: string; subject: string; actor: string; body: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  const audit = async (): Promise<Entry[]> => (await admin().get(`${E}/audit`).expect(200)).body;
  const publish = (version: number, reason?: string) =>
    admin().post(`${E}/publications`, { decreeNumber: `${51 + version}/KEP/KI-CONTOH/XII/2025`, decreeDate: '2025-12-12', ...(reason ? { reason } : {}) });

  /** the callers refused by every route: each role but the admin's, and the admin of another commission */
  const OUTSIDERS: [string, number][] = [
    [VERIFIER, 403],
    ['juri1', 403],
    [bodyUser('a'), 403],
    [CAST.otherAdmin, 404],
  ];

  beforeAll(async () => {
    t = await startApp('reopen', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    c.tokens[CAST.otherAdmin] = await t.login(CAST.otherAdmin, PASSWORD);
    E = `/api/editions/${c.edition}`;
    // d: answers as a does, is verified without a decision (64.00), reaches uji publik
    await admin().post(`/api/commissions/${c.commission}/bodies`, [{ code: 'd', name: 'Badan Publik D', category: 'pemprov' }]).expect(201);
    await admin().post(`${E}/participants`, { bodies: ['d'] }).expect(201);
    await admin().post('/api/users', { username: bodyUser('d'), password: PASSWORD, role: 'body', commission: c.commission, body: 'd' }).expect(201);
    await admin()
      .post(`${E}/assignments`, [
        { stage: 'saq', username: VERIFIER, body: 'd' },
        { stage: 'uji-publik', username: 'juri1', body: 'd' },
        { stage: 'uji-publik', username: 'juri2', body: 'd' },
      ])
      .expect(201);
    c.tokens[bodyUser('d')] = await t.login(bodyUser('d'), PASSWORD);

    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    const ppidD = as(t.http, c.tokens[bodyUser('d')]);
    for (const [question, answer] of Object.entries<object>(yamlFile('saq', 'a.yaml').answers)) await ppidD.put(`${E}/saq/d/answers/${question}`, answer).expect(200);
    await ppidD.post(`${E}/saq/d/submit`).expect(200);

    t.clock.set(WHEN.verification);
    await verifier().put(`${E}/verification/b/answers/1.1`, { decision: 'reject', note: 'DIP tidak ditemukan' }).expect(200);
    await verifier().put(`${E}/verification/b/answers/1.2`, { decision: 'correct', value: 'tidak-ada', note: 'Situs tidak memuat informasi berkala' }).expect(200);
    await verify(t, c);
    await verifier().post(`${E}/verification/d/complete`).expect(200);

    t.clock.set(WHEN.objection);
    const ppidB = as(t.http, c.tokens[bodyUser('b')]);
    await ppidB.post(`${E}/objections`, { body: 'b', question: '1.1', reason: 'DIP ada di situs' }).expect(201);
    await ppidB.post(`${E}/objections`, { body: 'b', question: '1.2', reason: 'Informasi berkala ada di situs' }).expect(201);
  }, 120_000);

  afterAll(() => t?.close());

  it('a verification is not reopened while an objection of its body waits for a ruling', async () => {
    const res = await admin().post(`${E}/verification/b/reopen`, { reason: 'Keputusan pleno' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('verification.objection_pending');
    expect(res.body.message).toMatch(/^objections of body "b" wait for a ruling \(\d+ \(1\.1\), \d+ \(1\.2\)\): rule on them before its verification is reopened$/);
    expect(res.body.text).toMatch(/^sanggah badan publik "b" menunggu keputusan/);
    // the rulings: 1.1 upheld (b's own answer restored), 1.2 rejected (final for that question)
    const [on11, on12] = (await admin().get(`${E}/objections?body=b`).expect(200)).body;
    await verifier().put(`${E}/objections/${on11.id}`, { decision: 'upheld', note: 'DIP ditemukan' }).expect(200);
    await verifier().put(`${E}/objections/${on12.id}`, { decision: 'rejected', note: 'Tetap' }).expect(200);
  });

  it('version 1 is published: a 65.89, d absent (44.80), b 40.00, c 0.00', async () => {
    t.clock.set(WHEN.panel);
    await compute(); // who reaches uji publik: a and d
    await scorePanels(t, c);
    await admin().post(`${E}/panels/uji-publik/absences/d`, { reason: 'tidak hadir pada jadwal presentasi' }).expect(201);
    t.clock.set(WHEN.afterPanel);
    const results = await compute();
    expect(Object.fromEntries(Object.values(results).map((r) => [r.body, [r.final, r.rank, r.status]]))).toEqual({
      a: [65.89, 1, 'complete'], d: [44.8, 2, 'complete'], b: [40, 3, 'complete'], c: [0, 4, 'not_submitted'],
    });
    await publish(1).expect(201);
  });

  describe('reopening a completed verification: POST /api/editions/:e/verification/:b/reopen', () => {
    const REASON = 'Keputusan rapat pleno 12 Desember 2025: profil pimpinan badan publik A ada di situs, koreksi 1.3 keliru';
    const reopen = (body: string, payload: object = { reason: REASON }, token = c.tokens[ADMIN.username]) => as(t.http, token).post(`${E}/verification/${body}/reopen`, payload);

    it('is refused to every caller but the commission\'s admin, and changes nothing', async () => {
      const before = (await audit()).length;
      for (const [username, status] of OUTSIDERS) {
        const res = await reopen('a', { reason: REASON }, c.tokens[username]);
        expect([username, res.status]).toEqual([username, status]);
      }
      expect((await audit()).length).toBe(before);
      expect((await admin().get(`${E}/saq/a`).expect(200)).body).toMatchObject({ status: 'verified', verificationCompletedAt: expect.any(String) });
    });

    it('needs a reason (400 naming reason): missing, too short, over 2,000 characters', async () => {
      for (const payload of [{}, { reason: 'ok' }, { reason: 'x'.repeat(2001) }, { reason: 'pleno\u0007' }]) {
        const res = await reopen('a', payload);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('input.invalid');
        expect(res.body.message).toMatch(/^reason: /);
        expect(res.body.text).toMatch(/^kolom "reason": /);
      }
      expect((await admin().get(`${E}/saq/a`).expect(200)).body.status).toBe('verified');
    });

    it('is 409 when there is no completed verification to reopen', async () => {
      const res = await reopen('c');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('verification.not_complete');
      expect(res.body.message).toBe('verification of body "c" in stage "saq" is not complete (its questionnaire was never submitted): there is nothing to reopen');
    });

    it('reopens it with the reason in the audit; its decisions stay, a second reopening is 409', async () => {
      const completedAt = (await admin().get(`${E}/saq/a`).expect(200)).body.verificationCompletedAt;
      const res = await reopen('a').expect(200);
      expect(res.body).toEqual({
        body: 'a', stage: 'saq', previouslyCompletedAt: completedAt, previouslyCompletedBy: VERIFIER,
        reopenedAt: new Date(WHEN.afterPanel).toISOString(), reopenedBy: ADMIN.username, reason: REASON,
      });
      const entry = (await audit()).filter((e) => e.action === 'verification.reopen');
      expect(entry).toEqual([
        expect.objectContaining({
          actor: ADMIN.username, body: 'a', subject: 'verification a',
          before: { stage: 'saq', verificationCompletedAt: completedAt, verificationCompletedBy: VERIFIER },
          after: { stage: 'saq', verificationCompletedAt: null, reason: REASON },
        }),
      ]);
      const view = (await admin().get(`${E}/saq/a`).expect(200)).body;
      expect(view).toMatchObject({ status: 'submitted', verificationCompletedAt: null });
      expect(JSON.stringify(view)).toContain('"decision":"correct"'); // 1.3's correction is still there
      const again = await reopen('a');
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('verification of body "a" in stage "saq" is not complete (it is still in verification): there is nothing to reopen');
      // until it is completed again, compute counts a's SAQ as unverified
      expect((await compute()).a.status).toBe('unverified');
    });

    it('reopens nothing else: the SAQ stays submitted, other bodies\' verifications stay complete', async () => {
      const answer = await as(t.http, c.tokens[bodyUser('a')]).put(`${E}/saq/a/answers/1.3`, { value: ['laporan-keuangan', 'profil'] });
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('saq.submitted');
      for (const other of ['b', 'd']) {
        const decision = await admin().put(`${E}/verification/${other}/answers/2.1`, { decision: 'reject' });
        expect([other, decision.status, decision.body.code]).toEqual([other, 409, 'verification.complete']);
      }
    });

    it('its verifier changes decisions only inside the verification window: 409 until the admin moves it, then completes it again', async () => {
      const closed = await verifier().put(`${E}/verification/a/answers/1.3`, { decision: 'accept' });
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('window.closed');
      await admin().patch(`${E}/stages/saq`, { verificationWindow: { opens: '2025-09-01T00:00:00+08:00', closes: '2025-12-31T23:59:59+08:00' } }).expect(200);
      await verifier().put(`${E}/verification/a/answers/1.3`, { decision: 'accept', note: 'Profil pimpinan ada di situs (keputusan pleno)' }).expect(200);
      const done = await verifier().post(`${E}/verification/a/complete`).expect(200);
      expect(done.body).toMatchObject({ body: 'a', verifiedScore: 64 });
      const trail = (await audit()).filter((e) => e.body === 'a' && e.subject.startsWith('decision saq 1.3'));
      expect(trail.map((e) => [e.before?.decision ?? null, e.after?.decision])).toEqual([[null, 'correct'], ['correct', 'accept']]);
    });

    it('results computed before the correction are stale; after compute, version 2 (with its reason) publishes a 68.69', async () => {
      const stale = await publish(2, 'SK 53: koreksi verifikasi badan publik A');
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('results.stale');
      expect(stale.body.message).toMatch(/\(1 bodies: a\)/);
      expect((await compute()).a).toMatchObject({ final: 68.69, rank: 1, status: 'complete' });
      const noReason = await publish(2);
      expect(noReason.status).toBe(400);
      expect(noReason.body.message).toMatch(/^reason: required/);
      expect(await publicResults()).toMatchObject({ a: { final: 65.89 } }); // the public still reads version 1
      await publish(2, 'SK 53: koreksi verifikasi badan publik A').expect(201);
      expect(await publicResults()).toEqual({ a: { final: 68.69, rank: 1 }, d: { final: 44.8, rank: 2 }, b: { final: 40, rank: 3 }, c: { final: 0, rank: 4 } });
    });

    it('ruled objections stay: an upheld one decides its question (a new decision there is 409), a rejected one does not freeze the commission\'s decision', async () => {
      await reopen('b', { reason: 'Keputusan pleno: koreksi 1.2 badan publik B' }).expect(200);
      const over = await verifier().put(`${E}/verification/b/answers/1.1`, { decision: 'reject', note: 'tetap ditolak' });
      expect(over.status).toBe(409);
      expect(over.body.code).toBe('verification.objection_upheld');
      expect(over.body.message).toMatch(/^objection \d+ on question 1\.1 of body "b" was upheld at .* by verifikator: its ruling decides the question's verified value, so a new decision would not change it$/);
      await verifier().put(`${E}/verification/b/answers/1.2`, { decision: 'accept', note: 'Informasi berkala ada di situs' }).expect(200);
      expect((await verifier().post(`${E}/verification/b/complete`).expect(200)).body.verifiedScore).toBe(52);
      expect((await admin().get(`${E}/objections?body=b`).expect(200)).body.map((o: { question: string; status: string }) => [o.question, o.status])).toEqual([
        ['1.1', 'upheld'], ['1.2', 'rejected'],
      ]);
      expect((await compute()).b).toMatchObject({ final: 52, rank: 2 });
      await publish(3, 'SK 54: koreksi verifikasi badan publik B').expect(201);
      expect((await publicResults()).b).toEqual({ final: 52, rank: 2 });
    });
  });

  describe('reopening a submitted score sheet: POST /api/editions/:e/panels/:s/scores/:b/:username/reopen', () => {
    const REASON = 'Keputusan rapat pleno: nilai juri1 untuk badan publik A salah input';
    const url = (username: string) => `${E}/panels/uji-publik/scores/a/${username}/reopen`;
    const sheetsOfA = async () =>
      Object.fromEntries((await admin().get(`${E}/panels/uji-publik/scores/a`).expect(200)).body.sheets.map((s: { assessor: string; status: string }) => [s.assessor, s.status]));

    it('is refused to every caller but the commission\'s admin (the juror itself included), and changes nothing', async () => {
      const before = (await audit()).length;
      for (const [username, status] of OUTSIDERS) {
        const res = await as(t.http, c.tokens[username]).post(url('juri1'), { reason: REASON });
        expect([username, res.status]).toEqual([username, status]);
      }
      expect((await audit()).length).toBe(before);
      expect(await sheetsOfA()).toEqual({ juri1: 'submitted', juri2: 'submitted', juri3: 'recused' });
    });

    it('needs a reason (400 naming reason)', async () => {
      const res = await admin().post(url('juri1'), {});
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^reason: /);
    });

    it('is 409 for a sheet that is not submitted (recused, none) and 404 for an unknown juror', async () => {
      const recused = await admin().post(url('juri3'), { reason: REASON });
      expect([recused.status, recused.body.code, recused.body.message]).toEqual([
        409, 'sheet.not_submitted', 'the sheet of juri3 for body "a" in stage "uji-publik" is not submitted (juri3 recused from the body): there is nothing to reopen',
      ]);
      const none = await admin().post(url('juri4'), { reason: REASON });
      expect([none.status, none.body.message]).toEqual([409, 'the sheet of juri4 for body "a" in stage "uji-publik" is not submitted (there is no sheet): there is nothing to reopen']);
      expect((await admin().post(url('tidak-ada'), { reason: REASON })).status).toBe(404);
      expect(await sheetsOfA()).toEqual({ juri1: 'submitted', juri2: 'submitted', juri3: 'recused' });
    });

    it('makes the sheet a draft again with its scores, audited with the reason; the other sheets stay as they were', async () => {
      const res = await admin().post(url('juri1'), { reason: REASON }).expect(200);
      expect(res.body).toMatchObject({ body: 'a', stage: 'uji-publik', assessor: 'juri1', status: 'draft', scores: { K: 80, I: 70, S: 90 }, total: 79, submittedAt: null, reopenedBy: ADMIN.username, reason: REASON });
      const [entry] = (await audit()).filter((e) => e.action === 'panel.sheet.reopen');
      expect(entry).toMatchObject({
        actor: ADMIN.username, body: 'a', subject: 'sheet uji-publik a juri1',
        before: { status: 'submitted', submittedAt: expect.any(String), scores: { K: 80, I: 70, S: 90 }, comment: null },
        after: { status: 'draft', reason: REASON },
      });
      expect(await sheetsOfA()).toEqual({ juri1: 'draft', juri2: 'submitted', juri3: 'recused' });
      const again = await admin().post(url('juri1'), { reason: REASON });
      expect([again.status, again.body.message]).toEqual([409, 'the sheet of juri1 for body "a" in stage "uji-publik" is not submitted (it is a draft): there is nothing to reopen']);
    });

    it('while it is a draft the result of a is incomplete and nothing is published', async () => {
      expect((await compute()).a).toMatchObject({ final: null, rank: null, status: 'incomplete' });
      const res = await publish(4, 'SK 55');
      expect([res.status, res.body.code]).toEqual([409, 'publication.incomplete']);
    });

    it('the juror changes and submits it inside the body\'s extension (409 before it), and version 4 publishes a 69.81', async () => {
      const closed = await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 90, I: 80, S: 90 } });
      expect([closed.status, closed.body.code]).toEqual([409, 'window.closed']);
      await admin().post(`${E}/extensions`, { stage: 'uji-publik', body: 'a', until: '2025-12-15T23:59:59+08:00', reason: 'Koreksi nilai juri1 (keputusan pleno)' }).expect(201);
      await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 90, I: 80, S: 90 } }).expect(200);
      // inside the extension too, the other jurors' sheets stay locked: only juri1's was reopened
      const other = await juror('juri2').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 90, I: 90, S: 90 } });
      expect([other.status, other.body.code]).toEqual([409, 'sheet.submitted']);
      expect((await juror('juri1').post(`${E}/panels/uji-publik/scores/a/submit`).expect(200)).body).toMatchObject({ status: 'submitted', total: 86.5 });
      // saq 64 (version 2), panel (86.5 + 80.25) / 2 = 83.375: 0.7 × 64 + 0.3 × 83.375 = 69.8125
      expect((await compute()).a).toMatchObject({ final: 69.81, rank: 1, status: 'complete' });
      await publish(4, 'SK 55: koreksi nilai juri1 untuk badan publik A').expect(201);
      expect((await publicResults()).a).toEqual({ final: 69.81, rank: 1 });
    });
  });

  describe('withdrawing an absence after publication: DELETE /api/editions/:e/panels/:s/absences/:b', () => {
    const REASON = 'Keputusan rapat pleno: badan publik D hadir, presentasinya dijadwalkan ulang';
    const withdraw = (body: string, payload?: object, token = c.tokens[ADMIN.username]) => del(token, `${E}/panels/uji-publik/absences/${body}`, payload);
    const dAbsent = async () => (await admin().get(`${E}/panels/uji-publik/scores/d`).expect(200)).body.absent;

    it('is refused to every caller but the commission\'s admin, and changes nothing', async () => {
      const before = (await audit()).length;
      for (const [username, status] of OUTSIDERS) {
        const res = await withdraw('d', { reason: REASON }, c.tokens[username]);
        expect([username, res.status]).toEqual([username, status]);
      }
      expect((await audit()).length).toBe(before);
      expect(await dAbsent()).toBe(true);
    });

    it('needs a reason (400 naming reason) and is 409 where no absence is recorded', async () => {
      const res = await withdraw('d', {});
      expect([res.status, res.body.message]).toEqual([400, expect.stringMatching(/^reason: /)]);
      const none = await withdraw('a', { reason: REASON });
      expect([none.status, none.body.code]).toEqual([409, 'absence.missing']);
      expect(await dAbsent()).toBe(true);
    });

    it('works after publication (recording one still does not), audited with the absence\'s reason and its own', async () => {
      const record = await admin().post(`${E}/panels/uji-publik/absences/a`, { reason: 'tidak hadir' });
      expect([record.status, record.body.code]).toEqual([409, 'absence.after_publication']);
      const res = await withdraw('d', { reason: REASON }).expect(200);
      expect(res.body).toMatchObject({ body: 'd', stage: 'uji-publik', reason: 'tidak hadir pada jadwal presentasi', withdrawnBy: ADMIN.username, withdrawReason: REASON });
      expect(await dAbsent()).toBe(false);
      const [entry] = (await audit()).filter((e) => e.action === 'panel.absence.withdraw');
      expect(entry).toMatchObject({
        actor: ADMIN.username, body: 'd', subject: 'absence uji-publik d',
        before: { reason: 'tidak hadir pada jadwal presentasi', recordedBy: ADMIN.username, recordedAt: new Date(WHEN.panel).toISOString() },
        after: { reason: REASON },
      });
      // no longer 0 for the stage: incomplete until its jurors submit, so no publication yet
      expect((await compute()).d).toMatchObject({ final: null, status: 'incomplete' });
      expect((await publish(5, 'SK 56')).body.code).toBe('publication.incomplete');
    });

    it('d\'s jurors score it inside its extension; version 5 publishes d at 67.30', async () => {
      await admin().post(`${E}/extensions`, { stage: 'uji-publik', body: 'd', until: '2025-12-15T23:59:59+08:00', reason: 'Presentasi dijadwalkan ulang' }).expect(201);
      for (const [name, score] of [['juri1', 70], ['juri2', 80]] as const) {
        await juror(name).put(`${E}/panels/uji-publik/scores/d`, { scores: { K: score, I: score, S: score } }).expect(200);
        await juror(name).post(`${E}/panels/uji-publik/scores/d/submit`).expect(200);
      }
      // 0.7 × 64 + 0.3 × 75 = 67.3
      expect((await compute()).d).toMatchObject({ final: 67.3, rank: 2, status: 'complete' });
      await publish(5, 'SK 56: badan publik D hadir').expect(201);
      expect(await publicResults()).toEqual({ a: { final: 69.81, rank: 1 }, d: { final: 67.3, rank: 2 }, b: { final: 52, rank: 3 }, c: { final: 0, rank: 4 } });
    });
  });

  it('every reopening is in the audit with its reason, and every version after the first says why', async () => {
    const reopenings = (await audit()).filter((e) => ['verification.reopen', 'panel.sheet.reopen', 'panel.absence.withdraw'].includes(e.action));
    expect(reopenings.map((e) => [e.action, e.subject, e.actor, typeof e.after?.reason === 'string' && (e.after.reason as string).length > 0])).toEqual([
      ['verification.reopen', 'verification a', ADMIN.username, true],
      ['verification.reopen', 'verification b', ADMIN.username, true],
      ['panel.sheet.reopen', 'sheet uji-publik a juri1', ADMIN.username, true],
      ['panel.absence.withdraw', 'absence uji-publik d', ADMIN.username, true],
    ]);
    const versions = (await t.http().get(`/api/public/editions/${c.edition}/publications`).expect(200)).body;
    expect(versions.map((p: { version: number; reason: string | null; superseded: boolean }) => [p.version, p.reason !== null, p.superseded]).sort()).toEqual([
      [1, false, true], [2, true, true], [3, true, true], [4, true, true], [5, true, false],
    ]);
  });
});
