import { existsSync } from 'fs';

/** A program some tests need (chromium, LibreOffice Calc): where it may be, and how to install it. */
export interface Program {
  what: string;
  candidates: (string | undefined)[];
  install: string;
}

const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** The first existing path of the program, or null. */
export function find(program: Program): string | null {
  return program.candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

/**
 * `describe` where the program is installed. Where it is missing (SPEC §11: "npm test runs them
 * where chromium is installed and otherwise prints one line saying they were skipped and why")
 * the suite is skipped with that one line — the only skip in the tree — except under CI=true
 * (`.ci/run` installs both programs), where the missing program is a failing test.
 */
export function describeWith(program: Program, name: string, body: () => void): void {
  if (find(program)) {
    describe(name, body);
    return;
  }
  const looked = program.candidates.filter(Boolean).join(', ');
  if (inCi) {
    describe(name, () => {
      it(`needs ${program.what} (CI=true: a missing one fails the run)`, () => {
        throw new Error(`${program.what} not found (looked for ${looked}); install it: ${program.install}`);
      });
    });
    return;
  }
  process.stdout.write(`"${name}" skipped: ${program.what} not found (${looked}); ${program.install}\n`);
  describe.skip(name, body);
}
