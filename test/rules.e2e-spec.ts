import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { ADMIN, startApp, TestApp } from './support/app';
import { answerSaq, as, bodyUser, Contoh, setUpContoh, verify, VERIFIER, WHEN } from './support/contoh';

/**
 * Issue 12, finding 6 — the rules with holes (SPEC §15, §16 "Panels and objections",
 * "Compute"), read like the findings. Body a reaches the panel stage (verified 60, gate 60); b
 * does not, and keeps one objection pending until the publication test.
 */
describe('the rules with holes (issue 12, finding 6)', () => {
  let t: TestApp;
  let c: Contoh;
  let E: string;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const juror = (name: string) => as(t.http, c.tokens[name]);
  const body = (code: string) => as(t.http, c.tokens[bodyUser(code)]);
  const sheet = (name: string, scores: Record<string, number>) => juror(name).put(`${E}/panels/uji-publik/scores/a`, { scores });
  const recordAbsence = (reason = 'tidak hadir pada jadwal presentasi') => admin().post(`${E}/panels/uji-publik/absences/a`, { reason });
  const withdrawAbsence = (reason?: string) =>
    t.http().delete(`${E}/panels/uji-publik/absences/a`).set('Authorization', `Bearer ${c.tokens[ADMIN.username]}`).send(reason === undefined ? {} : { reason });
  const panelScoreOfA = async (): Promise<number | null> =>
    (await admin().post(`${E}/compute`).expect(200)).body.find((r: { body: string }) => r.body === 'a').stages['uji-publik'];
  let pendingObjection: number;

  beforeAll(async () => {
    t = await startApp('rules', WHEN.beforeSaq);
    c = await setUpContoh(t);
    E = `/api/editions/${c.edition}`;
    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    t.clock.set(WHEN.verification);
    // b's 1.1 is rejected, so b may object to it (and leaves its objection pending)
    await as(t.http, c.tokens[VERIFIER]).put(`${E}/verification/b/answers/1.1`, { decision: 'reject', note: 'DIP tidak ditemukan' }).expect(200);
    await verify(t, c);
  }, 120_000);

  afterAll(() => t.close());

  it('storing an instrument writes an audit entry', async () => {
    const entries = await t.app.get(DataSource).manager.find(AuditEntry, { where: { action: 'instrument.store' }, order: { id: 'ASC' } });
    expect(entries.map((e) => [e.actor, e.editionId, e.bodyCode, e.subject])).toEqual([
      [ADMIN.username, null, null, 'instrument rubrik-uji-publik-contoh version 1'],
      [ADMIN.username, null, null, 'instrument saq-contoh version 1'],
    ]);
    expect(entries[1].after).toMatchObject({ id: 'saq-contoh', version: 1, kind: 'questionnaire', hash: expect.any(String), source: 'request body' });
    // the same content again stores nothing and writes nothing
    const again = await admin().get('/api/instruments/saq-contoh/1').expect(200);
    await admin().post('/api/instruments', again.body).expect(200);
    expect(await t.app.get(DataSource).manager.count(AuditEntry, { where: { action: 'instrument.store' } })).toBe(2);
  });

  describe('objections', () => {
    it('an objection on an accepted answer is refused', async () => {
      t.clock.set(WHEN.objection);
      const res = await body('a').post(`${E}/objections`, { body: 'a', question: '1.1', reason: 'DIP mutakhir tersedia' });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('the answer to question 1.1 of body "a" was accepted in verification; an objection is made against a rejected or corrected answer only');
    });

    it('a rejected objection cannot be filed again', async () => {
      const first = await body('a').post(`${E}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan ada di situs' }).expect(201);
      await as(t.http, c.tokens[VERIFIER]).put(`${E}/objections/${first.body.id}`, { decision: 'rejected', note: 'Tidak ditemukan' }).expect(200);
      const again = await body('a').post(`${E}/objections`, { body: 'a', question: '1.3', reason: 'Coba lagi: profil ada' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(new RegExp(`^objection ${first.body.id} on question 1.3 of body "a" was rejected at .* by ${VERIFIER}; a rejected objection is final for that question$`));
      const listed = await admin().get(`${E}/objections?body=a`).expect(200);
      expect(listed.body.map((o: { status: string }) => o.status)).toEqual(['rejected']);
    });

    it('b objects to its rejected 1.1 and is left waiting for a ruling', async () => {
      pendingObjection = (await body('b').post(`${E}/objections`, { body: 'b', question: '1.1', reason: 'DIP ada di situs' }).expect(201)).body.id;
    });
  });

  describe('absences', () => {
    it('an absence before the panel window is refused', async () => {
      t.clock.set(WHEN.afterObjection);
      await admin().post(`${E}/compute`).expect(200); // who reaches uji-publik: a
      const res = await recordAbsence();
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^the window of stage "uji-publik" is not open yet/);
    });

    it('an absence is withdrawn with a reason', async () => {
      t.clock.set(WHEN.panel);
      await recordAbsence().expect(201);
      expect(await panelScoreOfA()).toBe(0);
      expect((await sheet('juri1', { K: 80 })).status).toBe(409);
      expect((await withdrawAbsence()).status).toBe(400);
      const withdrawn = await withdrawAbsence('Salah catat: badan publik hadir');
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ body: 'a', stage: 'uji-publik', reason: 'tidak hadir pada jadwal presentasi', withdrawnBy: ADMIN.username, withdrawReason: 'Salah catat: badan publik hadir' });
      expect(await panelScoreOfA()).toBeNull(); // no sheets yet: the panel is incomplete, no longer 0
      await sheet('juri1', { K: 80 }).expect(200);
      const none = await withdrawAbsence('lagi');
      expect(none.status).toBe(409);
      expect(none.body.message).toBe('body "a" is not recorded absent from stage "uji-publik": there is no absence to withdraw');
      const audit = (await admin().get(`${E}/audit?body=a`).expect(200)).body.filter((e: { subject: string }) => e.subject.startsWith('absence uji-publik'));
      expect(audit.map((e: { action: string; subject: string; before: unknown; after: unknown }) => [e.action, e.subject, e.before, e.after])).toEqual([
        ['absence.record', 'absence uji-publik', null, { reason: 'tidak hadir pada jadwal presentasi' }],
        [
          'panel.absence.withdraw', 'absence uji-publik a',
          { reason: 'tidak hadir pada jadwal presentasi', recordedBy: ADMIN.username, recordedAt: new Date(WHEN.panel).toISOString() }, { reason: 'Salah catat: badan publik hadir' },
        ],
      ]);
    });

    it('an absence after the panel window is refused (inside the body\'s extension it is recorded)', async () => {
      t.clock.set(WHEN.afterPanel);
      const late = await recordAbsence();
      expect(late.status).toBe(409);
      expect(late.body.message).toBe('the window of stage "uji-publik" is closed: it closed at 2025-11-30T23:59:59+08:00');
      await admin().post(`${E}/extensions`, { stage: 'uji-publik', body: 'a', until: '2025-12-05T23:59:59+08:00', reason: 'Jadwal presentasi diundur' }).expect(201);
      await recordAbsence().expect(201);
      await withdrawAbsence('Presentasi tetap dijadwalkan').expect(200);
    });

    it('an absence over submitted sheets is refused', async () => {
      t.clock.set(WHEN.panel);
      await sheet('juri1', { K: 80, I: 70, S: 90 }).expect(200);
      await juror('juri1').post(`${E}/panels/uji-publik/scores/a/submit`).expect(200);
      await sheet('juri2', { K: 85, I: 75, S: 80 }).expect(200);
      await juror('juri2').post(`${E}/panels/uji-publik/scores/a/submit`).expect(200);
      const res = await recordAbsence();
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('body "a" has 2 submitted score sheets in stage "uji-publik" (juri1, juri2): it presented, so it cannot be recorded absent');
      expect(await panelScoreOfA()).toBe(79.63);
    });
  });

  it('compute racing sheet saves stores what a fresh compute of the stored facts gives (60 trials)', async () => {
    // juri3 keeps changing its draft (drafts appear in the stored breakdown, uncounted) while the
    // admin computes. The writes have one order — their audit entries' — and the stored results
    // must be those of the facts as they stood when compute committed: with the draft if it came
    // first, without it otherwise.
    const stored = async () => (await admin().get(`${E}/results`).expect(200)).body;
    const latestId = (entries: { id: number; action: string; subject: string }[], action: string, subject?: string) =>
      Math.max(...entries.filter((e) => e.action === action && (subject === undefined || e.subject === subject)).map((e) => e.id));
    await panelScoreOfA();
    let before = await stored();
    const orders = { draftFirst: 0, computeFirst: 0 };
    for (let trial = 1; trial <= 60; trial++) {
      const scores = { K: trial, I: 100 - trial, S: 50 };
      const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const draft = async () => {
        if (trial % 2 === 0) await delay(trial % 5);
        expect((await sheet('juri3', scores)).status).toBe(200);
      };
      const compute = async () => {
        if (trial % 2 === 1) await delay(trial % 5);
        expect((await admin().post(`${E}/compute`)).status).toBe(200);
      };
      await Promise.all([draft(), compute()]);
      const raced = await stored();
      const audit = (await admin().get(`${E}/audit`).expect(200)).body;
      const draftFirst = latestId(audit, 'sheet.draft', 'sheet uji-publik juri3') < latestId(audit, 'compute');
      await panelScoreOfA(); // a fresh compute of the stored facts
      const fresh = await stored();
      orders[draftFirst ? 'draftFirst' : 'computeFirst']++;
      expect({ trial, draftFirst, results: raced }).toEqual({ trial, draftFirst, results: draftFirst ? fresh : before });
      before = fresh;
    }
    expect(orders.draftFirst + orders.computeFirst).toBe(60);
  }, 300_000);

  describe('publication', () => {
    it('no publication while an objection is pending', async () => {
      t.clock.set(WHEN.afterPanel);
      await admin().post(`${E}/compute`).expect(200);
      const refused = await admin().post(`${E}/publications`, { decreeNumber: '1/KI/2025', decreeDate: '2025-12-10' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe(`1 objections wait for a ruling: body "b" question 1.1 (objection ${pendingObjection}); no publication while one is pending`);
      await as(t.http, c.tokens[VERIFIER]).put(`${E}/objections/${pendingObjection}`, { decision: 'rejected', note: 'Tetap tidak ditemukan' }).expect(200);
      await admin().post(`${E}/compute`).expect(200);
      await admin().post(`${E}/publications`, { decreeNumber: '1/KI/2025', decreeDate: '2025-12-10' }).expect(201);
    });

    it('an absence after publication is refused: it needs a correction', async () => {
      const res = await recordAbsence();
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^edition contoh-2025 was published \(version 1, .*\): recording body "a" absent now changes a published result, which needs a correction$/);
    });
  });
});
