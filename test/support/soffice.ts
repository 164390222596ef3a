import { describeWith, find, Program } from './programs';

/**
 * Tests with LibreOffice Calc (SPEC §14: a workbook re-saved by Calc imports like the original):
 * Debian's `libreoffice-calc`, run headless. Where soffice is missing they are skipped with one
 * line saying so — except under CI=true, where a missing soffice fails the run (as the browser
 * tests do with chromium, test/support/browser.ts).
 */
const PROGRAM: Program = {
  what: 'LibreOffice Calc (soffice)',
  candidates: [process.env.MONEV_SOFFICE, '/usr/bin/soffice', '/usr/bin/libreoffice'],
  install: 'apt-get install -y --no-install-recommends libreoffice-calc',
};

export const SOFFICE = find(PROGRAM);

/** `describe` where soffice is installed (programs.ts `describeWith`). */
export const describeWithSoffice = (name: string, body: () => void): void => describeWith(PROGRAM, name, body);
