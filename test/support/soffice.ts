import { existsSync } from 'fs';

/**
 * Tests with LibreOffice Calc (SPEC §14: a workbook re-saved by Calc imports like the original):
 * Debian's `libreoffice-calc`, run headless. Where soffice is missing they are skipped with one
 * line saying so — except under CI=true, where a missing soffice fails the run (as the browser
 * tests do with chromium, test/support/browser.ts).
 */
const CANDIDATES = [process.env.MONEV_SOFFICE, '/usr/bin/soffice', '/usr/bin/libreoffice'].filter((p): p is string => !!p);

export const SOFFICE = CANDIDATES.find((path) => existsSync(path)) ?? null;

const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** `describe` where soffice is installed; otherwise one line and a describe.skip (a failing test under CI). */
export function describeWithSoffice(name: string, body: () => void): void {
  if (SOFFICE) {
    describe(name, body);
    return;
  }
  if (inCi) {
    describe(name, () => {
      it('needs LibreOffice Calc (CI=true: a missing soffice fails the run)', () => {
        throw new Error(`soffice not found (looked for ${CANDIDATES.join(', ')}); install it: apt-get install -y --no-install-recommends libreoffice-calc`);
      });
    });
    return;
  }
  process.stdout.write(`LibreOffice tests "${name}" skipped: soffice not found (${CANDIDATES.join(', ')}); apt-get install -y --no-install-recommends libreoffice-calc\n`);
  describe.skip(name, body);
}
