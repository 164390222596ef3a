/** One problem in a definition or fixture file: which file, which line, which path, what is wrong. */
export interface DefinitionIssue {
  file: string;
  path: string;
  line?: number;
  message: string;
}

export function formatIssue(issue: DefinitionIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Every problem found in one or more files, reported together. */
export class DefinitionError extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}
