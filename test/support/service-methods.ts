import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import ts from 'typescript';

/**
 * What the TypeScript compiler API reads in the services and controllers of src/, for the test
 * that every public service method begins with its access check (test/service-access.e2e-spec.ts).
 * Syntax only: no program, no type checker — a service is read as it is written.
 */

export const SRC = join(__dirname, '..', '..', 'src');

/** One public method (or accessor, or function-valued property) of an @Injectable() `…Service` class in src/. */
export interface ServiceMethod {
  /** `Class.method` */
  name: string;
  className: string;
  method: string;
  /** relative to the repository, with the line: `src/saq/saq.service.ts:152` */
  at: string;
  /** the first parameter is `actor: Actor` */
  takesActor: boolean;
  /** why the method does not begin with the access check (empty when it does) */
  problem: string | null;
}

/** A controller that decides access itself: calls `access.…` or injects AccessService. */
export interface ControllerAccess {
  className: string;
  at: string;
  what: string;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.isFile() && entry.name.endsWith(suffix) ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function where(source: ts.SourceFile, node: ts.Node): string {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${relative(join(SRC, '..'), source.fileName)}:${line + 1}`;
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? callee.text : callee.getText();
  });
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function typeName(type: ts.TypeNode | undefined): string | null {
  if (type && ts.isTypeReferenceNode(type)) return type.typeName.getText();
  return null;
}

/** `this.access.requireX(actor, …)`, possibly awaited: the call, or null. */
function accessCall(expression: ts.Expression | undefined, actorName: string): ts.CallExpression | null {
  let e = expression;
  while (e && (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e))) e = e.expression;
  if (!e || !ts.isCallExpression(e)) return null;
  const callee = e.expression;
  if (!ts.isPropertyAccessExpression(callee) || !/^require[A-Z]/.test(callee.name.text)) return null;
  const target = callee.expression;
  if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword || target.name.text !== 'access') return null;
  const first = e.arguments[0];
  return first && ts.isIdentifier(first) && first.text === actorName ? e : null;
}

/** Why the first statement is not the access check, or null when it is. */
function firstStatementProblem(body: ts.ConciseBody | undefined, actorName: string): string | null {
  if (!body) return 'has no body';
  if (!ts.isBlock(body)) return accessCall(body, actorName) ? null : `its body is not this.access.require…(${actorName}, …)`;
  const first = body.statements[0];
  if (!first) return 'is empty';
  if (ts.isExpressionStatement(first) && accessCall(first.expression, actorName)) return null;
  if (ts.isVariableStatement(first)) {
    const declarations = first.declarationList.declarations;
    if (declarations.length === 1 && accessCall(declarations[0].initializer, actorName)) return null;
  }
  const text = first.getText().split('\n')[0];
  return `its first statement is \`${text.length > 100 ? `${text.slice(0, 100)}…` : text}\`, not this.access.require…(${actorName}, …)`;
}

type MethodLike = ts.MethodDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function methodOf(member: ts.ClassElement): MethodLike | null {
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) return member;
  if (ts.isPropertyDeclaration(member) && member.initializer && (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))) {
    return member.initializer;
  }
  return null;
}

/**
 * Every public method of every @Injectable() class named `…Service` anywhere in src/ (not only
 * in *.service.ts: the importer lives in fixtures/importer.ts), with whether it begins with its
 * access check. Repositories (`…Repository`) sit below the check and are not listed.
 */
export function serviceMethods(): ServiceMethod[] {
  const methods: ServiceMethod[] = [];
  for (const file of filesUnder(SRC, '.ts').filter((f) => !f.endsWith('.spec.ts'))) {
    const source = parse(file);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !decoratorNames(statement).includes('Injectable')) continue;
      if (!statement.name.text.endsWith('Service')) continue;
      const className = statement.name.text;
      const constructor = statement.members.find(ts.isConstructorDeclaration);
      const injectsAccess = (constructor?.parameters ?? []).some((p) => ts.isIdentifier(p.name) && p.name.text === 'access' && typeName(p.type) === 'AccessService');
      for (const member of statement.members) {
        const fn = methodOf(member);
        if (!fn || !member.name) continue;
        if (ts.isPrivateIdentifier(member.name) || hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) continue;
        const method = member.name.getText(source);
        const first = fn.parameters[0];
        const actorName = first && ts.isIdentifier(first.name) && typeName(first.type) === 'Actor' ? first.name.text : null;
        let problem: string | null;
        if (actorName === null) problem = first ? `its first parameter is \`${first.getText(source)}\`, not \`actor: Actor\`` : 'takes no actor';
        else if (!injectsAccess) problem = `${className} does not inject AccessService as \`access\``;
        else problem = firstStatementProblem(fn.body, actorName);
        methods.push({ name: `${className}.${method}`, className, method, at: where(source, member), takesActor: actorName !== null, problem });
      }
    }
  }
  return methods.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every controller in src/**\/*.controller.ts that injects AccessService or calls `access.…`. */
export function controllersDecidingAccess(): ControllerAccess[] {
  const found: ControllerAccess[] = [];
  for (const file of filesUnder(SRC, '.controller.ts')) {
    const source = parse(file);
    const visit = (node: ts.Node, className: string): void => {
      if (ts.isClassDeclaration(node) && node.name) className = node.name.text;
      if (ts.isIdentifier(node) && node.text === 'AccessService') found.push({ className, at: where(source, node), what: 'names AccessService' });
      if (ts.isPropertyAccessExpression(node)) {
        const target = node.expression;
        const isAccess = (ts.isIdentifier(target) && target.text === 'access') || (ts.isPropertyAccessExpression(target) && target.name.text === 'access');
        if (isAccess) found.push({ className, at: where(source, node), what: `calls ${node.getText(source)}` });
      }
      ts.forEachChild(node, (child) => visit(child, className));
    };
    const classes = source.statements.filter(ts.isClassDeclaration).flatMap((c) => (c.name ? [c.name.text] : []));
    visit(source, classes.length === 1 ? classes[0] : relative(SRC, file));
  }
  return found;
}
