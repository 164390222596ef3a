import { readFileSync } from 'fs';
import { extname } from 'path';
import { LineCounter, Pair, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { DefinitionError, DefinitionIssue } from './definition-error';

export type PathSegment = string | number;

/** `indicators[1].questions[0].points`, `answers.1.2.value` */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** Where a path of the parsed data sits in the text it came from. */
export interface SourceMap {
  /** line of the node at `path`, or of its nearest existing ancestor */
  lineOf(path: readonly PathSegment[]): number | undefined;
  /** the scalar exactly as written at `path` (e.g. `1.10` where the data holds the number 1.1) */
  textOf(path: readonly PathSegment[]): string | undefined;
}

/**
 * Collects the issues of one file, each with the line of the node it is about (when the file was
 * YAML/JSON text) — the shared machinery of every definition and fixture check.
 */
export class IssueCollector {
  readonly issues: DefinitionIssue[] = [];

  constructor(
    readonly file: string,
    private readonly source?: SourceMap,
  ) {}

  add(path: readonly PathSegment[], message: string, line?: number): void {
    const at = line ?? this.source?.lineOf(path);
    this.issues.push({ file: this.file, path: formatPath(path), ...(at !== undefined ? { line: at } : {}), message });
  }

  /** The scalar as written in the file, when the data came from a file. */
  textOf(path: readonly PathSegment[]): string | undefined {
    return this.source?.textOf(path);
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length) throw new DefinitionError(this.issues);
  }
}

export interface ParsedFile {
  /** the data; undefined when the text could not be parsed (the issues say why) */
  data: unknown;
  issues: IssueCollector;
}

const keyText = (pair: Pair): string | undefined => (isScalar(pair.key) ? String(pair.key.value) : undefined);

/** The pair or item at one step below `node`; map keys match by their text, so `1.2` finds "1.2". */
function step(node: unknown, seg: PathSegment): { node: unknown; keyNode?: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && keyText(p) === String(seg));
    return pair ? { node: pair.value, keyNode: pair.key } : undefined;
  }
  if (isSeq(node) && typeof seg === 'number') return seg < node.items.length ? { node: node.items[seg] } : undefined;
  return undefined;
}

/**
 * Numeric map keys lose digits (`1.10:` is read as 1.1, `01:` as 1): every such key is an issue,
 * since in these files keys are codes (question codes in answers and decisions).
 */
function checkNumericKeys(node: unknown, path: PathSegment[], issues: IssueCollector, lines: LineCounter): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      const seg = isPair(pair) ? keyText(pair) ?? '?' : '?';
      if (isScalar(key) && typeof key.value === 'number' && key.source !== undefined && key.source !== String(key.value)) {
        const line = key.range ? lines.linePos(key.range[0]).line : undefined;
        issues.add([...path, seg], `the key ${key.source} is read as the number ${String(key.value)}; write it in quotes: "${key.source}"`, line);
      }
      checkNumericKeys(pair.value, [...path, seg], issues, lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => checkNumericKeys(item, [...path, i], issues, lines));
  }
}

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** Strict JSON first (YAML would accept `{a: 1}` or comments in a .json file). */
function jsonSyntaxIssue(text: string, issues: IssueCollector): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : /end of JSON input/.test(message) ? lineAt(text, text.trimEnd().length) : undefined;
    // V8 words these differently by version; keep the first clause, without the quoted source
    const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ (in|after) JSON at position \d+.*$/s, '');
    issues.add([], `invalid JSON: ${reason}`, line);
    return true;
  }
}

/**
 * Parses YAML, or JSON when the file name ends in .json, keeping the line of every node so that
 * each issue can name it. JSON is checked strictly, then read through the YAML parser (JSON is
 * YAML 1.2) for its lines. YAML 1.2 core schema: instants such as 2025-05-01T00:00:00+07:00 stay
 * text, `yes`/`no` are text, duplicate keys are errors.
 */
export function parseText(text: string, file: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const nodeAt = (path: readonly PathSegment[]): { node: unknown; line: number | undefined } => {
    let node: unknown = doc.contents;
    let line: number | undefined = isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
    for (const [i, seg] of path.entries()) {
      const next = step(node, seg);
      if (!next) return { node: undefined, line };
      // the last step names a key: its line is where the reader looks (also for `key:` followed by a block)
      const anchor = i === path.length - 1 && isNode(next.keyNode) ? next.keyNode : next.node;
      if (isNode(anchor) && anchor.range) line = lines.linePos(anchor.range[0]).line;
      node = next.node;
    }
    return { node, line };
  };
  const source: SourceMap = {
    lineOf: (path) => nodeAt(path).line,
    textOf: (path) => {
      const { node } = nodeAt(path);
      return isScalar(node) ? node.source : undefined;
    },
  };
  const issues = new IssueCollector(file, source);
  if (extname(file).toLowerCase() === '.json' && jsonSyntaxIssue(text, issues)) return { data: undefined, issues };
  for (const error of doc.errors) {
    issues.add([], error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), lines.linePos(error.pos[0]).line);
  }
  if (!issues.ok) return { data: undefined, issues };
  checkNumericKeys(doc.contents, [], issues, lines);
  return { data: doc.toJS({ maxAliasCount: 100 }), issues };
}

/** Reads and parses one file; an unreadable or missing file is an issue, not an exception. */
export function parseFile(path: string, displayName: string = path): ParsedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const issues = new IssueCollector(displayName);
    const code = (error as NodeJS.ErrnoException).code;
    issues.add([], code === 'ENOENT' ? 'missing file' : `cannot be read (${code ?? (error as Error).message})`);
    return { data: undefined, issues };
  }
  return parseText(text.replace(/^\uFEFF/, ''), displayName);
}
