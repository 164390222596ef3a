import { AuthService } from '../src/auth/auth.service';
import { systemActor } from '../src/common/actor';
import { ForbiddenError } from '../src/common/errors';
import { InstrumentsService } from '../src/instruments/instruments.service';
import { ADMIN, startApp, TestApp } from './support/app';
import { answerSaq, as, bodyUser, CAST, Contoh, PASSWORD, scorePanels, setUpContoh, setUpOutsiders, verify, VERIFIER, WHEN, yamlFile } from './support/contoh';

/**
 * Roles and scope (SPEC §6) as a matrix: for every endpoint, each caller that must be refused is
 * refused — 401 without login, 403 for a role or an assignment that does not allow it, 404 for
 * what lies outside the caller's scope — and a refusal never carries data.
 */
type Who = 'anonymous' | 'otherAdmin' | 'verifier' | 'otherVerifier' | 'juror' | 'otherJuror' | 'body' | 'otherBody' | 'foreignBody' | 'admin';

const USERNAMES: Record<Exclude<Who, 'anonymous'>, string> = CAST;

interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  body?: unknown;
  refused: Partial<Record<Exclude<Who, 'anonymous'>, 403 | 404>>;
}

const E = '/api/editions/contoh-2025';
const NOT_ADMIN = { verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 } as const;
const ADMIN_OF_CONTOH = { ...NOT_ADMIN, otherAdmin: 404 } as const;
const window = { opens: '2025-05-01T00:00:00+08:00', closes: '2025-09-15T23:59:59+08:00' };

function endpoints(objectionId: number): Record<string, Endpoint> {
  return {
    'create a commission': { method: 'post', path: '/api/commissions', body: { code: 'ki-baru', name: 'Baru' }, refused: { ...NOT_ADMIN, otherAdmin: 403 } },
    'list commissions': { method: 'get', path: '/api/commissions', refused: NOT_ADMIN },
    'create a user in ki-contoh': {
      method: 'post', path: '/api/users', body: { username: 'baru', password: PASSWORD, role: 'verifier', commission: 'ki-contoh' }, refused: { ...NOT_ADMIN, otherAdmin: 403 },
    },
    'list users': { method: 'get', path: '/api/users', refused: NOT_ADMIN },
    'register bodies': { method: 'post', path: '/api/commissions/ki-contoh/bodies', body: [{ code: 'd', name: 'D', category: 'pemprov' }], refused: ADMIN_OF_CONTOH },
    'list bodies': { method: 'get', path: '/api/commissions/ki-contoh/bodies', refused: ADMIN_OF_CONTOH },
    'store an instrument': { method: 'post', path: '/api/instruments', body: yamlFile('instruments', 'rubrik-uji-publik-contoh.yaml'), refused: NOT_ADMIN },
    'list instruments': { method: 'get', path: '/api/instruments', refused: {} },
    'read an instrument': { method: 'get', path: '/api/instruments/saq-contoh/1', refused: {} },
    'create an edition': { method: 'post', path: '/api/editions', body: { ...yamlFile('edition.yaml'), code: 'contoh-2026' }, refused: ADMIN_OF_CONTOH },
    'list editions': { method: 'get', path: '/api/editions', refused: {} },
    'read the edition': { method: 'get', path: E, refused: { otherAdmin: 404, foreignBody: 404 } },
    'move windows': { method: 'patch', path: `${E}/stages/saq`, body: { window }, refused: ADMIN_OF_CONTOH },
    'enrol participants': { method: 'post', path: `${E}/participants`, body: { bodies: ['c'] }, refused: ADMIN_OF_CONTOH },
    'list participants': { method: 'get', path: `${E}/participants`, refused: ADMIN_OF_CONTOH },
    'assign': { method: 'post', path: `${E}/assignments`, body: [{ stage: 'saq', username: VERIFIER, body: 'a' }], refused: ADMIN_OF_CONTOH },
    'list assignments': { method: 'get', path: `${E}/assignments`, refused: { otherAdmin: 404, body: 403, otherBody: 403, foreignBody: 403 } },
    'grant an extension': {
      method: 'post', path: `${E}/extensions`, body: { stage: 'saq', body: 'a', until: '2025-09-07T23:59:59+08:00', reason: 'banjir' }, refused: ADMIN_OF_CONTOH,
    },
    'list extensions': { method: 'get', path: `${E}/extensions`, refused: ADMIN_OF_CONTOH },
    'read the SAQ of a': {
      method: 'get', path: `${E}/saq/a`, refused: { otherAdmin: 404, otherVerifier: 403, juror: 403, otherJuror: 403, otherBody: 404, foreignBody: 404 },
    },
    'answer for a': {
      method: 'put', path: `${E}/saq/a/answers/1.1`, body: { value: true },
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, otherBody: 404, foreignBody: 404 },
    },
    'submit for a': {
      method: 'post', path: `${E}/saq/a/submit`,
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, otherBody: 404, foreignBody: 404 },
    },
    'decide on an answer of a': {
      method: 'put', path: `${E}/verification/a/answers/1.1`, body: { decision: 'accept' },
      refused: { otherAdmin: 404, otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'complete verification of a': {
      method: 'post', path: `${E}/verification/a/complete`,
      refused: { otherAdmin: 404, otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'object for a': {
      method: 'post', path: `${E}/objections`, body: { body: 'a', question: '1.1', reason: 'keberatan' },
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, otherBody: 404, foreignBody: 404 },
    },
    'list objections': { method: 'get', path: `${E}/objections`, refused: { otherAdmin: 404, juror: 403, otherJuror: 403, foreignBody: 404 } },
    'rule on an objection of a': {
      method: 'put', path: `${E}/objections/${objectionId}`, body: { decision: 'rejected', note: 'tidak' },
      refused: { otherAdmin: 404, otherVerifier: 403, juror: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'list panel assignments': {
      method: 'get', path: `${E}/panels/uji-publik/assignments`, refused: { otherAdmin: 404, verifier: 403, otherVerifier: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'read the sheets of a': {
      method: 'get', path: `${E}/panels/uji-publik/scores/a`, refused: { otherAdmin: 404, verifier: 403, otherVerifier: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'draft a sheet for a': {
      method: 'put', path: `${E}/panels/uji-publik/scores/a`, body: { scores: { K: 80 } },
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'submit a sheet for a': {
      method: 'post', path: `${E}/panels/uji-publik/scores/a/submit`,
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'recuse from a': {
      method: 'post', path: `${E}/panels/uji-publik/recusals/a`, body: { reason: 'konflik kepentingan' },
      refused: { admin: 403, otherAdmin: 403, verifier: 403, otherVerifier: 403, otherJuror: 403, body: 403, otherBody: 403, foreignBody: 403 },
    },
    'record a absent': { method: 'post', path: `${E}/panels/uji-publik/absences/a`, body: { reason: 'tidak hadir' }, refused: ADMIN_OF_CONTOH },
    'compute': { method: 'post', path: `${E}/compute`, refused: ADMIN_OF_CONTOH },
    'read the results': { method: 'get', path: `${E}/results`, refused: ADMIN_OF_CONTOH },
    'read the breakdown of a': {
      method: 'get', path: `${E}/results/a`, refused: { otherAdmin: 404, verifier: 403, otherVerifier: 403, juror: 403, otherJuror: 403, otherBody: 404, foreignBody: 404 },
    },
    'read the audit trail': { method: 'get', path: `${E}/audit`, refused: ADMIN_OF_CONTOH },
    'who am I': { method: 'get', path: '/api/auth/me', refused: {} },
  };
}

describe('roles and scope', () => {
  let t: TestApp;
  let c: Contoh;
  let objectionId: number;
  const tokens: Partial<Record<Who, string>> = {};

  beforeAll(async () => {
    t = await startApp('access', WHEN.beforeSaq);
    c = await setUpContoh(t);
    await setUpOutsiders(t, c);
    for (const [who, username] of Object.entries(USERNAMES)) {
      tokens[who as Who] = c.tokens[username] ?? (await t.login(username, username === ADMIN.username ? ADMIN.password : PASSWORD));
    }
    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    t.clock.set(WHEN.verification);
    await verify(t, c);
    t.clock.set(WHEN.objection);
    const objection = await as(t.http, tokens.body).post(`${E}/objections`, { body: 'a', question: '1.3', reason: 'Profil pimpinan tersedia' }).expect(201);
    objectionId = objection.body.id;
  });

  afterAll(() => t.close());

  const cases = Object.entries(endpoints(0)).flatMap(([name, e]) => [
    { name, who: 'anonymous' as Who, status: 401 },
    ...Object.entries(e.refused).map(([who, status]) => ({ name, who: who as Who, status: status as number })),
  ]);

  it.each(cases)('$name: $who is refused with $status', async ({ name, who, status }) => {
    const e = endpoints(objectionId)[name];
    const client = as(t.http, tokens[who]);
    const res = e.method === 'get' ? await client.get(e.path) : await client[e.method](e.path, e.body);
    const code = { 401: /^auth\.required$/, 403: /^access\.(forbidden|global_admin_only|other_commission|not_assigned)$/, 404: /^not_found$/ }[status];
    expect({ status: res.status, body: res.body }).toEqual({
      status, body: { statusCode: status, error: expect.any(String), message: expect.any(String), code: expect.stringMatching(code ?? /^$/), text: expect.any(String) },
    });
  });

  it('refusals changed nothing: the SAQ of a is as its body left it', async () => {
    const res = await as(t.http, tokens.admin).get(`${E}/saq/a`).expect(200);
    expect(res.body.answers['1.1'].updatedBy).toBe(bodyUser('a'));
    expect(res.body.objections.map((o: { status: string }) => o.status)).toEqual(['pending']);
  });

  it('another body\'s code and an unknown code look the same to a body user', async () => {
    const other = await as(t.http, tokens.otherBody).get(`${E}/saq/a`);
    const unknown = await as(t.http, tokens.otherBody).get(`${E}/saq/zzz`);
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect(other.body.message.replace('"a"', '"zzz"')).toBe(unknown.body.message);
  });

  it('a body user lists only its own objections; a verifier only those of its bodies', async () => {
    expect((await as(t.http, tokens.body).get(`${E}/objections`).expect(200)).body).toHaveLength(1);
    expect((await as(t.http, tokens.otherBody).get(`${E}/objections`).expect(200)).body).toEqual([]);
    expect((await as(t.http, tokens.otherBody).get(`${E}/objections?body=a`).expect(200)).body).toEqual([]);
    expect((await as(t.http, tokens.otherVerifier).get(`${E}/objections`).expect(200)).body).toEqual([]);
    expect((await as(t.http, tokens.verifier).get(`${E}/objections`).expect(200)).body).toHaveLength(1);
  });

  it('verifiers and jurors list only their own assignments', async () => {
    const mine = await as(t.http, tokens.otherVerifier).get(`${E}/assignments`).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ stage: 'saq', username: 'verifikator-b', body: 'b' })]);
    const juror = await as(t.http, tokens.juror).get(`${E}/panels/uji-publik/assignments`).expect(200);
    expect(juror.body.map((a: { assessor: string }) => a.assessor)).toEqual(['juri1']);
    const all = await as(t.http, tokens.admin).get(`${E}/panels/uji-publik/assignments`).expect(200);
    expect(all.body.map((a: { assessor: string; body: string }) => `${a.assessor}/${a.body}`)).toEqual(['juri1/a', 'juri2/a', 'juri3/a', 'juri4/b']);
  });

  it('a juror never sees another juror\'s sheet', async () => {
    await as(t.http, tokens.admin).put(`${E}/objections/${objectionId}`, { decision: 'rejected', note: 'tetap' }).expect(200);
    await as(t.http, tokens.admin).post(`${E}/compute`).expect(200);
    t.clock.set(WHEN.panel);
    await scorePanels(t, c);
    for (const juror of ['juri1', 'juri2', 'juri3']) {
      const res = await as(t.http, c.tokens[juror]).get(`${E}/panels/uji-publik/scores/a`).expect(200);
      expect(res.body.sheets.map((s: { assessor: string }) => s.assessor)).toEqual([juror]);
      expect(JSON.stringify(res.body)).not.toMatch(new RegExp(['juri1', 'juri2', 'juri3'].filter((j) => j !== juror).join('|')));
    }
    const admin = await as(t.http, tokens.admin).get(`${E}/panels/uji-publik/scores/a`).expect(200);
    expect(admin.body.sheets).toHaveLength(3);
  });

  it('a body reads its own breakdown only once published', async () => {
    await as(t.http, tokens.admin).post(`${E}/compute`).expect(200);
    const res = await as(t.http, tokens.body).get(`${E}/results/a`);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/published/);
  });

  it('an admin of one commission creates users only in it; only an admin of every commission creates commissions', async () => {
    const other = as(t.http, tokens.otherAdmin);
    await other.post('/api/users', { username: 'verif-lain', password: PASSWORD, role: 'verifier' }).expect(201);
    const users = await other.get('/api/users').expect(200);
    expect(users.body.map((u: { username: string }) => u.username).sort()).toEqual(['admin-lain', 'ppid-lain', 'verif-lain']);
    expect((await other.get('/api/commissions').expect(200)).body.map((x: { code: string }) => x.code)).toEqual(['ki-lain']);
    expect((await other.get('/api/editions').expect(200)).body).toEqual([]);
  });

  it('the instruments service checks access itself, with no controller in between; the system actor may store', async () => {
    const instruments = t.app.get(InstrumentsService);
    const { actor: body } = await t.app.get(AuthService).authenticate(tokens.body!);
    const rubric = yamlFile('instruments', 'rubrik-uji-publik-contoh.yaml');
    await expect(instruments.create(body, rubric)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(instruments.create(body, rubric)).rejects.toThrow('a body user may not do this (instrument.create; allowed: admin)');
    expect((await instruments.list(body)).map((i) => i.id)).toContain('saq-contoh');
    expect((await instruments.definition(body, { id: 'saq-contoh', version: 1 })).id).toBe('saq-contoh');
    expect(await instruments.create(systemActor('test'), rubric)).toMatchObject({ id: 'rubrik-uji-publik-contoh', version: 1, created: false });
  });
});
