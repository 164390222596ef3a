import { Browser, Page } from 'playwright-core';
import { startApp, TestApp } from './support/app';
import { as, bodyUser, CAST, Contoh, PASSWORD, setUpContoh, VERIFIER, WHEN } from './support/contoh';
import { describeInBrowser, newPerson, seriousViolations, serveToBrowser } from './support/browser';

/**
 * Issue 13 item 4 as one story, both people in a browser at phone size and nobody on the API:
 * the operator answers every type of question, loses the connection for three answers, reloads,
 * gets them all saved and submits; the verifier corrects one answer and completes; the operator
 * objects; the verifier upholds it; the operator reads the ruling. The database is read back
 * (through the API, as the admin) after each step.
 */
describeInBrowser('the SAQ, verification and objection part of the cycle, in a browser', () => {
  let t: TestApp;
  let c: Contoh;
  let browser: Browser;
  let base: string;
  const E = 'contoh-2025';
  const saqOf = async (body: string) => (await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}/saq/${body}`).expect(200)).body;

  beforeAll(async () => {
    t = await startApp('browser-cycle', WHEN.saq);
    c = await setUpContoh(t);
    ({ base, browser } = await serveToBrowser(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function logIn(page: Page, path: string, username: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(new RegExp(`^${base}${path.replace(/[?]/g, '\\?')}`));
  }
  const question = (page: Page, code: string) => page.getByRole('group', { name: new RegExp(`^${code.replace('.', '\\.')} `) });
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
  const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

  it('operator, verifier, operator, verifier: every step saved, nothing lost', async () => {
    const operator = await newPerson(browser);
    const op = operator.page;
    await logIn(op, `/ppid/${E}/kuesioner`, bodyUser('a'));
    await status(op, 'Semua jawaban tersimpan');
    await op.locator('body[data-luring="siap"]').waitFor({ state: 'attached' });
    await accessible(op);
    // yes/no with its evidence link, and a choice, online
    await question(op, '1.1').getByLabel('Ya').check();
    await question(op, '1.1').getByLabel('Tautan bukti dukung').fill('https://ppid.example.go.id/dip');
    await question(op, '1.2').getByLabel('Situs web saja').check();
    await status(op, 'Semua jawaban tersimpan');
    // the connection drops: a checklist and two yes/no answers wait in the browser
    await operator.context.setOffline(true);
    await question(op, '1.3').getByLabel('Laporan keuangan').check();
    await question(op, '1.3').getByLabel('Profil pimpinan').check();
    await question(op, '2.1').getByLabel('Ya').check();
    await question(op, '2.2').getByLabel('Ya').check();
    await question(op, '2.2').getByLabel('Tautan bukti dukung').fill('https://ppid.example.go.id/anggaran');
    await question(op, '2.2').getByLabel('Tautan bukti dukung').press('Tab');
    await status(op, '3 jawaban belum terkirim');
    await op.reload();
    await status(op, '3 jawaban belum terkirim');
    expect(await question(op, '2.1').getByLabel('Ya').isChecked()).toBe(true);
    expect(Object.keys((await saqOf('a')).answers).sort()).toEqual(['1.1', '1.2']);
    await operator.context.setOffline(false);
    await status(op, 'Semua jawaban tersimpan');
    const answered = (await saqOf('a')).answers;
    expect(Object.fromEntries(Object.entries(answered).map(([q, a]) => [q, (a as { value: unknown }).value]))).toEqual({
      '1.1': true, '1.2': 'situs', '1.3': ['laporan-keuangan', 'profil'], '2.1': true, '2.2': true,
    });
    expect((answered['2.2'] as { evidence: string[] }).evidence).toEqual(['https://ppid.example.go.id/anggaran']);
    // submission with its confirmation
    await op.getByRole('button', { name: 'Kirim kuesioner' }).click();
    await op.getByRole('dialog', { name: 'Kirim kuesioner?' }).getByRole('button', { name: 'Ya, kirim' }).click();
    await op.getByText('Kuesioner sudah dikirim').first().waitFor();
    expect(await question(op, '1.1').getByLabel('Ya').isDisabled()).toBe(true);
    expect((await saqOf('a')).status).toBe('submitted');

    // the verifier corrects 1.3 and completes
    t.clock.set(WHEN.verification);
    const verifier = await newPerson(browser);
    const v = verifier.page;
    await logIn(v, `/verifikator/${E}/a`, VERIFIER);
    await v.getByRole('heading', { name: 'Verifikasi: Badan Publik A' }).waitFor();
    await accessible(v);
    const q13 = question(v, '1.3');
    await q13.getByLabel('Koreksi', { exact: true }).check();
    await q13.getByRole('group', { name: 'Nilai koreksi' }).getByLabel('Profil pimpinan').uncheck();
    await q13.getByLabel('Catatan').fill('Profil pimpinan tidak ditemukan');
    await q13.getByRole('button', { name: 'Simpan keputusan' }).click();
    await q13.getByText('Tersimpan', { exact: false }).first().waitFor();
    await accessible(v);
    await v.getByRole('button', { name: 'Selesaikan verifikasi' }).click();
    await v.getByRole('dialog', { name: 'Selesaikan verifikasi?' }).getByRole('button', { name: 'Ya, selesaikan' }).click();
    await v.getByText('Verifikasi selesai', { exact: false }).first().waitFor();
    const verified = await saqOf('a');
    expect(verified.status).toBe('verified');
    expect(verified.decisions['1.3']).toEqual(expect.objectContaining({ decision: 'correct', value: ['laporan-keuangan'], note: 'Profil pimpinan tidak ditemukan', decidedBy: VERIFIER }));

    // the operator objects, inside the objection window
    t.clock.set(WHEN.objection);
    await logIn(op, `/ppid/${E}/verifikasi`, bodyUser('a'));
    const corrected = op.getByRole('article', { name: /^1\.3 / });
    await corrected.getByRole('button', { name: 'Ajukan sanggah' }).click();
    await corrected.getByLabel('Alasan sanggah').fill('Profil pimpinan ada di https://ppid.example.go.id/profil');
    await corrected.getByRole('button', { name: 'Kirim sanggah' }).click();
    await op.getByRole('article', { name: /^1\.3 / }).getByText('Menunggu keputusan').waitFor();
    await accessible(op);

    // the verifier upholds it
    await logIn(v, `/verifikator/${E}/sanggah`, VERIFIER);
    const objection = v.getByRole('article').filter({ hasText: 'Profil pimpinan ada di' });
    await objection.getByLabel('Terima sanggah').check();
    await objection.getByLabel('Catatan').fill('Profil pimpinan ditemukan di situs PPID');
    await objection.getByRole('button', { name: 'Simpan putusan' }).click();
    await v.getByText('Tidak ada sanggah yang menunggu putusan.').waitFor();
    await accessible(v);
    const objections = (await as(t.http, c.tokens[CAST.admin]).get(`/api/editions/${E}/objections`).expect(200)).body;
    expect(objections).toEqual([expect.objectContaining({ body: 'a', question: '1.3', status: 'upheld', note: 'Profil pimpinan ditemukan di situs PPID', ruledBy: VERIFIER })]);

    // the operator reads the ruling
    await op.reload();
    await op.getByRole('article', { name: /^1\.3 / }).getByText('Profil pimpinan ditemukan di situs PPID').waitFor();
    await accessible(op);
    expect(operator.problems).toEqual([]);
    expect(verifier.problems).toEqual([]);
    await operator.context.close();
    await verifier.context.close();
  });
});
