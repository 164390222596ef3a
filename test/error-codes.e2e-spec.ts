import { readFileSync } from 'fs';
import { join } from 'path';
import { ERROR_CODES } from '../src/common/errors';
import { scanDomainErrors, sourcesOfSrc, SRC } from './support/domain-errors';

/**
 * Every refusal in src/ carries a stable code and says itself in English and in Bahasa Indonesia
 * (issue 13): read statically with the TypeScript compiler API, like the access test reads the
 * services. A construction that passes no catalogued code, or only one wording, fails here —
 * whichever class it is, and wherever in src/ it is written (the web pages included).
 */
describe('every domain error names its code and both wordings (static: the TypeScript compiler API over src/)', () => {
  const scan = scanDomainErrors(sourcesOfSrc());

  it('reads the domain errors it is meant to read', () => {
    expect(scan.classes).toEqual(expect.arrayContaining(['ConflictError', 'ForbiddenError', 'InvalidInputError', 'NotFoundError', 'UnauthenticatedError', 'TooManyAttemptsError']));
    expect(scan.checked).toBeGreaterThan(50);
  });

  it('every construction passes a catalogued code and { en, id }, at the throw site or in its class\'s super(…)', () => {
    expect(scan.problems).toEqual([]);
  });

  it('refuses an English-only error, a made-up code, a missing wording, and a subclass that forwards no code', () => {
    const errors = { name: 'src/common/errors.ts', text: readFileSync(join(SRC, 'common', 'errors.ts'), 'utf8') };
    const site = (text: string) => scanDomainErrors([errors, { name: 'src/x.ts', text }]).problems.map((p) => `${p.at} ${p.why}`);
    expect(site("throw new ConflictError('english only');")).toEqual(['src/x.ts:1 "english only" is not a code of ERROR_CODES (src/common/errors.ts)']);
    expect(site("throw new ForbiddenError('access.forbiden', { en: 'no', id: 'tidak' });")).toEqual(['src/x.ts:1 "access.forbiden" is not a code of ERROR_CODES (src/common/errors.ts)']);
    expect(site("throw new ConflictError('saq.empty', { en: 'nothing to submit' });")).toEqual(['src/x.ts:1 it has no `id` wording']);
    expect(site("throw new ConflictError('saq.empty', { en: 'nothing to submit', id: '' });")).toEqual(['src/x.ts:1 its `id` wording is empty']);
    expect(site('const code = "saq.empty";\nthrow new ConflictError(code, words);')).toEqual(['src/x.ts:2 its first argument is `code`, not a code written as a literal']);
    expect(site("class LateError extends ConflictError {}\nthrow new LateError('late');")).toEqual(['src/x.ts:2 "late" is not a code of ERROR_CODES (src/common/errors.ts)']);
    expect(site("class GoneError extends DomainError {\n  readonly status = 410;\n  constructor(what: string) {\n    super(what as never, { en: what, id: what });\n  }\n}")).toEqual([
      'src/x.ts:4 its first argument is `what as never`, not a code written as a literal',
    ]);
    expect(site("throw new ConflictError('saq.empty', { en: 'nothing to submit', id: 'belum ada yang bisa dikirim' });")).toEqual([]);
  });

  it('every catalogued code is used somewhere in src/ (no stale code is documented)', () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !scan.codesUsed.has(code))).toEqual([]);
  });
});
