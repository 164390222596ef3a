import { readFileSync } from 'fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { DefinitionError, DefinitionIssue } from './definition-error';

export type PathSegment = string | number;

/** `indicators[1].questions[0].points`, `answers.1.2.value` */
export function formatPath(path: PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/**
 * Collects the issues of one file, each with the line of the node it is about (when the file was
 * YAML/JSON text) — the shared machinery of every definition and fixture check.
 */
export class IssueCollector {
  readonly issues: DefinitionIssue[] = [];

  constructor(
    readonly file: string,
    private readonly lineOf: (path: PathSegment[]) => number | undefined = () => undefined,
  ) {}

  add(path: PathSegment[], message: string, line?: number): void {
    this.issues.push({ file: this.file, path: formatPath(path), line: line ?? this.lineOf(path), message });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length) throw new DefinitionError(this.issues);
  }
}

export interface ParsedFile {
  data: unknown;
  issues: IssueCollector;
}

/** Parses YAML or JSON (JSON is read as YAML 1.2, which it is a subset of) keeping line numbers. */
export function parseText(text: string, file: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (path: PathSegment[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const issues = new IssueCollector(file, lineOf);
  for (const error of doc.errors) {
    issues.add([], error.message.split('\n')[0], error.linePos?.[0]?.line);
  }
  return { data: issues.ok ? doc.toJS() : undefined, issues };
}

export function parseFile(path: string, displayName: string = path): ParsedFile {
  return parseText(readFileSync(path, 'utf8'), displayName);
}
