import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, cli } from './support/cli';
import { openDatabase } from '../src/database/data-source';

const CONTOH = join(ROOT, 'fixtures', 'contoh');

async function editionCount(dbPath: string): Promise<number> {
  const db = await openDatabase(dbPath);
  try {
    const [row] = await db.query('SELECT COUNT(*) AS n FROM edition');
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

/** The audit trail of the file, oldest first. */
async function auditEntries(dbPath: string): Promise<{ actor: string; action: string; subject: string; after: string; at: string }[]> {
  const db = await openDatabase(dbPath);
  try {
    return await db.query('SELECT actor, action, subject, "after", at FROM audit_entry ORDER BY id');
  } finally {
    await db.destroy();
  }
}

/** Who the audit trail names for each entry of these actions, in order. */
async function auditActors(dbPath: string, ...actions: string[]): Promise<string[][]> {
  return (await auditEntries(dbPath)).filter((r) => actions.includes(r.action)).map((r) => [r.action, r.actor]);
}

// each test starts several CLI processes (ts-node, ~3 s each; ~10 s on a loaded 2-core machine)
jest.setTimeout(180_000);

describe('the command line on real files and a real SQLite database', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'monev-cli-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports fixtures/contoh and computes the SPEC §5 table to the hundredth', async () => {
    const db = join(dir, 'contoh.sqlite');
    const imported = await cli(db, 'import', CONTOH);
    expect(imported.stderr).toMatch(/Jawaban: \d+\/\d+/);
    expect(imported).toMatchObject({ code: 0 });
    const trail = await auditEntries(db);
    // one entry per instrument the fixture stored, then the import itself, all as the system actor
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['instrument.store', 'system:cli'],
      ['instrument.store', 'system:cli'],
      ['import', 'system:cli'],
    ]);
    const entry = trail[trail.length - 1];
    expect(entry).toMatchObject({ actor: 'system:cli', action: 'import', subject: `fixture ${CONTOH}` });
    expect(JSON.parse(entry.after)).toEqual({ bodies: 3, answers: expect.any(Number), decisions: expect.any(Number), objections: 0, sheets: 3 });
    expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const computed = await cli(db, 'compute', 'contoh-2025', '--json');
    expect(computed.code).toBe(0);
    const { edition, results } = JSON.parse(computed.stdout);
    expect(edition).toBe('contoh-2025');
    expect(results).toEqual([
      { rank: 1, body: 'a', bodyName: 'Badan Publik A', category: 'pemprov', stages: { saq: 60, 'uji-publik': 79.63 }, final: 65.89, predicate: 'cukup_informatif', predicateLabel: 'Cukup Informatif', status: 'complete' },
      { rank: 2, body: 'b', bodyName: 'Badan Publik B', category: 'pemprov', stages: { saq: 52, 'uji-publik': null }, final: 52, predicate: 'kurang_informatif', predicateLabel: 'Kurang Informatif', status: 'complete' },
      { rank: 3, body: 'c', bodyName: 'Badan Publik C', category: 'pemprov', stages: { saq: null, 'uji-publik': null }, final: 0, predicate: 'tidak_informatif', predicateLabel: 'Tidak Informatif', status: 'not_submitted' },
    ]);
    // the command line acts as the system actor, and the audit trail says so
    expect(await auditActors(db, 'compute')).toEqual([['compute', 'system:cli']]);
  });

  it('publishes and exports the ranking workbook and certificates, refusing a bad decree date', async () => {
    const db = join(dir, 'publish.sqlite');
    expect((await cli(db, 'import', CONTOH)).code).toBe(0);
    expect((await cli(db, 'compute', 'contoh-2025')).stdout).toMatch(/1\s+a\s+Badan Publik A\s+60\.00\s+79\.63\s+65\.89\s+Cukup Informatif/);
    const bad = await cli(db, 'publish', 'contoh-2025', '--decree', '52/KEP/KI/2025', '--date', '12-12-2025');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/kolom "decreeDate": harus berupa tanggal YYYY-MM-DD/);
    const published = await cli(db, 'publish', 'contoh-2025', '--decree', '52/KEP/KI/2025', '--date', '2025-12-12');
    expect(published.stdout).toMatch(/versi 1, SK 52\/KEP\/KI\/2025/);
    expect(await auditActors(db, 'compute', 'publish')).toEqual([['compute', 'system:cli'], ['publish', 'system:cli']]);
    const xlsx = join(dir, 'export', 'peringkat.xlsx');
    expect((await cli(db, 'export', 'ranking', 'contoh-2025', '-o', xlsx)).code).toBe(0);
    const book = await new ExcelJS.Workbook().xlsx.readFile(xlsx);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Pemerintah Provinsi', 'Rincian']);
    const certificates = await cli(db, 'export', 'certificates', 'contoh-2025', '-o', join(dir, 'export', 'sertifikat'));
    expect(certificates.stderr).toMatch(/Sertifikat: 1\/1/);
    expect(readdirSync(join(dir, 'export', 'sertifikat'))).toEqual(['a.pdf']);
  });

  it('refuses to import the same edition twice, and says so', async () => {
    const db = join(dir, 'twice.sqlite');
    expect((await cli(db, 'import', CONTOH)).code).toBe(0);
    const again = await cli(db, 'import', CONTOH);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/edisi contoh-2025 sudah ada di basis data ini/);
    expect(await editionCount(db)).toBe(1);
  });

  function brokenCopy(name: string, edit: (dir: string) => void): string {
    const copy = join(dir, name);
    cpSync(CONTOH, copy, { recursive: true });
    edit(copy);
    return copy;
  }

  it('refuses an unknown option value, naming file, line and path, and stores nothing', async () => {
    const fixture = brokenCopy('bad-option', (d) => {
      const file = join(d, 'saq', 'b.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"1.2": { value: situs }', '"1.2": { value: situs-saja }'));
    });
    const db = join(dir, 'bad-option.sqlite');
    const result = await cli(db, 'import', fixture);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/saq[/\\]b\.yaml:4: .*1\.2.*unknown option "situs-saja"/);
    expect(await editionCount(db)).toBe(0);
  });

  it('refuses indicator weights that do not sum to 100, naming the file and path, and stores nothing', async () => {
    const fixture = brokenCopy('bad-weights', (d) => {
      const file = join(d, 'instruments', 'saq-contoh.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 40', 'weight: 35'));
    });
    const db = join(dir, 'bad-weights.sqlite');
    const result = await cli(db, 'import', fixture);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/saq-contoh\.yaml.*indicators.*sum to 95, expected 100/);
    expect(await editionCount(db)).toBe(0);
  });

  it('validates a fixture folder and reports each problem with a non-zero exit', async () => {
    const ok = await cli(join(dir, 'unused.sqlite'), 'validate', CONTOH);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Valid/);
    const fixture = brokenCopy('bad-csv', (d) => {
      writeFileSync(join(d, 'bodies.csv'), 'code,name,category\na,Badan Publik A,pemprov\nb,Badan Publik B,kementerian\n');
    });
    const bad = await cli(join(dir, 'unused.sqlite'), 'validate', fixture);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bodies\.csv:3: .*kementerian/);
  });
});
