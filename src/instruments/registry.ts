import { existsSync, readdirSync } from 'fs';
import { basename, join } from 'path';
import { InstrumentDef, InstrumentRef } from '../scoring/types';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { instrumentHash, validateInstrument } from './instrument-validation';
import { parseFile } from './parse-file';

/** The files read as definitions: YAML or JSON. */
export const DEFINITION_FILE = /\.(ya?ml|json)$/i;

/** Definition files of a folder in name order; none when the folder does not exist. */
export function definitionFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && DEFINITION_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const key = (ref: InstrumentRef): string => `${ref.id}@${ref.version}`;

export interface RegisteredInstrument {
  def: InstrumentDef;
  hash: string;
  /** the file (or other origin) it was first loaded from */
  source: string;
}

/** Instruments in memory, immutable by id + version, each remembered with the file it came from. */
export class InstrumentRegistry {
  private readonly entries = new Map<string, RegisteredInstrument>();

  /**
   * Registers an instrument. The same id + version with the same content again is a no-op (the
   * first source stays); with other content it is refused, naming both sources.
   */
  add(def: InstrumentDef, source: string): void {
    const hash = instrumentHash(def);
    const existing = this.entries.get(key(def));
    if (existing && existing.hash !== hash) {
      throw new DefinitionError([
        {
          file: source,
          path: '',
          message: `instrument ${def.id} version ${def.version} is already defined with other content in ${existing.source}; instruments are immutable — give the new content a new version`,
        },
      ]);
    }
    if (!existing) this.entries.set(key(def), { def, hash, source });
  }

  get(ref: InstrumentRef): InstrumentDef | undefined {
    return this.entries.get(key(ref))?.def;
  }

  source(ref: InstrumentRef): string | undefined {
    return this.entries.get(key(ref))?.source;
  }

  /** Every registered instrument, ordered by id then version. */
  list(): InstrumentDef[] {
    return [...this.entries.values()].map((e) => e.def).sort((a, b) => (a.id === b.id ? a.version - b.version : a.id < b.id ? -1 : 1));
  }

  /** Reads, checks and registers one file; its issues (syntax, rules, immutability) are returned, not thrown. */
  loadFile(path: string, display: string = basename(path)): { def?: InstrumentDef; issues: DefinitionIssue[] } {
    const parsed = parseFile(path, display);
    const def = parsed.data !== undefined ? validateInstrument(parsed.data, parsed.issues) : undefined;
    if (!def || !parsed.issues.ok) return { issues: parsed.issues.issues };
    try {
      this.add(def, display);
      return { def, issues: [] };
    } catch (error) {
      if (error instanceof DefinitionError) return { issues: error.issues };
      throw error;
    }
  }

  /**
   * Every .yaml/.yml/.json file of a folder, in name order; all problems of all files in one
   * DefinitionError (the valid files are registered all the same).
   */
  loadDirectory(dir: string, displayPrefix: string = basename(dir)): InstrumentDef[] {
    if (!existsSync(dir)) throw new DefinitionError([{ file: displayPrefix, path: '', message: 'no such folder' }]);
    const issues: DefinitionIssue[] = [];
    const loaded: InstrumentDef[] = [];
    for (const name of definitionFiles(dir)) {
      const result = this.loadFile(join(dir, name), join(displayPrefix, name));
      issues.push(...result.issues);
      if (result.def) loaded.push(result.def);
    }
    if (issues.length) throw new DefinitionError(issues);
    return loaded;
  }
}
