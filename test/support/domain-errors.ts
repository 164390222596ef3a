import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import ts from 'typescript';
import { ERROR_CODES } from '../../src/common/errors';

/**
 * What the TypeScript compiler API reads of the domain errors of src/, for the test that every
 * refusal carries a catalogued code and both wordings (test/error-codes.e2e-spec.ts). Syntax
 * only, as test/support/service-methods.ts reads the services: a throw site is read as written.
 */

export const SRC = join(__dirname, '..', '..', 'src');

export interface SourceText {
  /** relative to the repository: `src/saq/saq.service.ts` */
  name: string;
  text: string;
}

/** A construction of a domain error (or a `super(…)` of one) that does not say its code and both wordings. */
export interface Problem {
  /** `src/saq/saq.service.ts:176` */
  at: string;
  /** the construction as written, first line */
  code: string;
  why: string;
}

export interface Scan {
  /** every class that extends DomainError, directly or not */
  classes: string[];
  /** constructions checked: `new X(…)` of a class with DomainError's constructor, and every `super(…)` of a domain error class */
  checked: number;
  problems: Problem[];
  /** every string literal of the sources that is a catalogued code */
  codesUsed: Set<string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The sources of src/ (specs left out: they construct errors to test them). */
export function sourcesOfSrc(): SourceText[] {
  return filesUnder(SRC).map((file) => ({ name: relative(join(SRC, '..'), file), text: readFileSync(file, 'utf8') }));
}

const isCode = (text: string): boolean => Object.prototype.hasOwnProperty.call(ERROR_CODES, text);

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  ts.forEachChild(node, (child) => visit(child, each));
}

/** Why `(code, { en, id })` is not a literal catalogued code and an object with both non-empty wordings, or null. */
function argumentsProblem(args: readonly ts.Expression[]): string | null {
  const [code, words] = args;
  if (!code || !(ts.isStringLiteral(code) || ts.isNoSubstitutionTemplateLiteral(code))) {
    return `its first argument is ${code ? `\`${code.getText()}\`` : 'missing'}, not a code written as a literal`;
  }
  if (!isCode(code.text)) return `"${code.text}" is not a code of ERROR_CODES (src/common/errors.ts)`;
  if (!words || !ts.isObjectLiteralExpression(words)) return `its second argument is ${words ? `\`${words.getText().slice(0, 60)}\`` : 'missing'}, not { en: …, id: … }`;
  for (const language of ['en', 'id']) {
    const property = words.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === language);
    if (!property) return `it has no \`${language}\` wording`;
    if (ts.isPropertyAssignment(property) && (ts.isStringLiteral(property.initializer) || ts.isNoSubstitutionTemplateLiteral(property.initializer)) && !property.initializer.text.trim()) {
      return `its \`${language}\` wording is empty`;
    }
  }
  return null;
}

/**
 * Every construction of a domain error in the sources: a class whose constructor is DomainError's
 * own `(code, { en, id })` must be given a catalogued code and both wordings at each `new`; a
 * class with a constructor of its own (NotFoundError, InvalidInputError, the 429s) must pass them
 * to `super(…)`, so that its code is explicit once, in its definition.
 */
export function scanDomainErrors(sources: SourceText[]): Scan {
  const parsed = sources.map((s) => ({ name: s.name, file: ts.createSourceFile(s.name, s.text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS) }));
  const parents = new Map<string, string>();
  const ownConstructor = new Map<string, ts.ConstructorDeclaration>();
  const codesUsed = new Set<string>();
  for (const { file } of parsed) {
    visit(file, (node) => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && isCode(node.text)) codesUsed.add(node.text);
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (heritage && ts.isIdentifier(heritage.expression)) parents.set(node.name.text, heritage.expression.text);
      const constructor = node.members.find(ts.isConstructorDeclaration);
      if (constructor) ownConstructor.set(node.name.text, constructor);
    });
  }
  const isDomainError = (name: string): boolean => {
    for (let at: string | undefined = name, steps = 0; at && steps < 20; at = parents.get(at), steps++) if (at === 'DomainError') return true;
    return false;
  };
  /** The class whose constructor a `new name(…)` runs: the nearest with its own, up to DomainError. */
  const constructorOf = (name: string): string => {
    let at = name;
    while (at !== 'DomainError' && !ownConstructor.has(at) && parents.has(at)) at = parents.get(at)!;
    return at;
  };
  const classes = [...parents.keys()].filter((c) => c !== 'DomainError' && isDomainError(c)).sort();
  const problems: Problem[] = [];
  let checked = 0;
  const check = (file: ts.SourceFile, name: string, node: ts.Node, args: readonly ts.Expression[]) => {
    checked++;
    const why = argumentsProblem(args);
    if (!why) return;
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    problems.push({ at: `${name}:${line + 1}`, code: node.getText(file).split('\n')[0], why });
  };
  for (const { name, file } of parsed) {
    visit(file, (node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && isDomainError(node.expression.text)) {
        if (constructorOf(node.expression.text) === 'DomainError') check(file, name, node, node.arguments ?? []);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        const owner = ts.findAncestor(node, ts.isClassDeclaration);
        if (owner?.name && isDomainError(owner.name.text) && constructorOf(parents.get(owner.name.text)!) === 'DomainError') check(file, name, node, node.arguments);
      }
    });
  }
  return { classes, checked, problems, codesUsed };
}
