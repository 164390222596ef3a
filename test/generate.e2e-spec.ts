import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cli } from './support/cli';

describe('generate: national-scale fixture folders from the command line', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-generate-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one folder per commission, splits the bodies, and one of them imports and computes', async () => {
    const out = join(dir, 'nasional');
    const generated = await cli(join(dir, 'unused.sqlite'), 'generate', '--commissions', '2', '--bodies', '30', '--seed', '7', '--out', out);
    expect(generated.code).toBe(0);
    expect(generated.stderr).toMatch(/Komisi 2\/2: 15 badan publik/);
    expect(readdirSync(out).sort()).toEqual(['simulasi-01-2025', 'simulasi-02-2025']);
    const commissions = readdirSync(out).map((f) => readFileSync(join(out, f, 'commission.yaml'), 'utf8'));
    expect(commissions[0]).toMatch(/code: ki-simulasi-01/);
    expect(commissions[1]).toMatch(/code: ki-simulasi-02/);
    for (const folder of readdirSync(out)) {
      expect(readFileSync(join(out, folder, 'bodies.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 15);
    }

    const db = join(dir, 'generated.sqlite');
    const imported = await cli(db, 'import', join(out, 'simulasi-02-2025'));
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toMatch(/edisi simulasi-02-2025, 15 badan publik/);
    const computed = await cli(db, 'compute', 'simulasi-02-2025', '--json');
    expect(computed.code).toBe(0);
    const { results } = JSON.parse(computed.stdout) as { results: { rank: number | null; final: number | null; status: string }[] };
    expect(results).toHaveLength(15);
    expect(results.every((r) => r.status === 'not_submitted' || (r.final !== null && r.rank !== null))).toBe(true);
  });

  it('writes the same files again for the same seed', async () => {
    const again = join(dir, 'again');
    const first = join(dir, 'first');
    await cli(join(dir, 'unused.sqlite'), 'generate', '--commissions', '2', '--bodies', '12', '--seed', '3', '--out', first);
    await cli(join(dir, 'unused.sqlite'), 'generate', '--commissions', '2', '--bodies', '12', '--seed', '3', '--out', again);
    for (const folder of readdirSync(first)) {
      for (const file of ['bodies.csv', 'edition.yaml', join('panels', 'visitasi.csv')]) {
        expect(readFileSync(join(again, folder, file), 'utf8')).toBe(readFileSync(join(first, folder, file), 'utf8'));
      }
    }
  });

  it('refuses a count that is not a positive whole number (usage error, exit 2)', async () => {
    const refused = await cli(join(dir, 'unused.sqlite'), 'generate', '--commissions', '0', '--out', join(dir, 'none'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--commissions harus bilangan bulat/);
  });
});
