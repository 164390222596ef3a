/** One problem in a definition or fixture file: which file, which line, which path, what is wrong. */
export interface DefinitionIssue {
  file: string;
  /** `indicators[1].questions[0].points`; empty when the issue is about the whole file or a CSV line */
  path: string;
  line?: number;
  message: string;
}

/** `saq.yaml:12: indicators[1].questions[0].points: must be a positive number` */
export function formatIssue(issue: DefinitionIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Every problem found in one or more files, reported together (one line each). */
export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';

  constructor(readonly issues: DefinitionIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}
