import { InvalidInputError } from '../common/errors';
import { validateEdition } from '../instruments/edition-validation';
import { validateInstrument } from '../instruments/instrument-validation';
import { IssueCollector } from '../instruments/parse-file';
import { EditionDef, InstrumentDef } from '../scoring';

/** A definition sent as a JSON body, checked by the same validators as the files; 400 naming each path. */
function fromRequest<T>(body: unknown, validate: (data: unknown, issues: IssueCollector) => T | undefined): T {
  const issues = new IssueCollector('request body');
  const def = validate(body, issues);
  if (!issues.ok || def === undefined) {
    // the definition rules (SPEC §3, §4) speak English, as in the files; the text says so in Indonesian around them
    throw new InvalidInputError(issues.issues.map((i) => ({ field: i.path || '(body)', message: i.message, text: `tidak sesuai aturan definisi: ${i.message}` })));
  }
  return def;
}

export const editionFromRequest = (body: unknown): EditionDef => fromRequest(body, validateEdition);

export const instrumentFromRequest = (body: unknown): InstrumentDef => fromRequest(body, validateInstrument);
