import { DataSource } from 'typeorm';
import { ADMIN, startApp, TestApp } from './support/app';
import { as, PASSWORD, yamlFile } from './support/contoh';

const BODIES = 50;
const JURORS = 20;

/**
 * The deadline rush: many bodies saving answers and jurors submitting sheets at the same moment.
 * Every write lands, none fails with SQLITE_BUSY or "transaction within a transaction".
 */
describe('concurrent writers', () => {
  let t: TestApp;
  const bodyCodes = Array.from({ length: BODIES }, (_, i) => `bp-${String(i + 1).padStart(2, '0')}`);
  const jurors = Array.from({ length: JURORS }, (_, i) => `juri-${String(i + 1).padStart(2, '0')}`);
  const tokens: Record<string, string> = {};
  const timings: string[] = [];

  beforeAll(async () => {
    t = await startApp('concurrency', '2025-06-01T09:00:00+08:00');
    const admin = as(t.http, await t.login(ADMIN.username, ADMIN.password));
    await admin.post('/api/commissions', { code: 'ki-rush', name: 'Komisi Informasi Rush' }).expect(201);
    await admin.post('/api/instruments', yamlFile('instruments', 'saq-contoh.yaml')).expect(201);
    await admin.post('/api/instruments', yamlFile('instruments', 'rubrik-uji-publik-contoh.yaml')).expect(201);
    await admin.post('/api/commissions/ki-rush/bodies', bodyCodes.map((code) => ({ code, name: `Badan Publik ${code}`, category: 'opd' }))).expect(201);
    const window = { opens: '2025-05-01T00:00:00+08:00', closes: '2025-08-31T23:59:59+08:00' };
    // a questionnaire edition, and a panel-only edition (a panel first is reached by every participant)
    await admin.post('/api/editions', {
      code: 'rush-saq', commission: 'ki-rush', year: 2025, title: 'SAQ', categories: [{ code: 'opd', name: 'OPD' }],
      stages: [{ code: 'saq', kind: 'questionnaire', instrument: { id: 'saq-contoh', version: 1 }, weight: 100, window }],
    }).expect(201);
    await admin.post('/api/editions', {
      code: 'rush-panel', commission: 'ki-rush', year: 2025, title: 'Presentasi', categories: [{ code: 'opd', name: 'OPD' }],
      stages: [{ code: 'presentasi', kind: 'panel', instrument: { id: 'rubrik-uji-publik-contoh', version: 1 }, weight: 100, window, minAssessors: 1, aggregate: 'mean' }],
    }).expect(201);
    await admin.post('/api/editions/rush-saq/participants', { bodies: bodyCodes }).expect(201);
    await admin.post('/api/editions/rush-panel/participants', { bodies: bodyCodes.slice(0, JURORS) }).expect(201);
    const started = Date.now();
    await Promise.all([
      ...bodyCodes.map((body) => admin.post('/api/users', { username: `ppid-${body}`, password: PASSWORD, role: 'body', commission: 'ki-rush', body }).expect(201)),
      ...jurors.map((username) => admin.post('/api/users', { username, password: PASSWORD, role: 'juror', commission: 'ki-rush' }).expect(201)),
    ]);
    timings.push(`${BODIES + JURORS} users created in parallel: ${Date.now() - started} ms`);
    await admin.post('/api/editions/rush-panel/assignments', jurors.map((username, i) => ({ stage: 'presentasi', username, body: bodyCodes[i] }))).expect(201);
    const loggedIn = Date.now();
    await Promise.all([...bodyCodes.map((b) => `ppid-${b}`), ...jurors].map(async (u) => (tokens[u] = await t.login(u, PASSWORD))));
    timings.push(`${BODIES + JURORS} logins in parallel: ${Date.now() - loggedIn} ms`);
  });

  afterAll(async () => {
    process.stdout.write(`concurrency timings (${t.db.kind}):\n  ${timings.join('\n  ')}\n`);
    await t.close();
  });

  it(`${BODIES} bodies saving answers at once all land`, async () => {
    const started = Date.now();
    const responses = await Promise.all(
      bodyCodes.map((body, i) =>
        as(t.http, tokens[`ppid-${body}`]).put(`/api/editions/rush-saq/saq/${body}/answers/1.3`, { value: i % 2 ? ['profil'] : ['laporan-keuangan', 'laporan-kinerja'] }),
      ),
    );
    timings.push(`${BODIES} parallel answer saves: ${Date.now() - started} ms`);
    expect(responses.map((r) => r.status)).toEqual(bodyCodes.map(() => 200));
    const db = t.app.get(DataSource);
    const [answers] = await db.query(`SELECT COUNT(*) AS n FROM answer a JOIN saq_response r ON r.id = a."responseId" JOIN edition e ON e.id = r."editionId" WHERE e.code = 'rush-saq'`);
    expect(Number(answers.n)).toBe(BODIES);
    const [audit] = await db.query(`SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'answer.save'`);
    expect(Number(audit.n)).toBe(BODIES);
  });

  it('one body saving the same question ten times at once (double clicks) keeps one answer and ten audit entries', async () => {
    const body = bodyCodes[0];
    const client = as(t.http, tokens[`ppid-${body}`]);
    const values = ['tidak-ada', 'situs', 'situs-aplikasi'];
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => client.put(`/api/editions/rush-saq/saq/${body}/answers/1.2`, { value: values[i % 3] })));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const db = t.app.get(DataSource);
    const rows = await db.query(`SELECT a.value FROM answer a JOIN saq_response r ON r.id = a."responseId" JOIN body b ON b.id = r."bodyId" WHERE b.code = '${body}' AND a."questionCode" = '1.2'`);
    expect(rows).toHaveLength(1);
    expect(values).toContain(JSON.parse(rows[0].value));
    const [audit] = await db.query(`SELECT COUNT(*) AS n FROM audit_entry WHERE subject = 'answer saq 1.2' AND "bodyCode" = '${body}'`);
    expect(Number(audit.n)).toBe(10);
  });

  it(`${BODIES} bodies saving answers and submitting while ${JURORS} jurors submit sheets: everything lands`, async () => {
    const drafts = await Promise.all(
      jurors.map((j, i) => as(t.http, tokens[j]).put(`/api/editions/rush-panel/panels/presentasi/scores/${bodyCodes[i]}`, { scores: { K: 80, I: 70 + i, S: 90 } })),
    );
    expect(drafts.map((r) => r.status)).toEqual(jurors.map(() => 200));
    const started = Date.now();
    const burst = await Promise.all([
      ...jurors.map((j, i) => as(t.http, tokens[j]).post(`/api/editions/rush-panel/panels/presentasi/scores/${bodyCodes[i]}/submit`)),
      ...bodyCodes.map((body) => as(t.http, tokens[`ppid-${body}`]).put(`/api/editions/rush-saq/saq/${body}/answers/2.1`, { value: true })),
    ]);
    timings.push(`${JURORS} parallel sheet submissions + ${BODIES} answer saves: ${Date.now() - started} ms`);
    expect(burst.map((r) => r.status)).toEqual([...jurors.map(() => 200), ...bodyCodes.map(() => 200)]);
    const submitted = Date.now();
    const submits = await Promise.all(bodyCodes.map((body) => as(t.http, tokens[`ppid-${body}`]).post(`/api/editions/rush-saq/saq/${body}/submit`)));
    timings.push(`${BODIES} parallel SAQ submissions: ${Date.now() - submitted} ms`);
    expect(submits.map((r) => r.status)).toEqual(bodyCodes.map(() => 200));

    const db = t.app.get(DataSource);
    const [sheets] = await db.query(`SELECT COUNT(*) AS n FROM panel_sheet WHERE status = 'submitted'`);
    expect(Number(sheets.n)).toBe(JURORS);
    const [answers] = await db.query(`SELECT COUNT(*) AS n FROM answer`);
    expect(Number(answers.n)).toBe(2 * BODIES + 1);
    const admin = as(t.http, await t.login(ADMIN.username, ADMIN.password));
    const panel = await admin.post('/api/editions/rush-panel/compute').expect(200);
    expect(panel.body.filter((r: { status: string }) => r.status === 'complete')).toHaveLength(JURORS);
    const saq = await admin.post('/api/editions/rush-saq/compute').expect(200);
    expect(saq.body.every((r: { status: string }) => r.status === 'unverified')).toBe(true);
  });
});
