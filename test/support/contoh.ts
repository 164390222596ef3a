import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import { ADMIN, TestApp } from './app';

/** The SPEC §5 worked example as files (SPEC §10 layout), driven through HTTP by the right users. */
export const CONTOH = resolve(__dirname, '..', '..', 'fixtures', 'contoh');
export const PASSWORD = 'password-12345';

/** Instants inside (and around) the windows of fixtures/contoh/edition.yaml (UTC+8). */
export const WHEN = {
  beforeSaq: '2025-04-30T23:00:00+08:00',
  saq: '2025-06-01T09:00:00+08:00',
  afterSaq: '2025-09-01T00:00:01+08:00',
  verification: '2025-09-10T09:00:00+08:00',
  objection: '2025-10-03T09:00:00+08:00',
  afterObjection: '2025-10-08T00:00:01+08:00',
  panel: '2025-11-10T09:00:00+08:00',
  afterPanel: '2025-12-01T00:00:01+08:00',
};

// fixture files are free-form data; the tests read the fields they need
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const yamlFile = (...path: string[]): any => parseYaml(readFileSync(join(CONTOH, ...path), 'utf8'));
export const csvFile = (...path: string[]): Record<string, string>[] => parseCsv(readFileSync(join(CONTOH, ...path), 'utf8'), { columns: true, skip_empty_lines: true });

export interface Contoh {
  edition: string;
  commission: string;
  bodies: { code: string; name: string; category: string }[];
  /** bearer tokens by username: admin, verifikator, juri1…, ppid-<body> */
  tokens: Record<string, string>;
}

export const bodyUser = (body: string) => `ppid-${body}`;
export const VERIFIER = 'verifikator';

/**
 * Who is who in the access tests: the allowed caller of each role on body "a" of the contoh
 * edition, and the outsider beside it (setUpContoh creates them all).
 */
export const CAST = {
  /** an admin of every commission */
  admin: ADMIN.username,
  /** the admin of another commission (ki-lain) */
  otherAdmin: 'admin-lain',
  /** assigned to verify a and b */
  verifier: VERIFIER,
  /** a verifier of ki-contoh assigned to b only: not assigned to a */
  otherVerifier: 'verifikator-b',
  /** assigned to a in uji-publik */
  juror: 'juri1',
  /** a juror of ki-contoh assigned to b only: not assigned to a */
  otherJuror: 'juri4',
  /** the body user of a */
  body: bodyUser('a'),
  /** the body user of another body of the same edition */
  otherBody: bodyUser('b'),
  /** the body user of a body "a" of another commission */
  foreignBody: 'ppid-lain',
} as const;

type Http = TestApp['http'];

export function as(http: Http, token: string | undefined) {
  const auth = (r: ReturnType<ReturnType<Http>['get']>) => (token ? r.set('Authorization', `Bearer ${token}`) : r);
  return {
    get: (url: string) => auth(http().get(url)),
    post: (url: string, body?: unknown) => auth(http().post(url)).send(body as object),
    put: (url: string, body?: unknown) => auth(http().put(url)).send(body as object),
    patch: (url: string, body?: unknown) => auth(http().patch(url)).send(body as object),
  };
}

async function ok(res: { status: number; body: unknown }, expected: number, what: string) {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * The setup of the contoh edition as the commission's admin does it over HTTP: commission,
 * instruments, bodies, edition, participants, users (one verifier, the jurors of the panel
 * file, one user per body) and assignments.
 */
export async function setUpContoh(t: TestApp): Promise<Contoh> {
  const adminToken = await t.login(ADMIN.username, ADMIN.password);
  const admin = as(t.http, adminToken);
  const commission = yamlFile('commission.yaml');
  await ok(await admin.post('/api/commissions', commission), 201, 'commission');
  for (const file of readdirSync(join(CONTOH, 'instruments')).sort()) {
    await ok(await admin.post('/api/instruments', yamlFile('instruments', file)), 201, `instrument ${file}`);
  }
  const bodies = csvFile('bodies.csv').map((b) => ({ code: b.code, name: b.name, category: b.category }));
  await ok(await admin.post(`/api/commissions/${commission.code}/bodies`, bodies), 201, 'bodies');
  const edition = yamlFile('edition.yaml');
  await ok(await admin.post('/api/editions', edition), 201, 'edition');
  await ok(await admin.post(`/api/editions/${edition.code}/participants`, { bodies: bodies.map((b) => b.code) }), 201, 'participants');

  const panelStages = edition.stages.filter((s: { kind: string }) => s.kind === 'panel').map((s: { code: string }) => s.code as string);
  const panelRows: Record<string, string>[] = panelStages.flatMap((stage: string) =>
    existsSync(join(CONTOH, 'panels', `${stage}.csv`)) ? csvFile('panels', `${stage}.csv`).map((r) => ({ ...r, stage })) : [],
  );
  const jurors: string[] = [...new Set(panelRows.map((r) => r.assessor).filter(Boolean))];
  const users = [
    { username: VERIFIER, role: 'verifier' },
    ...jurors.map((username) => ({ username, role: 'juror' })),
    ...bodies.map((b) => ({ username: bodyUser(b.code), role: 'body', body: b.code })),
  ];
  for (const user of users) {
    await ok(await admin.post('/api/users', { ...user, password: PASSWORD, commission: commission.code }), 201, `user ${user.username}`);
  }
  const saqStage: string = edition.stages.find((s: { kind: string }) => s.kind === 'questionnaire').code;
  const assignments = [
    ...bodies.map((b) => ({ stage: saqStage, username: VERIFIER, body: b.code })),
    ...panelRows.filter((r) => r.assessor).map((r) => ({ stage: r.stage, username: r.assessor, body: r.body })),
  ];
  await ok(await admin.post(`/api/editions/${edition.code}/assignments`, assignments), 201, 'assignments');

  const tokens: Record<string, string> = { [ADMIN.username]: adminToken };
  for (const user of users) tokens[user.username] = await t.login(user.username, PASSWORD);
  return { edition: edition.code, commission: commission.code, bodies, tokens };
}

/** Each body answers (and submits) as its saq/<body>.yaml says; a body without a file does nothing. */
export async function answerSaq(t: TestApp, c: Contoh): Promise<void> {
  for (const body of c.bodies) {
    if (!existsSync(join(CONTOH, 'saq', `${body.code}.yaml`))) continue;
    const saq = yamlFile('saq', `${body.code}.yaml`);
    const client = as(t.http, c.tokens[bodyUser(body.code)]);
    for (const [question, answer] of Object.entries<{ value: unknown; evidence?: string[] }>(saq.answers)) {
      await ok(await client.put(`/api/editions/${c.edition}/saq/${body.code}/answers/${question}`, answer), 200, `answer ${body.code} ${question}`);
    }
    if (saq.submitted) await ok(await client.post(`/api/editions/${c.edition}/saq/${body.code}/submit`), 200, `submit ${body.code}`);
  }
}

/** The verifier records the decisions of verification/<body>.yaml and completes where it says so. */
export async function verify(t: TestApp, c: Contoh): Promise<Record<string, number>> {
  const verified: Record<string, number> = {};
  const client = as(t.http, c.tokens[VERIFIER]);
  for (const body of c.bodies) {
    if (!existsSync(join(CONTOH, 'verification', `${body.code}.yaml`))) continue;
    const file = yamlFile('verification', `${body.code}.yaml`);
    for (const [question, decision] of Object.entries<object>(file.decisions ?? {})) {
      await ok(await client.put(`/api/editions/${c.edition}/verification/${body.code}/answers/${question}`, decision), 200, `decision ${body.code} ${question}`);
    }
    if (file.complete) {
      const res = await ok(await client.post(`/api/editions/${c.edition}/verification/${body.code}/complete`), 200, `complete ${body.code}`);
      verified[body.code] = (res.body as { verifiedScore: number }).verifiedScore;
    }
  }
  return verified;
}

/** Jurors score, submit and recuse as panels/<stage>.csv says; the admin records absences. */
export async function scorePanels(t: TestApp, c: Contoh): Promise<void> {
  const edition = yamlFile('edition.yaml');
  for (const stage of edition.stages.filter((s: { kind: string }) => s.kind === 'panel')) {
    const rubric = yamlFile('instruments', `${stage.instrument.id}.yaml`);
    if (!existsSync(join(CONTOH, 'panels', `${stage.code}.csv`))) continue;
    for (const row of csvFile('panels', `${stage.code}.csv`)) {
      const base = `/api/editions/${c.edition}/panels/${stage.code}`;
      if (row.status === 'absent') {
        await ok(await as(t.http, c.tokens[ADMIN.username]).post(`${base}/absences/${row.body}`, { reason: row.comment || 'tidak hadir' }), 201, `absence ${row.body}`);
        continue;
      }
      const juror = as(t.http, c.tokens[row.assessor]);
      if (row.status === 'recused') {
        await ok(await juror.post(`${base}/recusals/${row.body}`, { reason: row.comment }), 201, `recusal ${row.assessor} ${row.body}`);
        continue;
      }
      const scores = Object.fromEntries(rubric.aspects.map((a: { code: string }) => [a.code, Number(row[a.code])]));
      await ok(await juror.put(`${base}/scores/${row.body}`, { scores, ...(row.comment ? { comment: row.comment } : {}) }), 200, `sheet ${row.assessor} ${row.body}`);
      if (row.status === 'submitted') await ok(await juror.post(`${base}/scores/${row.body}/submit`), 200, `submit ${row.assessor} ${row.body}`);
    }
  }
}

/**
 * The outsiders of CAST beside the contoh edition: a second commission (ki-lain) with its own
 * admin and its own body "a", and a verifier and a juror of ki-contoh assigned to body b only.
 */
export async function setUpOutsiders(t: TestApp, c: Contoh): Promise<void> {
  const admin = as(t.http, c.tokens[ADMIN.username]);
  await admin.post('/api/commissions', { code: 'ki-lain', name: 'Komisi Informasi Lain' }).expect(201);
  await admin.post('/api/commissions/ki-lain/bodies', [{ code: 'a', name: 'Badan Publik A (lain)', category: 'pemprov' }]).expect(201);
  await admin.post('/api/users', { username: CAST.otherAdmin, password: PASSWORD, role: 'admin', commission: 'ki-lain' }).expect(201);
  await admin.post('/api/users', { username: CAST.foreignBody, password: PASSWORD, role: 'body', commission: 'ki-lain', body: 'a' }).expect(201);
  await admin.post('/api/users', { username: CAST.otherVerifier, password: PASSWORD, role: 'verifier', commission: 'ki-contoh' }).expect(201);
  await admin.post('/api/users', { username: CAST.otherJuror, password: PASSWORD, role: 'juror', commission: 'ki-contoh' }).expect(201);
  await admin
    .post(`/api/editions/${c.edition}/assignments`, [{ stage: 'saq', username: CAST.otherVerifier, body: 'b' }, { stage: 'uji-publik', username: CAST.otherJuror, body: 'b' }])
    .expect(201);
}

/**
 * The whole contoh cycle up to its computed results, as SPEC §5 tells it: the SAQ answered, the
 * verification done, compute (who reaches uji publik), the jurors' sheets, and compute again.
 */
export async function runContohToResults(t: TestApp, c: Contoh): Promise<void> {
  const admin = as(t.http, c.tokens[ADMIN.username]);
  t.clock.set(WHEN.saq);
  await answerSaq(t, c);
  t.clock.set(WHEN.verification);
  await verify(t, c);
  t.clock.set(WHEN.panel);
  await admin.post(`/api/editions/${c.edition}/compute`).expect(200);
  await scorePanels(t, c);
  t.clock.set(WHEN.afterPanel);
  await admin.post(`/api/editions/${c.edition}/compute`).expect(200);
}
