import { existsSync, readdirSync, statSync } from 'fs';
import { basename, join, relative } from 'path';
import { isObject } from './checks';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { checkEditionInstruments, validateEdition } from './edition-validation';
import { readFixture } from '../fixtures/reader';
import { parseFile } from './parse-file';
import { DEFINITION_FILE, InstrumentRegistry, definitionFiles } from './registry';

export interface ValidationReport {
  ok: boolean;
  /** the files looked at, as the issues name them */
  checked: string[];
  issues: DefinitionIssue[];
}

const EDITION_KEYS = ['stages', 'categories', 'commission'];

const isEditionData = (data: unknown): boolean => isObject(data) && data.kind === undefined && EDITION_KEYS.some((k) => k in data);

/**
 * One definition file, shown as `display`: an instrument (it has `kind`) is checked and registered;
 * an edition (it has `stages`, `categories` or `commission` and no `kind`) is checked and its
 * instrument references resolved against the registry.
 */
function validateFile(path: string, display: string, registry: InstrumentRegistry): DefinitionIssue[] {
  if (!DEFINITION_FILE.test(path)) return [{ file: display, path: '', message: 'not a definition file (.yaml, .yml or .json)' }];
  const parsed = parseFile(path, display);
  if (parsed.data === undefined) return parsed.issues.issues;
  if (isEditionData(parsed.data)) {
    const edition = validateEdition(parsed.data, parsed.issues);
    if (edition) checkEditionInstruments(edition, (ref) => registry.get(ref), parsed.issues);
    return parsed.issues.issues;
  }
  return registry.loadFile(path, display).issues;
}

/** Every file below a fixture folder, as `<folder>/<path>` (what its issues name). */
function fixtureFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(join(basename(dir), relative(dir, full)));
    }
  };
  walk(dir);
  return found;
}

/**
 * `validate <file|dir>`: an instrument or edition file, a fixture folder (it holds edition.yaml),
 * or a folder of instruments. Edition references resolve against the registry given (the fixture's
 * own instruments/ are added to it). Never throws for a bad definition: everything is reported.
 */
export function validatePath(path: string, registry: InstrumentRegistry): ValidationReport {
  if (!existsSync(path)) return report([], [{ file: path, path: '', message: 'no such file or folder' }]);
  if (statSync(path).isFile()) return report([basename(path)], validateFile(path, basename(path), registry));
  if (existsSync(join(path, 'edition.yaml'))) {
    try {
      readFixture(path, registry);
      return report(fixtureFiles(path), []);
    } catch (error) {
      if (error instanceof DefinitionError) return report(fixtureFiles(path), error.issues);
      throw error;
    }
  }
  const files = definitionFiles(path);
  if (!files.length) return report([], [{ file: basename(path), path: '', message: 'no instrument files (.yaml, .yml, .json) and no edition.yaml' }]);
  // instruments first, so that an edition beside them can refer to them
  const isEdition = new Set(files.filter((name) => isEditionData(parseFile(join(path, name)).data)));
  const editionsLast = [...files.filter((n) => !isEdition.has(n)), ...files.filter((n) => isEdition.has(n))];
  const issues = editionsLast.flatMap((name) => validateFile(join(path, name), join(basename(path), name), registry));
  return report(
    files.map((name) => join(basename(path), name)),
    issues,
  );
}

function report(checked: string[], issues: DefinitionIssue[]): ValidationReport {
  return { ok: issues.length === 0, checked, issues };
}
