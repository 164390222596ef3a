/**
 * Domain errors: thrown by services, mapped to HTTP once (by the exception filter) and to exit
 * codes by the CLI. Messages say which field, file, window or state is at fault.
 */
/** A wording in both languages: English (the API's `message`) and Bahasa Indonesia (`id`, the pages'). */
export interface Bilingual {
  en: string;
  id: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** 400: the request or file is invalid; `issues` names each bad field. */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

/** 403: logged in, but this role may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** 404: no such code (or not visible to the caller). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string, code: string | number) {
    super(`${what} "${code}" not found`);
  }
}

/** 409: the state does not allow it (window closed, already submitted, immutable, duplicate). */
export class ConflictError extends DomainError {
  readonly status = 409;
}
