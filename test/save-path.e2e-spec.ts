import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { SecretKeys } from '../src/secrets/secret-keys';
import { ADMIN, startApp, TestApp } from './support/app';
import { as, bodyUser, Contoh, setUpContoh, VERIFIER, WHEN } from './support/contoh';

/**
 * The answer save's fast path (one query for the caller, one for the access check, plain
 * statements in the write; prepared statements on SQLite; a prepared JWT key): what it reads is
 * read on every request, so a change counts from the very next save, and it answers and audits
 * as before.
 */
describe('the answer save reads everything afresh', () => {
  let t: TestApp;
  let c: Contoh;
  const E = '/api/editions/contoh-2025';
  const EVIDENCE = ['https://ppid.example.go.id/dip'];
  const admin = () => as(t.http, c.tokens[ADMIN.username]);
  const body = (code: string) => as(t.http, c.tokens[bodyUser(code)]);
  const verifier = () => as(t.http, c.tokens[VERIFIER]);
  const sql = (text: string, values: unknown[]) => t.app.get(DataSource).query(t.db.kind === 'postgres' ? text.replace(/\?/g, (_, i: number, s: string) => `$${s.slice(0, i).split('?').length}`) : text, values);

  beforeAll(async () => {
    t = await startApp('save-path', WHEN.saq);
    c = await setUpContoh(t);
  });

  afterAll(() => t.close());

  it('answers, changes and audits an answer as before: response fields, before and after', async () => {
    const first = await body('c').put(`${E}/saq/c/answers/1.1`, { value: false }).expect(200);
    expect(first.body).toEqual({ question: '1.1', value: false, evidence: [], updatedAt: new Date(WHEN.saq).toISOString(), updatedBy: bodyUser('c'), claimedScore: 0 });
    const second = await body('c').put(`${E}/saq/c/answers/1.1`, { value: true, evidence: EVIDENCE }).expect(200);
    expect(second.body).toEqual({ question: '1.1', value: true, evidence: EVIDENCE, updatedAt: new Date(WHEN.saq).toISOString(), updatedBy: bodyUser('c'), claimedScore: 16 });
    // the claimed score counts every answer as given (2.2 is 2 of indicator 2's 5 points, weight 40),
    // evidence or not: the required-evidence rule is the verifier's
    const bare = await body('c').put(`${E}/saq/c/answers/2.2`, { value: true }).expect(200);
    expect(bare.body.claimedScore).toBe(32);
    const backed = await body('c').put(`${E}/saq/c/answers/2.2`, { value: true, evidence: EVIDENCE }).expect(200);
    expect(backed.body.claimedScore).toBe(32);
    const withdrawn = await body('c').put(`${E}/saq/c/answers/2.2`, { value: false, evidence: EVIDENCE }).expect(200);
    expect(withdrawn.body.claimedScore).toBe(16);
    const view = await body('c').get(`${E}/saq/c`).expect(200);
    expect(view.body.answers['1.1']).toEqual({ value: true, evidence: EVIDENCE, updatedAt: new Date(WHEN.saq).toISOString(), updatedBy: bodyUser('c') });
    expect(view.body.claimedScore).toBe(16);
    const audit = await admin().get(`${E}/audit?body=c`).expect(200);
    const saves = audit.body.filter((e: { action: string; subject: string }) => e.action === 'answer.save' && e.subject === 'answer saq 1.1');
    expect(saves).toEqual([
      expect.objectContaining({ actor: bodyUser('c'), body: 'c', before: null, after: { value: false, evidence: [] } }),
      expect.objectContaining({ actor: bodyUser('c'), body: 'c', before: { value: false, evidence: [] }, after: { value: true, evidence: EVIDENCE } }),
    ]);
    // "before" is the saved question's own row, its evidence included, whatever the other answers hold
    const befores = audit.body.filter((e: { action: string; subject: string }) => e.action === 'answer.save' && e.subject === 'answer saq 2.2').map((e: { before: unknown }) => e.before);
    expect(befores).toEqual([null, { value: true, evidence: [] }, { value: true, evidence: EVIDENCE }]);
  });

  it('refuses as before: unknown question, another body, unknown stage, a panel stage, a verifier, bad values', async () => {
    const unknown = await body('c').put(`${E}/saq/c/answers/9.9`, { value: true });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'question of saq-contoh "9.9" not found']);
    const other = await body('c').put(`${E}/saq/a/answers/1.1`, { value: true });
    expect([other.status, other.body.message]).toEqual([404, 'body "a" not found']);
    const nobody = await body('c').put(`${E}/saq/zz/answers/1.1`, { value: true });
    expect([nobody.status, nobody.body.message]).toEqual([404, 'body "zz" not found']);
    const stage = await body('c').put(`${E}/saq/c/answers/1.1?stage=nope`, { value: true });
    expect([stage.status, stage.body.message]).toEqual([404, 'questionnaire stage "nope" not found']);
    const panel = await body('c').put(`${E}/saq/c/answers/1.1?stage=uji-publik`, { value: true });
    expect([panel.status, panel.body.message]).toEqual([404, 'questionnaire stage "uji-publik" not found']);
    const edition = await body('c').put('/api/editions/nope-2025/saq/c/answers/1.1', { value: true });
    expect([edition.status, edition.body.message]).toEqual([404, 'edition "nope-2025" not found']);
    const role = await verifier().put(`${E}/saq/c/answers/1.1`, { value: true });
    expect([role.status, role.body.message]).toEqual([403, 'a verifier user may not do this (saq.answer; allowed: body)']);
    const value = await body('c').put(`${E}/saq/c/answers/1.1`, { value: 'maybe' });
    expect(value.status).toBe(400);
    // the refusals changed nothing
    const view = await body('c').get(`${E}/saq/c`).expect(200);
    expect(view.body.answers['1.1'].value).toBe(true);
  });

  it('a verifier reads only the bodies assigned to it, and an assignment removed counts at once', async () => {
    await verifier().get(`${E}/saq/c`).expect(200);
    const userId = (await sql('SELECT id FROM "user" WHERE username = ?', [VERIFIER]))[0].id;
    await sql('DELETE FROM assignment WHERE "userId" = ? AND "bodyId" = (SELECT id FROM body WHERE code = ?)', [userId, 'c']);
    const refused = await verifier().get(`${E}/saq/c`);
    expect([refused.status, refused.body.message]).toEqual([403, `${VERIFIER} is not assigned to body "c" in stage "saq"`]);
  });

  it('a window moved shut refuses the next save at once; an extension reopens it for that body only', async () => {
    await body('b').put(`${E}/saq/b/answers/1.1`, { value: true, evidence: EVIDENCE }).expect(200);
    await body('c').put(`${E}/saq/c/answers/2.1`, { value: true }).expect(200);
    await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-05-01T00:00:00+08:00', closes: '2025-05-31T23:59:59+08:00' } }).expect(200);
    const closed = await body('b').put(`${E}/saq/b/answers/1.1`, { value: false });
    expect([closed.status, closed.body.message]).toEqual([409, 'the window of stage "saq" is closed: it closed at 2025-05-31T23:59:59+08:00']);
    await admin().post(`${E}/extensions`, { stage: 'saq', body: 'b', until: '2025-06-30T23:59:59+08:00', reason: 'Gangguan jaringan' }).expect(201);
    await body('b').put(`${E}/saq/b/answers/1.1`, { value: false }).expect(200);
    expect((await body('c').put(`${E}/saq/c/answers/2.1`, { value: false })).status).toBe(409);
    await admin().patch(`${E}/stages/saq`, { window: { opens: '2025-05-01T00:00:00+08:00', closes: '2025-08-31T23:59:59+08:00' } }).expect(200);
    await body('c').put(`${E}/saq/c/answers/2.1`, { value: false }).expect(200);
  });

  it('a submission locks the very next save', async () => {
    await body('b').put(`${E}/saq/b/answers/2.1`, { value: true }).expect(200);
    await body('b').post(`${E}/saq/b/submit`).expect(200);
    const locked = await body('b').put(`${E}/saq/b/answers/2.1`, { value: false });
    expect(locked.status).toBe(409);
    expect(locked.body.message).toMatch(/^the questionnaire of body "b" was submitted at .*; it is locked$/);
  });

  it('an account changed after successful saves counts from the next request: role, body, name', async () => {
    const token = c.tokens[bodyUser('c')];
    await body('c').put(`${E}/saq/c/answers/1.2`, { value: 'situs' }).expect(200);
    const id = (await sql('SELECT id FROM "user" WHERE username = ?', [bodyUser('c')]))[0].id;

    await sql('UPDATE "user" SET role = ? WHERE id = ?', ['verifier', id]);
    const asVerifier = await as(t.http, token).put(`${E}/saq/c/answers/1.2`, { value: 'tidak-ada' });
    expect([asVerifier.status, asVerifier.body.message]).toEqual([403, 'a verifier user may not do this (saq.answer; allowed: body)']);

    await sql('UPDATE "user" SET role = ?, "bodyId" = (SELECT id FROM body WHERE code = ?) WHERE id = ?', ['body', 'a', id]);
    const moved = await as(t.http, token).put(`${E}/saq/c/answers/1.2`, { value: 'tidak-ada' });
    expect([moved.status, moved.body.message]).toEqual([404, 'body "c" not found']);

    await sql('UPDATE "user" SET "bodyId" = (SELECT id FROM body WHERE code = ?), username = ? WHERE id = ?', ['c', 'renamed-ppid-c', id]);
    const renamed = await as(t.http, token).put(`${E}/saq/c/answers/1.2`, { value: 'tidak-ada' });
    expect([renamed.status, renamed.body.message]).toEqual([401, 'the account of this token no longer exists']);

    await sql('UPDATE "user" SET username = ? WHERE id = ?', [bodyUser('c'), id]);
    await as(t.http, token).put(`${E}/saq/c/answers/1.2`, { value: 'tidak-ada' }).expect(200);
    const view = await body('c').get(`${E}/saq/c`).expect(200);
    expect(view.body.answers['1.2'].value).toBe('tidak-ada');
  });

  it('tokens: the same secret verifies (as a string or a prepared key), another secret or an expired token does not', async () => {
    const { sub, username, role, commission, body: own, iat, sid } = jwt.decode(c.tokens[bodyUser('c')]) as jwt.JwtPayload;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const signed = jwt.sign({ sub, username, role, commission, body: own, sid, iat: now }, t.app.get(SecretKeys).jwt, { algorithm: 'HS256', expiresIn: 60 });
    expect(iat).toBeLessThanOrEqual(now);
    await as(t.http, signed).get('/api/auth/me').expect(200);
    const forged = jwt.sign({ sub, username, role, commission, body: own, sid, iat: now }, `${t.app.get(SecretKeys).jwt}-other`, { algorithm: 'HS256', expiresIn: 60 });
    const refused = await as(t.http, forged).get('/api/auth/me');
    expect([refused.status, refused.body.message]).toEqual([401, 'invalid bearer token']);
    const start = t.clock.now();
    try {
      // valid up to its last second, refused from `exp` on — the same token, no cached verdict
      t.clock.set(new Date((now + 59) * 1000));
      await as(t.http, signed).get('/api/auth/me').expect(200);
      t.clock.set(new Date((now + 60) * 1000));
      const expired = await as(t.http, signed).get('/api/auth/me');
      expect([expired.status, expired.body.message]).toEqual([401, 'the login has expired; log in again']);
    } finally {
      t.clock.set(start);
    }
  });

  it('waits for a writer in another process instead of failing, then saves on top of its change', async () => {
    // SQLite: a second connection to the file (as a CLI import beside the server would) holds the
    // write lock with a change not yet committed; PostgreSQL: it holds the body's response row.
    // The save must wait and then succeed: a transaction that read first and asked for the write
    // lock afterwards failed at once with SQLITE_BUSY once the other process had committed.
    const other = await otherProcess(t);
    let settled = false;
    let saving: Promise<{ status: number; body: { value: unknown } }> | null = null;
    try {
      await other.holdLock();
      saving = body('c').put(`${E}/saq/c/answers/1.2`, { value: 'situs' }).then((res) => {
        settled = true;
        return res;
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(settled).toBe(false);
      await other.commit();
      const res = await saving;
      expect([res.status, res.body.value]).toEqual([200, 'situs']);
      expect((await sql('SELECT name FROM body WHERE code = ?', ['c']))[0].name).toBe('Nama diubah proses lain');
    } finally {
      await other.close();
      await saving?.catch(() => undefined);
    }
  });
});

/** Another process's connection to the test database, for the lock test above. */
async function otherProcess(t: TestApp): Promise<{ holdLock(): Promise<void>; commit(): Promise<void>; close(): Promise<void> }> {
  const change = `UPDATE body SET name = 'Nama diubah proses lain' WHERE code = 'c'`;
  if (t.db.kind === 'postgres') {
    const client = new Client({ connectionString: t.db.databaseUrl });
    await client.connect();
    return {
      async holdLock() {
        await client.query('BEGIN');
        await client.query(change);
        await client.query(`SELECT r.id FROM saq_response r JOIN body b ON b.id = r."bodyId" WHERE b.code = 'c' FOR UPDATE`);
      },
      commit: async () => void (await client.query('COMMIT')),
      close: () => client.end(),
    };
  }
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(t.db.dbPath, (error) => (error ? reject(error) : resolve(opened)));
  });
  const run = (text: string) => new Promise<void>((resolve, reject) => db.run(text, (error) => (error ? reject(error) : resolve())));
  return {
    async holdLock() {
      await run('BEGIN IMMEDIATE');
      await run(change);
    },
    commit: () => run('COMMIT'),
    close: () => new Promise<void>((resolve) => db.close(() => resolve())),
  };
}
