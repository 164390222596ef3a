import { existsSync, readdirSync, statSync } from 'fs';
import { basename, join } from 'path';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { checkEditionInstruments, validateEdition } from './edition-validation';
import { readFixture } from './fixture-reader';
import { validateInstrument } from './instrument-validation';
import { isObject } from './checks';
import { parseFile } from './parse-file';
import { DEFINITION_FILE, InstrumentRegistry } from './registry';

export interface ValidationReport {
  ok: boolean;
  checked: string[];
  issues: DefinitionIssue[];
}

function validateFile(path: string, registry: InstrumentRegistry): DefinitionIssue[] {
  const parsed = parseFile(path, basename(path));
  if (!parsed.issues.ok) return parsed.issues.issues;
  if (isObject(parsed.data) && 'stages' in parsed.data) {
    const edition = validateEdition(parsed.data, parsed.issues);
    if (edition) checkEditionInstruments(edition, (ref) => registry.get(ref), parsed.issues);
  } else {
    const def = validateInstrument(parsed.data, parsed.issues);
    if (def) {
      try {
        registry.add(def, basename(path));
      } catch (error) {
        if (error instanceof DefinitionError) return error.issues;
        throw error;
      }
    }
  }
  return parsed.issues.issues;
}

/**
 * `validate <file|dir>`: an instrument or edition file, a fixture folder (it holds edition.yaml),
 * or a folder of instruments. Edition references resolve against the registry given.
 */
export function validatePath(path: string, registry: InstrumentRegistry): ValidationReport {
  if (!existsSync(path)) return { ok: false, checked: [], issues: [{ file: path, path: '', message: 'no such file or folder' }] };
  const collect = (work: () => void): DefinitionIssue[] => {
    try {
      work();
      return [];
    } catch (error) {
      if (error instanceof DefinitionError) return error.issues;
      throw error;
    }
  };
  if (statSync(path).isFile()) {
    return report([basename(path)], validateFile(path, registry));
  }
  if (existsSync(join(path, 'edition.yaml'))) {
    const issues = collect(() => readFixture(path, registry));
    return report([basename(path)], issues);
  }
  const files = readdirSync(path).filter((n) => DEFINITION_FILE.test(n)).sort();
  return report(files, collect(() => registry.loadDirectory(path)));
}

function report(checked: string[], issues: DefinitionIssue[]): ValidationReport {
  return { ok: issues.length === 0, checked, issues };
}
