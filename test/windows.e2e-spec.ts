import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ADMIN, startApp, TestApp } from './support/app';
import { cli } from './support/cli';
import { as, bodyUser, CONTOH, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN, yamlFile } from './support/contoh';

/** Windows and locks, with the clock moved through the edition's calendar (fixtures/contoh, UTC+8). */
describe('windows, extensions and locks', () => {
  let t: TestApp;
  let c: Contoh;
  const E = '/api/editions/contoh-2025';
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const body = (code: string) => as(t.http, c.tokens[bodyUser(code)]);
  const verifier = () => as(t.http, c.tokens[VERIFIER]);
  const juror = (name: string) => as(t.http, c.tokens[name]);

  beforeAll(async () => {
    t = await startApp('windows', WHEN.beforeSaq);
    c = await setUpContoh(t);
  });

  afterAll(() => t.close());

  describe('the SAQ window', () => {
    it('an answer before the window opens is refused', async () => {
      t.clock.set(WHEN.beforeSaq);
      const res = await body('a').put(`${E}/saq/a/answers/1.1`, { value: true, evidence: ['https://ppid.example.go.id/dip'] });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('the window of stage "saq" is not open yet: it opens at 2025-05-01T00:00:00+08:00');
      expect(res.body).toMatchObject({ code: 'window.not_open', text: 'jendela pengisian tahap "saq" belum dibuka: dibuka pada 1 Mei 2025 pukul 00.00 WITA' });
    });

    it('inside the window a body answers and changes its answers; the window counts to its last second', async () => {
      t.clock.set(WHEN.saq);
      await body('a').put(`${E}/saq/a/answers/1.1`, { value: false }).expect(200);
      const saved = await body('a').put(`${E}/saq/a/answers/1.1`, { value: true, evidence: ['https://ppid.example.go.id/dip'] }).expect(200);
      expect(saved.body).toMatchObject({ question: '1.1', value: true, claimedScore: 16, updatedBy: bodyUser('a') });
      t.clock.set('2025-08-31T23:59:59+08:00');
      await body('b').put(`${E}/saq/b/answers/1.1`, { value: true, evidence: ['https://ppid.example.go.id/dip'] }).expect(200);
    });

    it('an answer after the window closes is refused', async () => {
      t.clock.set(WHEN.afterSaq);
      const res = await body('a').put(`${E}/saq/a/answers/1.2`, { value: 'situs' });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('the window of stage "saq" is closed: it closed at 2025-08-31T23:59:59+08:00');
      // the pages show it in Bahasa Indonesia, in the commission's zone (contoh: Samarinda, WITA)
      expect(res.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: 'the window of stage "saq" is closed: it closed at 2025-08-31T23:59:59+08:00',
        code: 'window.closed',
        text: 'jendela pengisian tahap "saq" sudah ditutup pada 31 Agustus 2025 pukul 23.59 WITA',
      });
      expect((await body('a').post(`${E}/saq/a/submit`)).body).toMatchObject({ statusCode: 409, code: 'window.closed' });
    });

    it('an extension lets one body answer after the window closes, and only that body', async () => {
      const granted = await admin().post(`${E}/extensions`, { stage: 'saq', body: 'b', until: '2025-09-05T23:59:59+08:00', reason: 'Server PPID terdampak banjir' });
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({ stage: 'saq', body: 'b', until: '2025-09-05T23:59:59+08:00', grantedBy: ADMIN.username });
      await body('b').put(`${E}/saq/b/answers/1.2`, { value: 'situs' }).expect(200);
      expect((await body('a').put(`${E}/saq/a/answers/1.2`, { value: 'situs' })).status).toBe(409);
      const view = await body('b').get(`${E}/saq/b`).expect(200);
      expect(view.body.window).toMatchObject({ open: true, extendedUntil: '2025-09-05T23:59:59+08:00' });
      t.clock.set('2025-09-06T00:00:00+08:00');
      const late = await body('b').put(`${E}/saq/b/answers/1.3`, { value: [] });
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/extension for this body until 2025-09-05T23:59:59\+08:00/);
    });

    it('an extension must end after the window and carry a reason', async () => {
      const early = await admin().post(`${E}/extensions`, { stage: 'saq', body: 'b', until: '2025-08-01T00:00:00+08:00', reason: 'banjir' });
      expect(early.status).toBe(400);
      expect(early.body.message).toBe('until: must be after the window closes (2025-08-31T23:59:59+08:00)');
      const noReason = await admin().post(`${E}/extensions`, { stage: 'saq', body: 'b', until: '2025-09-09T00:00:00+08:00' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.message).toMatch(/^reason: /);
    });

    it('the admin moves the window; the move is audited with the windows before and after', async () => {
      const moved = await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-05-01T00:00:00+08:00', closes: '2025-09-10T23:59:59+08:00' } });
      expect(moved.status).toBe(200);
      expect(moved.body.window).toEqual({ opens: '2025-05-01T00:00:00+08:00', closes: '2025-09-10T23:59:59+08:00' });
      await body('a').put(`${E}/saq/a/answers/1.2`, { value: 'situs' }).expect(200);
      const audit = await admin().get(`${E}/audit`).expect(200);
      const entry = audit.body.find((e: { action: string }) => e.action === 'stage.windows');
      expect(entry).toMatchObject({
        actor: ADMIN.username,
        before: { window: { closes: '2025-08-31T23:59:59+08:00' } },
        after: { window: { closes: '2025-09-10T23:59:59+08:00' } },
      });
      const extension = audit.body.find((e: { action: string }) => e.action === 'extension.grant');
      expect(extension).toMatchObject({ body: 'b', before: null, after: { until: '2025-09-05T23:59:59+08:00', reason: 'Server PPID terdampak banjir' } });
    });

    it('windows are checked: closes after opens, real instants, verification windows only on questionnaire stages', async () => {
      const backwards = await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-09-01T00:00:00+08:00', closes: '2025-08-01T00:00:00+08:00' } });
      expect(backwards.status).toBe(400);
      expect(backwards.body.message).toBe('window.closes: must be after opens (2025-09-01T00:00:00+08:00)');
      const noOffset = await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-09-01 00:00', closes: '2025-09-02T00:00:00Z' } });
      expect(noOffset.status).toBe(400);
      expect(noOffset.body.message).toBe('window.opens: "2025-09-01 00:00" is not an RFC 3339 instant: write it as 2025-08-31T23:59:59+08:00 or 2025-08-31T15:59:59.123456Z (with seconds, at most 9 fractional digits, and Z or an offset ±hh:mm)');
      const panel = await admin().patch(`${E}/stages/uji-publik`, { verificationWindow: { opens: '2025-09-01T00:00:00Z', closes: '2025-09-02T00:00:00Z' } });
      expect(panel.status).toBe(400);
      expect(panel.body.message).toBe('verificationWindow: a panel stage has no verification window');
    });

    it('a submitted SAQ is locked', async () => {
      await body('a').put(`${E}/saq/a/answers/1.3`, { value: ['laporan-keuangan', 'profil'] }).expect(200);
      await body('a').put(`${E}/saq/a/answers/2.1`, { value: true }).expect(200);
      const submitted = await body('a').post(`${E}/saq/a/submit`).expect(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', claimedScore: expect.any(Number) });
      const again = await body('a').post(`${E}/saq/a/submit`);
      expect(again.status).toBe(409);
      const change = await body('a').put(`${E}/saq/a/answers/2.1`, { value: false });
      expect(change.status).toBe(409);
      expect(change.body.message).toMatch(/^the questionnaire of body "a" was submitted at .*; it is locked$/);
      const view = await body('a').get(`${E}/saq/a`).expect(200);
      expect(view.body.answers['2.1'].value).toBe(true);
      await body('b').post(`${E}/saq/b/submit`).expect(200);
    });

    it('a body with nothing answered cannot submit', async () => {
      const res = await body('c').post(`${E}/saq/c/submit`);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/answer at least one question/);
    });
  });

  describe('verification', () => {
    it('is refused before its window opens', async () => {
      t.clock.set('2025-08-31T12:00:00+08:00');
      const res = await verifier().put(`${E}/verification/a/answers/1.1`, { decision: 'accept' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/verification window of stage "saq" is not open yet/);
    });

    it('is refused for a SAQ that was never submitted', async () => {
      t.clock.set(WHEN.verification);
      const res = await verifier().put(`${E}/verification/c/answers/1.1`, { decision: 'accept' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/has not submitted/);
    });

    it('decisions may change until verification is completed, then they are locked', async () => {
      await verifier().put(`${E}/verification/a/answers/1.1`, { decision: 'reject', note: 'DIP kedaluwarsa' }).expect(200);
      await verifier().put(`${E}/verification/a/answers/1.1`, { decision: 'accept' }).expect(200);
      await verifier().put(`${E}/verification/a/answers/1.2`, { decision: 'reject', note: 'tidak ditemukan' }).expect(200);
      const done = await verifier().post(`${E}/verification/a/complete`).expect(200);
      expect(done.body).toMatchObject({ body: 'a', stage: 'saq', verifiedScore: expect.any(Number) });
      const late = await verifier().put(`${E}/verification/a/answers/1.2`, { decision: 'reject' });
      expect(late.status).toBe(409);
      expect((await verifier().post(`${E}/verification/a/complete`)).status).toBe(409);
      const audit = await admin().get(`${E}/audit?body=a`).expect(200);
      const decisions = audit.body.filter((e: { action: string; subject: string }) => e.action === 'decision.save' && e.subject === 'decision saq 1.1');
      expect(decisions.map((e: { before: unknown; after: unknown }) => [e.before, e.after])).toEqual([
        [null, { decision: 'reject', value: null, note: 'DIP kedaluwarsa' }],
        [{ decision: 'reject', value: null, note: 'DIP kedaluwarsa' }, { decision: 'accept', value: null, note: null }],
      ]);
    });

    it('is refused after its window closes', async () => {
      t.clock.set('2025-10-01T00:00:00+08:00');
      const res = await verifier().put(`${E}/verification/b/answers/1.1`, { decision: 'accept' });
      expect(res.status).toBe(409);
    });
  });

  describe('objections', () => {
    it('are refused before verification of the body is complete', async () => {
      t.clock.set(WHEN.objection);
      const res = await body('b').post(`${E}/objections`, { body: 'b', question: '1.1', reason: 'keberatan' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/objections open after it/);
    });

    it('are taken inside the objection window, one pending per question, ruled once', async () => {
      const first = await body('a').post(`${E}/objections`, { body: 'a', question: '1.2', reason: 'Pengumuman ada di situs' });
      expect(first.status).toBe(201);
      expect((await body('a').post(`${E}/objections`, { body: 'a', question: '1.2', reason: 'lagi' })).status).toBe(409);
      const ruled = await verifier().put(`${E}/objections/${first.body.id}`, { decision: 'upheld', note: 'diterima' });
      expect(ruled.status).toBe(200);
      const again = await verifier().put(`${E}/objections/${first.body.id}`, { decision: 'rejected', note: 'berubah pikiran' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/already ruled upheld/);
      expect((await verifier().put(`${E}/objections/999999`, { decision: 'rejected', note: 'x' })).status).toBe(404);
    });

    it('are refused after the objection window closes', async () => {
      t.clock.set(WHEN.afterObjection);
      const res = await body('a').post(`${E}/objections`, { body: 'a', question: '1.2', reason: 'keberatan' });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('the objection window of stage "saq" is closed: it closed at 2025-10-07T23:59:59+08:00');
      expect(res.body).toMatchObject({ code: 'window.closed', text: 'masa sanggah tahap "saq" sudah ditutup pada 7 Oktober 2025 pukul 23.59 WITA' });
    });
  });

  describe('panel sheets', () => {
    beforeAll(async () => {
      await admin().post('/api/users', { username: 'juri-b', password: PASSWORD, role: 'juror', commission: 'ki-contoh' }).expect(201);
      await admin().post(`${E}/assignments`, [{ stage: 'uji-publik', username: 'juri-b', body: 'b' }]).expect(201);
      c.tokens['juri-b'] = await t.login('juri-b', PASSWORD);
    });

    it('wait for the computed results that say who reached the stage', async () => {
      t.clock.set(WHEN.panel);
      const res = await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80 } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/the admin computes the results first/);
    });

    it('are refused for a body that did not reach the stage', async () => {
      const results = await admin().post(`${E}/compute`).expect(200);
      const reached = Object.fromEntries(results.body.map((r: { body: string; stages: Record<string, number | null> }) => [r.body, r.stages]));
      expect(reached.b.saq).toBe(28);
      const res = await juror('juri-b').put(`${E}/panels/uji-publik/scores/b`, { scores: { K: 80 } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^body "b" did not reach stage "uji-publik" \(score before it 28, gate 60\), as of the results computed at /);
      expect((await admin().post(`${E}/panels/uji-publik/absences/b`, { reason: 'tidak lolos' })).status).toBe(409);
    });

    it('are refused outside the panel window', async () => {
      t.clock.set('2025-10-31T23:59:59+08:00');
      const early = await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80 } });
      expect(early.status).toBe(409);
      expect(early.body.message).toMatch(/window of stage "uji-publik" is not open yet/);
      t.clock.set(WHEN.afterPanel);
      expect((await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80 } })).status).toBe(409);
      expect((await juror('juri3').post(`${E}/panels/uji-publik/recusals/a`, { reason: 'konflik' })).status).toBe(409);
      t.clock.set(WHEN.panel);
    });

    it('a draft can change; a submitted sheet is locked; an incomplete sheet cannot be submitted', async () => {
      await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80 } }).expect(200);
      const incomplete = await juror('juri1').post(`${E}/panels/uji-publik/scores/a/submit`);
      expect(incomplete.status).toBe(409);
      expect(incomplete.body.message).toBe('the sheet is incomplete: scores.I: required on a submitted sheet; scores.S: required on a submitted sheet');
      const draft = await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80, I: 70, S: 90 }, comment: 'baik' }).expect(200);
      expect(draft.body).toMatchObject({ status: 'draft', total: 79, submittedAt: null });
      const submitted = await juror('juri1').post(`${E}/panels/uji-publik/scores/a/submit`).expect(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', total: 79 });
      const change = await juror('juri1').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 100, I: 100, S: 100 } });
      expect(change.status).toBe(409);
      expect(change.body.message).toMatch(/it is locked$/);
      expect((await juror('juri1').post(`${E}/panels/uji-publik/scores/a/submit`)).status).toBe(409);
      expect((await juror('juri1').post(`${E}/panels/uji-publik/recusals/a`, { reason: 'konflik' })).status).toBe(409);
      const own = await juror('juri1').get(`${E}/panels/uji-publik/scores/a`).expect(200);
      expect(own.body.sheets[0].scores).toEqual({ K: 80, I: 70, S: 90 });
    });

    it('there is nothing to submit without a draft; a recused juror can no longer score', async () => {
      const nothing = await juror('juri2').post(`${E}/panels/uji-publik/scores/a/submit`);
      expect(nothing.status).toBe(409);
      expect(nothing.body.message).toBe('there is no draft sheet for body "a" to submit; save a draft of the scores first');
      await juror('juri3').post(`${E}/panels/uji-publik/recusals/a`, { reason: 'konflik kepentingan' }).expect(201);
      const res = await juror('juri3').put(`${E}/panels/uji-publik/scores/a`, { scores: { K: 80 } });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('juri3 recused from body "a" in stage "uji-publik"');
    });

    it('an absence is refused once a sheet of the body is submitted (test/rules.e2e-spec.ts records and withdraws one)', async () => {
      const absent = await admin().post(`${E}/panels/uji-publik/absences/a`, { reason: 'tidak hadir' });
      expect(absent.status).toBe(409);
      expect(absent.body.message).toMatch(/submitted score sheets .*\(juri1\)/);
    });

    it('sheet changes are audited', async () => {
      const audit = await admin().get(`${E}/audit?body=a`).expect(200);
      const sheets = audit.body.filter((e: { subject: string }) => e.subject === 'sheet uji-publik juri1');
      expect(sheets.map((e: { action: string }) => e.action)).toEqual(['sheet.draft', 'sheet.draft', 'sheet.submit']);
      expect(sheets[1]).toMatchObject({ actor: 'juri1', before: { status: 'draft', scores: { K: 80 } }, after: { status: 'draft', scores: { K: 80, I: 70, S: 90 }, comment: 'baik' } });
    });
  });

  describe('instants: one rule for HTTP and files (SPEC §16)', () => {
    /** 2025-08-31T23:59:59.123456+08:00, as Python's isoformat() and Java's Instant.toString() print instants */
    const PRECISE = '2025-08-31T15:59:59.123456Z';
    const REFUSED: [string, string][] = [
      ['2025-02-30T00:00:00+08:00', '"2025-02-30T00:00:00+08:00" is not an RFC 3339 instant: 2025 has no 30 February'],
      ['2025-08-31T24:00:00+08:00', '"2025-08-31T24:00:00+08:00" is not an RFC 3339 instant: the hours run from 00 to 23 (24:00 is 00:00:00 of the next day)'],
    ];
    const answer = () => body('c').put(`${E}/saq/c/answers/1.1`, { value: true, evidence: ['https://ppid.example.go.id/dip'] });

    it('a window moved to a microsecond instant is stored as given and decides to that instant', async () => {
      const moved = await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-05-01T00:00:00+08:00', closes: PRECISE } });
      expect(moved.status).toBe(200);
      expect(moved.body.window).toEqual({ opens: '2025-05-01T00:00:00+08:00', closes: PRECISE });
      t.clock.set('2025-08-31T15:59:59.123Z');
      await answer().expect(200);
      t.clock.set('2025-08-31T15:59:59.124Z');
      const late = await answer();
      expect(late.status).toBe(409);
      expect(late.body.message).toBe(`the window of stage "saq" is closed: it closed at ${PRECISE}`);
    });

    it('an extension until a nanosecond instant is granted and counts to that instant', async () => {
      const until = '2025-09-07T15:59:59.123456789Z';
      const granted = await admin().post(`${E}/extensions`, { stage: 'saq', body: 'c', until, reason: 'Server PPID terdampak banjir' });
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({ stage: 'saq', body: 'c', until });
      t.clock.set('2025-09-07T15:59:59.123Z');
      await answer().expect(200);
      t.clock.set('2025-09-07T15:59:59.124Z');
      const late = await answer();
      expect(late.status).toBe(409);
      expect(late.body.message).toBe(`the window of stage "saq" is closed: it closed at ${PRECISE} (extension for this body until ${until})`);
    });

    it('an edition posted with fractional instants keeps them as given', async () => {
      const definition = yamlFile('edition.yaml');
      definition.code = 'contoh-2025-presisi';
      definition.stages[0].window = { opens: '2025-05-01T00:00:00.5+08:00', closes: PRECISE };
      const created = await admin().post('/api/editions', definition);
      expect(created.status).toBe(201);
      expect(created.body.stages[0].window).toEqual({ opens: '2025-05-01T00:00:00.5+08:00', closes: PRECISE });
    });

    it('closes must come after opens to the nanosecond, beyond the millisecond', async () => {
      const res = await admin().patch(`${E}/stages/saq`, { objectionWindow: { opens: '2025-10-01T00:00:00.1234567Z', closes: '2025-10-01T00:00:00.1234566Z' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('objectionWindow.closes: must be after opens (2025-10-01T00:00:00.1234567Z)');
    });

    it.each(REFUSED)('%s is refused with the same message by PATCH stages, POST extensions and POST editions', async (instant, message) => {
      const moved = await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-01-01T00:00:00+08:00', closes: instant } });
      expect([moved.status, moved.body.message]).toEqual([400, `window.closes: ${message}`]);
      const extended = await admin().post(`${E}/extensions`, { stage: 'saq', body: 'c', until: instant, reason: 'Server PPID terdampak banjir' });
      expect([extended.status, extended.body.message]).toEqual([400, `until: ${message}`]);
      const definition = yamlFile('edition.yaml');
      definition.code = 'contoh-2025-salah';
      definition.stages[0].window.closes = instant;
      const created = await admin().post('/api/editions', definition);
      expect([created.status, created.body.message]).toEqual([400, `stages[0].window.closes: ${message}`]);
    });

    it('and with the same message by `validate` on a fixture folder', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'monev-instants-'));
      try {
        const fixture = join(dir, 'contoh');
        cpSync(CONTOH, fixture, { recursive: true });
        const definition = yamlFile('edition.yaml');
        definition.stages[0].window.closes = REFUSED[0][0];
        definition.stages[1].window.closes = REFUSED[1][0];
        writeFileSync(join(fixture, 'edition.yaml'), JSON.stringify(definition, null, 2));
        const run = await cli(join(dir, 'unused.sqlite'), 'validate', fixture);
        expect(run.code).toBe(1);
        const issues = run.stderr.split('\n').filter((line) => line.startsWith('contoh/edition.yaml:'));
        expect(issues.map((line) => line.replace(/^contoh\/edition\.yaml:\d+: /, ''))).toEqual([
          `stages[0].window.closes: ${REFUSED[0][1]}`,
          `stages[1].window.closes: ${REFUSED[1][1]}`,
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('login expiry follows the clock', () => {
    it('a token is refused once it has expired', async () => {
      const start = t.clock.now();
      t.clock.set(new Date(start.getTime() + 367 * 24 * 3600 * 1000));
      const res = await admin().get('/api/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('the login has expired; log in again');
      t.clock.set(start);
    });
  });
});
