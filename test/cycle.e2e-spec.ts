import { DataSource } from 'typeorm';
import { ADMIN, startApp, TestApp } from './support/app';
import { answerSaq, as, bodyUser, Contoh, scorePanels, setUpContoh, verify, VERIFIER, WHEN } from './support/contoh';

/**
 * The whole contoh cycle over HTTP, each step by the user whose job it is, reproduces the SPEC §5
 * worked example: A 60 / 79.63 / 65.89 Cukup Informatif rank 1; B 52 Kurang Informatif rank 2;
 * C 0.00 Tidak Informatif (not_submitted) rank 3.
 */
describe('the Monev cycle of fixtures/contoh over HTTP', () => {
  let t: TestApp;
  let c: Contoh;
  const admin = () => as(t.http, c.tokens[ADMIN.username]);

  beforeAll(async () => {
    t = await startApp('cycle', WHEN.beforeSaq);
    c = await setUpContoh(t);
  });

  afterAll(() => t.close());

  it('bodies answer and submit their SAQ inside the window; the claimed score follows the answers', async () => {
    t.clock.set(WHEN.saq);
    await answerSaq(t, c);
    const a = await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${c.edition}/saq/a`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ status: 'submitted', claimedScore: 80, verifiedScore: null, decisions: {} });
    expect(a.body.answers['1.3'].value).toEqual(['laporan-keuangan', 'profil']);
    const cView = await as(t.http, c.tokens[bodyUser('c')]).get(`/api/editions/${c.edition}/saq/c`);
    expect(cView.body).toMatchObject({ status: 'not_started', claimedScore: 0 });
  });

  it('the verifier decides and completes inside the verification window: A verified 60, B 52', async () => {
    t.clock.set(WHEN.verification);
    expect(await verify(t, c)).toEqual({ a: 60, b: 52 });
    const a = await as(t.http, c.tokens[bodyUser('a')]).get(`/api/editions/${c.edition}/saq/a`);
    expect(a.body).toMatchObject({ status: 'verified', claimedScore: 80, verifiedScore: 60 });
    expect(a.body.decisions['1.3']).toMatchObject({ decision: 'correct', value: ['laporan-keuangan'], decidedBy: VERIFIER });
  });

  it('A objects to the correction of 1.3 in the masa sanggah; the verifier rejects it and the decision stands', async () => {
    t.clock.set(WHEN.objection);
    const objection = await as(t.http, c.tokens[bodyUser('a')]).post(`/api/editions/${c.edition}/objections`, {
      body: 'a',
      question: '1.3',
      reason: 'Profil pimpinan ada di situs PPID',
    });
    expect(objection.status).toBe(201);
    expect(objection.body).toMatchObject({ id: expect.any(Number), body: 'a', question: '1.3', status: 'pending' });
    const ruling = await as(t.http, c.tokens[VERIFIER]).put(`/api/editions/${c.edition}/objections/${objection.body.id}`, {
      decision: 'rejected',
      note: 'Tautan tidak memuat profil pimpinan',
    });
    expect(ruling.status).toBe(200);
    expect(ruling.body).toMatchObject({ status: 'rejected', ruledBy: VERIFIER });
  });

  it('computing after verification sends A (60.00 ≥ 60) to the uji publik and keeps B (52.00) out', async () => {
    t.clock.set(WHEN.afterObjection);
    const res = await admin().post(`/api/editions/${c.edition}/compute`);
    expect(res.status).toBe(200);
    const byBody = Object.fromEntries(res.body.map((r: { body: string }) => [r.body, r]));
    expect(byBody.a).toMatchObject({ status: 'incomplete', stages: { saq: 60, 'uji-publik': null }, final: null, rank: null });
    expect(byBody.b).toMatchObject({ status: 'complete', stages: { saq: 52, 'uji-publik': null }, final: 52 });
    // who reached each stage after the first is stored as data, with the gate facts a refusal names
    const reach = await t.app.get(DataSource).query(
      'SELECT b.code AS body, s.code AS stage, x.reached, x."gateRule", x."gateThreshold", x."gateEarlierHundredths", x."gateRank", x."computedAt"' +
        ' FROM stage_reach x JOIN body b ON b.id = x."bodyId" JOIN stage s ON s.id = x."stageId" ORDER BY b.code, s.position',
    );
    const at = new Date(WHEN.afterObjection).toISOString();
    expect(reach.map((r: Record<string, unknown>) => ({ ...r, reached: r.reached === true || r.reached === 1 }))).toEqual([
      { body: 'a', stage: 'uji-publik', reached: true, gateRule: 'minScore', gateThreshold: '60', gateEarlierHundredths: 6000, gateRank: null, computedAt: at },
      { body: 'b', stage: 'uji-publik', reached: false, gateRule: 'minScore', gateThreshold: '60', gateEarlierHundredths: 5200, gateRank: null, computedAt: at },
      { body: 'c', stage: 'uji-publik', reached: false, gateRule: 'minScore', gateThreshold: '60', gateEarlierHundredths: null, gateRank: null, computedAt: at },
    ]);
  });

  it('the jurors score A in the panel window: J1 and J2 submit, J3 recuses; nobody can score B', async () => {
    t.clock.set(WHEN.panel);
    await scorePanels(t, c);
    const j1 = await as(t.http, c.tokens.juri1).get(`/api/editions/${c.edition}/panels/uji-publik/scores/a`);
    expect(j1.body.sheets).toEqual([expect.objectContaining({ assessor: 'juri1', status: 'submitted', total: 79 })]);
    const all = await admin().get(`/api/editions/${c.edition}/panels/uji-publik/scores/a`);
    expect(all.body.sheets.map((s: { assessor: string; status: string; total: number | null }) => [s.assessor, s.status, s.total])).toEqual([
      ['juri1', 'submitted', 79],
      ['juri2', 'submitted', 80.25],
      ['juri3', 'recused', null],
    ]);
  });

  it('the final results reproduce SPEC §5', async () => {
    t.clock.set(WHEN.afterPanel);
    expect((await admin().post(`/api/editions/${c.edition}/compute`)).status).toBe(200);
    const res = await admin().get(`/api/editions/${c.edition}/results`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        rank: 1, body: 'a', bodyName: 'Badan Publik A', category: 'pemprov', stages: { saq: 60, 'uji-publik': 79.63 },
        final: 65.89, predicate: 'cukup_informatif', predicateLabel: 'Cukup Informatif', status: 'complete',
      },
      {
        rank: 2, body: 'b', bodyName: 'Badan Publik B', category: 'pemprov', stages: { saq: 52, 'uji-publik': null },
        final: 52, predicate: 'kurang_informatif', predicateLabel: 'Kurang Informatif', status: 'complete',
      },
      {
        rank: 3, body: 'c', bodyName: 'Badan Publik C', category: 'pemprov', stages: { saq: null, 'uji-publik': null },
        final: 0, predicate: 'tidak_informatif', predicateLabel: 'Tidak Informatif', status: 'not_submitted',
      },
    ]);
    const filtered = await admin().get(`/api/editions/${c.edition}/results?category=pemprov`);
    expect(filtered.body).toHaveLength(3);
  });

  it('the breakdown of A traces every question, indicator, assessor, stage and the final formula', async () => {
    const res = await admin().get(`/api/editions/${c.edition}/results/a`);
    expect(res.status).toBe(200);
    expect(res.body.final).toEqual({ exact: '65.8875', rounded: 65.89, hundredths: 6589, text: '65.89' });
    const [saq, panel] = res.body.trace.stages;
    expect(saq.claimed.rounded).toBe(80);
    expect(saq.score.rounded).toBe(60);
    expect(saq.indicators.map((i: { code: string; verified: { rounded: number } }) => [i.code, i.verified.rounded])).toEqual([['1', 36], ['2', 24]]);
    const q = Object.fromEntries(saq.questions.map((x: { code: string }) => [x.code, x]));
    expect(q['1.3']).toMatchObject({ decision: 'correct', objection: 'rejected', verifiedValue: ['laporan-keuangan'], verifiedPoints: '2' });
    expect(q['2.2']).toMatchObject({ evidenceMissing: true, verifiedPoints: '0' });
    expect(panel.assessors.map((a: { assessor: string; status: string; total: { exact: string } | null; counted: boolean }) => [a.assessor, a.status, a.total?.exact ?? null, a.counted])).toEqual([
      ['juri1', 'submitted', '79', true],
      ['juri2', 'submitted', '80.25', true],
      ['juri3', 'recused', null, false],
    ]);
    expect(panel.score).toEqual({ exact: '79.625', rounded: 79.63, hundredths: 7963, text: '79.63' });
    expect(res.body.trace.final.formula).toBe('(70 × 60 + 30 × 79.625) ÷ 100 = 65.8875 → 65.89');
  });

  it('every change of the cycle is in the audit trail with who, when, before and after', async () => {
    const res = await admin().get(`/api/editions/${c.edition}/audit?body=a`);
    expect(res.status).toBe(200);
    const actions = res.body.map((e: { action: string }) => e.action);
    for (const action of ['assignment.create', 'answer.save', 'saq.submit', 'decision.save', 'verification.complete', 'objection.create', 'objection.rule', 'sheet.draft', 'sheet.submit', 'sheet.recuse']) {
      expect(actions).toContain(action);
    }
    const correction = res.body.find((e: { action: string; subject: string }) => e.action === 'decision.save' && e.subject.endsWith('1.3'));
    expect(correction).toMatchObject({ actor: VERIFIER, body: 'a', before: null, after: { decision: 'correct', value: ['laporan-keuangan'] } });
    expect(Date.parse(correction.at)).toBe(Date.parse(WHEN.verification));
    expect(res.body.every((e: { body: string }) => e.body === 'a')).toBe(true);
  });
});
