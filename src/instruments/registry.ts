import { readdirSync } from 'fs';
import { basename, join } from 'path';
import { InstrumentDef, InstrumentRef } from '../scoring';
import { DefinitionError, DefinitionIssue } from './definition-error';
import { instrumentHash, validateInstrument } from './instrument-validation';
import { parseFile } from './parse-file';

export const DEFINITION_FILE = /\.(ya?ml|json)$/i;

/** Instruments in memory, immutable by id + version, each remembered with the file it came from. */
export class InstrumentRegistry {
  private readonly entries = new Map<string, { def: InstrumentDef; hash: string; source: string }>();

  add(def: InstrumentDef, source: string): void {
    const key = `${def.id}@${def.version}`;
    const hash = instrumentHash(def);
    const existing = this.entries.get(key);
    if (existing && existing.hash !== hash) {
      throw new DefinitionError([
        { file: source, path: 'id', message: `instrument ${def.id} version ${def.version} is already defined with other content in ${existing.source}; give the new content a new version` },
      ]);
    }
    if (!existing) this.entries.set(key, { def, hash, source });
  }

  get(ref: InstrumentRef): InstrumentDef | undefined {
    return this.entries.get(`${ref.id}@${ref.version}`)?.def;
  }

  source(ref: InstrumentRef): string | undefined {
    return this.entries.get(`${ref.id}@${ref.version}`)?.source;
  }

  list(): InstrumentDef[] {
    return [...this.entries.values()].map((e) => e.def);
  }

  /** Every .yaml/.yml/.json file of a folder; all problems of all files in one DefinitionError. */
  loadDirectory(dir: string, displayPrefix = basename(dir)): InstrumentDef[] {
    const issues: DefinitionIssue[] = [];
    const loaded: InstrumentDef[] = [];
    for (const name of readdirSync(dir).filter((n) => DEFINITION_FILE.test(n)).sort()) {
      const display = join(displayPrefix, name);
      const parsed = parseFile(join(dir, name), display);
      const def = parsed.issues.ok ? validateInstrument(parsed.data, parsed.issues) : undefined;
      issues.push(...parsed.issues.issues);
      if (!def) continue;
      try {
        this.add(def, display);
        loaded.push(def);
      } catch (error) {
        if (error instanceof DefinitionError) issues.push(...error.issues);
        else throw error;
      }
    }
    if (issues.length) throw new DefinitionError(issues);
    return loaded;
  }
}
